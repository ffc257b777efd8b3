import { defineModel } from '../define'
import { aspectRatio, audio, choice, duration, image, images, measuredSeconds, prompt, toggle } from '../fields'
import { LABEL, t } from '../labels'
import { MINUTE_MS } from '../limits'
import { byChoice, choiceOf, flagOf, lookup, numberOf, priced } from '../pricing'
import type { LocalizedText, ModelSpec, Params } from '../types'
import { OMIT } from './omit'

/** Kling video offerings (text/image to video, talking avatars). */

const KLING_RATIOS = ['16:9', '9:16', '1:1']
const soundToggle = toggle(
  'sound',
  LABEL.sound,
  false,
  t('Озвучка и звуки сцены (дороже вдвое)', 'Voice and scene sound (doubles the price)'),
)

/** Kling 2.6: per video by duration; without sound at Kie's 2026-10-03 price (56 / 112, above the June 55 / 110). */
function kling26Credits(params: Params): number {
  const key = `${choiceOf(params, 'duration')}s${flagOf(params, 'sound') ? '+sound' : ''}`
  return lookup({ '5s': 56, '5s+sound': 110, '10s': 112, '10s+sound': 220 }, key)
}

/** Kling 3.0: per output second; 4K has one rate, std/pro depend on sound. */
function kling3Credits(params: Params): number {
  const mode = choiceOf(params, 'mode')
  const sound = flagOf(params, 'sound')
  const perSecond = mode === '4K' ? 67 : lookup({ std: sound ? 20 : 14, pro: sound ? 27 : 18 }, mode)
  return perSecond * numberOf(params, 'duration')
}

/** Kling AI Avatar: per output second; the video is as long as the speech (up to 15 s). */
const AVATAR_MAX_SECONDS = 15

export const klingTurboOmitted = { negative_prompt: OMIT.negativePrompt, cfg_scale: OMIT.tuning }

function avatarModel(
  slug: string,
  kieModel: string,
  creditsPerSecond: number,
  tier: LocalizedText,
  videoResolution: string,
): ModelSpec {
  return defineModel({
    slug,
    kieModel,
    family: 'market',
    category: 'video',
    kind: 'talking-avatar',
    name: t(`Kling Avatar ${tier.ru}`, `Kling Avatar ${tier.en}`),
    description: t(
      `Оживляет портрет: человек на фото говорит или поёт под ваше аудио (до ${AVATAR_MAX_SECONDS} с, ${videoResolution}).`,
      `Brings a portrait to life: the person talks or sings to your audio (up to ${AVATAR_MAX_SECONDS} s, ${videoResolution}).`,
    ),
    // The predecessor sold the same product under the legacy v1 ids (supersededBy in the catalog).
    inPredecessor: false,
    fields: [
      image('image_url', { label: LABEL.portrait }),
      audio('audio_url', { label: LABEL.speech }),
      // Required by Kie's current schema of both avatar ids.
      prompt(5000, { label: t('Как держаться и двигаться', 'How to look and move') }),
      measuredSeconds('audio_seconds', 'audio_url', LABEL.audioSeconds, AVATAR_MAX_SECONDS),
    ],
    price: priced(['audio_seconds'], (p) => creditsPerSecond * Math.ceil(numberOf(p, 'audio_seconds'))),
  })
}

export const KLING_VIDEO_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'kling-2-6',
    kieModel: 'kling-2.6/text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Kling 2.6', 'Kling 2.6'),
    description: t(
      'Видео по описанию, 5 или 10 с; можно со звуком и речью персонажей.',
      'Video from a description, 5 or 10 s; optionally with sound and speech.',
    ),
    inPredecessor: true,
    fields: [prompt(1000), aspectRatio(['1:1', '16:9', '9:16'], '1:1'), duration(['5', '10'], '5'), soundToggle],
    price: priced(['duration', 'sound'], kling26Credits),
  }),
  defineModel({
    slug: 'kling-2-6-i2v',
    kieModel: 'kling-2.6/image-to-video',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Kling 2.6: оживить фото', 'Kling 2.6 photo to video'),
    description: t(
      'Оживляет ваше фото в видео 5 или 10 с, по желанию со звуком.',
      'Animates your photo into a 5 or 10 s video, optionally with sound.',
    ),
    inPredecessor: true,
    fields: [
      images('image_urls', 1, { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(1000, { label: LABEL.motionPrompt }),
      duration(['5', '10'], '5'),
      soundToggle,
    ],
    price: priced(['duration', 'sound'], kling26Credits),
  }),
  defineModel({
    slug: 'kling-3',
    kieModel: 'kling-3.0/video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Kling 3.0', 'Kling 3.0'),
    description: t(
      'Новейший Kling: 3–15 с, до 4K, звук; можно задать первый и последний кадр.',
      'The newest Kling: 3–15 s, up to 4K, sound; first and last frames optional.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [
      prompt(undefined),
      images('image_urls', 2, { label: LABEL.frames, required: false }),
      choice('mode', LABEL.quality, ['std', 'pro', '4K'], {
        default: 'pro',
        labels: { std: t('Стандарт 720p', 'Standard 720p'), pro: t('Pro 1080p', 'Pro 1080p'), '4K': t('4K', '4K') },
      }),
      duration(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'], '5'),
      aspectRatio(KLING_RATIOS, '16:9'),
      soundToggle,
    ],
    // Single-shot only: the OpenAPI marks the multi-shot arrays required, kie-api.md §8.11 says send [].
    fixed: { multi_shots: false, multi_prompt: [], kling_elements: [] },
    price: priced(['mode', 'sound', 'duration'], kling3Credits),
  }),
  defineModel({
    slug: 'kling-2-5-turbo',
    kieModel: 'kling/v2-5-turbo-text-to-video-pro',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Kling 2.5 Turbo', 'Kling 2.5 Turbo'),
    description: t(
      'Быстрый и недорогой Kling с плавным движением, 5 или 10 с.',
      'Fast, affordable Kling with smooth motion, 5 or 10 s.',
    ),
    inPredecessor: true,
    fields: [prompt(2500), aspectRatio(KLING_RATIOS, '16:9'), duration(['5', '10'], '5')],
    omitted: klingTurboOmitted,
    price: byChoice('duration', { '5': 42, '10': 84 }),
  }),
  defineModel({
    slug: 'kling-2-5-turbo-i2v',
    kieModel: 'kling/v2-5-turbo-image-to-video-pro',
    family: 'market',
    category: 'video',
    kind: 'image-to-video',
    name: t('Kling 2.5 Turbo: оживить фото', 'Kling 2.5 Turbo photo to video'),
    description: t(
      'Оживляет фото; можно добавить финальный кадр, к которому придёт видео.',
      'Animates a photo; optionally add a final frame for the video to end on.',
    ),
    inPredecessor: true,
    fields: [
      image('image_url', { label: LABEL.firstFrame, maxMb: 10 }),
      prompt(2500, { label: LABEL.motionPrompt }),
      image('tail_image_url', { label: LABEL.lastFrame, maxMb: 10, required: false }),
      duration(['5', '10'], '5'),
    ],
    omitted: klingTurboOmitted,
    price: byChoice('duration', { '5': 42, '10': 84 }),
  }),
  defineModel({
    slug: 'kling-2-1-master',
    kieModel: 'kling/v2-1-master-text-to-video',
    family: 'market',
    category: 'video',
    kind: 'text-to-video',
    name: t('Kling 2.1 Master', 'Kling 2.1 Master'),
    description: t(
      'Премиальный Kling 2.1: кинематографичная картинка и сложные сцены.',
      'Premium Kling 2.1: cinematic picture and complex scenes.',
    ),
    inPredecessor: false,
    deadlineMs: 45 * MINUTE_MS,
    fields: [prompt(5000), aspectRatio(KLING_RATIOS, '16:9'), duration(['5', '10'], '5')],
    omitted: klingTurboOmitted,
    price: byChoice('duration', { '5': 160, '10': 320 }),
  }),
  avatarModel('kling-avatar', 'kling/ai-avatar-standard', 8, t('Стандарт', 'Standard'), '720p'),
  avatarModel('kling-avatar-pro', 'kling/ai-avatar-pro', 16, t('Pro', 'Pro'), '1080p'),
]
