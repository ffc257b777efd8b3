import { defineModel } from '../define'
import { aspectRatio, choice, images, integer, prompt } from '../fields'
import { fieldError } from '../messages'
import { LABEL, t } from '../labels'
import { byChoice } from '../pricing'
import type { FieldError, FieldSpec, ModelSpec, Params, WireValue } from '../types'
import { OMIT } from './omit'

/**
 * Midjourney, its own Kie API family (POST /api/v1/mj/generate, GET /api/v1/mj/record-info):
 * text-to-image and image-to-image give 4 images per task, image-to-video one clip
 * (videoBatchSize 1). Fields from docs.kie.ai/mj-api/generate-mj-image and kie.ai/features/mj-api.
 */

const MJ_RATIOS = ['1:1', '1:2', '2:1', '2:3', '3:2', '3:4', '4:3', '5:6', '6:5', '9:16', '16:9']
const MJ_VERSIONS = ['7', '6.1', '6', '5.2', '5.1', 'niji6']

const SPEED_LABELS = {
  fast: t('Быстро', 'Fast'),
  turbo: t('Турбо (быстрее, дороже)', 'Turbo (faster, dearer)'),
}

/**
 * Kie credits per task by speed (README "Price assumptions": no Kie price is published; the highest
 * reseller price for the same fields). "relaxed" has no price anywhere, so it is not offered.
 */
const IMAGE_CREDITS = { fast: 30, turbo: 50 }
/** A Midjourney video job costs about 8 image jobs (README). */
const VIDEO_CREDITS = { fast: 240, turbo: 400 }

const speed = choice('speed', t('Скорость', 'Speed'), ['fast', 'turbo'], { default: 'fast', labels: SPEED_LABELS })
const version = choice('version', LABEL.version, MJ_VERSIONS, {
  default: '7',
  labels: { niji6: t('Niji 6 (аниме)', 'Niji 6 (anime)') },
})

/** Kie's sliders move in steps: stylization 50, weirdness 100, variety 5. */
const STEPS: Readonly<Record<string, number>> = { stylization: 50, weirdness: 100, variety: 5 }

const stylization = integer('stylization', t('Стилизация', 'Stylization'), {
  min: 0,
  max: 1000,
  presets: [0, 100, 250, 500, 1000],
  hint: t(
    '0 — ближе к описанию, 1000 — больше художественности.',
    '0 follows the prompt closely, 1000 is most artistic.',
  ),
})
const weirdness = integer('weirdness', t('Странность', 'Weirdness'), {
  min: 0,
  max: 3000,
  presets: [0, 250, 1000, 3000],
  hint: t('Чем больше, тем необычнее результат.', 'The higher, the stranger the result.'),
})
const variety = integer('variety', t('Разнообразие', 'Variety'), {
  min: 0,
  max: 100,
  presets: [0, 10, 25, 50, 100],
  hint: t('Насколько 4 картинки будут отличаться друг от друга.', 'How much the 4 images differ from each other.'),
})

function stepRules(params: Params): FieldError[] {
  const errors: FieldError[] = []
  for (const [key, step] of Object.entries(STEPS)) {
    const value = params[key]
    if (typeof value === 'number' && value % step !== 0) {
      errors.push(
        fieldError(key, 'invalid_option', {
          ru: `Значение должно быть кратно ${step}.`,
          en: `The value must be a multiple of ${step}.`,
        }),
      )
    }
  }
  return errors
}

const omitted = {
  waterMark: OMIT.watermark,
  ow: 'omni-reference weight; the omni-reference task type is not offered',
}

interface ImageTask {
  slug: string
  taskType: 'mj_txt2img' | 'mj_img2img'
  name: { ru: string; en: string }
  description: { ru: string; en: string }
  first: FieldSpec[]
  extraOmitted?: Record<string, string>
}

function imageTask(task: ImageTask): ModelSpec {
  const fixed: Record<string, WireValue> = { taskType: task.taskType, enableTranslation: true }
  return defineModel({
    slug: task.slug,
    kieModel: 'midjourney',
    catalogModel: 'midjourney (mj_txt2img | mj_img2img)',
    family: 'midjourney',
    category: 'image',
    kind: task.taskType === 'mj_txt2img' ? 'text-to-image' : 'image-to-image',
    name: t(task.name.ru, task.name.en),
    description: t(task.description.ru, task.description.en),
    inPredecessor: false,
    typicalMs: 90_000,
    fields: [
      ...task.first,
      aspectRatio(MJ_RATIOS, '1:1', 'aspectRatio'),
      version,
      speed,
      stylization,
      weirdness,
      variety,
    ],
    // Russian prompts are translated by Kie: Midjourney follows English best.
    fixed,
    omitted: { ...omitted, ...task.extraOmitted },
    price: byChoice('speed', IMAGE_CREDITS),
    rules: stepRules,
  })
}

export const MIDJOURNEY_MODELS: readonly ModelSpec[] = [
  imageTask({
    slug: 'midjourney',
    taskType: 'mj_txt2img',
    name: { ru: 'Midjourney', en: 'Midjourney' },
    description: {
      ru: 'Midjourney V7 и Niji: 4 художественные картинки по описанию за один раз.',
      en: 'Midjourney V7 and Niji: 4 artistic images from a description at once.',
    },
    first: [prompt(2000)],
    extraOmitted: { fileUrls: 'text-to-image takes no image (that is the image-to-image offering)' },
  }),
  imageTask({
    slug: 'midjourney-i2i',
    taskType: 'mj_img2img',
    name: { ru: 'Midjourney: по вашему фото', en: 'Midjourney from your image' },
    description: {
      ru: 'Midjourney берёт ваше фото за основу и делает 4 новые картинки по описанию.',
      en: 'Midjourney takes your image as a base and makes 4 new ones from a description.',
    },
    first: [images('fileUrls', 1, { label: LABEL.sourceImage, maxMb: 10 }), prompt(2000)],
  }),
  defineModel({
    slug: 'midjourney-video',
    kieModel: 'midjourney',
    catalogModel: 'midjourney (mj_video)',
    family: 'midjourney',
    category: 'video',
    kind: 'image-to-video',
    name: t('Midjourney: оживить фото', 'Midjourney photo to video'),
    description: t(
      'Midjourney Video превращает ваше фото в короткий ролик с плавным движением.',
      'Midjourney Video turns your image into a short clip with smooth motion.',
    ),
    inPredecessor: false,
    fields: [
      images('fileUrls', 1, { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(2000, { label: LABEL.motionPrompt }),
      choice('motion', t('Движение', 'Motion'), ['low', 'high'], {
        default: 'low',
        labels: { low: t('Спокойное', 'Calm'), high: t('Активное', 'Lively') },
      }),
      speed,
    ],
    // One clip per task: the price is per task, and Telegram gets one video.
    fixed: { taskType: 'mj_video', videoBatchSize: 1, enableTranslation: true },
    omitted: {
      ...omitted,
      aspectRatio: 'the clip keeps the source image format',
      version: 'video has one model version; the Kie default applies',
      stylization: 'an image-only setting',
      weirdness: 'an image-only setting',
      variety: 'an image-only setting',
    },
    price: byChoice('speed', VIDEO_CREDITS),
  }),
]
