import { callbacks } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { mainMenuWith, show, type Buttons } from '../../ui'
import { setMenuButton } from '../gallery'
import { languageScreen } from './screens'

// The bot's language: /language, its screen and the two language buttons.
export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('language', (ctx) => show(ctx, languageScreen(ctx), { newMessage: true }))
  buttons.on(callbacks.languageMenu, (ctx) => show(ctx, languageScreen(ctx)))
  buttons.on(callbacks.language, async (ctx, { lang }) => {
    ctx.user = await ctx.deps.db.user.update({ where: { id: ctx.user.id }, data: { language: lang } })
    ctx.lang = lang
    await show(ctx, mainMenuWith(ctx, ctx.t('language.set')))
    await setMenuButton(ctx) // the gallery's menu button in the new language
  })
}
