import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'
import { mainMenu, show, toast } from '../../ui'

/** Runs `fn` with the draft named in the button, or says the form has expired. */
export async function withDraft(ctx: BotContext, id: string, fn: (draft: Draft) => Promise<unknown>): Promise<unknown> {
  const draft = await ctx.deps.drafts.get(id)
  if (!draft || draft.userId !== ctx.user.id.toString()) {
    // A confirmation becomes its generation's status message: a late press of one of its
    // buttons (a double-pressed Confirm) must not cover the status with "expired".
    if (await isStatusMessage(ctx)) return void (await toast(ctx, ctx.t('toast.already_paid')))
    await show(ctx, { text: ctx.t('wizard.expired'), keyboard: mainMenu(ctx).keyboard })
    return
  }
  return fn(draft)
}

async function isStatusMessage(ctx: BotContext): Promise<boolean> {
  const message = ctx.callbackQuery?.message
  if (!message || !ctx.chat) return false
  const owner = await ctx.deps.db.generation.findFirst({
    where: { userId: ctx.user.id, chatId: BigInt(ctx.chat.id), statusMessageId: message.message_id },
    select: { id: true },
  })
  return owner !== null
}
