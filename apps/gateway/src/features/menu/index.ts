import { callbacks } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { awaitText, takeAwaited } from '../../state/awaiting'
import { setCurrentModel } from '../../state/current-model'
import { alertAdmins, mainMenu, show, type Buttons } from '../../ui'
import { cardOf } from '../catalog'
import { promoFromStart, redeemPromo } from '../promo'
import { helpScreen, paySupportScreen, termsScreen } from './screens'
import { welcome } from './welcome'

// The main menu, /start (welcome bonus, referral, model and promo code deep links), help, terms and
// /paysupport (the next text goes to the admins when no support contact is configured).

export { helpScreen } from './screens'

const SUPPORT_WINDOW_SECONDS = 600

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.start(async (ctx) => {
    const payload = ctx.payload ?? ''
    if (!ctx.user.welcomedAt) await welcome(ctx, payload)
    const promo = promoFromStart(payload)
    if (promo) await redeemPromo(ctx, promo)
    const model = /^m_([a-z0-9-]{1,32})$/.exec(payload)?.[1]
    if (model && getModel(model) && (await ctx.deps.prices.isOffered(model))) {
      await setCurrentModel(ctx, model) // as a card opened from the catalog: a text after it is its prompt
      return show(ctx, await cardOf(ctx, model), { newMessage: true })
    }
    await show(ctx, mainMenu(ctx), { newMessage: true })
  })
  bot.command('menu', (ctx) => show(ctx, mainMenu(ctx), { newMessage: true }))
  bot.command('help', async (ctx) => show(ctx, await helpScreen(ctx), { newMessage: true }))
  bot.command('terms', (ctx) => show(ctx, termsScreen(ctx), { newMessage: true }))
  bot.command('paysupport', async (ctx) => {
    if (!ctx.deps.config.SUPPORT_CONTACT) await awaitText(ctx, { kind: 'paysupport' }, SUPPORT_WINDOW_SECONDS)
    await show(ctx, paySupportScreen(ctx), { newMessage: true })
  })
  buttons.on(callbacks.menu, (ctx) => show(ctx, mainMenu(ctx)))
  buttons.on(callbacks.help, async (ctx) => show(ctx, await helpScreen(ctx)))
  // the text after /paysupport (commands are never taken for it)
  bot.on('message', async (ctx, next) => {
    const message = ctx.message
    if ('text' in message && !message.text.startsWith('/') && (await takeAwaited(ctx, 'paysupport'))) {
      const name = [ctx.user.firstName, ctx.user.username ? `@${ctx.user.username}` : ''].filter(Boolean).join(' ')
      await alertAdmins(ctx, name ? 'alert.paysupport' : 'alert.paysupport_anonymous', {
        name,
        id: ctx.user.id.toString(),
        text: message.text.slice(0, 3500),
      })
      return ctx.reply(ctx.t('paysupport.sent'))
    }
    await next()
  })
}
