import type { InlineKeyboardButton } from 'telegraf/types'
import { CALLBACK_DATA_MAX_BYTES } from '@kiebot/jobs'

export type Keyboard = InlineKeyboardButton[][]

/** A callback button; refuses data Telegram would reject (1-64 bytes). */
export function button(text: string, data: string): InlineKeyboardButton.CallbackButton {
  const bytes = Buffer.byteLength(data, 'utf8')
  if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data of ${bytes} bytes: ${data}`)
  return { text, callback_data: data }
}

export function urlButton(text: string, url: string): InlineKeyboardButton.UrlButton {
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
