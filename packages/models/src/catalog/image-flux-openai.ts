import { defineModel } from '../define'
import { aspectRatio, choice, image, images, prompt, resolution } from '../fields'
import { LABEL, t } from '../labels'
import { byChoice, flat, numberOf, priced } from '../pricing'
import { fieldError } from '../messages'
import type { FieldError, ModelSpec, Params } from '../types'
import { OMIT } from './omit'

/** Image offerings from Black Forest Labs (FLUX.2, FLUX Kontext) and OpenAI (GPT Image, GPT-4o). */

const FLUX_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3']
const FLUX_FLEX_RATIOS = [...FLUX_RATIOS, 'auto']

const gptQuality = choice('quality', LABEL.quality, ['medium', 'high'], {
  default: 'medium',
  labels: { medium: t('Среднее', 'Medium'), high: t('Высокое', 'High') },
})

export const GPT_IMAGE_2_RATIOS = [
  'auto',
  '1:1',
  '3:2',
  '2:3',
  '4:3',
  '3:4',
  '5:4',
  '4:5',
  '16:9',
  '9:16',
  '2:1',
  '1:2',
  '3:1',
  '1:3',
  '21:9',
  '9:21',
]
/** Kie rejects these ratios at 2K and 4K (catalog priceNote). */
const GPT_IMAGE_2_1K_ONLY_RATIOS = ['5:4', '4:5', '3:1', '1:3', '9:21']

export function gptImage2Rules(params: Params): FieldError[] {
  const ratio = params.aspect_ratio
  if (params.resolution !== '1K' && typeof ratio === 'string' && GPT_IMAGE_2_1K_ONLY_RATIOS.includes(ratio)) {
    return [
      fieldError('aspect_ratio', 'conflict', {
        ru: `Формат ${ratio} доступен только в разрешении 1K.`,
        en: `Aspect ratio ${ratio} is only available at 1K.`,
      }),
    ]
  }
  return []
}

const fluxKontextOmitted = {
  promptUpsampling: OMIT.promptExpansion,
  safetyTolerance: 'the Kie default (2) is valid for both generation and editing',
  enableTranslation: 'the Kie default (on) translates non-English prompts',
  outputFormat: OMIT.outputFormat,
  uploadCn: OMIT.uploadCn,
  watermark: OMIT.watermark,
}

/** OpenAI retired gpt-image-1.5 on this date. */
const GPT_IMAGE_1_5_RETIRED = '2026-12-01'

export const FLUX_OPENAI_IMAGE_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'flux-2-pro',
    kieModel: 'flux-2/pro-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('FLUX.2 Pro', 'FLUX.2 Pro'),
    description: t(
      'FLUX.2 от Black Forest Labs: реалистичные фото и чёткая типографика, 1K или 2K.',
      "Black Forest Labs' FLUX.2: realistic photos and crisp typography, 1K or 2K.",
    ),
    inPredecessor: true,
    fields: [prompt(5000), aspectRatio(FLUX_RATIOS, '1:1'), resolution(['1K', '2K'], '1K')],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: byChoice('resolution', { '1K': 5, '2K': 7 }),
  }),
  defineModel({
    slug: 'flux-2-pro-edit',
    kieModel: 'flux-2/pro-image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-to-image',
    name: t('FLUX.2 Pro: по фото', 'FLUX.2 Pro from photos'),
    description: t(
      'Новое изображение на основе до 8 ваших фото: перенос стиля, объектов и персонажей.',
      'A new image based on up to 8 of your photos: carry over style, objects and characters.',
    ),
    inPredecessor: true,
    fields: [
      images('input_urls', 8, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(5000, { label: LABEL.editPrompt }),
      aspectRatio(FLUX_RATIOS, '1:1'),
      resolution(['1K', '2K'], '1K'),
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: byChoice('resolution', { '1K': 5, '2K': 7 }),
  }),
  defineModel({
    slug: 'flux-2-flex',
    kieModel: 'flux-2/flex-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('FLUX.2 Flex', 'FLUX.2 Flex'),
    description: t(
      'FLUX.2 с упором на точность деталей и текста; дороже Pro, но аккуратнее.',
      'FLUX.2 tuned for fine detail and text; dearer than Pro but more precise.',
    ),
    inPredecessor: true,
    fields: [prompt(5000, { minLength: 3 }), aspectRatio(FLUX_FLEX_RATIOS, '1:1'), resolution(['1K', '2K'], '1K')],
    price: byChoice('resolution', { '1K': 14, '2K': 24 }),
  }),
  defineModel({
    slug: 'flux-2-flex-edit',
    kieModel: 'flux-2/flex-image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-to-image',
    name: t('FLUX.2 Flex: по фото', 'FLUX.2 Flex from photos'),
    description: t(
      'Точное редактирование и комбинирование ваших фото моделью FLUX.2 Flex.',
      'Precise editing and combining of your photos with FLUX.2 Flex.',
    ),
    inPredecessor: true,
    fields: [
      // The catalog gives no count limit; 8 like FLUX.2 Pro (decision).
      images('input_urls', 8, { label: LABEL.sourceImages }),
      prompt(5000, { minLength: 3, label: LABEL.editPrompt }),
      aspectRatio(FLUX_FLEX_RATIOS, '1:1'),
      resolution(['1K', '2K'], '1K'),
    ],
    price: byChoice('resolution', { '1K': 14, '2K': 24 }),
  }),
  defineModel({
    slug: 'gpt-image-1-5',
    kieModel: 'gpt-image/1.5-text-to-image',
    upstreamRetired: GPT_IMAGE_1_5_RETIRED,
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('GPT Image 1.5', 'GPT Image 1.5'),
    description: t(
      'Модель OpenAI: хорошо понимает длинные описания и пишет текст на картинках.',
      "OpenAI's model: understands long prompts and renders text in images well.",
    ),
    inPredecessor: false,
    fields: [prompt(undefined), aspectRatio(['1:1', '2:3', '3:2'], '1:1'), gptQuality],
    price: byChoice('quality', { medium: 4, high: 22 }),
  }),
  defineModel({
    slug: 'gpt-image-1-5-edit',
    kieModel: 'gpt-image/1.5-image-to-image',
    upstreamRetired: GPT_IMAGE_1_5_RETIRED,
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('GPT Image 1.5: редактор', 'GPT Image 1.5 Edit'),
    description: t(
      'Редактирует ваши фото по команде на обычном языке; до 16 фото.',
      'Edits your photos by a plain-language instruction; up to 16 photos.',
    ),
    inPredecessor: false,
    fields: [
      images('input_urls', 16, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(undefined, { label: LABEL.editPrompt }),
      aspectRatio(['1:1', '2:3', '3:2'], '3:2'),
      gptQuality,
    ],
    price: byChoice('quality', { medium: 4, high: 22 }),
  }),
  defineModel({
    slug: 'gpt-image-2',
    kieModel: 'gpt-image-2-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('GPT Image 2', 'GPT Image 2'),
    description: t(
      'Новейшая модель OpenAI: до 4K, точный текст и сложные сцены.',
      "OpenAI's newest image model: up to 4K, accurate text and complex scenes.",
    ),
    inPredecessor: false,
    fields: [
      prompt(20000, { minLength: 1 }),
      resolution(['1K', '2K', '4K'], '1K'),
      aspectRatio(GPT_IMAGE_2_RATIOS, 'auto'),
    ],
    price: byChoice('resolution', { '1K': 6, '2K': 10, '4K': 16 }),
    rules: gptImage2Rules,
  }),
  defineModel({
    slug: 'gpt-4o-image',
    kieModel: 'gpt4o-image',
    // OpenAI retired gpt-image-1, the model behind Kie's 4o Image API.
    upstreamRetired: '2026-10-23',
    catalogModel: 'gpt4o-image (GPT Image 1)',
    family: 'gpt4o-image',
    category: 'image',
    kind: 'text-to-image',
    name: t('GPT-4o Image', 'GPT-4o Image'),
    description: t(
      'Картинки ChatGPT (GPT Image 1): по описанию или по вашим фото, до 4 вариантов.',
      'ChatGPT images (GPT Image 1): from a description or your photos, up to 4 variants.',
    ),
    inPredecessor: false,
    fields: [
      prompt(undefined),
      images('filesUrl', 5, { label: LABEL.referenceImages, required: false }),
      aspectRatio(['1:1', '3:2', '2:3'], '1:1', 'size'),
      choice('nVariants', LABEL.imageCount, [1, 2, 4], { default: 1 }),
    ],
    omitted: {
      fileUrl: 'deprecated single-file alias of filesUrl',
      maskUrl: 'the bot has no mask editor',
      isEnhance: OMIT.promptExpansion,
      uploadCn: OMIT.uploadCn,
      enableFallback: 'a fallback model would be billed differently; off (Kie default)',
      fallbackModel: 'fallback is off',
    },
    // Catalog: 6 credits per image; nVariants multiplies (decision, see README).
    price: priced(['nVariants'], (p) => 6 * numberOf(p, 'nVariants')),
  }),
  defineModel({
    slug: 'flux-kontext-pro',
    kieModel: 'flux-kontext-pro',
    catalogModel: 'flux-kontext-pro | flux-kontext-max',
    family: 'flux-kontext',
    category: 'image',
    kind: 'image-edit',
    name: t('FLUX Kontext Pro', 'FLUX Kontext Pro'),
    description: t(
      'Рисует по описанию или меняет ваше фото по команде, сохраняя лица и детали.',
      'Draws from a description or edits your photo by an instruction, keeping faces and details.',
    ),
    inPredecessor: false,
    fields: [
      prompt(undefined),
      image('inputImage', { label: t('Фото для редактирования', 'Photo to edit'), required: false }),
      aspectRatio(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '16:9', 'aspectRatio'),
    ],
    fixed: { model: 'flux-kontext-pro' },
    omitted: fluxKontextOmitted,
    price: flat(5),
  }),
  defineModel({
    slug: 'flux-kontext-max',
    kieModel: 'flux-kontext-max',
    catalogModel: 'flux-kontext-pro | flux-kontext-max',
    family: 'flux-kontext',
    category: 'image',
    kind: 'image-edit',
    name: t('FLUX Kontext Max', 'FLUX Kontext Max'),
    description: t(
      'Старшая версия Kontext: точнее следует командам и лучше пишет текст.',
      'The top Kontext: follows instructions more closely and renders text better.',
    ),
    inPredecessor: false,
    fields: [
      prompt(undefined),
      image('inputImage', { label: t('Фото для редактирования', 'Photo to edit'), required: false }),
      aspectRatio(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '16:9', 'aspectRatio'),
    ],
    fixed: { model: 'flux-kontext-max' },
    omitted: fluxKontextOmitted,
    price: flat(10),
  }),
]
