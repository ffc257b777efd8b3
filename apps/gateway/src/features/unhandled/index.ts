import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { show } from '../../ui'
import { helpScreen } from '../menu'

// Registered last: a message no feature took. An unknown command gets the help; anything
// else (no form open) says how to start one.
export function register(bot: Telegraf<BotContext>): void {
  bot.on('message', async (ctx) => {
    const message = ctx.message
    if ('text' in message && message.text.startsWith('/')) return show(ctx, await helpScreen(ctx), { newMessage: true })
    return ctx.reply(ctx.t('wizard.no_draft'))
  })
}
