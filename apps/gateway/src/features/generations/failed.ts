import { enqueueTelegram, statusJobId } from '@kiebot/jobs'
import { getModel, promptField, type Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { formatRub, mainMenu, show } from '../../ui'
import { startWizard } from '../wizard'
import { cancelGeneration } from './confirm'

/**
 * "Edit the prompt" under a failure: the same model's wizard with that generation's
 * settings (and files), asking only the prompt again; its answer goes to the price.
 */
export async function editPromptAfterFailure(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  const model = generation && getModel(generation.modelId)
  const prompt = model && promptField(model)
  if (!generation || generation.userId !== ctx.user.id || !model || !prompt) {
    await show(
      ctx,
      { text: ctx.t('progress.edit_prompt_gone'), keyboard: mainMenu(ctx).keyboard },
      { newMessage: true },
    )
    return
  }
  const { [prompt.key]: _previous, ...kept } = (generation.params ?? {}) as Params
  // a new message: the failure stays readable above it
  await startWizard(ctx, model.slug, kept, { only: prompt.key, newMessage: true })
}

/**
 * The status message's Cancel, answered with a toast: cancelled (and refunded once), or
 * too late (the task is with Kie); then the stale button is taken away at once.
 */
export async function cancelFromButton(ctx: BotContext, generationId: string): Promise<string | undefined> {
  const outcome = await cancelGeneration(ctx, generationId)
  if (outcome === 'not_found') return ctx.t('button.expired')
  if (outcome === 'cancelled') {
    const row = await ctx.deps.db.generation.findUnique({ where: { id: generationId }, select: { priceKopecks: true } })
    return ctx.t('progress.cancelled_toast', { price: formatRub(row?.priceKopecks ?? 0, ctx.lang) })
  }
  await enqueueTelegram(
    ctx.deps.queues.telegram,
    { kind: 'status', generationId, force: true },
    { jobId: statusJobId(generationId, `too-late-${ctx.update.update_id}`) },
  ).catch((error: unknown) => ctx.deps.logger.warn('could not ask for the status again', { generationId, error }))
  return ctx.t('progress.cancel_too_late')
}
