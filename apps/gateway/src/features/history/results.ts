import type { Generation } from '@kiebot/db'
import { getModel, type Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { mainMenu, show } from '../../ui'
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
 * Sends a finished result again: by its stored Telegram file ids (works after Kie's links
 * expire), and as Kie's link for an item Telegram never accepted (an undelivered result).
 */
export async function resendResult(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id || !hasResult(generation)) {
    await ctx.reply(ctx.t('history.no_result'))
    return
  }
  await sendResultItems(ctx, generation)
}

/** A succeeded generation with something to send (sent files, or results Telegram refused). */
export function hasResult(generation: Pick<Generation, 'status' | 'telegramFileIds' | 'resultUrls'>): boolean {
  return generation.status === 'succeeded' && (generation.telegramFileIds.length > 0 || generation.resultUrls.length > 0)
}

/** Every item of a result, to the current chat: file id when Telegram has it, else the link. */
export async function sendResultItems(ctx: BotContext, generation: Pick<Generation, 'modelId' | 'telegramFileIds' | 'resultUrls'>): Promise<void> {
  const model = getModel(generation.modelId)
  const count = Math.max(generation.telegramFileIds.length, generation.resultUrls.length)
  for (let index = 0; index < count; index++) {
    const fileId = generation.telegramFileIds[index] ?? `link:${generation.resultUrls[index]}`
    // A result too big for Telegram went out as a link (the worker stores `link:<url>`).
    if (fileId.startsWith('link:')) {
      await ctx.reply(fileId.slice('link:'.length))
      continue
    }
    try {
      if (model?.output === 'image') await ctx.replyWithPhoto(fileId)
      else if (model?.output === 'video') await ctx.replyWithVideo(fileId)
      else if (model?.output === 'audio') await ctx.replyWithAudio(fileId)
      else await ctx.replyWithDocument(fileId)
    } catch (error) {
      // A result too large for its media type was delivered as a document.
      if (!/wrong file identifier|can't use file of type|type of file mismatch/i.test(String((error as { description?: string }).description ?? ''))) throw error
      await ctx.replyWithDocument(fileId)
    }
  }
}
