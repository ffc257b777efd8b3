import { callbacks } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import type { Buttons } from '../../ui'
import { askForCode, redeem, takeAwaitedCode } from './redeem'

// Promo codes, the user's side: `/promo CODE`, `/promo` alone or the balance screen's button
// (the next text is the code), and the p_<CODE> deep link of /start (menu calls `redeemPromo`).
// Registered first: the text the user was asked for is the code (any button or command ends
// the wait before a feature sees it: state/awaiting.ts).

export { redeem as redeemPromo } from './redeem'

/** A /start payload naming a promo code (`p_<CODE>`), or undefined. */
export function promoFromStart(payload: string): string | undefined {
  return /^p_([A-Za-z0-9_-]{3,32})$/.exec(payload)?.[1]
}

/** A typed text that can be a code: one word, not too long (anything else goes on as usual). */
const looksLikeCode = (text: string) => /^\S{1,64}$/.test(text.trim())

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('promo', async (ctx) => {
    const typed = (ctx.payload ?? '').trim()
    if (typed) return redeem(ctx, typed)
    await askForCode(ctx)
  })
  buttons.on(callbacks.promo, (ctx) => askForCode(ctx))
  // the text after "send your promo code" (a command is never taken for it: it ended the wait)
  bot.on('text', async (ctx, next) => {
    const text = ctx.message.text
    if (!text.startsWith('/') && (await takeAwaitedCode(ctx)) && looksLikeCode(text)) return redeem(ctx, text)
    await next()
  })
}
