"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SEEDANCE_GROK_VIDEO_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const messages_1 = require("../messages");
const labels_1 = require("../labels");
const limits_1 = require("../limits");
const pricing_1 = require("../pricing");
const omit_1 = require("./omit");
/** ByteDance Seedance and xAI Grok Imagine video offerings. */
const SEEDANCE_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '21:9'];
const GROK_RATIOS = ['2:3', '3:2', '1:1', '16:9', '9:16'];
/** Seedance 1.5 Pro: per output second by resolution, with generated audio. */
const SEEDANCE_15_PER_SECOND = {
    '480p': 1.75,
    '480p+audio': 3.5,
    '720p': 3.5,
    '720p+audio': 7,
    '1080p': 7.5,
    '1080p+audio': 15,
};
/**
 * Seedance 1.0 Pro (bytedance/v1-pro-*) is not in Kie's price list. Decision (README): per
 * output second at the fal.ai list price rounded up (Kie is usually cheaper than fal).
 */
const SEEDANCE_1_PRO_PER_SECOND = { '480p': 5, '720p': 11, '1080p': 25 };
const perSecondByResolution = (table) => (0, pricing_1.priced)(['resolution', 'duration'], (p) => (0, pricing_1.lookup)(table, (0, pricing_1.choiceOf)(p, 'resolution')) * (0, pricing_1.numberOf)(p, 'duration'));
/** Seedance 2: a last frame only makes sense after a first one. */
function seedance2Rules(params) {
    if (params.last_frame_url !== undefined && params.first_frame_url === undefined) {
        return [
            (0, messages_1.fieldError)('first_frame_url', 'required', {
                ru: 'Чтобы задать последний кадр, пришлите и первый.',
                en: 'To set a last frame, send a first frame too.',
            }),
        ];
    }
    return [];
}
const seedance2Omitted = {
    reference_image_urls: 'reference mode is not offered; first/last frames cover image input',
    reference_video_urls: 'video input changes billing to input+output seconds (unconfirmed rule); not offered',
    reference_audio_urls: 'reference mode is not offered',
    return_last_frame: 'the bot delivers the video only',
    web_search: 'Kie-side prompt enrichment; the Kie default applies',
    nsfw_checker: omit_1.OMIT.nsfwChecker,
};
/** Seedance 2 and its Fast tier differ in resolutions, per-second rates and speed. */
function seedance2(slug, kieModel, tier, perSecond) {
    const fast = tier === 'fast';
    const name = fast ? 'Seedance 2 Fast' : 'Seedance 2';
    return (0, define_1.defineModel)({
        slug,
        kieModel,
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)(name, name),
        description: fast
            ? (0, labels_1.t)('Быстрая Seedance 2: видео со звуком до 15 с, 480p или 720p.', 'Fast Seedance 2: video with sound up to 15 s, 480p or 720p.')
            : (0, labels_1.t)('Флагман ByteDance: видео со звуком до 15 с, до 4K; можно задать первый и последний кадр.', "ByteDance's flagship: video with sound up to 15 s, up to 4K; first and last frames optional."),
        inPredecessor: false,
        deadlineMs: fast ? 30 * limits_1.MINUTE_MS : 45 * limits_1.MINUTE_MS,
        fields: [
            (0, fields_1.prompt)(20000, { minLength: 3 }),
            (0, fields_1.image)('first_frame_url', { label: labels_1.LABEL.firstFrame, required: false }),
            (0, fields_1.image)('last_frame_url', { label: labels_1.LABEL.lastFrame, required: false }),
            (0, fields_1.resolution)(Object.keys(perSecond), '720p'),
            (0, fields_1.aspectRatio)([...SEEDANCE_RATIOS, 'adaptive'], '16:9'),
            (0, fields_1.integer)('duration', labels_1.LABEL.duration, { min: 4, max: 15, default: 5, presets: [5, 10, 15], unit: 'seconds' }),
            (0, fields_1.toggle)('generate_audio', labels_1.LABEL.sound, true, (0, labels_1.t)('Звук и речь входят в цену', 'Sound and speech are included in the price')),
        ],
        omitted: seedance2Omitted,
        price: perSecondByResolution(perSecond),
        rules: seedance2Rules,
    });
}
function seedance1Pro(slug, kieModel, fromImage) {
    return (0, define_1.defineModel)({
        slug,
        kieModel,
        family: 'market',
        category: 'video',
        kind: fromImage ? 'image-to-video' : 'text-to-video',
        name: fromImage ? (0, labels_1.t)('Seedance 1.0 Pro: оживить фото', 'Seedance 1.0 Pro photo to video') : (0, labels_1.t)('Seedance 1.0 Pro', 'Seedance 1.0 Pro'),
        description: fromImage
            ? (0, labels_1.t)('Оживляет ваше фото: 5 или 10 с, до 1080p.', 'Animates your photo: 5 or 10 s, up to 1080p.')
            : (0, labels_1.t)('Видео по описанию с несколькими планами, 5 или 10 с, до 1080p.', 'Multi-shot video from a description, 5 or 10 s, up to 1080p.'),
        inPredecessor: false,
        fields: [
            ...(fromImage ? [(0, fields_1.image)('image_url', { label: labels_1.LABEL.sourceImage, maxMb: 10 })] : []),
            (0, fields_1.prompt)(10000, fromImage ? { label: labels_1.LABEL.motionPrompt } : {}),
            ...(fromImage ? [] : [(0, fields_1.aspectRatio)(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '16:9')]),
            (0, fields_1.resolution)(['480p', '720p', '1080p'], '720p'),
            (0, fields_1.duration)(['5', '10'], '5'),
        ],
        omitted: {
            camera_fixed: 'camera movement is left to the model (Kie default)',
            seed: omit_1.OMIT.seed,
            enable_safety_checker: omit_1.OMIT.safetyChecker,
            nsfw_checker: omit_1.OMIT.nsfwChecker,
        },
        price: perSecondByResolution(SEEDANCE_1_PRO_PER_SECOND),
    });
}
/** "spicy" is left out: adult-leaning content is not sold in the bot, and Kie refuses it for uploaded images. */
const grokMode = (0, fields_1.choice)('mode', labels_1.LABEL.mode, ['normal', 'fun'], {
    default: 'normal',
    labels: { normal: (0, labels_1.t)('Обычный', 'Normal'), fun: (0, labels_1.t)('Весёлый', 'Fun') },
});
const grokDuration = (0, fields_1.integer)('duration', labels_1.LABEL.duration, { min: 6, max: 30, default: 6, presets: [6, 10, 15, 20, 30], unit: 'seconds' });
const GROK_PER_SECOND = { '480p': 1.6, '720p': 3 };
exports.SEEDANCE_GROK_VIDEO_MODELS = [
    (0, define_1.defineModel)({
        slug: 'seedance-1-5-pro',
        kieModel: 'bytedance/seedance-1.5-pro',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Seedance 1.5 Pro', 'Seedance 1.5 Pro'),
        description: (0, labels_1.t)('Видео ByteDance 4–12 с по описанию или по 1–2 кадрам, по желанию со звуком.', "ByteDance video of 4–12 s from a description or 1–2 frames, optionally with sound."),
        inPredecessor: true,
        fields: [
            (0, fields_1.prompt)(20000, { minLength: 3 }),
            (0, fields_1.images)('input_urls', 2, { label: labels_1.LABEL.frames, maxMb: 10, required: false }),
            (0, fields_1.aspectRatio)(SEEDANCE_RATIOS, '1:1'),
            (0, fields_1.resolution)(['480p', '720p', '1080p'], '720p'),
            (0, fields_1.integer)('duration', labels_1.LABEL.duration, { min: 4, max: 12, default: 5, presets: [4, 5, 8, 10, 12], unit: 'seconds' }),
            (0, fields_1.toggle)('generate_audio', labels_1.LABEL.sound, false, (0, labels_1.t)('Звук и речь (дороже вдвое)', 'Sound and speech (doubles the price)')),
        ],
        omitted: { fixed_lens: 'camera movement is left to the model (Kie default)', nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.priced)(['resolution', 'generate_audio', 'duration'], (p) => {
            const key = `${(0, pricing_1.choiceOf)(p, 'resolution')}${(0, pricing_1.flagOf)(p, 'generate_audio') ? '+audio' : ''}`;
            return (0, pricing_1.lookup)(SEEDANCE_15_PER_SECOND, key) * (0, pricing_1.numberOf)(p, 'duration');
        }),
    }),
    seedance2('seedance-2', 'bytedance/seedance-2', 'standard', {
        '480p': 19,
        '720p': 41,
        '1080p': 102,
        '4k': 208,
    }),
    seedance2('seedance-2-fast', 'bytedance/seedance-2-fast', 'fast', { '480p': 15.5, '720p': 33 }),
    seedance1Pro('seedance-1-pro', 'bytedance/v1-pro-text-to-video', false),
    seedance1Pro('seedance-1-pro-i2v', 'bytedance/v1-pro-image-to-video', true),
    (0, define_1.defineModel)({
        slug: 'grok-video',
        kieModel: 'grok-imagine/text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Grok Imagine Video', 'Grok Imagine Video'),
        description: (0, labels_1.t)('Видео xAI со звуком по описанию, 6–30 с, очень недорого.', "xAI's video with sound from a description, 6–30 s, very affordable."),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(5000), (0, fields_1.aspectRatio)(GROK_RATIOS, '2:3'), grokMode, (0, fields_1.resolution)(['480p', '720p'], '480p'), grokDuration],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: perSecondByResolution(GROK_PER_SECOND),
    }),
    (0, define_1.defineModel)({
        slug: 'grok-video-i2v',
        kieModel: 'grok-imagine/image-to-video',
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)('Grok Imagine: оживить фото', 'Grok Imagine photo to video'),
        description: (0, labels_1.t)('Оживляет до 7 ваших фото в видео со звуком, 6–30 с.', 'Animates up to 7 of your photos into a video with sound, 6–30 s.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.images)('image_urls', 7, { label: labels_1.LABEL.sourceImages, maxMb: 10 }),
            (0, fields_1.prompt)(5000, { required: false, label: labels_1.LABEL.motionPrompt }),
            grokMode,
            (0, fields_1.resolution)(['480p', '720p'], '480p'),
            grokDuration,
        ],
        omitted: {
            task_id: 'animating an earlier Grok image by task id is not offered; uploaded photos are used',
            index: 'only used with task_id',
            aspect_ratio: omit_1.OMIT.fromSourceImage,
            nsfw_checker: omit_1.OMIT.nsfwChecker,
        },
        price: perSecondByResolution(GROK_PER_SECOND),
    }),
];
