import { callbacks } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { forgetCurrentModel } from '../../state/current-model'
import type { Buttons } from '../../ui'
import { withDraft } from '../wizard'
import { cancelComparison } from './cancel-group'
import { cancelGeneration, confirmDraft } from './confirm'
import { cancelFromButton, editPromptAfterFailure } from './failed'
import { confirmMeasuredPrice } from './measured'

export { confirmDraft } from './confirm'

// A generation from Confirm to its end as the user drives it: Confirm (reserve, enqueue,
// the status message), /cancel and the status message's Cancel, and "Run for N ₽" after a
// refund at the measured price, "Edit the prompt" after a failure. The worker renders
// the status from then on.

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('cancel', async (ctx) => {
    const { deps } = ctx
    const draft = await deps.drafts.current(ctx.user.id.toString())
    if (draft) {
      await deps.drafts.discard(draft)
      await forgetCurrentModel(ctx) // a text typed after a cancel goes nowhere
      return ctx.reply(ctx.t('cancel.draft'))
    }
    const queued = await deps.db.generation.findFirst({
      where: { userId: ctx.user.id, status: 'queued' },
      orderBy: { createdAt: 'desc' },
    })
    if (!queued) {
      const running = await deps.db.generation.count({ where: { userId: ctx.user.id, status: 'running' } })
      return ctx.reply(ctx.t(running > 0 ? 'gen.too_late' : 'cancel.nothing'))
    }
    // a comparison's part: the comparison is cancelled as a whole (its parts not started yet)
    if (queued.groupId !== null) return cancelComparison(ctx, queued.groupId)
    await cancelGeneration(ctx, queued.id)
  })
  buttons.on(callbacks.confirm, (ctx, { draftId }) => withDraft(ctx, draftId, (d) => confirmDraft(ctx, d)))
  buttons.on(callbacks.confirmMeasured, (ctx, { generationId }) => confirmMeasuredPrice(ctx, generationId))
  buttons.onWithToast(callbacks.cancelGeneration, (ctx, { generationId }) => cancelFromButton(ctx, generationId))
  buttons.on(callbacks.failedEditPrompt, (ctx, { generationId }) => editPromptAfterFailure(ctx, generationId))
}
