"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WAN_HAILUO_VIDEO_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const messages_1 = require("../messages");
const labels_1 = require("../labels");
const pricing_1 = require("../pricing");
const omit_1 = require("./omit");
/** Wan (Alibaba) and Hailuo (MiniMax) video offerings. */
/** Wan 2.6: per video by resolution and duration. */
const WAN_26_CREDITS = {
    '720p-5': 70,
    '720p-10': 140,
    '720p-15': 210,
    '1080p-5': 104.5,
    '1080p-10': 209.5,
    '1080p-15': 315,
};
/** Wan 2.5: per video by resolution and duration. */
const WAN_25_CREDITS = { '720p-5': 60, '720p-10': 120, '1080p-5': 100, '1080p-10': 200 };
const byResolutionAndDuration = (table) => (0, pricing_1.priced)(['resolution', 'duration'], (p) => (0, pricing_1.lookup)(table, `${(0, pricing_1.choiceOf)(p, 'resolution')}-${(0, pricing_1.choiceOf)(p, 'duration')}`));
/**
 * Wan 2.2 speech-to-video: the catalog lists 12/18/24 credits by resolution without a unit.
 * Decision (README): per output second. The clip length is fixed at 80 frames / 16 fps = 5 s.
 */
const WAN_SPEECH_SECONDS = 5;
const WAN_SPEECH_PER_SECOND = { '480p': 12, '580p': 18, '720p': 24 };
const wanOmitted = { negative_prompt: omit_1.OMIT.negativePrompt, enable_prompt_expansion: omit_1.OMIT.promptExpansion };
/** Hailuo 2.3: 1080P is made only as a 6-second clip. */
function hailuoRules(params) {
    if (params.resolution === '1080P' && params.duration === '10') {
        return [
            (0, messages_1.fieldError)('resolution', 'conflict', {
                ru: '1080P доступно только для видео 6 с. Выберите 768P или 6 с.',
                en: '1080P is only available for 6 s videos. Choose 768P or 6 s.',
            }),
        ];
    }
    return [];
}
function hailuo23(slug, kieModel, tier, table) {
    const pro = tier === 'Pro';
    return (0, define_1.defineModel)({
        slug,
        kieModel,
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)(`Hailuo 2.3 ${pro ? 'Pro' : 'Стандарт'}: оживить фото`, `Hailuo 2.3 ${tier} photo to video`),
        description: pro
            ? (0, labels_1.t)('Hailuo 2.3 Pro: реалистичная физика и мимика, до 1080P.', 'Hailuo 2.3 Pro: realistic physics and faces, up to 1080P.')
            : (0, labels_1.t)('Hailuo 2.3: живое движение по вашему фото, недорого.', 'Hailuo 2.3: lively motion from your photo at a low price.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.sourceImage, maxMb: 10 }),
            (0, fields_1.prompt)(5000, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.duration)(['6', '10'], '6'),
            (0, fields_1.resolution)(['768P', '1080P'], '768P'),
        ],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.priced)(['resolution', 'duration'], (p) => (0, pricing_1.lookup)(table, `${(0, pricing_1.choiceOf)(p, 'resolution')}-${(0, pricing_1.choiceOf)(p, 'duration')}`)),
        rules: hailuoRules,
    });
}
exports.WAN_HAILUO_VIDEO_MODELS = [
    (0, define_1.defineModel)({
        slug: 'wan-2-6',
        kieModel: 'wan/2-6-text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Wan 2.6', 'Wan 2.6'),
        description: (0, labels_1.t)('Видео от Alibaba по описанию: до 15 с и 1080p.', "Alibaba's video from a description: up to 15 s and 1080p."),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(5000), (0, fields_1.duration)(['5', '10', '15'], '5'), (0, fields_1.resolution)(['720p', '1080p'], '1080p')],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: byResolutionAndDuration(WAN_26_CREDITS),
    }),
    (0, define_1.defineModel)({
        slug: 'wan-2-6-i2v',
        kieModel: 'wan/2-6-image-to-video',
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)('Wan 2.6: оживить фото', 'Wan 2.6 photo to video'),
        description: (0, labels_1.t)('Оживляет ваше фото: до 15 с и 1080p.', 'Animates your photo: up to 15 s and 1080p.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.images)('image_urls', 1, { label: labels_1.LABEL.sourceImage, maxMb: 10 }),
            (0, fields_1.prompt)(5000, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.duration)(['5', '10', '15'], '5'),
            (0, fields_1.resolution)(['720p', '1080p'], '1080p'),
        ],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: byResolutionAndDuration(WAN_26_CREDITS),
    }),
    (0, define_1.defineModel)({
        slug: 'wan-2-6-v2v',
        kieModel: 'wan/2-6-video-to-video',
        family: 'market',
        category: 'video',
        kind: 'video-to-video',
        name: (0, labels_1.t)('Wan 2.6: видео по видео', 'Wan 2.6 video to video'),
        description: (0, labels_1.t)('Новое видео по вашему ролику-референсу: движение и персонаж сохраняются.', 'A new video from your reference clip, keeping its motion and character.'),
        inPredecessor: true,
        fields: [
            // The catalog gives no count limit; one reference clip (decision).
            (0, fields_1.videos)('video_urls', 1, { label: (0, labels_1.t)('Видео-референс', 'Reference video') }),
            (0, fields_1.prompt)(5000, { minLength: 2 }),
            (0, fields_1.duration)(['5', '10'], '5'),
            (0, fields_1.resolution)(['720p', '1080p'], '1080p'),
        ],
        price: byResolutionAndDuration(WAN_26_CREDITS),
    }),
    (0, define_1.defineModel)({
        slug: 'wan-2-5',
        kieModel: 'wan/2-5-text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Wan 2.5', 'Wan 2.5'),
        description: (0, labels_1.t)('Предыдущий Wan: видео 5 или 10 с по описанию.', 'The previous Wan: 5 or 10 s video from a description.'),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(800), (0, fields_1.aspectRatio)(['16:9', '9:16', '1:1'], '16:9'), (0, fields_1.duration)(['5', '10'], '5'), (0, fields_1.resolution)(['720p', '1080p'], '720p')],
        omitted: wanOmitted,
        price: byResolutionAndDuration(WAN_25_CREDITS),
    }),
    (0, define_1.defineModel)({
        slug: 'wan-2-5-i2v',
        kieModel: 'wan/2-5-image-to-video',
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)('Wan 2.5: оживить фото', 'Wan 2.5 photo to video'),
        description: (0, labels_1.t)('Оживляет фото в видео 5 или 10 с.', 'Animates a photo into a 5 or 10 s video.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.sourceImage }),
            (0, fields_1.prompt)(800, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.duration)(['5', '10'], '5'),
            (0, fields_1.resolution)(['720p', '1080p'], '720p'),
        ],
        omitted: wanOmitted,
        price: byResolutionAndDuration(WAN_25_CREDITS),
    }),
    (0, define_1.defineModel)({
        slug: 'wan-2-2-turbo',
        kieModel: 'wan/2-2-a14b-text-to-video-turbo',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Wan 2.2 Turbo', 'Wan 2.2 Turbo'),
        description: (0, labels_1.t)('Самое дешёвое видео: короткий ролик 5 с за минуту.', 'The cheapest video: a 5 s clip in about a minute.'),
        inPredecessor: false,
        fields: [(0, fields_1.prompt)(5000), (0, fields_1.aspectRatio)(['16:9', '9:16'], '16:9'), (0, fields_1.resolution)(['480p', '720p'], '720p')],
        omitted: {
            enable_prompt_expansion: omit_1.OMIT.promptExpansion,
            seed: omit_1.OMIT.seed,
            acceleration: omit_1.OMIT.tuning,
            nsfw_checker: omit_1.OMIT.nsfwChecker,
        },
        price: (0, pricing_1.byChoice)('resolution', { '480p': 40, '720p': 80 }),
    }),
    (0, define_1.defineModel)({
        slug: 'wan-2-2-speech',
        kieModel: 'wan/2-2-a14b-speech-to-video-turbo',
        family: 'market',
        category: 'video',
        kind: 'speech-to-video',
        name: (0, labels_1.t)('Wan 2.2: говорящее фото', 'Wan 2.2 speech to video'),
        description: (0, labels_1.t)('Фото начинает говорить под ваше аудио: ролик 5 с с движением губ.', 'Your photo speaks to your audio: a 5 s clip with lip movement.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.portrait }),
            (0, fields_1.audio)('audio_url', { label: labels_1.LABEL.speech }),
            (0, fields_1.prompt)(5000, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.resolution)(['480p', '580p', '720p'], '480p'),
        ],
        fixed: { num_frames: 80, frames_per_second: 16 },
        omitted: {
            negative_prompt: omit_1.OMIT.negativePrompt,
            num_inference_steps: omit_1.OMIT.tuning,
            guidance_scale: omit_1.OMIT.tuning,
            shift: omit_1.OMIT.tuning,
            enable_safety_checker: omit_1.OMIT.safetyChecker,
        },
        price: (0, pricing_1.priced)(['resolution'], (p) => (0, pricing_1.lookup)(WAN_SPEECH_PER_SECOND, (0, pricing_1.choiceOf)(p, 'resolution')) * WAN_SPEECH_SECONDS),
    }),
    hailuo23('hailuo-2-3-pro', 'hailuo/2-3-image-to-video-pro', 'Pro', { '768P-6': 45, '768P-10': 90, '1080P-6': 80 }),
    hailuo23('hailuo-2-3', 'hailuo/2-3-image-to-video-standard', 'Standard', { '768P-6': 30, '768P-10': 50, '1080P-6': 50 }),
    (0, define_1.defineModel)({
        slug: 'hailuo-02-pro',
        kieModel: 'hailuo/02-text-to-video-pro',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Hailuo 02 Pro', 'Hailuo 02 Pro'),
        description: (0, labels_1.t)('Видео 6 с в 1080p по описанию с реалистичной физикой.', 'A 6 s 1080p video from a description with realistic physics.'),
        inPredecessor: false,
        fields: [(0, fields_1.prompt)(1500)],
        omitted: { prompt_optimizer: omit_1.OMIT.promptExpansion, nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.flat)(57),
    }),
    (0, define_1.defineModel)({
        slug: 'hailuo-02',
        kieModel: 'hailuo/02-text-to-video-standard',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Hailuo 02', 'Hailuo 02'),
        description: (0, labels_1.t)('Недорогое видео 6 или 10 с в 768p по описанию.', 'An affordable 6 or 10 s 768p video from a description.'),
        inPredecessor: false,
        fields: [(0, fields_1.prompt)(1500), (0, fields_1.duration)(['6', '10'], '6')],
        omitted: { prompt_optimizer: omit_1.OMIT.promptExpansion, nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.byChoice)('duration', { '6': 30, '10': 50 }),
    }),
];
