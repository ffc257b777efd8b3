import { callbacks } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { show, type Buttons } from '../../ui'
import { answerPreCheckout, creditPayment, sendPackInvoice } from './payments'
import { balanceScreen, topupScreen } from './screens'

// Balance and top-up with Telegram Stars: /balance, /topup, their buttons, a pack's
// invoice, pre-checkout and the successful payment.

export { packButtons, packsFor, rangeWithStars, withStars } from './packs'
export { paymentToResume } from './payments'

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('balance', async (ctx) => show(ctx, await balanceScreen(ctx), { newMessage: true }))
  bot.command('topup', async (ctx) => show(ctx, await topupScreen(ctx), { newMessage: true }))
  buttons.on(callbacks.balance, async (ctx) => show(ctx, await balanceScreen(ctx)))
  buttons.on(callbacks.topup, async (ctx) => show(ctx, await topupScreen(ctx)))
  buttons.on(callbacks.pack, (ctx, { stars }) => sendPackInvoice(ctx, stars))
  bot.on('pre_checkout_query', (ctx) => answerPreCheckout(ctx))
  bot.on('message', async (ctx, next) => {
    if ('successful_payment' in ctx.message) return creditPayment(ctx, next)
    await next()
  })
}
