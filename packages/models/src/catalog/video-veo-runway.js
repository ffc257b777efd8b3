"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.VEO_RUNWAY_VIDEO_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const messages_1 = require("../messages");
const labels_1 = require("../labels");
const limits_1 = require("../limits");
const pricing_1 = require("../pricing");
const GENERATION_TYPE_LABELS = {
    TEXT_2_VIDEO: (0, labels_1.t)('Только по описанию', 'Text only'),
    FIRST_AND_LAST_FRAMES_2_VIDEO: (0, labels_1.t)('Первый и последний кадр', 'First and last frame'),
    REFERENCE_2_VIDEO: (0, labels_1.t)('По референсам (1–3 фото)', 'From references (1–3 photos)'),
};
function imageCount(params) {
    return Array.isArray(params.imageUrls) ? params.imageUrls.length : 0;
}
/** Without an explicit choice: no image = text, 1–2 = first/last frame, 3 = references. */
function veoGenerationType(params) {
    const chosen = params.generationType;
    if (chosen === 'TEXT_2_VIDEO' || chosen === 'FIRST_AND_LAST_FRAMES_2_VIDEO' || chosen === 'REFERENCE_2_VIDEO')
        return chosen;
    const count = imageCount(params);
    if (count === 0)
        return 'TEXT_2_VIDEO';
    return count <= 2 ? 'FIRST_AND_LAST_FRAMES_2_VIDEO' : 'REFERENCE_2_VIDEO';
}
/** Kie's Veo rules: frames mode takes 1–2 images; reference mode (Fast only) 1–3 images, 8 s, 16:9 or 9:16. */
function veoRules(params) {
    const type = veoGenerationType(params);
    const count = imageCount(params);
    const errors = [];
    if (type === 'TEXT_2_VIDEO' && count > 0) {
        errors.push((0, messages_1.fieldError)('generationType', 'conflict', {
            ru: 'В режиме «только по описанию» фото не используются: уберите фото или выберите другой режим.',
            en: 'Text-only mode takes no photos: remove them or choose another mode.',
        }));
    }
    if (type !== 'TEXT_2_VIDEO' && count === 0) {
        errors.push((0, messages_1.fieldError)('imageUrls', 'required', { ru: 'Для этого режима пришлите фото.', en: 'This mode needs photos.' }));
    }
    if (type === 'FIRST_AND_LAST_FRAMES_2_VIDEO' && count > 2) {
        errors.push((0, messages_1.fieldError)('imageUrls', 'too_many_files', {
            ru: 'Для режима кадров нужно 1–2 фото: первый и последний кадр.',
            en: 'Frames mode takes 1–2 photos: the first and the last frame.',
        }));
    }
    if (type === 'REFERENCE_2_VIDEO') {
        if (params.aspectRatio === 'Auto') {
            errors.push((0, messages_1.fieldError)('aspectRatio', 'conflict', {
                ru: 'Режим референсов работает только в 16:9 или 9:16.',
                en: 'Reference mode only works in 16:9 or 9:16.',
            }));
        }
        if (params.duration !== undefined && params.duration !== 8) {
            errors.push((0, messages_1.fieldError)('duration', 'conflict', { ru: 'Режим референсов делает только видео 8 с.', en: 'Reference mode only makes 8 s videos.' }));
        }
    }
    return errors;
}
function veo(tier) {
    // Kie offers reference-to-video on the Fast model only.
    const references = tier.model === 'veo3_fast';
    return (0, define_1.defineModel)({
        slug: tier.slug,
        kieModel: tier.model,
        catalogModel: 'veo3 | veo3_fast | veo3_lite',
        family: 'veo',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)(tier.name, tier.name),
        description: tier.description,
        inPredecessor: false,
        ...(tier.deadlineMs === undefined ? {} : { deadlineMs: tier.deadlineMs }),
        fields: [
            (0, fields_1.prompt)(undefined),
            (0, fields_1.images)('imageUrls', references ? 3 : 2, {
                label: references ? (0, labels_1.t)('Кадры или референсы', 'Frames or references') : labels_1.LABEL.frames,
                required: false,
                hint: (0, labels_1.t)('1 фото — оживить его, 2 — первый и последний кадр.', '1 photo animates it, 2 are the first and last frame.'),
            }),
            ...(references
                ? [(0, fields_1.choice)('generationType', labels_1.LABEL.mode, Object.keys(GENERATION_TYPE_LABELS), { labels: GENERATION_TYPE_LABELS })]
                : []),
            (0, fields_1.aspectRatio)(['16:9', '9:16', 'Auto'], '16:9', 'aspectRatio'),
            (0, fields_1.resolution)(['720p', '1080p', '4k'], '720p'),
            (0, fields_1.duration)([4, 6, 8], 8),
        ],
        fixed: { model: tier.model },
        omitted: {
            seeds: 'reproducible seeds are not offered in the bot',
            watermark: 'no watermark text is added',
            enableFallback: 'the fallback model has other limits and billing; off (Kie default)',
            enableTranslation: 'the Kie default (on) translates non-English prompts',
        },
        // Derived unless chosen (only the Fast offering asks for it).
        derived: {
            keys: ['generationType'],
            compute: (params) => ({ generationType: veoGenerationType(params) }),
        },
        price: (0, pricing_1.byChoice)('resolution', tier.credits),
        rules: veoRules,
    });
}
/** Runway: 10-second videos are made in 720p only. */
function runwayRules(params) {
    if (params.duration === 10 && params.quality === '1080p') {
        return [
            (0, messages_1.fieldError)('quality', 'conflict', {
                ru: '1080p доступно только для видео 5 с. Выберите 720p или 5 с.',
                en: '1080p is only available for 5 s videos. Choose 720p or 5 s.',
            }),
        ];
    }
    return [];
}
exports.VEO_RUNWAY_VIDEO_MODELS = [
    veo({
        slug: 'veo-3-1-fast',
        model: 'veo3_fast',
        name: 'Veo 3.1 Fast',
        description: (0, labels_1.t)('Видео Google со звуком и речью: быстро и выгодно; по тексту, кадрам или референсам.', "Google's video with sound and speech, fast and good value; from text, frames or references."),
        credits: { '720p': 60, '1080p': 65, '4k': 180 },
    }),
    veo({
        slug: 'veo-3-1',
        model: 'veo3',
        name: 'Veo 3.1 Quality',
        description: (0, labels_1.t)('Лучшее качество Veo 3.1: кинематографичное видео со звуком и диалогами.', "Veo 3.1's best quality: cinematic video with sound and dialogue."),
        credits: { '720p': 250, '1080p': 255, '4k': 370 },
        deadlineMs: 45 * limits_1.MINUTE_MS,
    }),
    veo({
        slug: 'veo-3-1-lite',
        model: 'veo3_lite',
        name: 'Veo 3.1 Lite',
        description: (0, labels_1.t)('Самый доступный Veo 3.1: видео со звуком по тексту или кадрам.', 'The most affordable Veo 3.1: video with sound from text or frames.'),
        credits: { '720p': 30, '1080p': 35, '4k': 150 },
    }),
    (0, define_1.defineModel)({
        slug: 'runway-gen4-turbo',
        kieModel: 'runway',
        catalogModel: 'runway (gen-4 turbo)',
        family: 'runway',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Runway Gen-4 Turbo', 'Runway Gen-4 Turbo'),
        description: (0, labels_1.t)('Runway: видео 5 или 10 с по описанию или по вашему фото.', 'Runway: a 5 or 10 s video from a description or your photo.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.prompt)(1800),
            (0, fields_1.image)('imageUrl', { label: labels_1.LABEL.sourceImage, required: false }),
            (0, fields_1.aspectRatio)(['16:9', '4:3', '1:1', '3:4', '9:16'], '16:9', 'aspectRatio'),
            (0, fields_1.duration)([5, 10], 5),
            (0, fields_1.resolution)(['720p', '1080p'], '720p', 'quality'),
        ],
        // An empty string means no watermark (Runway docs).
        fixed: { waterMark: '' },
        price: (0, pricing_1.priced)(['duration', 'quality'], (p) => (0, pricing_1.lookup)({ '5-720p': 12, '10-720p': 30, '5-1080p': 30 }, `${(0, pricing_1.choiceOf)(p, 'duration')}-${(0, pricing_1.choiceOf)(p, 'quality')}`)),
        rules: runwayRules,
    }),
];
