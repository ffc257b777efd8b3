import type { Message } from 'telegraf/types'
import type { BotContext } from '../bot/context'
import { isCannotEdit, isNotModified } from '@kiebot/telegram'
import type { Screen } from './keyboard'

/**
 * Shows a screen: pressing a button edits the message it belongs to (one
 * conversation message that changes in place); a command or a text gets a new
 * message. Returns the message id of what is shown.
 */
export async function show(
  ctx: BotContext,
  screen: Screen,
  options: { newMessage?: boolean } = {},
): Promise<number | undefined> {
  const extra = {
    parse_mode: 'HTML' as const,
    reply_markup: { inline_keyboard: screen.keyboard },
    link_preview_options: { is_disabled: true },
  }
  const message = ctx.callbackQuery?.message
  if (message && !options.newMessage && 'text' in message) {
    try {
      await ctx.editMessageText(screen.text, extra)
      return message.message_id
    } catch (error) {
      if (isNotModified(error)) return message.message_id
      if (!isCannotEdit(error)) throw error
    }
  }
  const sent: Message.TextMessage = await ctx.reply(screen.text, extra)
  return sent.message_id
}

// The Bot API's refusals, recognised the same way in both apps.
export { isCannotEdit, isNotModified } from '@kiebot/telegram'
