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

/** A button that opens a Mini App (Bot API `WebAppInfo`). */
export interface WebAppButton {
  text: string
  web_app: { url: string }
}

/** One button of an inline keyboard, as both apps build it. */
export type InlineButton = CallbackButton | UrlButton | WebAppButton

/** Rows of buttons under a message (Bot API `InlineKeyboardMarkup.inline_keyboard`). */
export type InlineKeyboard = InlineButton[][]

/** The `reply_markup` of a send or edit; nothing when there are no buttons. */
export function replyMarkup<
  K extends readonly (readonly { text: string; callback_data?: string; url?: string; web_app?: { url: string } }[])[],
>(keyboard: K | undefined): { reply_markup: { inline_keyboard: K } } | Record<string, never> {
  return keyboard?.length ? { reply_markup: { inline_keyboard: keyboard } } : {}
}
