import { createHash } from 'node:crypto'
import type { Generation } from '@kiebot/db'
import { askedFields, getModel, promptField, validateParams, type Params } from '@kiebot/models'
import { enqueueTelegram, resendJobId } from '@kiebot/jobs'
import type { BotContext } from '../bot/context'
import { escapeHtml } from '../bot/html'
import { show } from '../bot/show'
import { mainMenu } from '../screens/main'
import { formatRub } from '../screens/format'
import { confirmDraft } from './generations'
import { capTexts, showStep } from './wizard'

/**
 * Opens a model's wizard with optional values already filled. `atConfirmation`
 * jumps straight to the price (the fields keep their defaults) when nothing
 * required is missing; otherwise the first missing field is asked.
 */
export async function startWizard(ctx: BotContext, slug: string, prefill: Params, options: { atConfirmation?: boolean } = {}): Promise<void> {
  const model = getModel(slug)
  if (!model) {
    await show(ctx, { text: ctx.t('model.unknown', { slug: escapeHtml(slug.slice(0, 40)) }), keyboard: mainMenu(ctx).keyboard }, { newMessage: !ctx.callbackQuery })
    return
  }
  const availability = await ctx.deps.prices.availabilityOf(model.slug)
  if (availability !== 'offered') {
    await show(ctx, { text: ctx.t(availability === 'withdrawn' ? 'model.withdrawn' : 'model.disabled'), keyboard: mainMenu(ctx).keyboard }, { newMessage: !ctx.callbackQuery })
    return
  }
  const fields = askedFields(model)
  let field = 0
  if (options.atConfirmation) {
    const missing = fields.findIndex((f) => f.required && f.default === undefined && prefill[f.key] === undefined)
    field = missing >= 0 ? missing : fields.length
  }
  const { params, shortened } = capTexts(model, prefill)
  const draft = await ctx.deps.drafts.create({ userId: ctx.user.id.toString(), chatId: String(ctx.chat?.id ?? ctx.user.id), slug: model.slug, params, field })
  const limit = shortened.length > 0 ? fields.find((f) => f.key === shortened[0] && f.type === 'text') : undefined
  const note = limit?.type === 'text' ? ctx.t('wizard.text_shortened', { max: limit.maxLength ?? 0 }) : undefined
  await showStep(ctx, draft, { newMessage: !ctx.callbackQuery, ...(note && { note }) })
}

/** `/gen <model> <prompt>`: straight to the price confirmation with default parameters. */
export async function generateFromCommand(ctx: BotContext, args: string): Promise<void> {
  const match = /^\s*(\S+)\s+([\s\S]+)$/.exec(args)
  if (!match) {
    await ctx.reply(ctx.t('gen.usage'), { parse_mode: 'HTML' })
    return
  }
  const slug = match[1]!.toLowerCase()
  const model = getModel(slug)
  const prompt = model ? promptField(model) : undefined
  if (model && !prompt) {
    await ctx.reply(ctx.t('gen.needs_more'))
    return startWizard(ctx, slug, {})
  }
  return startWizard(ctx, slug, prompt ? { [prompt.key]: match[2]!.trim() } : {}, { atConfirmation: true })
}

/** Repeat: the same model and parameters, at today's price. */
export async function repeatGeneration(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id) {
    await show(ctx, { text: ctx.t('history.no_result'), keyboard: mainMenu(ctx).keyboard })
    return
  }
  await startWizard(ctx, generation.modelId, (generation.params ?? {}) as Params, { atConfirmation: true })
}

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
  if (!generation || !model || generation.userId !== ctx.user.id || generation.failureCode !== 'price_rechecked' || !isRecord(measured) || generation.measuredPriceKopecks === null) {
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
  if (quote.kopecks !== generation.measuredPriceKopecks) return showStep(ctx, draft, { note: ctx.t('confirm.price_changed', { price: formatRub(quote.kopecks, ctx.lang) }) })
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

/**
 * Sends a finished result again: the worker's delivery queue does it (one module sends
 * results, every send paced), by the stored Telegram file ids (they work after Kie's links
 * expire) and as Kie's link for an item Telegram never accepted (an undelivered result).
 */
export async function resendResult(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id || !hasResult(generation)) {
    await ctx.reply(ctx.t('history.no_result'))
    return
  }
  const chatId = String(ctx.chat?.id ?? generation.chatId)
  await enqueueTelegram(ctx.deps.queues.telegram, { kind: 'resend', generationId, chatId }, { jobId: resendJobId(generationId, ctx.update.update_id) })
}

/** A succeeded generation with something to send (sent files, or results Telegram refused). */
export function hasResult(generation: Pick<Generation, 'status' | 'telegramFileIds' | 'resultUrls'>): boolean {
  return generation.status === 'succeeded' && (generation.telegramFileIds.length > 0 || generation.resultUrls.length > 0)
}
