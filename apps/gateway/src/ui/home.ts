import { callbackData as cb } from '@kiebot/jobs'
import type { BotContext } from '../bot/context'
import { formatRub } from './format'
import { escapeHtml } from './html'
import { button, type Keyboard, type Screen } from './keyboard'
import { webAppButton } from './webapp'

// The main menu: the screen every feature returns to (after a cancel, an expired form, a
// model taken off sale), so it sits on the ground floor with the rest of the UI kit.

export function menuButton(ctx: BotContext) {
  return button(ctx.t('btn.menu'), cb.menu())
}

export function mainMenu(ctx: BotContext): Screen {
  const name = escapeHtml(ctx.user.firstName || ctx.user.username || '')
  const app = webAppButton(ctx)
  const gallery: Keyboard = app ? [[app]] : []
  return {
    text: ctx.t('menu.title', { name, balance: formatRub(ctx.user.balanceKopecks, ctx.lang) }),
    keyboard: [
      [
        button(ctx.t('btn.images'), cb.category('image')),
        button(ctx.t('btn.video'), cb.category('video')),
        button(ctx.t('btn.audio'), cb.category('audio')),
      ],
      [button(ctx.t('btn.balance'), cb.balance()), button(ctx.t('btn.topup'), cb.topup())],
      [button(ctx.t('btn.history'), cb.history()), button(ctx.t('btn.language'), cb.languageMenu())],
      [button(ctx.t('btn.help'), cb.help()), button(ctx.t('settings.btn'), cb.settings())],
      ...gallery,
    ],
  }
}

/** The main menu under a line that says what just happened. */
export function mainMenuWith(ctx: BotContext, line: string): Screen {
  const menu = mainMenu(ctx)
  return { ...menu, text: `${line}\n\n${menu.text}` }
}
