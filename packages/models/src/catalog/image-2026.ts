import { defineModel } from '../define'
import { aspectRatio, choice, images, prompt, resolution } from '../fields'
import { LABEL, t } from '../labels'
import { byChoice, choiceOf, flat, lookup, priced } from '../pricing'
import type { ModelSpec } from '../types'
import { GPT_IMAGE_2_RATIOS, gptImage2Rules } from './image-flux-openai'
import { SEEDREAM_RATIOS, seedreamQuality } from './image-google-bytedance'
import { OMIT } from './omit'

/** Image offerings added in the late-2026 registry update (edits of models already sold). */

/** Seedream 5 Pro: basic is 1K, high 2K (README: 7 / 14 credits per image). */
const SEEDREAM_PRO_CREDITS = { basic: 7, high: 14 }
const seedreamProQuality = choice('quality', LABEL.quality, ['basic', 'high'], {
  default: 'basic',
  labels: { basic: t('Стандарт (1K)', 'Standard (1K)'), high: t('Высокое (2K)', 'High (2K)') },
})

/** Seedream 5 Flash: one price at every size (kie.ai: 3.24 credits per image). */
const flashSize = choice('size', LABEL.resolution, ['1K', '1.5K', '2K'], { default: '1K' })
const flashOmitted = { output_format: OMIT.outputFormat, nsfw_checker: OMIT.nsfwChecker }

export const IMAGE_2026_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'seedream-5-flash',
    kieModel: 'seedream/5-flash-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Seedream 5 Flash', 'Seedream 5 Flash'),
    description: t(
      'Самая быстрая и дешёвая Seedream 5: картинка до 2K по описанию.',
      'The fastest, cheapest Seedream 5: an image up to 2K from a description.',
    ),
    inPredecessor: false,
    fields: [prompt(5000), aspectRatio(SEEDREAM_RATIOS, '1:1'), flashSize],
    omitted: flashOmitted,
    price: flat(3.24),
  }),
  defineModel({
    slug: 'seedream-5-flash-edit',
    kieModel: 'seedream/5-flash-image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Seedream 5 Flash: редактор', 'Seedream 5 Flash Edit'),
    description: t(
      'Быстро меняет ваши фото по описанию; до 10 фото, до 2K.',
      'Quickly changes your photos by a description; up to 10 photos, up to 2K.',
    ),
    inPredecessor: false,
    fields: [
      images('image_urls', 10, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(5000, { label: LABEL.editPrompt }),
      aspectRatio(SEEDREAM_RATIOS, '1:1'),
      flashSize,
    ],
    omitted: flashOmitted,
    price: flat(3.24),
  }),
  defineModel({
    slug: 'gpt-image-2-edit',
    kieModel: 'gpt-image-2-image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('GPT Image 2: редактор', 'GPT Image 2 Edit'),
    description: t(
      'Новейшая модель OpenAI правит ваши фото по команде: до 16 фото, до 4K.',
      "OpenAI's newest model edits your photos by an instruction: up to 16 photos, up to 4K.",
    ),
    inPredecessor: false,
    fields: [
      images('input_urls', 16, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(20000, { minLength: 1, label: LABEL.editPrompt }),
      resolution(['1K', '2K', '4K'], '1K'),
      aspectRatio(GPT_IMAGE_2_RATIOS, 'auto'),
    ],
    // One price table for both GPT Image 2 modes (README).
    price: byChoice('resolution', { '1K': 6, '2K': 10, '4K': 16 }),
    rules: gptImage2Rules,
  }),
  defineModel({
    slug: 'seedream-5-lite-edit',
    kieModel: 'seedream/5-lite-image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Seedream 5 Lite: редактор', 'Seedream 5 Lite Edit'),
    description: t(
      'Seedream 5 Lite меняет ваши фото по описанию; можно прислать до 14 референсов.',
      'Seedream 5 Lite changes your photos by a description; up to 14 references.',
    ),
    inPredecessor: false,
    fields: [
      images('image_urls', 14, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(3000, { label: LABEL.editPrompt }),
      aspectRatio(SEEDREAM_RATIOS, '1:1'),
      seedreamQuality,
    ],
    omitted: { nsfw_checker: OMIT.nsfwChecker },
    price: flat(5.5),
  }),
  defineModel({
    slug: 'seedream-5-pro',
    kieModel: 'seedream/5-pro-text-to-image',
    family: 'market',
    category: 'image',
    kind: 'text-to-image',
    name: t('Seedream 5 Pro', 'Seedream 5 Pro'),
    description: t(
      'Старшая Seedream 5: фотореалистичные картинки и точный текст по описанию.',
      'The top Seedream 5: photorealistic images and accurate text from a description.',
    ),
    inPredecessor: false,
    fields: [prompt(5000, { minLength: 3 }), aspectRatio(SEEDREAM_RATIOS, '1:1'), seedreamProQuality],
    omitted: { output_format: OMIT.outputFormat, nsfw_checker: OMIT.nsfwChecker },
    price: byChoice('quality', SEEDREAM_PRO_CREDITS),
  }),
  defineModel({
    slug: 'seedream-5-pro-edit',
    kieModel: 'seedream/5-pro-image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Seedream 5 Pro: редактор', 'Seedream 5 Pro Edit'),
    description: t(
      'Старшая Seedream 5 меняет ваши фото по описанию: до 10 фото, 1K или 2K.',
      'The top Seedream 5 changes your photos by a description: up to 10 photos, 1K or 2K.',
    ),
    inPredecessor: false,
    fields: [
      images('image_urls', 10, { label: LABEL.sourceImages, maxMb: 10 }),
      prompt(5000, { minLength: 3, label: LABEL.editPrompt }),
      aspectRatio(SEEDREAM_RATIOS, '1:1'),
      seedreamProQuality,
    ],
    omitted: { output_format: OMIT.outputFormat, nsfw_checker: OMIT.nsfwChecker },
    // The text-to-image price plus 0.5 credits per input image (README).
    price: priced(
      ['quality', 'image_urls'],
      (p) =>
        lookup(SEEDREAM_PRO_CREDITS, choiceOf(p, 'quality')) +
        0.5 * (Array.isArray(p.image_urls) ? p.image_urls.length : 1),
    ),
  }),
  defineModel({
    slug: 'grok-image-edit',
    kieModel: 'grok-imagine/image-to-image',
    family: 'market',
    category: 'image',
    kind: 'image-edit',
    name: t('Grok Imagine: по вашему фото', 'Grok Imagine from your photo'),
    description: t(
      'Генератор xAI переделывает ваше фото по описанию: новый стиль, сцена или детали.',
      "xAI's generator reworks your photo by a description: a new style, scene or details.",
    ),
    inPredecessor: false,
    fields: [
      images('image_urls', 1, { label: LABEL.sourceImage, maxMb: 10 }),
      prompt(5000, { label: LABEL.editPrompt }),
    ],
    // No Kie price found: the higher Grok Imagine image price (README).
    price: flat(5),
  }),
]
