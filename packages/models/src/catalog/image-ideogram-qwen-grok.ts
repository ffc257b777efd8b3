import { defineModel } from '../define'
import { aspectRatio, choice, image, images, imageSize, prompt, toggle } from '../fields'
import { LABEL, RENDERING_SPEED_LABELS, t } from '../labels'
import { byChoice, choiceOf, flagOf, flat, lookup, numberOf, priced } from '../pricing'
import type { ModelSpec, Params } from '../types'
import { OMIT } from './omit'

/** Image offerings from Ideogram, Alibaba (Qwen), Z-Image and xAI (Grok Imagine). */

const NAMED_SIZES = ['square', 'square_hd', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3', 'landscape_16_9']

/** Output pixels of the named sizes (fal.ai presets, which Kie's Qwen endpoints use). */
const NAMED_SIZE_PIXELS: Readonly<Record<string, number>> = {
  square: 512 * 512,
  square_hd: 1024 * 1024,
  portrait_4_3: 768 * 1024,
  portrait_16_9: 576 * 1024,
  landscape_4_3: 1024 * 768,
  landscape_16_9: 1024 * 576,
}

/** Qwen bills per megapixel; decision: megapixel = 1024×1024 px, rounded up per image. */
function megapixels(params: Params): number {
  return Math.ceil(lookup(NAMED_SIZE_PIXELS, choiceOf(params, 'image_size')) / (1024 * 1024))
}

const renderingSpeed = choice('rendering_speed', LABEL.renderingSpeed, ['TURBO', 'BALANCED', 'QUALITY'], {
  default: 'BALANCED',
  labels: RENDERING_SPEED_LABELS,
})

export const IDEOGRAM_QWEN_GROK_IMAGE_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'ideogram-3',
    kieModel: 'ideogram/v3-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Ideogram 3', 'Ideogram 3'),
    description: t(
      'Лучшая модель для надписей, логотипов и постеров.',
      'The best model for lettering, logos and posters.',
    ),
    inPredecessor: false,
    fields: [
      prompt(5000),
      renderingSpeed,
      choice('style', LABEL.style, ['AUTO', 'GENERAL', 'REALISTIC', 'DESIGN'], {
        default: 'AUTO',
        labels: {
          AUTO: t('Авто', 'Auto'),
          GENERAL: t('Универсальный', 'General'),
          REALISTIC: t('Реалистичный', 'Realistic'),
          DESIGN: t('Дизайн', 'Design'),
        },
      }),
      imageSize(NAMED_SIZES, 'square_hd'),
    ],
    omitted: { expand_prompt: OMIT.promptExpansion, seed: OMIT.seed, negative_prompt: OMIT.negativePrompt },
    price: byChoice('rendering_speed', { TURBO: 3.5, BALANCED: 7, QUALITY: 10 }),
  }),
  defineModel({
    slug: 'ideogram-character',
    kieModel: 'ideogram/character',
    family: 'market',
    category: 'image',
    kind: 'character-reference',
    name: t('Ideogram Character', 'Ideogram Character'),
    description: t(
      'Один и тот же персонаж по вашему фото в новых сценах и образах.',
      'The same character from your photo in new scenes and looks.',
    ),
    inPredecessor: false,
    fields: [
      // The catalog gives no count limit; Ideogram takes one character reference (decision).
      images('reference_image_urls', 1, { label: t('Фото персонажа', 'Character photo'), maxMb: 10 }),
      prompt(5000, { label: t('Новая сцена', 'New scene') }),
      renderingSpeed,
      choice('style', LABEL.style, ['AUTO', 'REALISTIC', 'FICTION'], {
        default: 'AUTO',
        labels: {
          AUTO: t('Авто', 'Auto'),
          REALISTIC: t('Реалистичный', 'Realistic'),
          FICTION: t('Сказочный', 'Fiction'),
        },
      }),
      choice('num_images', LABEL.imageCount, ['1', '2', '3', '4'], { default: '1' }),
      imageSize(NAMED_SIZES, 'square_hd'),
    ],
    omitted: { expand_prompt: OMIT.promptExpansion, seed: OMIT.seed, negative_prompt: OMIT.negativePrompt },
    price: priced(
      ['rendering_speed', 'num_images'],
      (p) =>
        lookup({ TURBO: 12, BALANCED: 18, QUALITY: 24 }, choiceOf(p, 'rendering_speed')) * numberOf(p, 'num_images'),
    ),
  }),
  defineModel({
    slug: 'qwen-image',
    kieModel: 'qwen/text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Qwen Image', 'Qwen Image'),
    description: t(
      'Модель Alibaba: отлично рисует текст, в том числе кириллицу и иероглифы.',
      "Alibaba's model: great at text in images, including Cyrillic and Chinese.",
    ),
    inPredecessor: false,
    fields: [prompt(5000), imageSize(NAMED_SIZES, 'square_hd')],
    omitted: {
      num_inference_steps: OMIT.tuning,
      guidance_scale: OMIT.tuning,
      acceleration: OMIT.tuning,
      seed: OMIT.seed,
      negative_prompt: OMIT.negativePrompt,
      output_format: OMIT.outputFormat,
      enable_safety_checker: OMIT.safetyChecker,
      nsfw_checker: OMIT.nsfwChecker,
    },
    price: priced(['image_size'], (p) => 4 * megapixels(p)),
  }),
  defineModel({
    slug: 'qwen-image-edit',
    kieModel: 'qwen/image-edit',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Qwen Image: редактор', 'Qwen Image Edit'),
    description: t(
      'Точечно меняет фото по команде: заменить текст, объект, цвет или фон.',
      'Makes targeted photo edits: replace text, an object, a colour or the background.',
    ),
    inPredecessor: false,
    fields: [
      image('image_url', { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(2000, { label: LABEL.editPrompt }),
      imageSize(NAMED_SIZES, 'landscape_4_3'),
      choice('num_images', LABEL.imageCount, ['1', '2', '3', '4'], { default: '1' }),
    ],
    omitted: {
      num_inference_steps: OMIT.tuning,
      guidance_scale: OMIT.tuning,
      acceleration: OMIT.tuning,
      sync_mode: 'results arrive by callback; sync mode is not used',
      seed: OMIT.seed,
      negative_prompt: OMIT.negativePrompt,
      output_format: OMIT.outputFormat,
      enable_safety_checker: OMIT.safetyChecker,
      nsfw_checker: OMIT.nsfwChecker,
    },
    price: priced(['image_size', 'num_images'], (p) => 6 * megapixels(p) * numberOf(p, 'num_images')),
  }),
  defineModel({
    slug: 'z-image',
    kieModel: 'z-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Z-Image', 'Z-Image'),
    description: t(
      'Самая дешёвая генерация: быстрые реалистичные картинки за копейки.',
      'The cheapest generator: quick realistic pictures for pennies.',
    ),
    inPredecessor: true,
    fields: [prompt(1000), aspectRatio(['1:1', '4:3', '3:4', '16:9', '9:16'], '1:1')],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: flat(0.8),
  }),
  defineModel({
    slug: 'grok-image',
    kieModel: 'grok-imagine/text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Grok Imagine', 'Grok Imagine'),
    description: t(
      'Генератор xAI: сразу 6 вариантов картинки (в режиме Pro — 4 более качественных).',
      "xAI's generator: 6 image variants at once (Pro mode: 4 higher-quality ones).",
    ),
    inPredecessor: true,
    fields: [
      prompt(5000),
      aspectRatio(['2:3', '3:2', '1:1', '16:9', '9:16'], '1:1'),
      toggle(
        'enable_pro',
        t('Режим Pro', 'Pro mode'),
        false,
        t('4 изображения лучшего качества', '4 higher-quality images'),
      ),
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    // Catalog: 4 credits per call; priceNote: Pro ("quality") mode $0.025 = 5 credits.
    price: priced(['enable_pro'], (p) => (flagOf(p, 'enable_pro') ? 5 : 4)),
  }),
]
