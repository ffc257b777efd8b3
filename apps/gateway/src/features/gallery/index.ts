import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { webAppUrl, type Buttons } from '../../ui'

// The Mini App (the gallery): the chat's menu button that opens it (set per chat at /start and
// after /language, in the user's language), its page and JSON API on the gateway's express (./router.ts).
// Its buttons in the chat are web_app buttons (the main menu's is in the UI kit).

export { galleryRouter, APP_PATH } from './router'

export function register(bot: Telegraf<BotContext>, _buttons: Buttons): void {
  // before the menu's /start: sets the chat's menu button, then lets /start run
  bot.command('start', async (ctx, next) => {
    await setMenuButton(ctx)
    return next()
  })
}

/** The chat's menu button opens the Mini App, named in the user's language (at /start and after /language). */
export async function setMenuButton(ctx: BotContext): Promise<void> {
  const url = webAppUrl(ctx.deps.config)
  if (!url || ctx.chat?.type !== 'private') return
  await ctx.telegram
    .setChatMenuButton({
      chatId: ctx.chat.id,
      menuButton: { type: 'web_app', text: ctx.t('gallery.menu_button'), web_app: { url } },
    })
    .catch((error: unknown) => ctx.deps.logger.warn('setChatMenuButton failed', { error: String(error) }))
}
