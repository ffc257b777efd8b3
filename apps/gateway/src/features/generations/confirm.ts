import {
  cancelQueuedGeneration,
  enqueueFromOutbox,
  MoneyError,
  readGeneration,
  rememberModelChoice,
  reserveFunds,
} from '@kiebot/db'
import { callbackData as cb, enqueueGeneration as addGenerationJob, enqueueTelegram, statusJobId } from '@kiebot/jobs'
import { askedFields, chosenOptions, validateParams, type Params } from '@kiebot/models'
import { queuedStatus, renderStatus } from '@kiebot/telegram'
import type { BotContext, Deps } from '../../bot/context'
import { setCurrentModel } from '../../state/current-model'
import type { Draft } from '../../state/drafts'
import { button, formatRub, show, toast } from '../../ui'
import { modelOf, showStep, unownedTaskField } from '../wizard'

/**
 * Adds the generation's job (jobId = generation id: a second add while it exists is a no-op) and
 * marks the row enqueued. When Redis is down the row keeps enqueued_at = null and
 * the worker's sweeper enqueues it later: a confirmed generation is never lost.
 */
export async function enqueueGeneration(deps: Deps, generationId: string): Promise<boolean> {
  try {
    await enqueueFromOutbox(deps.db, [generationId], (id) => addGenerationJob(deps.queues.generation, id))
    return true
  } catch (error) {
    deps.metrics.enqueueFailures.inc()
    deps.logger.warn('could not enqueue generation; the sweeper will', { generationId, error })
    return false
  }
}

/**
 * Confirm: charges exactly the price shown (re-quoted now; if it moved, the new price
 * is shown and nothing is charged), reserves it with the generation row in one
 * transaction, turns the confirmation message into the status message, enqueues.
 * `auto`: run without asking ("don't ask up to N ₽"): `statusMessageId` is the message sent
 * for it, which becomes the status message, and `note` is added under the queued text.
 */
export async function confirmDraft(
  ctx: BotContext,
  draft: Draft,
  auto?: { statusMessageId: number; note: string },
): Promise<void> {
  const model = modelOf(draft)
  // An admin may have turned the model off, or the catalog sync hidden it, since the draft was opened: nothing is charged.
  const availability = await ctx.deps.prices.availabilityNow(model.slug)
  if (availability !== 'offered') {
    await ctx.deps.drafts.discard(draft)
    await show(ctx, {
      text: ctx.t(availability === 'withdrawn' ? 'model.withdrawn' : 'model.disabled'),
      keyboard: [[button(ctx.t('btn.menu'), cb.menu())]],
    })
    return
  }
  const checked = validateParams(model, draft.params, { telegramFiles: true })
  if (!checked.ok) return showStep(ctx, draft)
  // A field naming an earlier Kie task must name one of the user's own (never charged, never sent to Kie otherwise).
  const unowned = await unownedTaskField(ctx, model, checked.params)
  if (unowned) {
    const { [unowned.key]: _dropped, ...rest } = draft.params
    draft.params = rest
    draft.field = Math.max(
      0,
      askedFields(model).findIndex((f) => f.key === unowned.key),
    )
    draft.shownKopecks = undefined
    await ctx.deps.drafts.save(draft)
    return showStep(ctx, draft, { error: ctx.t('wizard.task_not_yours') })
  }
  const quote = await ctx.deps.prices.quote(model, checked.params)
  if (quote.kopecks !== draft.shownKopecks) {
    return showStep(ctx, draft, { note: ctx.t('confirm.price_changed', { price: formatRub(quote.kopecks, ctx.lang) }) })
  }
  // The confirmation message becomes the status message (written with the row); the job is
  // enqueued before it is edited, so a failed edit (the worker edits it again later) delays nothing.
  const statusMessageId = auto?.statusMessageId ?? ctx.callbackQuery?.message?.message_id
  try {
    const reserved = await reserveFunds(ctx.deps.db, {
      generationId: draft.generationId,
      userId: ctx.user.id,
      chatId: BigInt(draft.chatId),
      modelId: model.slug,
      params: checked.params as Params as never,
      price: quote,
      deadlineAt: new Date(Date.now() + model.deadlineMs),
      statusMessageId,
      maxActive: ctx.deps.config.MAX_ACTIVE_GENERATIONS,
    })
    ctx.user.balanceKopecks = reserved.balanceAfter
    await ctx.deps.drafts.discard(draft)
    // a repeated Confirm: the first one did the rest
    if (reserved.duplicate) return void (await toast(ctx, ctx.t('toast.already_paid')))
  } catch (error) {
    if (error instanceof MoneyError && error.code === 'insufficient_funds') {
      ctx.user = await ctx.deps.db.user.findUniqueOrThrow({ where: { id: ctx.user.id } })
      return showStep(ctx, draft)
    }
    if (error instanceof MoneyError && error.code === 'too_many_active_generations') {
      await ctx.reply(ctx.t('error.too_many_active_generations', { count: ctx.deps.config.MAX_ACTIVE_GENERATIONS }))
      return
    }
    throw error
  }
  await enqueueGeneration(ctx.deps, draft.generationId)
  // The model is now the user's current one, with the options it ran with (a typed prompt reuses
  // them), while "queued" is shown. The money is reserved already: a failure here costs the
  // memory, never the run.
  const remembered = rememberModelChoice(ctx.deps.db, ctx.user.id, model.slug, chosenOptions(model, draft.params))
    .then(() => setCurrentModel(ctx, model.slug))
    .catch((error: unknown) =>
      ctx.deps.logger.warn('could not remember the options run', { generationId: draft.generationId, error }),
    )
  const generation = { id: draft.generationId, modelId: model.slug, priceKopecks: quote.kopecks }
  const shown = showQueued(ctx, draft.chatId, generation, auto).catch((error: unknown) => {
    ctx.deps.logger.warn('could not show the queued status; the worker updates it', {
      generationId: draft.generationId,
      error,
    })
    return false
  })
  const [, queuedShown] = await Promise.all([remembered, shown])
  if (queuedShown === false) return
  // A fast generation (or a slow reply) can end before "queued" is shown: then the worker's
  // last word was covered by ours, and it renders the message again from the row.
  const now = await readGeneration(ctx.deps.db, draft.generationId)
  if (now && now.status !== 'queued')
    await enqueueTelegram(
      ctx.deps.queues.telegram,
      { kind: 'status', generationId: draft.generationId, force: true },
      { jobId: statusJobId(draft.generationId, 'after-confirm') },
    ).catch((error: unknown) =>
      ctx.deps.logger.warn('could not ask for the status again', { generationId: draft.generationId, error }),
    )
}

/** "Queued" on the confirmation message (`auto`: on the message sent for it, with its note). */
async function showQueued(
  ctx: BotContext,
  chatId: number | string,
  generation: { id: string; modelId: string; priceKopecks: number },
  auto?: { statusMessageId: number; note: string },
): Promise<void> {
  // the same "queued" text the worker renders from the row
  const queued = queuedStatus(generation, ctx.lang)
  if (!auto) return void (await show(ctx, queued))
  await ctx.telegram.editMessageText(chatId, auto.statusMessageId, undefined, `${queued.text}\n\n${auto.note}`, {
    parse_mode: 'HTML',
    reply_markup: { inline_keyboard: queued.keyboard },
  })
}

/** Cancels a generation still queued (not yet sent to Kie) and refunds it once. */
export async function cancelGeneration(
  ctx: BotContext,
  generationId: string,
): Promise<'cancelled' | 'too_late' | 'not_found'> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id) return 'not_found'
  const result = await cancelQueuedGeneration(ctx.deps.db, generationId)
  if (!result.refunded) return result.currentStatus === 'cancelled' ? 'cancelled' : 'too_late'
  ctx.user.balanceKopecks = result.balanceAfter
  // the worker's own text for a cancelled generation, from the row as it is now
  const cancelled = await ctx.deps.db.generation.findUniqueOrThrow({ where: { id: generationId } })
  await show(ctx, renderStatus(cancelled, ctx.lang))
  return 'cancelled'
}
