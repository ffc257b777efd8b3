import { defineModel } from '../define'
import { aspectRatio, choice, duration, image, images, integer, prompt, resolution, text, toggle } from '../fields'
import { fieldError } from '../messages'
import { LABEL, t } from '../labels'
import { MINUTE_MS } from '../limits'
import { choiceOf, flagOf, flat, lookup, numberOf, priced } from '../pricing'
import type { FieldError, ModelSpec, Params } from '../types'
import { OMIT } from './omit'

/** ByteDance Seedance and xAI Grok Imagine video offerings. */

/** Decision (README): Kie publishes no price for the Grok Imagine upscaler; 10 credits until the catalog sync reads one. */
const GROK_UPSCALE_CREDITS = 10

export const SEEDANCE_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '21:9']
const GROK_RATIOS = ['2:3', '3:2', '1:1', '16:9', '9:16']

/** Seedance 1.5 Pro: per output second by resolution, with generated audio. */
const SEEDANCE_15_PER_SECOND: Readonly<Record<string, number>> = {
  '480p': 1.75,
  '480p+audio': 3.5,
  '720p': 3.5,
  '720p+audio': 7,
  '1080p': 7.5,
  '1080p+audio': 15,
}

/**
 * Seedance 1.0 Pro (bytedance/v1-pro-*) is not in Kie's price list. Decision (README): per
 * output second at the fal.ai list price rounded up (Kie is usually cheaper than fal).
 */
const SEEDANCE_1_PRO_PER_SECOND: Readonly<Record<string, number>> = { '480p': 5, '720p': 11, '1080p': 25 }

const perSecondByResolution = (table: Readonly<Record<string, number>>) =>
  priced(['resolution', 'duration'], (p) => lookup(table, choiceOf(p, 'resolution')) * numberOf(p, 'duration'))

/** Seedance 2: a last frame only makes sense after a first one. */
export function seedance2Rules(params: Params): FieldError[] {
  if (params.last_frame_url !== undefined && params.first_frame_url === undefined) {
    return [
      fieldError('first_frame_url', 'required', {
        ru: 'Чтобы задать последний кадр, пришлите и первый.',
        en: 'To set a last frame, send a first frame too.',
      }),
    ]
  }
  return []
}

export const seedance2Omitted = {
  reference_image_urls: 'reference mode is not offered; first/last frames cover image input',
  reference_video_urls: 'video input changes billing to input+output seconds (unconfirmed rule); not offered',
  reference_audio_urls: 'reference mode is not offered',
  return_last_frame: 'the bot delivers the video only',
  web_search: 'Kie-side prompt enrichment; the Kie default applies',
  nsfw_checker: OMIT.nsfwChecker,
}

/** Seedance 2 and its Fast and Mini tiers differ in resolutions, per-second rates and speed. */
export function seedance2(
  slug: string,
  kieModel: string,
  tier: 'standard' | 'fast' | 'mini',
  perSecond: Readonly<Record<string, number>>,
): ModelSpec {
  const fast = tier === 'fast'
  const name = { standard: 'Seedance 2', fast: 'Seedance 2 Fast', mini: 'Seedance 2 Mini' }[tier]
  return defineModel({
    slug,
    kieModel,
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t(name, name),
    description: fast
      ? t(
          'Быстрая Seedance 2: видео со звуком до 15 с, 480p или 720p.',
          'Fast Seedance 2: video with sound up to 15 s, 480p or 720p.',
        )
      : tier === 'mini'
        ? t(
            'Самая доступная Seedance 2: видео со звуком до 15 с, 480p или 720p.',
            'The most affordable Seedance 2: video with sound up to 15 s, 480p or 720p.',
          )
        : t(
            'Флагман ByteDance: видео со звуком до 15 с, до 4K; можно задать первый и последний кадр.',
            "ByteDance's flagship: video with sound up to 15 s, up to 4K; first and last frames optional.",
          ),
    inPredecessor: false,
    deadlineMs: tier === 'standard' ? 45 * MINUTE_MS : 30 * MINUTE_MS,
    fields: [
      prompt(20000, { minLength: 3 }),
      image('first_frame_url', { label: LABEL.firstFrame, required: false }),
      image('last_frame_url', { label: LABEL.lastFrame, required: false }),
      resolution(Object.keys(perSecond), '720p'),
      aspectRatio([...SEEDANCE_RATIOS, 'adaptive'], '16:9'),
      integer('duration', LABEL.duration, { min: 4, max: 15, default: 5, presets: [5, 10, 15], unit: 'seconds' }),
      toggle(
        'generate_audio',
        LABEL.sound,
        true,
        t('Звук и речь входят в цену', 'Sound and speech are included in the price'),
      ),
    ],
    omitted: seedance2Omitted,
    price: perSecondByResolution(perSecond),
    rules: seedance2Rules,
  })
}

function seedance1Pro(slug: string, kieModel: string, fromImage: boolean): ModelSpec {
  return defineModel({
    slug,
    kieModel,
    family: 'market',
    category: 'video',
    kind: fromImage ? 'image-to-video' : 'text-to-video',
    name: fromImage
      ? t('Seedance 1.0 Pro: оживить фото', 'Seedance 1.0 Pro photo to video')
      : t('Seedance 1.0 Pro', 'Seedance 1.0 Pro'),
    description: fromImage
      ? t('Оживляет ваше фото: 5 или 10 с, до 1080p.', 'Animates your photo: 5 or 10 s, up to 1080p.')
      : t(
          'Видео по описанию с несколькими планами, 5 или 10 с, до 1080p.',
          'Multi-shot video from a description, 5 or 10 s, up to 1080p.',
        ),
    inPredecessor: false,
    fields: [
      ...(fromImage ? [image('image_url', { label: LABEL.sourceImage, maxMb: 10 })] : []),
      prompt(10000, fromImage ? { label: LABEL.motionPrompt } : {}),
      ...(fromImage ? [] : [aspectRatio(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '16:9')]),
      resolution(['480p', '720p', '1080p'], '720p'),
      duration(['5', '10'], '5'),
    ],
    omitted: {
      camera_fixed: 'camera movement is left to the model (Kie default)',
      seed: OMIT.seed,
      enable_safety_checker: OMIT.safetyChecker,
      nsfw_checker: OMIT.nsfwChecker,
    },
    price: perSecondByResolution(SEEDANCE_1_PRO_PER_SECOND),
  })
}

/** "spicy" is left out: adult-leaning content is not sold in the bot, and Kie refuses it for uploaded images. */
const grokMode = choice('mode', LABEL.mode, ['normal', 'fun'], {
  default: 'normal',
  labels: { normal: t('Обычный', 'Normal'), fun: t('Весёлый', 'Fun') },
})
const grokDuration = integer('duration', LABEL.duration, {
  min: 6,
  max: 30,
  default: 6,
  presets: [6, 10, 15, 20, 30],
  unit: 'seconds',
})
const GROK_PER_SECOND: Readonly<Record<string, number>> = { '480p': 1.6, '720p': 3 }

export const SEEDANCE_GROK_VIDEO_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'seedance-1-5-pro',
    kieModel: 'bytedance/seedance-1.5-pro',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Seedance 1.5 Pro', 'Seedance 1.5 Pro'),
    description: t(
      'Видео ByteDance 4–12 с по описанию или по 1–2 кадрам, по желанию со звуком.',
      'ByteDance video of 4–12 s from a description or 1–2 frames, optionally with sound.',
    ),
    inPredecessor: true,
    fields: [
      prompt(20000, { minLength: 3 }),
      images('input_urls', 2, { label: LABEL.frames, maxMb: 10, required: false }),
      aspectRatio(SEEDANCE_RATIOS, '1:1'),
      resolution(['480p', '720p', '1080p'], '720p'),
      integer('duration', LABEL.duration, { min: 4, max: 12, default: 5, presets: [4, 5, 8, 10, 12], unit: 'seconds' }),
      toggle(
        'generate_audio',
        LABEL.sound,
        false,
        t('Звук и речь (дороже вдвое)', 'Sound and speech (doubles the price)'),
      ),
    ],
    omitted: { fixed_lens: 'camera movement is left to the model (Kie default)', nsfw_checker: OMIT.nsfwChecker },
    price: priced(['resolution', 'generate_audio', 'duration'], (p) => {
      const key = `${choiceOf(p, 'resolution')}${flagOf(p, 'generate_audio') ? '+audio' : ''}`
      return lookup(SEEDANCE_15_PER_SECOND, key) * numberOf(p, 'duration')
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
  defineModel({
    slug: 'grok-video',
    kieModel: 'grok-imagine/text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Grok Imagine Video', 'Grok Imagine Video'),
    description: t(
      'Видео xAI со звуком по описанию, 6–30 с, очень недорого.',
      "xAI's video with sound from a description, 6–30 s, very affordable.",
    ),
    inPredecessor: true,
    fields: [
      prompt(5000),
      aspectRatio(GROK_RATIOS, '2:3'),
      grokMode,
      resolution(['480p', '720p'], '480p'),
      grokDuration,
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: perSecondByResolution(GROK_PER_SECOND),
  }),
  defineModel({
    slug: 'grok-video-i2v',
    kieModel: 'grok-imagine/image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Grok Imagine: оживить фото', 'Grok Imagine photo to video'),
    description: t(
      'Оживляет до 7 ваших фото в видео со звуком, 6–30 с.',
      'Animates up to 7 of your photos into a video with sound, 6–30 s.',
    ),
    inPredecessor: true,
    fields: [
      images('image_urls', 7, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(5000, { required: false, label: LABEL.motionPrompt }),
      grokMode,
      resolution(['480p', '720p'], '480p'),
      grokDuration,
    ],
    omitted: {
      task_id: 'animating an earlier Grok image by task id is not offered; uploaded photos are used',
      index: 'only used with task_id',
      aspect_ratio: OMIT.fromSourceImage,
      nsfw_checker: OMIT.nsfwChecker,
    },
    price: perSecondByResolution(GROK_PER_SECOND),
  }),
  defineModel({
    slug: 'grok-image-upscale',
    kieModel: 'grok-imagine/upscale',
    family: 'market',
    category: 'video',
    kind: 'video-upscale',
    name: t('Grok Imagine: улучшение видео', 'Grok Imagine Video Upscale'),
    description: t(
      'Повышает разрешение видео, созданного здесь же в Grok Imagine по описанию.',
      'Raises the resolution of a video you made here with Grok Imagine from a description.',
    ),
    inPredecessor: true,
    fields: [
      text('task_id', t('Видео Grok Imagine из истории', 'Grok Imagine video from your history'), {
        maxLength: 100,
        primary: true,
        // Kie now documents upscale as a video upscaler of text-to-video tasks (kie-catalog-2026).
        taskRef: { kieModels: ['grok-imagine/text-to-video'] },
        pattern: {
          regex: '^[A-Za-z0-9_-]+$',
          message: t(
            'Выберите видео Grok Imagine из истории — нужен номер его задачи Kie.',
            'Pick a Grok Imagine video from your history: its Kie task id is needed.',
          ),
        },
        example: 'task_grok_12345678',
        hint: t(
          'Улучшить можно только видео Grok Imagine по описанию, созданные в этом боте.',
          'Only Grok Imagine text-to-video clips made in this bot can be upscaled.',
        ),
      }),
    ],
    price: flat(GROK_UPSCALE_CREDITS),
  }),
]
