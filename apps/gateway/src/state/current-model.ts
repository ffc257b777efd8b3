import { setCurrentModel as storeCurrentModel } from '@kiebot/db'
import type { BotContext } from '../bot/context'

// The user's current model (`users.current_model_id`): the one they chose last (a card, a
// wizard, /gen) or ran. A text typed outside a form is a prompt for it; a cancelled form
// forgets it (a text typed after "cancel" goes nowhere). Read with the user, written only
// when it changes.

export async function setCurrentModel(ctx: BotContext, slug: string): Promise<void> {
  if (ctx.user.currentModelId === slug) return
  await storeCurrentModel(ctx.deps.db, ctx.user.id, slug)
  ctx.user = { ...ctx.user, currentModelId: slug }
}

export function currentModel(ctx: BotContext): string | null {
  return ctx.user.currentModelId
}

export async function forgetCurrentModel(ctx: BotContext): Promise<void> {
  if (ctx.user.currentModelId === null) return
  await storeCurrentModel(ctx.deps.db, ctx.user.id, null)
  ctx.user = { ...ctx.user, currentModelId: null }
}
