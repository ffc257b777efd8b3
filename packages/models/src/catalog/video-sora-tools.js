"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SORA_TOOL_VIDEO_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const labels_1 = require("../labels");
const limits_1 = require("../limits");
const pricing_1 = require("../pricing");
const omit_1 = require("./omit");
/** OpenAI Sora 2 offerings and video tools (watermark removal, upscaling, lip-sync). */
const soraAspect = (0, fields_1.aspectRatio)(['landscape', 'portrait'], 'landscape');
const soraSeconds = (0, fields_1.duration)(['10', '15'], '10', 'n_frames');
const soraOmitted = { upload_method: 'result storage region; the Kie default applies' };
// Users get the clean video; Kie lists no surcharge for it.
const soraFixed = { remove_watermark: true };
/**
 * Sora 2 Pro: per output second; standard (720p) 9, high (1080p) quoted as 20–26 credits/s.
 * Decision (README): bill high at 26/s, the top of the quote.
 */
const SORA_PRO_PER_SECOND = { standard: 9, high: 26 };
/** Topaz video: per second of input video; longer clips are refused to bound the price. */
const TOPAZ_VIDEO_MAX_SECONDS = 60;
/** InfiniteTalk: per output second, as long as the speech, up to 15 s. */
const INFINITALK_MAX_SECONDS = 15;
exports.SORA_TOOL_VIDEO_MODELS = [
    (0, define_1.defineModel)({
        slug: 'sora-2',
        kieModel: 'sora-2-text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Sora 2', 'Sora 2'),
        description: (0, labels_1.t)('Видео OpenAI со звуком и речью по описанию, 10 или 15 с, без водяного знака.', "OpenAI's video with sound and speech from a description, 10 or 15 s, no watermark."),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(10000), soraAspect, soraSeconds],
        fixed: soraFixed,
        omitted: soraOmitted,
        price: (0, pricing_1.byChoice)('n_frames', { '10': 30, '15': 45 }),
    }),
    (0, define_1.defineModel)({
        slug: 'sora-2-i2v',
        kieModel: 'sora-2-image-to-video',
        family: 'market',
        category: 'video',
        kind: 'image-to-video',
        name: (0, labels_1.t)('Sora 2: оживить фото', 'Sora 2 photo to video'),
        description: (0, labels_1.t)('Sora 2 превращает ваше фото в видео со звуком, 10 или 15 с.', 'Sora 2 turns your photo into a video with sound, 10 or 15 s.'),
        inPredecessor: true,
        fields: [(0, fields_1.images)('image_urls', 1, { label: labels_1.LABEL.sourceImage, maxMb: 10 }), (0, fields_1.prompt)(10000, { label: labels_1.LABEL.motionPrompt }), soraAspect, soraSeconds],
        fixed: soraFixed,
        omitted: soraOmitted,
        price: (0, pricing_1.byChoice)('n_frames', { '10': 30, '15': 45 }),
    }),
    (0, define_1.defineModel)({
        slug: 'sora-2-pro',
        kieModel: 'sora-2-pro-text-to-video',
        family: 'market',
        category: 'video',
        kind: 'text-to-video',
        name: (0, labels_1.t)('Sora 2 Pro', 'Sora 2 Pro'),
        description: (0, labels_1.t)('Старшая Sora 2: выше детализация и стабильность, до 1080p, 10 или 15 с.', 'The top Sora 2: more detail and stability, up to 1080p, 10 or 15 s.'),
        inPredecessor: false,
        deadlineMs: 45 * limits_1.MINUTE_MS,
        fields: [
            (0, fields_1.prompt)(10000),
            soraAspect,
            soraSeconds,
            (0, fields_1.choice)('size', labels_1.LABEL.quality, ['standard', 'high'], {
                default: 'standard',
                labels: { standard: (0, labels_1.t)('Стандарт (720p)', 'Standard (720p)'), high: (0, labels_1.t)('Высокое (1080p)', 'High (1080p)') },
            }),
        ],
        fixed: soraFixed,
        omitted: soraOmitted,
        price: (0, pricing_1.priced)(['size', 'n_frames'], (p) => (0, pricing_1.lookup)(SORA_PRO_PER_SECOND, (0, pricing_1.choiceOf)(p, 'size')) * (0, pricing_1.numberOf)(p, 'n_frames')),
    }),
    (0, define_1.defineModel)({
        slug: 'sora-watermark-remover',
        kieModel: 'sora-watermark-remover',
        family: 'market',
        category: 'video',
        kind: 'watermark-removal',
        name: (0, labels_1.t)('Sora: удалить водяной знак', 'Sora watermark remover'),
        description: (0, labels_1.t)('Убирает водяной знак с опубликованного видео Sora по ссылке на него.', 'Removes the watermark from a published Sora video, given its link.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.text)('video_url', (0, labels_1.t)('Ссылка на видео Sora', 'Sora video link'), {
                maxLength: 500,
                primary: true,
                pattern: {
                    regex: '^https://sora\\.chatgpt\\.com/\\S+$',
                    message: (0, labels_1.t)('Нужна ссылка на опубликованное видео Sora вида https://sora.chatgpt.com/p/…', 'A link to a published Sora video is needed, like https://sora.chatgpt.com/p/…'),
                },
                example: 'https://sora.chatgpt.com/p/s_68e8a1b2c3d4e5f6a7b8c9d0e1f2a3b4',
            }),
        ],
        price: (0, pricing_1.flat)(10),
    }),
    (0, define_1.defineModel)({
        slug: 'topaz-video-upscale',
        kieModel: 'topaz/video-upscale',
        family: 'market',
        category: 'video',
        kind: 'video-upscale',
        name: (0, labels_1.t)('Topaz: улучшение видео', 'Topaz Video Upscale'),
        description: (0, labels_1.t)('Повышает разрешение и чёткость вашего видео в 2 или 4 раза (ролик до 60 с).', 'Raises the resolution and sharpness of your video 2x or 4x (clips up to 60 s).'),
        inPredecessor: false,
        deadlineMs: 45 * limits_1.MINUTE_MS,
        fields: [
            (0, fields_1.video)('video_url', { label: labels_1.LABEL.video, maxMb: 50 }),
            (0, fields_1.choice)('upscale_factor', labels_1.LABEL.upscaleFactor, ['1', '2', '4'], { default: '2', labels: (0, labels_1.timesLabels)(['1', '2', '4']) }),
            (0, fields_1.measuredSeconds)('video_seconds', 'video_url', labels_1.LABEL.videoSeconds, TOPAZ_VIDEO_MAX_SECONDS),
        ],
        price: (0, pricing_1.priced)(['upscale_factor', 'video_seconds'], (p) => ((0, pricing_1.choiceOf)(p, 'upscale_factor') === '4' ? 14 : 8) * Math.ceil((0, pricing_1.numberOf)(p, 'video_seconds'))),
    }),
    (0, define_1.defineModel)({
        slug: 'infinitalk',
        kieModel: 'infinitalk/from-audio',
        family: 'market',
        category: 'video',
        kind: 'lip-sync',
        name: (0, labels_1.t)('InfiniteTalk: говорящее фото', 'InfiniteTalk lip-sync'),
        description: (0, labels_1.t)('Человек на фото говорит вашим аудио с точной синхронизацией губ (до 15 с).', 'The person in the photo speaks your audio with accurate lip-sync (up to 15 s).'),
        inPredecessor: true,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.portrait, maxMb: 10 }),
            (0, fields_1.audio)('audio_url', { label: labels_1.LABEL.speech, maxMb: 10 }),
            (0, fields_1.prompt)(5000, { label: labels_1.LABEL.motionPrompt }),
            (0, fields_1.resolution)(['480p', '720p'], '480p'),
            (0, fields_1.measuredSeconds)('audio_seconds', 'audio_url', labels_1.LABEL.audioSeconds, INFINITALK_MAX_SECONDS),
        ],
        omitted: { seed: omit_1.OMIT.seed },
        price: (0, pricing_1.priced)(['resolution', 'audio_seconds'], (p) => (0, pricing_1.lookup)({ '480p': 3, '720p': 12 }, (0, pricing_1.choiceOf)(p, 'resolution')) * Math.ceil((0, pricing_1.numberOf)(p, 'audio_seconds'))),
    }),
];
