import { CALLBACK_DATA_MAX_BYTES } from '@kiebot/jobs'
import type { CallbackButton, InlineKeyboard, UrlButton } from '@kiebot/telegram'

/** The inline keyboard type both apps use (@kiebot/telegram). */
export type Keyboard = InlineKeyboard

/** A callback button; refuses data Telegram would reject (1-64 bytes). */
export function button(text: string, data: string): CallbackButton {
  const bytes = Buffer.byteLength(data, 'utf8')
  if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data of ${bytes} bytes: ${data}`)
  return { text, callback_data: data }
}

export function urlButton(text: string, url: string): UrlButton {
  return { text, url }
}

/** Splits buttons into rows of `perRow`. */
export function rows<T>(items: T[], perRow: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += perRow) out.push(items.slice(i, i + perRow))
  return out
}

/** A rendered screen: what a message shows. */
export interface Screen {
  text: string
  keyboard: Keyboard
}
