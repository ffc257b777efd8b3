import type { Generation } from '@kiebot/db'
import { enqueueTelegram, resendJobId } from '@kiebot/jobs'
import type { Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { mainMenu, show, toast } from '../../ui'
import { startWizard } from '../wizard'

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
 * Sends a finished result again: the worker's delivery queue does it (one module sends
 * results, every send paced), by the stored Telegram file ids (they work after Kie's links
 * expire) and as Kie's link for an item Telegram never accepted (an undelivered result).
 */
export async function resendResult(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id || !hasResult(generation)) {
    await toast(ctx, ctx.t('history.no_result'))
    return
  }
  const chatId = String(ctx.chat?.id ?? generation.chatId)
  await enqueueTelegram(
    ctx.deps.queues.telegram,
    { kind: 'resend', generationId, chatId, captions: true },
    { jobId: resendJobId(generationId, ctx.update.update_id) },
  )
}

/** A succeeded generation with something to send (sent files, or results Telegram refused). */
export function hasResult(generation: Pick<Generation, 'status' | 'telegramFileIds' | 'resultUrls'>): boolean {
  return (
    generation.status === 'succeeded' && (generation.telegramFileIds.length > 0 || generation.resultUrls.length > 0)
  )
}
