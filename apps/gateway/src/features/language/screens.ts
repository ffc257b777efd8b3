import { callbackData as cb } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, menuButton, type Screen } from '../../ui'

export function languageScreen(ctx: BotContext): Screen {
  return {
    text: ctx.t('language.choose'),
    keyboard: [[button('🇷🇺 Русский', cb.language('ru')), button('🇬🇧 English', cb.language('en'))], [menuButton(ctx)]],
  }
}
