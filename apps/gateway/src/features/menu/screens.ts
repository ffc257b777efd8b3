import { callbackData as cb } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { currentModel } from '../../state/current-model'
import { button, escapeHtml, menuButton, type Screen } from '../../ui'

/** What the bot does, its commands, and the model a typed prompt goes to. */
export async function helpScreen(ctx: BotContext): Promise<Screen> {
  const slug = currentModel(ctx)
  const model = slug ? getModel(slug) : undefined
  const current = model
    ? ctx.t('prompt.current', { model: escapeHtml(model.name[ctx.lang]) })
    : ctx.t('prompt.no_current')
  return {
    text: ctx.t('help.text') + current,
    keyboard: [[button(ctx.t('settings.btn'), cb.settings()), menuButton(ctx)]],
  }
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
