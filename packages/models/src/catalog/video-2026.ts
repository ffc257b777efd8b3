import { defineModel } from '../define'
import {
  aspectRatio,
  choice,
  duration,
  image,
  images,
  integer,
  measuredSeconds,
  prompt,
  resolution,
  text,
  toggle,
  videos,
} from '../fields'
import { LABEL, t } from '../labels'
import { MINUTE_MS } from '../limits'
import { byChoice, choiceOf, flagOf, flat, lookup, numberOf, priced } from '../pricing'
import type { LocalizedText, ModelSpec, Params } from '../types'
import { klingTurboOmitted } from './video-kling'
import { SEEDANCE_RATIOS, seedance2, seedance2Omitted, seedance2Rules } from './video-seedance-grok'
import { OMIT } from './omit'

/** Video offerings added in the late-2026 registry update. */

const hailuoOmitted = { prompt_optimizer: OMIT.promptExpansion }

/** Kling 3.0 Turbo: per output second by resolution, sound bundled; 3–15 s. */
const KLING_TURBO_SECONDS = ['3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']
/** Wan 2.7: per output second by resolution, 2–15 s. */
const wan27Price = priced(
  ['resolution', 'duration'],
  (p) => lookup({ '720p': 16, '1080p': 24 }, choiceOf(p, 'resolution')) * numberOf(p, 'duration'),
)
const wan27Duration = integer('duration', LABEL.duration, {
  min: 2,
  max: 15,
  default: 5,
  presets: [5, 10, 15],
  unit: 'seconds',
})

/** Kling 3.0 Omni: per output second by resolution; audio costs more below 4K. */
function klingOmniCredits(params: Params): number {
  const key = `${choiceOf(params, 'resolution')}${flagOf(params, 'audio') ? '+audio' : ''}`
  const perSecond =
    choiceOf(params, 'resolution') === '4k'
      ? 67
      : lookup({ '720p': 14, '720p+audio': 18, '1080p': 18, '1080p+audio': 23 }, key)
  return perSecond * numberOf(params, 'duration')
}
const klingOmniPrice = priced(['resolution', 'audio', 'duration'], klingOmniCredits)
const klingOmniSeconds = integer('duration', LABEL.duration, {
  min: 3,
  max: 15,
  default: 5,
  presets: [5, 10, 15],
  unit: 'seconds',
})
const klingOmniAudio = toggle(
  'audio',
  LABEL.sound,
  false,
  t('Звук и речь (дороже, кроме 4K)', 'Sound and speech (dearer, except 4K)'),
)
// Single shot: the multi-shot and named-subject inputs are not offered.
const klingOmniFixed = { customize_multi_shots: false, prefer_multi_shots: false }
const klingOmniOmitted = {
  multi_prompt: 'multi-shot storyboards are not offered',
  elements: 'named subjects are not offered',
}

const klingTurboPrice = priced(
  ['resolution', 'duration'],
  (p) => lookup({ '720p': 18, '1080p': 22.5 }, choiceOf(p, 'resolution')) * numberOf(p, 'duration'),
)

interface VeoExtendTier {
  slug: string
  /** The Veo model of the videos this offering extends (the source generation's kieModel). */
  source: 'veo3_fast' | 'veo3' | 'veo3_lite'
  tier: string
  credits: number
  deadlineMs?: number
}

/**
 * Veo 3.1 extend (POST /api/v1/veo/extend): continues one of the user's own finished Veo videos.
 * Kie bills by the source task's model (fast 60 / quality 250 / lite 30), so there is one
 * offering per tier, each accepting only videos of its tier.
 */
function veoExtend(tier: VeoExtendTier): ModelSpec {
  const name: LocalizedText = t(`Veo 3.1 ${tier.tier}: продолжить видео`, `Veo 3.1 ${tier.tier} video extend`)
  return defineModel({
    slug: tier.slug,
    kieModel: 'veo',
    catalogModel: 'veo3 extend',
    family: 'veo',
    createEndpoint: 'veo-extend',
    category: 'video',
    kind: 'video-extend',
    name,
    description: t(
      `Продолжает ваше видео Veo 3.1 ${tier.tier}, созданное здесь: новая сцена по описанию, со звуком.`,
      `Continues a Veo 3.1 ${tier.tier} video you made here: a new scene from a description, with sound.`,
    ),
    inPredecessor: false,
    ...(tier.deadlineMs === undefined ? {} : { deadlineMs: tier.deadlineMs }),
    fields: [
      text('taskId', t(`Видео Veo 3.1 ${tier.tier} из истории`, `Veo 3.1 ${tier.tier} video from your history`), {
        maxLength: 100,
        taskRef: { kieModels: [tier.source] },
        pattern: {
          regex: '^[A-Za-z0-9_-]+$',
          message: t(
            'Выберите видео Veo из истории — нужен номер его задачи Kie.',
            'Pick a Veo video from your history: its Kie task id is needed.',
          ),
        },
        example: 'veo_task_abcdef123456',
        hint: t(
          'Продолжить можно только готовые видео этой модели, созданные в этом боте.',
          'Only finished videos of this model made in this bot can be extended.',
        ),
      }),
      prompt(undefined, { label: t('Что происходит дальше', 'What happens next') }),
    ],
    omitted: { seeds: OMIT.seed, watermark: OMIT.watermark },
    price: flat(tier.credits),
  })
}

/** Seedance 1.0 Lite: the cheapest Seedance, per output second by resolution; 5 or 10 s. */
function seedanceLite(fromImage: boolean): ModelSpec {
  return defineModel({
    slug: fromImage ? 'seedance-1-lite-i2v' : 'seedance-1-lite',
    kieModel: fromImage ? 'bytedance/v1-lite-image-to-video' : 'bytedance/v1-lite-text-to-video',
    family: 'market',
    category: 'video',
    kind: fromImage ? 'image-to-video' : 'text-to-video',
    name: fromImage
      ? t('Seedance 1.0 Lite: оживить фото', 'Seedance 1.0 Lite photo to video')
      : t('Seedance 1.0 Lite', 'Seedance 1.0 Lite'),
    description: fromImage
      ? t(
          'Недорого оживляет ваше фото: 5 или 10 с, до 1080p; можно задать последний кадр.',
          'Animates your photo cheaply: 5 or 10 s, up to 1080p; optionally with a last frame.',
        )
      : t(
          'Самое недорогое видео Seedance по описанию: 5 или 10 с, до 1080p.',
          'The cheapest Seedance video from a description: 5 or 10 s, up to 1080p.',
        ),
    inPredecessor: false,
    fields: [
      ...(fromImage
        ? [
            image('image_url', { label: LABEL.firstFrame, maxMb: 10 }),
            image('end_image_url', { label: LABEL.lastFrame, maxMb: 10, required: false }),
          ]
        : []),
      prompt(10000, fromImage ? { label: LABEL.motionPrompt } : {}),
      ...(fromImage ? [] : [aspectRatio(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16', '9:21'], '16:9')]),
      resolution(['480p', '720p', '1080p'], '720p'),
      duration(['5', '10'], '5'),
    ],
    omitted: {
      camera_fixed: 'camera movement is left to the model (Kie default)',
      seed: OMIT.seed,
      enable_safety_checker: OMIT.safetyChecker,
      nsfw_checker: OMIT.nsfwChecker,
    },
    price: priced(
      ['resolution', 'duration'],
      (p) => lookup({ '480p': 2, '720p': 4.5, '1080p': 10 }, choiceOf(p, 'resolution')) * numberOf(p, 'duration'),
    ),
  })
}

/** Kling motion control: the character of the photo moves like the person in the video (billed per second of it, up to 30 s). */
const MOTION_MAX_SECONDS = 30

function motionControl(
  slug: string,
  kieModel: string,
  version: string,
  perSecond: Readonly<Record<string, number>>,
  extra: { fixed?: Record<string, boolean>; omitted?: Record<string, string> },
): ModelSpec {
  return defineModel({
    slug,
    kieModel,
    family: 'market',
    category: 'video',
    kind: 'video-to-video',
    name: t(`Kling ${version}: повтор движений`, `Kling ${version} motion control`),
    description: t(
      `Персонаж с вашего фото повторяет движения человека из вашего видео (до ${MOTION_MAX_SECONDS} с).`,
      `The character in your photo moves like the person in your video (up to ${MOTION_MAX_SECONDS} s).`,
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      images('input_urls', 1, { label: t('Фото персонажа', 'Character photo'), maxMb: 10 }),
      videos('video_urls', 1, { label: t('Видео с движениями', 'Motion video') }),
      prompt(2500, { required: false, label: t('Уточнения к сцене', 'Scene notes') }),
      resolution(['720p', '1080p'], '720p', 'mode'),
      choice('character_orientation', t('Куда смотрит персонаж', 'Character facing'), ['video', 'image'], {
        default: 'video',
        labels: { video: t('Как в видео', 'As in the video'), image: t('Как на фото', 'As in the photo') },
      }),
      measuredSeconds('video_seconds', 'video_urls', LABEL.videoSeconds, MOTION_MAX_SECONDS),
    ],
    ...(extra.fixed ? { fixed: extra.fixed } : {}),
    ...(extra.omitted ? { omitted: extra.omitted } : {}),
    price: priced(
      ['mode', 'video_seconds'],
      (p) => lookup(perSecond, choiceOf(p, 'mode')) * Math.ceil(numberOf(p, 'video_seconds')),
    ),
  })
}

export const VIDEO_2026_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'kling-3-turbo',
    kieModel: 'kling/v3-turbo-text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Kling 3.0 Turbo', 'Kling 3.0 Turbo'),
    description: t(
      'Быстрый Kling 3.0: видео со звуком 3–15 с по описанию, 720p или 1080p.',
      'Fast Kling 3.0: a 3–15 s video with sound from a description, 720p or 1080p.',
    ),
    inPredecessor: false,
    fields: [
      prompt(2500),
      aspectRatio(['16:9', '9:16', '1:1'], '16:9'),
      duration(KLING_TURBO_SECONDS, '5'),
      resolution(['720p', '1080p'], '720p'),
    ],
    price: klingTurboPrice,
  }),
  defineModel({
    slug: 'kling-3-turbo-i2v',
    kieModel: 'kling/v3-turbo-image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Kling 3.0 Turbo: оживить фото', 'Kling 3.0 Turbo photo to video'),
    description: t(
      'Быстрый Kling 3.0 оживляет ваше фото: видео со звуком 3–15 с, 720p или 1080p.',
      'Fast Kling 3.0 animates your photo: a 3–15 s video with sound, 720p or 1080p.',
    ),
    inPredecessor: false,
    fields: [
      images('image_urls', 1, { label: LABEL.firstFrame, maxMb: 10 }),
      prompt(2500, { label: LABEL.motionPrompt }),
      duration(KLING_TURBO_SECONDS, '5'),
      resolution(['720p', '1080p'], '720p'),
    ],
    price: klingTurboPrice,
  }),
  defineModel({
    slug: 'wan-2-7',
    kieModel: 'wan/2-7-text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Wan 2.7', 'Wan 2.7'),
    description: t(
      'Новый Wan от Alibaba: видео 2–15 с по описанию, 720p или 1080p.',
      "Alibaba's new Wan: a 2–15 s video from a description, 720p or 1080p.",
    ),
    inPredecessor: false,
    fields: [
      prompt(5000),
      aspectRatio(['16:9', '9:16', '1:1', '4:3', '3:4'], '16:9', 'ratio'),
      resolution(['720p', '1080p'], '1080p'),
      wan27Duration,
    ],
    omitted: {
      negative_prompt: OMIT.negativePrompt,
      prompt_extend: OMIT.promptExpansion,
      watermark: 'off by Kie default: no watermark',
      seed: OMIT.seed,
      audio_url: 'a soundtrack upload is not offered',
    },
    price: wan27Price,
  }),
  defineModel({
    slug: 'wan-2-7-i2v',
    kieModel: 'wan/2-7-image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Wan 2.7: оживить фото', 'Wan 2.7 photo to video'),
    description: t(
      'Wan 2.7 оживляет ваше фото: видео 2–15 с; можно задать последний кадр.',
      'Wan 2.7 animates your photo: a 2–15 s video; optionally with a last frame.',
    ),
    inPredecessor: false,
    fields: [
      image('first_frame_url', { label: LABEL.firstFrame, maxMb: 10 }),
      image('last_frame_url', { label: LABEL.lastFrame, maxMb: 10, required: false }),
      prompt(5000, { label: LABEL.motionPrompt }),
      resolution(['720p', '1080p'], '1080p'),
      wan27Duration,
    ],
    price: wan27Price,
  }),
  defineModel({
    slug: 'kling-3-omni',
    kieModel: 'kling-3.0-omni/text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Kling 3.0 Omni', 'Kling 3.0 Omni'),
    description: t(
      'Kling 3.0 Omni: видео 3–15 с по описанию, до 4K, по желанию со звуком.',
      'Kling 3.0 Omni: a 3–15 s video from a description, up to 4K, optionally with sound.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      prompt(3072),
      aspectRatio(['16:9', '9:16', '1:1'], '16:9'),
      resolution(['720p', '1080p', '4k'], '720p'),
      klingOmniSeconds,
      klingOmniAudio,
    ],
    fixed: klingOmniFixed,
    omitted: klingOmniOmitted,
    price: klingOmniPrice,
  }),
  defineModel({
    slug: 'kling-3-omni-i2v',
    kieModel: 'kling-3.0-omni/image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Kling 3.0 Omni: оживить фото', 'Kling 3.0 Omni photo to video'),
    description: t(
      'Kling 3.0 Omni оживляет ваше фото (можно задать и последний кадр): 3–15 с, до 4K.',
      'Kling 3.0 Omni animates your photo (a last frame too, if you like): 3–15 s, up to 4K.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      images('image_urls', 2, {
        label: LABEL.frames,
        maxMb: 10,
        hint: t(
          '1 фото — первый кадр, 2 — первый и последний.',
          '1 photo is the first frame, 2 are the first and last.',
        ),
      }),
      prompt(3072, { label: LABEL.motionPrompt }),
      aspectRatio(['16:9', '9:16', '1:1'], '16:9'),
      resolution(['720p', '1080p', '4k'], '720p'),
      klingOmniSeconds,
      klingOmniAudio,
    ],
    fixed: klingOmniFixed,
    omitted: klingOmniOmitted,
    price: klingOmniPrice,
  }),
  defineModel({
    slug: 'seedance-2-5',
    kieModel: 'bytedance/seedance-2-5',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Seedance 2.5', 'Seedance 2.5'),
    description: t(
      'Новая Seedance 2.5: видео со звуком до 30 с, 480p или 720p; можно задать кадры.',
      'The new Seedance 2.5: video with sound up to 30 s, 480p or 720p; frames optional.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      prompt(20000, { minLength: 3 }),
      image('first_frame_url', { label: LABEL.firstFrame, required: false }),
      image('last_frame_url', { label: LABEL.lastFrame, required: false }),
      resolution(['480p', '720p'], '720p'),
      aspectRatio([...SEEDANCE_RATIOS, 'adaptive'], 'adaptive'),
      integer('duration', LABEL.duration, { min: 4, max: 30, default: 5, presets: [5, 10, 15, 30], unit: 'seconds' }),
      toggle(
        'generate_audio',
        LABEL.sound,
        true,
        t('Звук и речь входят в цену', 'Sound and speech are included in the price'),
      ),
    ],
    omitted: { ...seedance2Omitted, output_format: OMIT.outputFormat },
    price: priced(
      ['resolution', 'duration'],
      (p) => lookup({ '480p': 28, '720p': 63 }, choiceOf(p, 'resolution')) * numberOf(p, 'duration'),
    ),
    rules: seedance2Rules,
  }),
  // Prices: the higher of two readings per mode (README).
  motionControl('kling-2-6-motion', 'kling-2.6/motion-control', '2.6', { '720p': 13, '1080p': 18 }, {}),
  motionControl(
    'kling-3-motion',
    'kling-3.0/motion-control',
    '3.0',
    { '720p': 18, '1080p': 24 },
    {
      // No price for generated sound was found: it is not sent on.
      fixed: { sound: false },
      omitted: { background_source: 'the background follows the Kie default' },
    },
  ),
  seedanceLite(false),
  seedanceLite(true),
  // Two readings disagree (9.5 / 20.5 and 3.8 / 8.2 per second): the higher is kept (README).
  seedance2('seedance-2-mini', 'bytedance/seedance-2-mini', 'mini', { '480p': 9.5, '720p': 20.5 }),
  defineModel({
    slug: 'kling-2-1-master-i2v',
    kieModel: 'kling/v2-1-master-image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Kling 2.1 Master: оживить фото', 'Kling 2.1 Master photo to video'),
    description: t(
      'Премиальный Kling 2.1 оживляет ваше фото: кинематографичное видео 5 или 10 с.',
      'Premium Kling 2.1 animates your photo: a cinematic 5 or 10 s video.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      image('image_url', { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(5000, { label: LABEL.motionPrompt }),
      duration(['5', '10'], '5'),
    ],
    omitted: klingTurboOmitted,
    price: byChoice('duration', { '5': 160, '10': 320 }),
  }),
  defineModel({
    slug: 'hailuo-02-i2v',
    kieModel: 'hailuo/02-image-to-video-standard',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Hailuo 02: оживить фото', 'Hailuo 02 photo to video'),
    description: t(
      'Недорого оживляет ваше фото: видео 6 или 10 с; можно задать последний кадр.',
      'Animates your photo at a low price: a 6 or 10 s video; optionally with a last frame.',
    ),
    inPredecessor: false,
    fields: [
      image('image_url', { label: LABEL.firstFrame, maxMb: 10 }),
      image('end_image_url', { label: LABEL.lastFrame, maxMb: 10, required: false }),
      prompt(1500, { label: LABEL.motionPrompt }),
      duration(['6', '10'], '6'),
      resolution(['512P', '768P'], '768P'),
    ],
    omitted: hailuoOmitted,
    // 512P billed like 768P: no lower price is documented (README).
    price: byChoice('duration', { '6': 30, '10': 50 }),
  }),
  defineModel({
    slug: 'hailuo-02-pro-i2v',
    kieModel: 'hailuo/02-image-to-video-pro',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Hailuo 02 Pro: оживить фото', 'Hailuo 02 Pro photo to video'),
    description: t(
      'Оживляет ваше фото в видео 6 с в 1080p с реалистичной физикой движения.',
      'Animates your photo into a 6 s 1080p video with realistic motion physics.',
    ),
    inPredecessor: false,
    fields: [
      image('image_url', { label: LABEL.firstFrame, maxMb: 10 }),
      image('end_image_url', { label: LABEL.lastFrame, maxMb: 10, required: false }),
      prompt(1500, { label: LABEL.motionPrompt }),
    ],
    omitted: hailuoOmitted,
    price: flat(57),
  }),
  defineModel({
    slug: 'runway-extend',
    kieModel: 'runway',
    catalogModel: 'runway extend',
    family: 'runway',
    createEndpoint: 'runway-extend',
    category: 'video',
    kind: 'video-extend',
    name: t('Runway: продолжить видео', 'Runway video extend'),
    description: t(
      'Продолжает ваше видео Runway, созданное здесь: что происходит дальше — по описанию.',
      'Continues a Runway video you made here: what happens next, from a description.',
    ),
    inPredecessor: false,
    fields: [
      text('taskId', t('Видео Runway из истории', 'Runway video from your history'), {
        maxLength: 100,
        taskRef: { kieModels: ['runway'] },
        pattern: {
          regex: '^[A-Za-z0-9_-]+$',
          message: t(
            'Выберите видео Runway из истории — нужен номер его задачи Kie.',
            'Pick a Runway video from your history: its Kie task id is needed.',
          ),
        },
        example: 'ee603959-debb-48d1-98c4-a6d1c717eba6',
        hint: t(
          'Продолжить можно только готовые видео Runway, созданные в этом боте.',
          'Only finished Runway videos made in this bot can be extended.',
        ),
      }),
      prompt(1800, { label: t('Что происходит дальше', 'What happens next') }),
      resolution(['720p', '1080p'], '720p', 'quality'),
    ],
    // An empty string means no watermark (Runway docs).
    fixed: { waterMark: '' },
    // No Kie price for extensions: the highest Runway price, whatever the quality (README).
    price: flat(30),
  }),
  veoExtend({ slug: 'veo-3-1-fast-extend', source: 'veo3_fast', tier: 'Fast', credits: 60 }),
  veoExtend({ slug: 'veo-3-1-extend', source: 'veo3', tier: 'Quality', credits: 250, deadlineMs: 45 * MINUTE_MS }),
  veoExtend({ slug: 'veo-3-1-lite-extend', source: 'veo3_lite', tier: 'Lite', credits: 30 }),
]
