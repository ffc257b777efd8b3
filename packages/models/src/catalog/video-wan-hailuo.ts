import { defineModel } from '../define'
import { aspectRatio, audio, duration, image, images, prompt, resolution, videos } from '../fields'
import { fieldError } from '../messages'
import { LABEL, t } from '../labels'
import { choiceOf, flat, lookup, byChoice, priced } from '../pricing'
import type { FieldError, ModelSpec, Params } from '../types'
import { OMIT } from './omit'

/** Wan (Alibaba) and Hailuo (MiniMax) video offerings. */

/** Wan 2.6: per video by resolution and duration. */
const WAN_26_CREDITS: Readonly<Record<string, number>> = {
  '720p-5': 70,
  '720p-10': 140,
  '720p-15': 210,
  '1080p-5': 104.5,
  '1080p-10': 209.5,
  '1080p-15': 315,
}
/** Wan 2.5: per video by resolution and duration. */
const WAN_25_CREDITS: Readonly<Record<string, number>> = {
  '720p-5': 60,
  '720p-10': 120,
  '1080p-5': 100,
  '1080p-10': 200,
}

const byResolutionAndDuration = (table: Readonly<Record<string, number>>) =>
  priced(['resolution', 'duration'], (p) => lookup(table, `${choiceOf(p, 'resolution')}-${choiceOf(p, 'duration')}`))

/**
 * Wan 2.2 speech-to-video: the catalog lists 12/18/24 credits by resolution without a unit.
 * Decision (README): per output second. The clip length is fixed at 80 frames / 16 fps = 5 s.
 */
const WAN_SPEECH_SECONDS = 5
const WAN_SPEECH_PER_SECOND: Readonly<Record<string, number>> = { '480p': 12, '580p': 18, '720p': 24 }

const wanOmitted = { negative_prompt: OMIT.negativePrompt, enable_prompt_expansion: OMIT.promptExpansion }

/** Hailuo 2.3: 1080P is made only as a 6-second clip. */
function hailuoRules(params: Params): FieldError[] {
  if (params.resolution === '1080P' && params.duration === '10') {
    return [
      fieldError('resolution', 'conflict', {
        ru: '1080P доступно только для видео 6 с. Выберите 768P или 6 с.',
        en: '1080P is only available for 6 s videos. Choose 768P or 6 s.',
      }),
    ]
  }
  return []
}

function hailuo23(
  slug: string,
  kieModel: string,
  tier: 'Pro' | 'Standard',
  table: Readonly<Record<string, number>>,
): ModelSpec {
  const pro = tier === 'Pro'
  return defineModel({
    slug,
    kieModel,
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t(`Hailuo 2.3 ${pro ? 'Pro' : 'Стандарт'}: оживить фото`, `Hailuo 2.3 ${tier} photo to video`),
    description: pro
      ? t(
          'Hailuo 2.3 Pro: реалистичная физика и мимика, до 1080P.',
          'Hailuo 2.3 Pro: realistic physics and faces, up to 1080P.',
        )
      : t(
          'Hailuo 2.3: живое движение по вашему фото, недорого.',
          'Hailuo 2.3: lively motion from your photo at a low price.',
        ),
    inPredecessor: true,
    fields: [
      image('image_url', { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(5000, { label: LABEL.motionPrompt }),
      duration(['6', '10'], '6'),
      resolution(['768P', '1080P'], '768P'),
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: priced(['resolution', 'duration'], (p) =>
      lookup(table, `${choiceOf(p, 'resolution')}-${choiceOf(p, 'duration')}`),
    ),
    rules: hailuoRules,
  })
}

export const WAN_HAILUO_VIDEO_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'wan-2-6',
    kieModel: 'wan/2-6-text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Wan 2.6', 'Wan 2.6'),
    description: t(
      'Видео от Alibaba по описанию: до 15 с и 1080p.',
      "Alibaba's video from a description: up to 15 s and 1080p.",
    ),
    inPredecessor: true,
    fields: [prompt(5000), duration(['5', '10', '15'], '5'), resolution(['720p', '1080p'], '1080p')],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: byResolutionAndDuration(WAN_26_CREDITS),
  }),
  defineModel({
    slug: 'wan-2-6-i2v',
    kieModel: 'wan/2-6-image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Wan 2.6: оживить фото', 'Wan 2.6 photo to video'),
    description: t('Оживляет ваше фото: до 15 с и 1080p.', 'Animates your photo: up to 15 s and 1080p.'),
    inPredecessor: true,
    fields: [
      images('image_urls', 1, { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(5000, { label: LABEL.motionPrompt }),
      duration(['5', '10', '15'], '5'),
      resolution(['720p', '1080p'], '1080p'),
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: byResolutionAndDuration(WAN_26_CREDITS),
  }),
  defineModel({
    slug: 'wan-2-6-v2v',
    kieModel: 'wan/2-6-video-to-video',
    family: 'market',
    category: 'video',
    kind: 'video-to-video',
    name: t('Wan 2.6: видео по видео', 'Wan 2.6 video to video'),
    description: t(
      'Новое видео по вашему ролику-референсу: движение и персонаж сохраняются.',
      'A new video from your reference clip, keeping its motion and character.',
    ),
    inPredecessor: true,
    fields: [
      // The catalog gives no count limit; one reference clip (decision).
      videos('video_urls', 1, { label: t('Видео-референс', 'Reference video') }),
      prompt(5000, { minLength: 2 }),
      duration(['5', '10'], '5'),
      resolution(['720p', '1080p'], '1080p'),
    ],
    price: byResolutionAndDuration(WAN_26_CREDITS),
  }),
  defineModel({
    slug: 'wan-2-5',
    kieModel: 'wan/2-5-text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Wan 2.5', 'Wan 2.5'),
    description: t(
      'Предыдущий Wan: видео 5 или 10 с по описанию.',
      'The previous Wan: 5 or 10 s video from a description.',
    ),
    inPredecessor: true,
    fields: [
      prompt(800),
      aspectRatio(['16:9', '9:16', '1:1'], '16:9'),
      duration(['5', '10'], '5'),
      resolution(['720p', '1080p'], '720p'),
    ],
    omitted: wanOmitted,
    price: byResolutionAndDuration(WAN_25_CREDITS),
  }),
  defineModel({
    slug: 'wan-2-5-i2v',
    kieModel: 'wan/2-5-image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Wan 2.5: оживить фото', 'Wan 2.5 photo to video'),
    description: t('Оживляет фото в видео 5 или 10 с.', 'Animates a photo into a 5 or 10 s video.'),
    inPredecessor: true,
    fields: [
      image('image_url', { label: LABEL.sourceImage }),
      prompt(800, { label: LABEL.motionPrompt }),
      duration(['5', '10'], '5'),
      resolution(['720p', '1080p'], '720p'),
    ],
    omitted: wanOmitted,
    price: byResolutionAndDuration(WAN_25_CREDITS),
  }),
  defineModel({
    slug: 'wan-2-2-turbo',
    kieModel: 'wan/2-2-a14b-text-to-video-turbo',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Wan 2.2 Turbo', 'Wan 2.2 Turbo'),
    description: t(
      'Самое дешёвое видео: короткий ролик 5 с за минуту.',
      'The cheapest video: a 5 s clip in about a minute.',
    ),
    inPredecessor: false,
    fields: [prompt(5000), aspectRatio(['16:9', '9:16'], '16:9'), resolution(['480p', '720p'], '720p')],
    omitted: {
      enable_prompt_expansion: OMIT.promptExpansion,
      seed: OMIT.seed,
      acceleration: OMIT.tuning,
      nsfw_checker: OMIT.nsfwChecker,
    },
    price: byChoice('resolution', { '480p': 40, '720p': 80 }),
  }),
  defineModel({
    slug: 'wan-2-2-speech',
    kieModel: 'wan/2-2-a14b-speech-to-video-turbo',
    family: 'market',
    category: 'video',
    kind: 'speech-to-video',
    name: t('Wan 2.2: говорящее фото', 'Wan 2.2 speech to video'),
    description: t(
      'Фото начинает говорить под ваше аудио: ролик 5 с с движением губ.',
      'Your photo speaks to your audio: a 5 s clip with lip movement.',
    ),
    inPredecessor: true,
    fields: [
      image('image_url', { label: LABEL.portrait }),
      audio('audio_url', { label: LABEL.speech }),
      prompt(5000, { label: LABEL.motionPrompt }),
      resolution(['480p', '580p', '720p'], '480p'),
    ],
    fixed: { num_frames: 80, frames_per_second: 16 },
    omitted: {
      negative_prompt: OMIT.negativePrompt,
      num_inference_steps: OMIT.tuning,
      guidance_scale: OMIT.tuning,
      shift: OMIT.tuning,
      enable_safety_checker: OMIT.safetyChecker,
    },
    price: priced(['resolution'], (p) => lookup(WAN_SPEECH_PER_SECOND, choiceOf(p, 'resolution')) * WAN_SPEECH_SECONDS),
  }),
  hailuo23('hailuo-2-3-pro', 'hailuo/2-3-image-to-video-pro', 'Pro', { '768P-6': 45, '768P-10': 90, '1080P-6': 80 }),
  hailuo23('hailuo-2-3', 'hailuo/2-3-image-to-video-standard', 'Standard', {
    '768P-6': 30,
    '768P-10': 50,
    '1080P-6': 50,
  }),
  defineModel({
    slug: 'hailuo-02-pro',
    kieModel: 'hailuo/02-text-to-video-pro',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Hailuo 02 Pro', 'Hailuo 02 Pro'),
    description: t(
      'Видео 6 с в 1080p по описанию с реалистичной физикой.',
      'A 6 s 1080p video from a description with realistic physics.',
    ),
    inPredecessor: false,
    fields: [prompt(1500)],
    omitted: { prompt_optimizer: OMIT.promptExpansion, nsfw_checker: OMIT.nsfwChecker },
    price: flat(57),
  }),
  defineModel({
    slug: 'hailuo-02',
    kieModel: 'hailuo/02-text-to-video-standard',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Hailuo 02', 'Hailuo 02'),
    description: t(
      'Недорогое видео 6 или 10 с в 768p по описанию.',
      'An affordable 6 or 10 s 768p video from a description.',
    ),
    inPredecessor: false,
    fields: [prompt(1500), duration(['6', '10'], '6')],
    omitted: { prompt_optimizer: OMIT.promptExpansion, nsfw_checker: OMIT.nsfwChecker },
    price: byChoice('duration', { '6': 30, '10': 50 }),
  }),
]
