import type { Quote } from '@kiebot/pricing'
import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'

// "Don't ask up to N ₽": where a confirmation would be shown, a run cheap enough is confirmed
// at once instead. Confirm belongs to the generations feature (which imports this one), so
// the feature that runs it registers itself here when the bot is composed.

/** Runs the draft without asking when the user's limit allows it; false: show the confirmation. */
export type RunWithoutAsking = (ctx: BotContext, draft: Draft, quote: Quote) => Promise<boolean>

let runner: RunWithoutAsking | undefined

export function onConfirmation(run: RunWithoutAsking): void {
  runner = run
}

export function ranWithoutAsking(ctx: BotContext, draft: Draft, quote: Quote): Promise<boolean> {
  return runner ? runner(ctx, draft, quote) : Promise.resolve(false)
}
