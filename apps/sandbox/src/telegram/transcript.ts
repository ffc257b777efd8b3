/** How a stored message looks to tests and to the web chat page. */
import type { Direction, MessageVersion, StoredMessage } from './state'
import type { Message } from './types'

export type MessageKind =
  | 'text'
  | 'photo'
  | 'video'
  | 'audio'
  | 'voice'
  | 'document'
  | 'invoice'
  | 'successful_payment'
  | 'refunded_payment'
  | 'other'

export interface TranscriptEntry {
  messageId: number
  direction: Direction
  kind: MessageKind
  /** unix seconds, like Message.date */
  date: number
  /** current text, or caption of a media message */
  text?: string
  /** text/caption exactly as the bot sent it, and its parse_mode */
  rawText?: string
  parseMode?: string
  /** file_id of the media (largest photo size) */
  fileId?: string
  /** reply keyboard, remove_keyboard or force_reply sent with the message (inline keyboards are in message.reply_markup) */
  replyKeyboard?: Record<string, unknown>
  /** the current Message object as the API returned it */
  message: Message
  /** previous versions, oldest first (empty when never edited) */
  edits: MessageVersion[]
  deleted: boolean
  deletedAt?: number
  /** an invoice whose Pay button Telegram added (the bot sent no keyboard): clients word it in the user's language */
  telegramPayButton?: boolean
  /** an invoice that was paid: its first charge id (a paid invoice is not paid again by default) */
  paidChargeId?: string
}

const MEDIA_KINDS = ['video', 'audio', 'voice', 'document'] as const

export function messageKind(message: Message): MessageKind {
  if (message.photo) return 'photo'
  for (const kind of MEDIA_KINDS) if (message[kind]) return kind
  if (message.invoice) return 'invoice'
  if (message.successful_payment) return 'successful_payment'
  if (message.refunded_payment) return 'refunded_payment'
  if (message.text !== undefined) return 'text'
  return 'other'
}

export function mediaFileId(message: Message): string | undefined {
  const largest = message.photo?.[message.photo.length - 1]
  if (largest) return largest.file_id
  for (const kind of MEDIA_KINDS) {
    const file = message[kind]
    if (file) return file.file_id
  }
  return undefined
}

export function transcriptEntry(stored: StoredMessage): TranscriptEntry {
  const { message } = stored
  const text = message.text ?? message.caption
  const fileId = mediaFileId(message)
  return {
    messageId: message.message_id,
    direction: stored.direction,
    kind: messageKind(message),
    date: message.date,
    ...(text !== undefined ? { text } : {}),
    ...(stored.rawText !== undefined ? { rawText: stored.rawText } : {}),
    ...(stored.parseMode !== undefined ? { parseMode: stored.parseMode } : {}),
    ...(fileId ? { fileId } : {}),
    ...(stored.replyKeyboard ? { replyKeyboard: stored.replyKeyboard } : {}),
    message,
    edits: stored.history,
    deleted: stored.deleted,
    ...(stored.deletedAt !== undefined ? { deletedAt: stored.deletedAt } : {}),
    ...(stored.telegramPayButton ? { telegramPayButton: true } : {}),
    ...(stored.paidChargeId !== undefined ? { paidChargeId: stored.paidChargeId } : {}),
  }
}
