/** The emulator's data: bots, users, chats, per-bot conversations with their messages, files, payments. */
import { randomBytes } from 'node:crypto'
import type { BotCommand, ChatType, Message, TgChat, TgUser } from './types'

export interface WebhookConfig {
  url: string
  secretToken?: string
  maxConnections: number
  ipAddress?: string
}

export interface BotRecord {
  id: number
  token: string
  username: string
  firstName: string
  /** 'control': registered explicitly; 'pattern': accepted because the token looked valid */
  origin: 'control' | 'pattern'
  webhook: WebhookConfig | null
  /** null = Telegram's default (every type except chat_member, message_reaction, message_reaction_count) */
  allowedUpdates: string[] | null
  /** key: `${scopeKey}|${language_code}` */
  commands: Map<string, BotCommand[]>
  /** setChatMenuButton: by chat id ('' = the default of every private chat) */
  menuButtons: Map<string, MenuButton>
  lastErrorDate?: number
  lastErrorMessage?: string
}

/** A chat's menu button (Bot API `MenuButton`). */
export type MenuButton =
  { type: 'commands' } | { type: 'default' } | { type: 'web_app'; text: string; web_app: { url: string } }

export interface ChatRecord extends TgChat {
  memberIds: number[]
}

export type Direction = 'in' | 'out'

export interface MessageVersion {
  /** ms since epoch when this version was replaced */
  replacedAt: number
  message: Message
  rawText?: string
  parseMode?: string
}

export interface LabeledPrice {
  label: string
  amount: number
}

export interface InvoiceRecord {
  title: string
  description: string
  payload: string
  currency: string
  prices: LabeledPrice[]
  totalAmount: number
  startParameter?: string
  subscriptionPeriod?: number
}

export interface StoredMessage {
  message: Message
  /** 'in': from a user to the bot; 'out': sent by the bot */
  direction: Direction
  /** text or caption exactly as the bot sent it (before HTML parsing) */
  rawText?: string
  parseMode?: string
  /** previous versions, oldest first */
  history: MessageVersion[]
  deleted: boolean
  deletedAt?: number
  invoice?: InvoiceRecord
  /** the invoice's Pay button is Telegram's own (clients draw it in the user's language) */
  telegramPayButton?: boolean
  /** an invoice message that was paid: its first charge */
  paidChargeId?: string
  /** and the pre_checkout_query of that payment */
  paidQueryId?: string
  /** a reply keyboard / remove_keyboard / force_reply sent with the message (not part of Message) */
  replyKeyboard?: Record<string, unknown>
}

export interface Conversation {
  botId: number
  chatId: number
  nextMessageId: number
  messages: Map<number, StoredMessage>
  /** the user blocked the bot (private chats): sends answer 403 */
  blocked: boolean
}

export type FileKind = 'photo' | 'video' | 'audio' | 'voice' | 'document'

export interface StoredFile {
  fileId: string
  fileUniqueId: string
  botId: number
  kind: FileKind
  bytes: Buffer
  mimeType?: string
  fileName?: string
  /** relative path served under /file/bot<token>/ */
  filePath: string
  width?: number
  height?: number
  duration?: number
  /** a video's poster (Telegram's `thumbnail` PhotoSize): a small JPEG stored as a file of its own */
  thumbnail?: StoredFile
}

export interface CallbackAnswer {
  text?: string
  showAlert: boolean
  url?: string
  cacheTime?: number
  at: number
}

export interface CallbackQueryRecord {
  id: string
  botId: number
  chatId: number
  userId: number
  messageId: number
  data?: string
  createdAt: number
  answer?: CallbackAnswer
}

export interface PreCheckoutAnswer {
  ok: boolean
  errorMessage?: string
  at: number
}

export interface PreCheckoutRecord {
  id: string
  botId: number
  userId: number
  chatId: number
  invoice: InvoiceRecord
  createdAt: number
  answer?: PreCheckoutAnswer
  /** true once the wait ended without an answer */
  expired: boolean
}

export interface ChargeRecord {
  chargeId: string
  providerChargeId: string
  botId: number
  userId: number
  chatId: number
  invoice: InvoiceRecord
  paidAt: number
  refundedAt?: number
  successfulPaymentMessageId: number
  /** the invoice message paid (none for an invoice link) */
  invoiceMessageId?: number
}

export const conversationKey = (botId: number, chatId: number): string => `${botId}:${chatId}`

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

export class EmulatorState {
  readonly bots = new Map<number, BotRecord>()
  readonly users = new Map<number, TgUser>()
  readonly chats = new Map<number, ChatRecord>()
  readonly conversations = new Map<string, Conversation>()
  readonly files = new Map<string, StoredFile>()
  readonly invoiceLinks = new Map<string, { botId: number; invoice: InvoiceRecord }>()
  readonly callbackQueries = new Map<string, CallbackQueryRecord>()
  readonly preCheckoutQueries = new Map<string, PreCheckoutRecord>()
  readonly charges = new Map<string, ChargeRecord>()
  private nextUserId = 100_000_001
  private nextGroupNumber = 1
  private nextFileNumber = 1
  private nextQueryNumber = 1

  botByToken(token: string): BotRecord | undefined {
    const id = Number(token.split(':')[0])
    const bot = this.bots.get(id)
    return bot && bot.token === token ? bot : undefined
  }

  /** the bot used when a control call names none: the first registered */
  defaultBot(): BotRecord | undefined {
    const all = [...this.bots.values()]
    return all.find((bot) => bot.origin === 'control') ?? all[0]
  }

  newUserId(): number {
    while (this.users.has(this.nextUserId) || this.chats.has(this.nextUserId)) this.nextUserId++
    return this.nextUserId++
  }

  newGroupId(): number {
    return -(4_000_000_000 + this.nextGroupNumber++)
  }

  chat(chatId: number): ChatRecord | undefined {
    return this.chats.get(chatId)
  }

  addChat(chat: TgChat & { type: ChatType }, memberIds: number[]): ChatRecord {
    const record: ChatRecord = { ...chat, memberIds }
    this.chats.set(chat.id, record)
    return record
  }

  conversation(botId: number, chatId: number): Conversation {
    const key = conversationKey(botId, chatId)
    let conversation = this.conversations.get(key)
    if (!conversation) {
      conversation = { botId, chatId, nextMessageId: 1, messages: new Map(), blocked: false }
      this.conversations.set(key, conversation)
    }
    return conversation
  }

  storedMessage(botId: number, chatId: number, messageId: number): StoredMessage | undefined {
    return this.conversations.get(conversationKey(botId, chatId))?.messages.get(messageId)
  }

  newFileNumber(): number {
    return this.nextFileNumber++
  }

  /** callback query / pre-checkout ids: long decimal strings like Telegram's */
  newQueryId(): string {
    return `${BigInt(Date.now()) * 1000n + BigInt(this.nextQueryNumber++ % 1000)}${randomBytes(2).readUInt16BE(0) % 1000}`
  }

  clear(): void {
    this.bots.clear()
    this.users.clear()
    this.chats.clear()
    this.conversations.clear()
    this.files.clear()
    this.invoiceLinks.clear()
    this.callbackQueries.clear()
    this.preCheckoutQueries.clear()
    this.charges.clear()
    this.nextUserId = 100_000_001
    this.nextGroupNumber = 1
    this.nextFileNumber = 1
  }
}
