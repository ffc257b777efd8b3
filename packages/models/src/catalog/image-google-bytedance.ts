import { defineModel } from '../define'
import { aspectRatio, choice, images, imageSize, integer, prompt, resolution } from '../fields'
import { LABEL, t } from '../labels'
import { byChoice, flat, numberOf, priced } from '../pricing'
import type { ModelSpec } from '../types'
import { OMIT } from './omit'

/** Image offerings from Google (Nano Banana, Imagen 4) and ByteDance (Seedream). */

const NANO_BANANA_RATIOS = ['1:1', '9:16', '16:9', '3:4', '4:3', '3:2', '2:3', '5:4', '4:5', '21:9', 'auto']
const IMAGEN_RATIOS = ['1:1', '16:9', '9:16', '3:4', '4:3', 'auto']
export const SEEDREAM_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '2:3', '3:2', '21:9']
const SEEDREAM_V4_SIZES = [
  'square',
  'square_hd',
  'portrait_4_3',
  'portrait_3_2',
  'portrait_16_9',
  'landscape_4_3',
  'landscape_3_2',
  'landscape_16_9',
  'landscape_21_9',
]
const K_RESOLUTIONS = ['1K', '2K', '4K']

export const seedreamQuality = choice('quality', LABEL.quality, ['basic', 'high'], {
  default: 'basic',
  labels: { basic: t('Стандарт (2K)', 'Standard (2K)'), high: t('Высокое (4K)', 'High (4K)') },
})

const seedreamV4Count = integer('max_images', LABEL.imageCount, { min: 1, max: 6, default: 1, presets: [1, 2, 4, 6] })

/** Seedream v4: 5 credits per requested image (the June estimate, confirmed by Kie's 2026-10-03 reading). */
const SEEDREAM_V4_CREDITS_PER_IMAGE = 5

const imagenOmitted = { negative_prompt: OMIT.negativePrompt, seed: OMIT.seed }

export const GOOGLE_BYTEDANCE_IMAGE_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'nano-banana',
    kieModel: 'google/nano-banana',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Nano Banana', 'Nano Banana'),
    description: t(
      'Быстрая и недорогая генерация картинок от Google по текстовому описанию.',
      "Google's fast, low-cost image generator: a picture from a text description.",
    ),
    inPredecessor: true,
    fields: [prompt(5000), aspectRatio(NANO_BANANA_RATIOS, '1:1')],
    omitted: { output_format: OMIT.outputFormat, image_size: OMIT.aspectAlias },
    price: flat(4),
  }),
  defineModel({
    slug: 'nano-banana-edit',
    kieModel: 'google/nano-banana-edit',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Nano Banana: редактор', 'Nano Banana Edit'),
    description: t(
      'Меняет ваши фото по текстовой команде: фон, одежда, объекты, стиль; до 10 фото сразу.',
      'Edits your photos by a text instruction: background, clothes, objects, style; up to 10 photos.',
    ),
    inPredecessor: true,
    fields: [
      images('image_urls', 10, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(5000, { label: LABEL.editPrompt }),
      aspectRatio(NANO_BANANA_RATIOS, '1:1'),
    ],
    omitted: { output_format: OMIT.outputFormat, image_size: OMIT.aspectAlias },
    price: flat(4),
  }),
  defineModel({
    slug: 'nano-banana-pro',
    kieModel: 'nano-banana-pro',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Nano Banana Pro', 'Nano Banana Pro'),
    description: t(
      'Флагман Google: точный текст на картинках, до 4K, можно добавить до 8 фото-референсов.',
      "Google's flagship: accurate text in images, up to 4K, optionally up to 8 reference photos.",
    ),
    inPredecessor: true,
    fields: [
      prompt(10000),
      images('image_input', 8, { label: LABEL.referenceImages, maxMb: 30, required: false }),
      aspectRatio(['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9', 'auto'], '1:1'),
      resolution(K_RESOLUTIONS, '1K'),
    ],
    omitted: { output_format: OMIT.outputFormat },
    price: byChoice('resolution', { '1K': 18, '2K': 18, '4K': 24 }),
  }),
  defineModel({
    slug: 'nano-banana-2',
    kieModel: 'nano-banana-2',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Nano Banana 2', 'Nano Banana 2'),
    description: t(
      'Новая Nano Banana: быстрее Pro, до 4K, экстремальные форматы и до 14 фото-референсов.',
      'The new Nano Banana: faster than Pro, up to 4K, extreme aspect ratios, up to 14 reference photos.',
    ),
    inPredecessor: false,
    fields: [
      prompt(20000),
      images('image_input', 14, { label: LABEL.referenceImages, maxMb: 30, required: false }),
      aspectRatio(
        ['auto', '1:1', '1:4', '16:9', '1:8', '21:9', '2:3', '3:2', '3:4', '4:1', '4:3', '4:5', '5:4', '8:1', '9:16'],
        'auto',
      ),
      resolution(K_RESOLUTIONS, '1K'),
    ],
    omitted: { output_format: OMIT.outputFormat },
    price: byChoice('resolution', { '1K': 8, '2K': 12, '4K': 18 }),
  }),
  defineModel({
    slug: 'imagen4',
    kieModel: 'google/imagen4',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Imagen 4', 'Imagen 4'),
    description: t(
      'Фотореалистичные изображения от Google с хорошей детализацией и светом.',
      "Google's photorealistic image model with fine detail and lighting.",
    ),
    inPredecessor: true,
    fields: [prompt(5000), aspectRatio(IMAGEN_RATIOS, '1:1')],
    omitted: imagenOmitted,
    price: flat(8),
  }),
  defineModel({
    slug: 'imagen4-fast',
    kieModel: 'google/imagen4-fast',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Imagen 4 Fast', 'Imagen 4 Fast'),
    description: t(
      'Быстрая и дешёвая версия Imagen 4 для черновиков и идей.',
      'The quick, cheap Imagen 4 for drafts and ideas.',
    ),
    inPredecessor: true,
    fields: [prompt(5000), aspectRatio(IMAGEN_RATIOS, '16:9')],
    omitted: imagenOmitted,
    price: flat(4),
  }),
  defineModel({
    slug: 'imagen4-ultra',
    kieModel: 'google/imagen4-ultra',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Imagen 4 Ultra', 'Imagen 4 Ultra'),
    description: t(
      'Самая точная версия Imagen 4: лучше следует сложным описаниям.',
      'The most precise Imagen 4: follows complex prompts best.',
    ),
    inPredecessor: true,
    fields: [prompt(5000), aspectRatio(IMAGEN_RATIOS, '1:1')],
    omitted: imagenOmitted,
    price: flat(12),
  }),
  defineModel({
    slug: 'seedream-4-5',
    kieModel: 'seedream/4.5-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Seedream 4.5', 'Seedream 4.5'),
    description: t(
      'Модель ByteDance: яркие детальные картинки в 2K или 4K по одной цене.',
      "ByteDance's model: vivid, detailed pictures in 2K or 4K at one price.",
    ),
    inPredecessor: true,
    fields: [prompt(3000), aspectRatio(SEEDREAM_RATIOS, '1:1'), seedreamQuality],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: flat(6.5),
  }),
  defineModel({
    slug: 'seedream-4-5-edit',
    kieModel: 'seedream/4.5-edit',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Seedream 4.5: редактор', 'Seedream 4.5 Edit'),
    description: t(
      'Редактирует и объединяет до 14 ваших фото по текстовой команде.',
      'Edits and combines up to 14 of your photos by a text instruction.',
    ),
    inPredecessor: true,
    fields: [
      images('image_urls', 14, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(3000, { label: LABEL.editPrompt }),
      aspectRatio(SEEDREAM_RATIOS, '1:1'),
      seedreamQuality,
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: flat(6.5),
  }),
  defineModel({
    slug: 'seedream-5-lite',
    kieModel: 'seedream/5-lite-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Seedream 5 Lite', 'Seedream 5 Lite'),
    description: t(
      'Новое поколение Seedream в лёгкой версии: качественно и недорого.',
      'The new Seedream generation, light edition: good quality at a low price.',
    ),
    inPredecessor: false,
    fields: [prompt(3000), aspectRatio(SEEDREAM_RATIOS, '1:1'), seedreamQuality],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: flat(5.5),
  }),
  defineModel({
    slug: 'seedream-4',
    kieModel: 'bytedance/seedream-v4-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Seedream 4', 'Seedream 4'),
    description: t(
      'Предыдущая Seedream: до 6 вариантов за раз, разрешение до 4K.',
      'The previous Seedream: up to 6 variants at once, up to 4K.',
    ),
    inPredecessor: false,
    fields: [
      prompt(5000),
      imageSize(SEEDREAM_V4_SIZES, 'square_hd'),
      resolution(K_RESOLUTIONS, '1K', 'image_resolution'),
      seedreamV4Count,
    ],
    omitted: { seed: OMIT.seed, nsfw_checker: OMIT.nsfwChecker },
    price: priced(['max_images'], (p) => SEEDREAM_V4_CREDITS_PER_IMAGE * numberOf(p, 'max_images')),
  }),
  defineModel({
    slug: 'seedream-4-edit',
    kieModel: 'bytedance/seedream-v4-edit',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Seedream 4: редактор', 'Seedream 4 Edit'),
    description: t(
      'Редактирует до 10 ваших фото по команде, до 6 вариантов результата.',
      'Edits up to 10 of your photos by an instruction, up to 6 result variants.',
    ),
    inPredecessor: false,
    fields: [
      images('image_urls', 10, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(5000, { label: LABEL.editPrompt }),
      imageSize(SEEDREAM_V4_SIZES, 'square_hd'),
      resolution(K_RESOLUTIONS, '1K', 'image_resolution'),
      seedreamV4Count,
    ],
    omitted: { seed: OMIT.seed, nsfw_checker: OMIT.nsfwChecker },
    price: priced(['max_images'], (p) => SEEDREAM_V4_CREDITS_PER_IMAGE * numberOf(p, 'max_images')),
  }),
]
