import { defineModel } from '../define'
import { choice, image, measuredLongSide } from '../fields'
import { LABEL, t, timesLabels } from '../labels'
import { MINUTE_MS } from '../limits'
import { flat, numberOf, priced } from '../pricing'
import type { ModelSpec, Params } from '../types'

/** Image tools: background removal and upscalers. */

const TOPAZ_FACTORS = ['1', '2', '4', '8']

/**
 * Topaz bills by output size: up to 2K 10, up to 4K 20, above 40 credits. The output long side
 * is the input's times the factor, so the caller passes the input's long side; unknown size is
 * assumed 8192 px, which always bills the top tier (decision, README).
 */
function topazCredits(params: Params): number {
  const outputLongSide = numberOf(params, 'image_long_side') * numberOf(params, 'upscale_factor')
  if (outputLongSide <= 2048) return 10
  if (outputLongSide <= 4096) return 20
  return 40
}

export const IMAGE_TOOL_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'recraft-remove-bg',
    kieModel: 'recraft/remove-background',
    family: 'market',
    category: 'image',
    kind: 'background-removal',
    name: t('Удаление фона', 'Background remover'),
    description: t(
      'Recraft вырезает объект и убирает фон: готовый PNG с прозрачностью.',
      'Recraft cuts out the subject and removes the background: a ready transparent PNG.',
    ),
    inPredecessor: true,
    fields: [image('image', { label: LABEL.sourceImage, maxMb: 5 })],
    price: flat(1),
  }),
  defineModel({
    slug: 'recraft-upscale',
    kieModel: 'recraft/crisp-upscale',
    family: 'market',
    category: 'image',
    kind: 'image-upscale',
    name: t('Recraft: чёткое увеличение', 'Recraft Crisp Upscale'),
    description: t(
      'Увеличивает фото и делает его резче — самый дешёвый апскейл.',
      'Enlarges a photo and sharpens it: the cheapest upscaler.',
    ),
    inPredecessor: false,
    fields: [image('image', { label: LABEL.sourceImage, maxMb: 10 })],
    price: flat(0.5),
  }),
  defineModel({
    slug: 'topaz-image-upscale',
    kieModel: 'topaz/image-upscale',
    family: 'market',
    category: 'image',
    kind: 'image-upscale',
    name: t('Topaz: увеличение фото', 'Topaz Image Upscale'),
    description: t(
      'Профессиональное увеличение фото Topaz до 8 раз с восстановлением деталей.',
      'Professional Topaz upscaling up to 8x with detail recovery.',
    ),
    inPredecessor: true,
    deadlineMs: 15 * MINUTE_MS,
    fields: [
      image('image_url', { label: LABEL.sourceImage, maxMb: 10 }),
      choice('upscale_factor', LABEL.upscaleFactor, TOPAZ_FACTORS, {
        default: '2',
        labels: timesLabels(TOPAZ_FACTORS),
      }),
      measuredLongSide('image_long_side', 'image_url', 8192),
    ],
    price: priced(['upscale_factor', 'image_long_side'], topazCredits),
  }),
]
