"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KLING_VIDEO_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const labels_1 = require("../labels");
const limits_1 = require("../limits");
const pricing_1 = require("../pricing");
const omit_1 = require("./omit");
/** Kling video offerings (text/image to video, talking avatars). */
const KLING_RATIOS = ['16:9', '9:16', '1:1'];
const soundToggle = (0, fields_1.toggle)('sound', labels_1.LABEL.sound, false, (0, labels_1.t)('Озвучка и звуки сцены (дороже вдвое)', 'Voice and scene sound (doubles the price)'));
/** Kling 2.6: per video by duration, sound doubles. */
function kling26Credits(params) {
    const key = `${(0, pricing_1.choiceOf)(params, 'duration')}s${(0, pricing_1.flagOf)(params, 'sound') ? '+sound' : ''}`;
    return (0, pricing_1.lookup)({ '5s': 55, '5s+sound': 110, '10s': 110, '10s+sound': 220 }, key);
}
/** Kling 3.0: per output second; 4K has one rate, std/pro depend on sound. */
function kling3Credits(params) {
    const mode = (0, pricing_1.choiceOf)(params, 'mode');
    const sound = (0, pricing_1.flagOf)(params, 'sound');
    const perSecond = mode === '4K' ? 67 : (0, pricing_1.lookup)({ std: sound ? 20 : 14, pro: sound ? 27 : 18 }, mode);
    return perSecond * (0, pricing_1.numberOf)(params, 'duration');
}
/** Kling AI Avatar: per output second; the video is as long as the speech (up to 15 s). */
const AVATAR_MAX_SECONDS = 15;
const klingTurboOmitted = { negative_prompt: omit_1.OMIT.negativePrompt, cfg_scale: omit_1.OMIT.tuning };
function avatarModel(slug, kieModel, creditsPerSecond, tier, videoResolution) {
    return (0, define_1.defineModel)({
        slug,
        kieModel,
        family: 'market',
        category: 'video',
        kind: 'talking-avatar',
        name: (0, labels_1.t)(`Kling Avatar ${tier.ru}`, `Kling Avatar ${tier.en}`),
        description: (0, labels_1.t)(`Оживляет портрет: человек на фото говорит или поёт под ваше аудио (до ${AVATAR_MAX_SECONDS} с, ${videoResolution}).`, `Brings a portrait to life: the person talks or sings to your audio (up to ${AVATAR_MAX_SECONDS} s, ${videoResolution}).`),
        inPredecessor: true,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.portrait }),
            (0, fields_1.audio)('audio_url', { label: labels_1.LABEL.speech }),
            (0, fields_1.prompt)(5000, { required: false, label: (0, labels_1.t)('Как держаться и двигаться', 'How to look and move') }),
            (0, fields_1.measuredSeconds)('audio_seconds', 'audio_url', labels_1.LABEL.audioSeconds, AVATAR_MAX_SECONDS),
        ],
        price: (0, pricing_1.priced)(['audio_seconds'], (p) => creditsPerSecond * Math.ceil((0, pricing_1.numberOf)(p, 'audio_seconds'))),
    });
}
exports.KLING_VIDEO_MODELS = [
    (0, define_1.defineModel)({
        slug: 'kling-2-6',
        kieModel: 'kling-2.6/text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Kling 2.6', 'Kling 2.6'),
        description: (0, labels_1.t)('Видео по описанию, 5 или 10 с; можно со звуком и речью персонажей.', 'Video from a description, 5 or 10 s; optionally with sound and speech.'),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(1000), (0, fields_1.aspectRatio)(['1:1', '16:9', '9:16'], '1:1'), (0, fields_1.duration)(['5', '10'], '5'), soundToggle],
        price: (0, pricing_1.priced)(['duration', 'sound'], kling26Credits),
    }),
    (0, define_1.defineModel)({
        slug: 'kling-2-6-i2v',
        kieModel: 'kling-2.6/image-to-video',
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)('Kling 2.6: оживить фото', 'Kling 2.6 photo to video'),
        description: (0, labels_1.t)('Оживляет ваше фото в видео 5 или 10 с, по желанию со звуком.', 'Animates your photo into a 5 or 10 s video, optionally with sound.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.images)('image_urls', 1, { label: labels_1.LABEL.sourceImage, maxMb: 10 }),
            (0, fields_1.prompt)(1000, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.duration)(['5', '10'], '5'),
            soundToggle,
        ],
        price: (0, pricing_1.priced)(['duration', 'sound'], kling26Credits),
    }),
    (0, define_1.defineModel)({
        slug: 'kling-3',
        kieModel: 'kling-3.0/video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Kling 3.0', 'Kling 3.0'),
        description: (0, labels_1.t)('Новейший Kling: 3–15 с, до 4K, звук; можно задать первый и последний кадр.', 'The newest Kling: 3–15 s, up to 4K, sound; first and last frames optional.'),
        inPredecessor: false,
        deadlineMs: 45 * limits_1.MINUTE_MS,
        fields: [
            (0, fields_1.prompt)(undefined),
            (0, fields_1.images)('image_urls', 2, { label: labels_1.LABEL.frames, required: false }),
            (0, fields_1.choice)('mode', labels_1.LABEL.quality, ['std', 'pro', '4K'], {
                default: 'pro',
                labels: { std: (0, labels_1.t)('Стандарт 720p', 'Standard 720p'), pro: (0, labels_1.t)('Pro 1080p', 'Pro 1080p'), '4K': (0, labels_1.t)('4K', '4K') },
            }),
            (0, fields_1.duration)(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'], '5'),
            (0, fields_1.aspectRatio)(KLING_RATIOS, '16:9'),
            soundToggle,
        ],
        // Single-shot only: the OpenAPI marks the multi-shot arrays required, kie-api.md §8.11 says send [].
        fixed: { multi_shots: false, multi_prompt: [], kling_elements: [] },
        price: (0, pricing_1.priced)(['mode', 'sound', 'duration'], kling3Credits),
    }),
    (0, define_1.defineModel)({
        slug: 'kling-2-5-turbo',
        kieModel: 'kling/v2-5-turbo-text-to-video-pro',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Kling 2.5 Turbo', 'Kling 2.5 Turbo'),
        description: (0, labels_1.t)('Быстрый и недорогой Kling с плавным движением, 5 или 10 с.', 'Fast, affordable Kling with smooth motion, 5 or 10 s.'),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(2500), (0, fields_1.aspectRatio)(KLING_RATIOS, '16:9'), (0, fields_1.duration)(['5', '10'], '5')],
        omitted: klingTurboOmitted,
        price: (0, pricing_1.byChoice)('duration', { '5': 42, '10': 84 }),
    }),
    (0, define_1.defineModel)({
        slug: 'kling-2-5-turbo-i2v',
        kieModel: 'kling/v2-5-turbo-image-to-video-pro',
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)('Kling 2.5 Turbo: оживить фото', 'Kling 2.5 Turbo photo to video'),
        description: (0, labels_1.t)('Оживляет фото; можно добавить финальный кадр, к которому придёт видео.', 'Animates a photo; optionally add a final frame for the video to end on.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.firstFrame, maxMb: 10 }),
            (0, fields_1.prompt)(2500, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.image)('tail_image_url', { label: labels_1.LABEL.lastFrame, maxMb: 10, required: false }),
            (0, fields_1.duration)(['5', '10'], '5'),
        ],
        omitted: klingTurboOmitted,
        price: (0, pricing_1.byChoice)('duration', { '5': 42, '10': 84 }),
    }),
    (0, define_1.defineModel)({
        slug: 'kling-2-1-master',
        kieModel: 'kling/v2-1-master-text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Kling 2.1 Master', 'Kling 2.1 Master'),
        description: (0, labels_1.t)('Премиальный Kling 2.1: кинематографичная картинка и сложные сцены.', 'Premium Kling 2.1: cinematic picture and complex scenes.'),
        inPredecessor: false,
        deadlineMs: 45 * limits_1.MINUTE_MS,
        fields: [(0, fields_1.prompt)(5000), (0, fields_1.aspectRatio)(KLING_RATIOS, '16:9'), (0, fields_1.duration)(['5', '10'], '5')],
        omitted: klingTurboOmitted,
        price: (0, pricing_1.byChoice)('duration', { '5': 160, '10': 320 }),
    }),
    avatarModel('kling-avatar', 'kling/v1-avatar-standard', 8, (0, labels_1.t)('Стандарт', 'Standard'), '720p'),
    avatarModel('kling-avatar-pro', 'kling/ai-avatar-v1-pro', 16, (0, labels_1.t)('Pro', 'Pro'), '1080p'),
];
