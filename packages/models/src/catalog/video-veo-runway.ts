import { defineModel } from '../define'
import { aspectRatio, choice, duration, image, images, prompt, resolution } from '../fields'
import { fieldError } from '../messages'
import { LABEL, t } from '../labels'
import { MINUTE_MS } from '../limits'
import { byChoice, choiceOf, lookup, priced } from '../pricing'
import type { FieldError, ModelSpec, Params } from '../types'

/** Google Veo 3.1 (flat Veo API, one offering per body `model`) and Runway Gen-4 Turbo (flat Runway API). */

type VeoGenerationType = 'TEXT_2_VIDEO' | 'FIRST_AND_LAST_FRAMES_2_VIDEO' | 'REFERENCE_2_VIDEO'

const GENERATION_TYPE_LABELS = {
  TEXT_2_VIDEO: t('Только по описанию', 'Text only'),
  FIRST_AND_LAST_FRAMES_2_VIDEO: t('Первый и последний кадр', 'First and last frame'),
  REFERENCE_2_VIDEO: t('По референсам (1–3 фото)', 'From references (1–3 photos)'),
}

function imageCount(params: Params): number {
  return Array.isArray(params.imageUrls) ? params.imageUrls.length : 0
}

/** Without an explicit choice: no image = text, 1–2 = first/last frame, 3 = references. */
function veoGenerationType(params: Params): VeoGenerationType {
  const chosen = params.generationType
  if (chosen === 'TEXT_2_VIDEO' || chosen === 'FIRST_AND_LAST_FRAMES_2_VIDEO' || chosen === 'REFERENCE_2_VIDEO')
    return chosen
  const count = imageCount(params)
  if (count === 0) return 'TEXT_2_VIDEO'
  return count <= 2 ? 'FIRST_AND_LAST_FRAMES_2_VIDEO' : 'REFERENCE_2_VIDEO'
}

/** Kie's Veo rules: frames mode takes 1–2 images; reference mode (Fast and Lite) 1–3 images, 8 s, 16:9 or 9:16. */
function veoRules(params: Params): FieldError[] {
  const type = veoGenerationType(params)
  const count = imageCount(params)
  const errors: FieldError[] = []
  if (type === 'TEXT_2_VIDEO' && count > 0) {
    errors.push(
      fieldError('generationType', 'conflict', {
        ru: 'В режиме «только по описанию» фото не используются: уберите фото или выберите другой режим.',
        en: 'Text-only mode takes no photos: remove them or choose another mode.',
      }),
    )
  }
  if (type !== 'TEXT_2_VIDEO' && count === 0) {
    errors.push(
      fieldError('imageUrls', 'required', { ru: 'Для этого режима пришлите фото.', en: 'This mode needs photos.' }),
    )
  }
  if (type === 'FIRST_AND_LAST_FRAMES_2_VIDEO' && count > 2) {
    errors.push(
      fieldError('imageUrls', 'too_many_files', {
        ru: 'Для режима кадров нужно 1–2 фото: первый и последний кадр.',
        en: 'Frames mode takes 1–2 photos: the first and the last frame.',
      }),
    )
  }
  if (type === 'REFERENCE_2_VIDEO') {
    if (params.aspectRatio === 'Auto') {
      errors.push(
        fieldError('aspectRatio', 'conflict', {
          ru: 'Режим референсов работает только в 16:9 или 9:16.',
          en: 'Reference mode only works in 16:9 or 9:16.',
        }),
      )
    }
    if (params.duration !== undefined && params.duration !== 8) {
      errors.push(
        fieldError('duration', 'conflict', {
          ru: 'Режим референсов делает только видео 8 с.',
          en: 'Reference mode only makes 8 s videos.',
        }),
      )
    }
  }
  return errors
}

interface VeoTier {
  slug: string
  model: 'veo3_fast' | 'veo3' | 'veo3_lite'
  name: string
  description: { ru: string; en: string }
  /** Credits per video by resolution (4K includes Kie's 4K upgrade). */
  credits: Readonly<Record<string, number>>
  deadlineMs?: number
}

function veo(tier: VeoTier): ModelSpec {
  // Kie offers reference-to-video on the Fast and Lite models (kie-catalog-2026), not on Quality.
  const references = tier.model === 'veo3_fast' || tier.model === 'veo3_lite'
  return defineModel({
    slug: tier.slug,
    kieModel: tier.model,
    catalogModel: 'veo3 | veo3_fast | veo3_lite',
    family: 'veo',
    category: 'video',
    kind: 'text-to-video',
    name: t(tier.name, tier.name),
    description: tier.description,
    inPredecessor: false,
    ...(tier.deadlineMs === undefined ? {} : { deadlineMs: tier.deadlineMs }),
    fields: [
      prompt(undefined),
      images('imageUrls', references ? 3 : 2, {
        label: references ? t('Кадры или референсы', 'Frames or references') : LABEL.frames,
        required: false,
        hint: t(
          '1 фото — оживить его, 2 — первый и последний кадр.',
          '1 photo animates it, 2 are the first and last frame.',
        ),
      }),
      ...(references
        ? [
            choice('generationType', LABEL.mode, Object.keys(GENERATION_TYPE_LABELS), {
              labels: GENERATION_TYPE_LABELS,
            }),
          ]
        : []),
      aspectRatio(['16:9', '9:16', 'Auto'], '16:9', 'aspectRatio'),
      resolution(['720p', '1080p', '4k'], '720p'),
      duration([4, 6, 8], 8),
    ],
    // Kie's docs contradict themselves on the default: sent explicitly, on, so Russian prompts are translated.
    fixed: { model: tier.model, enableTranslation: true },
    omitted: {
      seeds: 'reproducible seeds are not offered in the bot',
      watermark: 'no watermark text is added',
      enableFallback: 'the fallback model has other limits and billing; off (Kie default)',
    },
    // Derived unless chosen (the Fast and Lite offerings ask for it).
    derived: {
      keys: ['generationType'],
      compute: (params) => ({ generationType: veoGenerationType(params) }),
    },
    price: byChoice('resolution', tier.credits),
    rules: veoRules,
  })
}

/** Runway: 10-second videos are made in 720p only. */
function runwayRules(params: Params): FieldError[] {
  if (params.duration === 10 && params.quality === '1080p') {
    return [
      fieldError('quality', 'conflict', {
        ru: '1080p доступно только для видео 5 с. Выберите 720p или 5 с.',
        en: '1080p is only available for 5 s videos. Choose 720p or 5 s.',
      }),
    ]
  }
  return []
}

export const VEO_RUNWAY_VIDEO_MODELS: readonly ModelSpec[] = [
  veo({
    slug: 'veo-3-1-fast',
    model: 'veo3_fast',
    name: 'Veo 3.1 Fast',
    description: t(
      'Видео Google со звуком и речью: быстро и выгодно; по тексту, кадрам или референсам.',
      "Google's video with sound and speech, fast and good value; from text, frames or references.",
    ),
    credits: { '720p': 60, '1080p': 65, '4k': 180 },
  }),
  veo({
    slug: 'veo-3-1',
    model: 'veo3',
    name: 'Veo 3.1 Quality',
    description: t(
      'Лучшее качество Veo 3.1: кинематографичное видео со звуком и диалогами.',
      "Veo 3.1's best quality: cinematic video with sound and dialogue.",
    ),
    credits: { '720p': 250, '1080p': 255, '4k': 370 },
    deadlineMs: 45 * MINUTE_MS,
  }),
  veo({
    slug: 'veo-3-1-lite',
    model: 'veo3_lite',
    name: 'Veo 3.1 Lite',
    description: t(
      'Самый доступный Veo 3.1: видео со звуком по тексту, кадрам или референсам.',
      'The most affordable Veo 3.1: video with sound from text, frames or references.',
    ),
    credits: { '720p': 30, '1080p': 35, '4k': 150 },
  }),
  defineModel({
    slug: 'runway-gen4-turbo',
    kieModel: 'runway',
    catalogModel: 'runway (gen-4 turbo)',
    family: 'runway',
    category: 'video',
    kind: 'text-to-video',
    name: t('Runway Gen-4 Turbo', 'Runway Gen-4 Turbo'),
    description: t(
      'Runway: видео 5 или 10 с по описанию или по вашему фото.',
      'Runway: a 5 or 10 s video from a description or your photo.',
    ),
    inPredecessor: false,
    fields: [
      prompt(1800),
      image('imageUrl', { label: LABEL.sourceImage, required: false }),
      aspectRatio(['16:9', '4:3', '1:1', '3:4', '9:16'], '16:9', 'aspectRatio'),
      duration([5, 10], 5),
      resolution(['720p', '1080p'], '720p', 'quality'),
    ],
    // An empty string means no watermark (Runway docs).
    fixed: { waterMark: '' },
    price: priced(['duration', 'quality'], (p) =>
      lookup({ '5-720p': 12, '10-720p': 30, '5-1080p': 30 }, `${choiceOf(p, 'duration')}-${choiceOf(p, 'quality')}`),
    ),
    rules: runwayRules,
  }),
]
