/**
 * The Bot API objects the emulator builds, typed loosely (only the fields it produces).
 * Shapes follow core.telegram.org/bots/api; optional fields are left out when absent.
 */

export interface TgUser {
  id: number
  is_bot: boolean
  first_name: string
  last_name?: string
  username?: string
  language_code?: string
  can_join_groups?: boolean
  can_read_all_group_messages?: boolean
  supports_inline_queries?: boolean
}

export type ChatType = 'private' | 'group' | 'supergroup'

export interface TgChat {
  id: number
  type: ChatType
  title?: string
  username?: string
  first_name?: string
  last_name?: string
}

export interface MessageEntity {
  type: string
  offset: number
  length: number
  url?: string
  language?: string
  custom_emoji_id?: string
  user?: TgUser
}

export interface InlineKeyboardButton {
  text: string
  callback_data?: string
  url?: string
  pay?: boolean
  [other: string]: unknown
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][]
}

export type ReplyMarkup = InlineKeyboardMarkup | Record<string, unknown>

export interface PhotoSize {
  file_id: string
  file_unique_id: string
  width: number
  height: number
  file_size: number
}

export interface FileObject {
  file_id: string
  file_unique_id: string
  file_size: number
  file_name?: string
  mime_type?: string
  width?: number
  height?: number
  duration?: number
  title?: string
  performer?: string
  /** a video's (or a video document's) poster */
  thumbnail?: PhotoSize
}

export interface Invoice {
  title: string
  description: string
  start_parameter: string
  currency: string
  total_amount: number
}

export interface SuccessfulPayment {
  currency: string
  total_amount: number
  invoice_payload: string
  telegram_payment_charge_id: string
  provider_payment_charge_id: string
}

export interface RefundedPayment {
  currency: string
  total_amount: number
  invoice_payload: string
  telegram_payment_charge_id: string
}

export interface Message {
  message_id: number
  from?: TgUser
  chat: TgChat
  date: number
  edit_date?: number
  reply_to_message?: Message
  text?: string
  entities?: MessageEntity[]
  caption?: string
  caption_entities?: MessageEntity[]
  photo?: PhotoSize[]
  video?: FileObject
  audio?: FileObject
  voice?: FileObject
  document?: FileObject
  invoice?: Invoice
  successful_payment?: SuccessfulPayment
  refunded_payment?: RefundedPayment
  reply_markup?: InlineKeyboardMarkup
  /** the album the message belongs to (sendMediaGroup) */
  media_group_id?: string
}

export interface CallbackQuery {
  id: string
  from: TgUser
  message: Message
  chat_instance: string
  data?: string
}

export interface PreCheckoutQuery {
  id: string
  from: TgUser
  currency: string
  total_amount: number
  invoice_payload: string
}

export interface ChatMemberUpdated {
  chat: TgChat
  from: TgUser
  date: number
  old_chat_member: { status: string; user: TgUser; until_date?: number }
  new_chat_member: { status: string; user: TgUser; until_date?: number }
}

/** One Update without its update_id: exactly one of these keys is set. */
export interface UpdatePayload {
  message?: Message
  edited_message?: Message
  callback_query?: CallbackQuery
  pre_checkout_query?: PreCheckoutQuery
  my_chat_member?: ChatMemberUpdated
}

export type Update = UpdatePayload & { update_id: number }

export interface BotCommand {
  command: string
  description: string
}

export interface TgFile {
  file_id: string
  file_unique_id: string
  file_size: number
  file_path?: string
}
