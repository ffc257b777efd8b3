import { defineModel } from '../define'
import {
  aspectRatio,
  audio,
  choice,
  duration,
  image,
  images,
  measuredSeconds,
  prompt,
  resolution,
  text,
  video,
} from '../fields'
import { LABEL, t, timesLabels } from '../labels'
import { MINUTE_MS } from '../limits'
import { byChoice, choiceOf, flat, lookup, numberOf, priced } from '../pricing'
import type { ModelSpec } from '../types'
import { OMIT } from './omit'

/** OpenAI Sora 2 offerings and video tools (watermark removal, upscaling, lip-sync). */

/** OpenAI shut the Sora 2 video API down on this date (kie-catalog-2026). */
const SORA_RETIRED = '2026-09-24'

const soraAspect = aspectRatio(['landscape', 'portrait'], 'landscape')
const soraSeconds = duration(['10', '15'], '10', 'n_frames')
const soraOmitted = { upload_method: 'result storage region; the Kie default applies' }
// Users get the clean video; Kie lists no surcharge for it.
const soraFixed = { remove_watermark: true }

/**
 * Sora 2 Pro: per output second; standard (720p) 9, high (1080p) quoted as 20–26 credits/s.
 * Decision (README): bill high at 26/s, the top of the quote.
 */
const SORA_PRO_PER_SECOND: Readonly<Record<string, number>> = { standard: 9, high: 26 }

/** Topaz video: per second of input video; longer clips are refused to bound the price. */
const TOPAZ_VIDEO_MAX_SECONDS = 60
/** InfiniteTalk: per output second, as long as the speech, up to 15 s. */
const INFINITALK_MAX_SECONDS = 15

export const SORA_TOOL_VIDEO_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'sora-2',
    kieModel: 'sora-2-text-to-video',
    upstreamRetired: SORA_RETIRED,
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Sora 2', 'Sora 2'),
    description: t(
      'Видео OpenAI со звуком и речью по описанию, 10 или 15 с, без водяного знака.',
      "OpenAI's video with sound and speech from a description, 10 or 15 s, no watermark.",
    ),
    inPredecessor: true,
    fields: [prompt(10000), soraAspect, soraSeconds],
    fixed: soraFixed,
    omitted: soraOmitted,
    price: byChoice('n_frames', { '10': 30, '15': 45 }),
  }),
  defineModel({
    slug: 'sora-2-i2v',
    kieModel: 'sora-2-image-to-video',
    upstreamRetired: SORA_RETIRED,
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Sora 2: оживить фото', 'Sora 2 photo to video'),
    description: t(
      'Sora 2 превращает ваше фото в видео со звуком, 10 или 15 с.',
      'Sora 2 turns your photo into a video with sound, 10 or 15 s.',
    ),
    inPredecessor: true,
    fields: [
      images('image_urls', 1, { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(10000, { label: LABEL.motionPrompt }),
      soraAspect,
      soraSeconds,
    ],
    fixed: soraFixed,
    omitted: soraOmitted,
    price: byChoice('n_frames', { '10': 30, '15': 45 }),
  }),
  defineModel({
    slug: 'sora-2-pro',
    kieModel: 'sora-2-pro-text-to-video',
    upstreamRetired: SORA_RETIRED,
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Sora 2 Pro', 'Sora 2 Pro'),
    description: t(
      'Старшая Sora 2: выше детализация и стабильность, до 1080p, 10 или 15 с.',
      'The top Sora 2: more detail and stability, up to 1080p, 10 or 15 s.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      prompt(10000),
      soraAspect,
      soraSeconds,
      choice('size', LABEL.quality, ['standard', 'high'], {
        default: 'standard',
        labels: { standard: t('Стандарт (720p)', 'Standard (720p)'), high: t('Высокое (1080p)', 'High (1080p)') },
      }),
    ],
    fixed: soraFixed,
    omitted: soraOmitted,
    price: priced(
      ['size', 'n_frames'],
      (p) => lookup(SORA_PRO_PER_SECOND, choiceOf(p, 'size')) * numberOf(p, 'n_frames'),
    ),
  }),
  defineModel({
    slug: 'sora-watermark-remover',
    kieModel: 'sora-watermark-remover',
    // Works only on links to published Sora videos: nothing new to clean once Sora 2 is gone.
    upstreamRetired: SORA_RETIRED,
    family: 'market',
    category: 'video',
    kind: 'watermark-removal',
    name: t('Sora: удалить водяной знак', 'Sora watermark remover'),
    description: t(
      'Убирает водяной знак с опубликованного видео Sora по ссылке на него.',
      'Removes the watermark from a published Sora video, given its link.',
    ),
    inPredecessor: true,
    fields: [
      text('video_url', t('Ссылка на видео Sora', 'Sora video link'), {
        maxLength: 500,
        primary: true,
        pattern: {
          regex: '^https://sora\\.chatgpt\\.com/\\S+$',
          message: t(
            'Нужна ссылка на опубликованное видео Sora вида https://sora.chatgpt.com/p/…',
            'A link to a published Sora video is needed, like https://sora.chatgpt.com/p/…',
          ),
        },
        example: 'https://sora.chatgpt.com/p/s_68e8a1b2c3d4e5f6a7b8c9d0e1f2a3b4',
      }),
    ],
    price: flat(10),
  }),
  defineModel({
    slug: 'topaz-video-upscale',
    kieModel: 'topaz/video-upscale',
    family: 'market',
    category: 'video',
    kind: 'video-upscale',
    name: t('Topaz: улучшение видео', 'Topaz Video Upscale'),
    description: t(
      'Повышает разрешение и чёткость вашего видео в 2 или 4 раза (ролик до 60 с).',
      'Raises the resolution and sharpness of your video 2x or 4x (clips up to 60 s).',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      video('video_url', { label: LABEL.video, maxMb: 50 }),
      choice('upscale_factor', LABEL.upscaleFactor, ['1', '2', '4'], {
        default: '2',
        labels: timesLabels(['1', '2', '4']),
      }),
      measuredSeconds('video_seconds', 'video_url', LABEL.videoSeconds, TOPAZ_VIDEO_MAX_SECONDS),
    ],
    price: priced(
      ['upscale_factor', 'video_seconds'],
      (p) => (choiceOf(p, 'upscale_factor') === '4' ? 14 : 8) * Math.ceil(numberOf(p, 'video_seconds')),
    ),
  }),
  defineModel({
    slug: 'infinitalk',
    kieModel: 'infinitalk/from-audio',
    family: 'market',
    category: 'video',
    kind: 'lip-sync',
    name: t('InfiniteTalk: говорящее фото', 'InfiniteTalk lip-sync'),
    description: t(
      'Человек на фото говорит вашим аудио с точной синхронизацией губ (до 15 с).',
      'The person in the photo speaks your audio with accurate lip-sync (up to 15 s).',
    ),
    inPredecessor: true,
    fields: [
      image('image_url', { label: LABEL.portrait, maxMb: 10 }),
      audio('audio_url', { label: LABEL.speech, maxMb: 10 }),
      prompt(5000, { label: LABEL.motionPrompt }),
      resolution(['480p', '720p'], '480p'),
      measuredSeconds('audio_seconds', 'audio_url', LABEL.audioSeconds, INFINITALK_MAX_SECONDS),
    ],
    omitted: { seed: OMIT.seed },
    price: priced(
      ['resolution', 'audio_seconds'],
      (p) => lookup({ '480p': 3, '720p': 12 }, choiceOf(p, 'resolution')) * Math.ceil(numberOf(p, 'audio_seconds')),
    ),
  }),
]
