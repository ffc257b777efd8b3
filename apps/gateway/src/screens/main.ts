import { callbackData as cb } from '@kiebot/jobs'
import type { BotContext } from '../bot/context'
import { escapeHtml } from '../bot/html'
import { button, type Screen } from '../bot/keyboard'
import { formatRub } from './format'

export function menuButton(ctx: BotContext) {
  return button(ctx.t('btn.menu'), cb.menu())
}

export function mainMenu(ctx: BotContext): Screen {
  const name = escapeHtml(ctx.user.firstName || ctx.user.username || '')
  return {
    text: ctx.t('menu.title', { name, balance: formatRub(ctx.user.balanceKopecks, ctx.lang) }),
    keyboard: [
      [button(ctx.t('btn.images'), cb.category('image')), button(ctx.t('btn.video'), cb.category('video')), button(ctx.t('btn.audio'), cb.category('audio'))],
      [button(ctx.t('btn.balance'), cb.balance()), button(ctx.t('btn.topup'), cb.topup())],
      [button(ctx.t('btn.history'), cb.history()), button(ctx.t('btn.language'), cb.languageMenu())],
      [button(ctx.t('btn.help'), cb.help())],
    ],
  }
}

export function helpScreen(ctx: BotContext): Screen {
  return { text: ctx.t('help.text'), keyboard: [[menuButton(ctx)]] }
}

export function termsScreen(ctx: BotContext): Screen {
  return { text: ctx.t('terms.text'), keyboard: [[menuButton(ctx)]] }
}

export function paySupportScreen(ctx: BotContext): Screen {
  const contact = ctx.deps.config.SUPPORT_CONTACT
  return {
    text: contact ? ctx.t('paysupport.text', { contact: escapeHtml(contact) }) : ctx.t('paysupport.admins'),
    keyboard: [[button(ctx.t('btn.balance'), cb.balance()), menuButton(ctx)]],
  }
}

export function languageScreen(ctx: BotContext): Screen {
  return {
    text: ctx.t('language.choose'),
    keyboard: [[button('🇷🇺 Русский', cb.language('ru')), button('🇬🇧 English', cb.language('en'))], [menuButton(ctx)]],
  }
}
