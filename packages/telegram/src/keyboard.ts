/** A button that sends callback data back to the bot (1-64 bytes, checked where it is built). */
export interface CallbackButton {
  text: string
  callback_data: string
}

/** A button that opens a link. */
export interface UrlButton {
  text: string
  url: string
}

/** One button of an inline keyboard, as both apps build it. */
export type InlineButton = CallbackButton | UrlButton

/** Rows of buttons under a message (Bot API `InlineKeyboardMarkup.inline_keyboard`). */
export type InlineKeyboard = InlineButton[][]

/** The `reply_markup` of a send or edit; nothing when there are no buttons. */
export function replyMarkup(keyboard: InlineKeyboard | undefined): { reply_markup: { inline_keyboard: InlineKeyboard } } | Record<string, never> {
  return keyboard?.length ? { reply_markup: { inline_keyboard: keyboard } } : {}
}
