import { createHash } from 'node:crypto'
import { askedFields, getModel, validateParams, type Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { formatRub, mainMenu, show, toast } from '../../ui'
import { showStep } from '../wizard'
import { confirmDraft } from './confirm'

/**
 * "Run for N ₽" under a generation the worker refunded because its file costs more than
 * the reservation (it was longer or larger than Telegram said): the same model, settings
 * and file, with the measured values, charged at the measured price if that is still
 * today's price (else the confirmation shows the new one). The follow-up's generation id
 * is derived from the refunded one, so however often the button is pressed it runs once.
 */
export async function confirmMeasuredPrice(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  const model = generation ? getModel(generation.modelId) : undefined
  const measured = generation?.measured
  if (
    !generation ||
    !model ||
    generation.userId !== ctx.user.id ||
    generation.failureCode !== 'price_rechecked' ||
    !isRecord(measured) ||
    generation.measuredPriceKopecks === null
  ) {
    await toast(ctx, ctx.t('measured.offer_gone'))
    await show(ctx, { text: ctx.t('measured.offer_gone'), keyboard: mainMenu(ctx).keyboard })
    return
  }
  if (!(await ctx.deps.prices.isOffered(model.slug))) {
    await show(ctx, { text: ctx.t('model.disabled'), keyboard: mainMenu(ctx).keyboard })
    return
  }
  const params = { ...((generation.params ?? {}) as Params), ...(measured as Params) }
  const draft = await ctx.deps.drafts.create({
    userId: ctx.user.id.toString(),
    chatId: generation.chatId.toString(),
    slug: model.slug,
    params,
    field: askedFields(model).length,
    generationId: followUpGenerationId(generation.id),
  })
  const checked = validateParams(model, params, { telegramFiles: true })
  if (!checked.ok) return showStep(ctx, draft)
  const quote = await ctx.deps.prices.quote(model, checked.params)
  if (quote.kopecks !== generation.measuredPriceKopecks)
    return showStep(ctx, draft, { note: ctx.t('confirm.price_changed', { price: formatRub(quote.kopecks, ctx.lang) }) })
  draft.shownKopecks = quote.kopecks
  await ctx.deps.drafts.save(draft)
  await confirmDraft(ctx, draft)
}

/** A UUID derived from another one: the same input gives the same id. */
export function followUpGenerationId(generationId: string): string {
  const hex = createHash('sha256').update(`measured-follow-up:${generationId}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
