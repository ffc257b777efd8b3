import { callbackData as cb } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, menuButton, type Screen } from '../../ui'

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
