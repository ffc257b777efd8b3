/** The user side: what a person does in a chat with the bot, turned into messages and updates. */
import type { Emulator } from './emulator'
import { isInlineKeyboard } from './limits'
import { mediaContent, storeFile } from './media'
import type { PaymentResult } from './payments'
import { conversationKey, type BotRecord, type ChatRecord, type FileKind } from './state'
import type { CallbackQuery, InlineKeyboardButton, Message, MessageEntity, TgUser } from './types'

export interface ActOptions {
  /** bot token, id or username (default: the first registered bot) */
  bot?: string | number
  /** who acts; default: the user of the private chat (required in groups) */
  userId?: number
  /** message_id this message replies to */
  replyTo?: number
}

export interface PayOptions extends ActOptions {
  /** pay an invoice message that was paid already (Telegram's clients refuse; tests may want it) */
  again?: boolean
}

export interface UserMedia {
  kind: FileKind
  bytes: Buffer | Uint8Array
  fileName?: string
  mimeType?: string
  caption?: string
  width?: number
  height?: number
  duration?: number
}

export interface ButtonChoice {
  /** the button's callback_data */
  data?: string
  /** or the button's text */
  text?: string
  /** send `data` even if no button on the message carries it (a crafted or stale callback) */
  force?: boolean
}

export interface PressedButton {
  queryId: string
  callbackQuery: CallbackQuery
}

const COMMAND = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=\s|$)/g

/** bot_command entities, like Telegram adds to "/start", "/help@my_bot" ... */
export function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = []
  for (const match of text.matchAll(COMMAND)) {
    const lead = match[1] ?? ''
    entities.push({ type: 'bot_command', offset: (match.index ?? 0) + lead.length, length: (match[2] ?? '').length })
  }
  return entities
}

export class UserActions {
  constructor(private readonly emu: Emulator) {}

  private context(chatId: number, options: ActOptions): { bot: BotRecord; chat: ChatRecord; user: TgUser } {
    const bot = this.emu.resolveBot(options.bot)
    const chat = this.emu.state.chat(chatId)
    if (!chat) throw new Error(`unknown chat ${chatId}: createUser() or createGroup() first`)
    const userId = options.userId ?? (chat.type === 'private' ? chat.id : undefined)
    if (userId === undefined) throw new Error(`chat ${chatId} is a group: say which userId acts`)
    if (chat.type === 'private' && userId !== chat.id)
      throw new Error(`user ${userId} is not in the private chat ${chatId}`)
    if (!chat.memberIds.includes(userId)) chat.memberIds.push(userId)
    return { bot, chat, user: this.emu.user(userId) }
  }

  /** a message from the user to the bot (restarts a bot the user had blocked) */
  private userMessage(
    chatId: number,
    options: ActOptions,
    content: Omit<Message, 'message_id' | 'from' | 'chat' | 'date'>,
  ): Message {
    const { bot, chat, user } = this.context(chatId, options)
    if (this.emu.state.conversations.get(conversationKey(bot.id, chat.id))?.blocked)
      this.setBlocked(chatId, false, options)
    const reply =
      options.replyTo !== undefined ? this.emu.state.storedMessage(bot.id, chat.id, options.replyTo) : undefined
    if (options.replyTo !== undefined && !reply) throw new Error(`no message ${options.replyTo} in chat ${chatId}`)
    const stored = this.emu.addMessage(bot, chat, 'in', {
      from: user,
      content: { ...(reply ? { reply_to_message: reply.message } : {}), ...content },
      ...(typeof content.text === 'string' ? { rawText: content.text } : {}),
    })
    this.emu.enqueue(bot, { message: stored.message }, chat.id)
    return stored.message
  }

  sendText(chatId: number, text: string, options: ActOptions = {}): Message {
    if (text.trim() === '') throw new Error('a message needs some text')
    const entities = commandEntities(text)
    return this.userMessage(chatId, options, { text, ...(entities.length > 0 ? { entities } : {}) })
  }

  /** "/start payload" → text "/start payload" with a bot_command entity */
  sendCommand(chatId: number, command: string, args = '', options: ActOptions = {}): Message {
    const name = command.startsWith('/') ? command : `/${command}`
    return this.sendText(chatId, args ? `${name} ${args}` : name, options)
  }

  /** the user sends a file; the emulator stores it (file_id, getFile, download) */
  sendMedia(chatId: number, media: UserMedia, options: ActOptions = {}): { message: Message; fileId: string } {
    const bot = this.emu.resolveBot(options.bot)
    const file = storeFile(this.emu, bot, media.kind, Buffer.from(media.bytes), {
      ...(media.fileName ? { fileName: media.fileName } : {}),
      ...(media.mimeType ? { mimeType: media.mimeType } : {}),
      ...(media.width !== undefined ? { width: media.width } : {}),
      ...(media.height !== undefined ? { height: media.height } : {}),
      ...(media.duration !== undefined ? { duration: media.duration } : {}),
    })
    const message = this.userMessage(
      chatId,
      options,
      mediaContent(file, media.caption ? { text: media.caption } : undefined),
    )
    return { message, fileId: file.fileId }
  }

  /** presses an inline button of a bot message: a callback_query update; returns its id */
  pressButton(
    chatId: number,
    messageId: number,
    choice: ButtonChoice | string,
    options: ActOptions = {},
  ): PressedButton {
    const { bot, chat, user } = this.context(chatId, options)
    const wanted = typeof choice === 'string' ? { data: choice } : choice
    const stored = this.emu.state.storedMessage(bot.id, chat.id, messageId)
    if (!stored || stored.deleted) throw new Error(`no message ${messageId} in chat ${chatId}`)
    const markup = stored.message.reply_markup
    const buttons: InlineKeyboardButton[] = isInlineKeyboard(markup) ? markup.inline_keyboard.flat() : []
    const button = buttons.find((candidate) =>
      wanted.data !== undefined ? candidate.callback_data === wanted.data : candidate.text === wanted.text,
    )
    const data = button?.callback_data ?? (wanted.force ? wanted.data : undefined)
    if (data === undefined) {
      const shown = buttons.map(
        (candidate) => `${candidate.text} (${candidate.callback_data ?? candidate.url ?? 'no callback'})`,
      )
      throw new Error(
        `message ${messageId} has no callback button ${JSON.stringify(wanted)}; buttons: ${shown.join(', ') || 'none'}`,
      )
    }
    const queryId = this.emu.state.newQueryId()
    this.emu.state.callbackQueries.set(queryId, {
      id: queryId,
      botId: bot.id,
      chatId: chat.id,
      userId: user.id,
      messageId,
      data,
      createdAt: Date.now(),
    })
    const callbackQuery: CallbackQuery = {
      id: queryId,
      from: user,
      message: stored.message,
      chat_instance: String(BigInt(chat.id) * 7919n + BigInt(bot.id)),
      data,
    }
    this.emu.events.publish(bot.id, {
      type: 'callback_query',
      chatId: chat.id,
      queryId,
      messageId,
      userId: user.id,
      data,
    })
    this.emu.enqueue(bot, { callback_query: callbackQuery }, chat.id)
    return { queryId, callbackQuery }
  }

  /**
   * pays an invoice message; resolves when the payment ends. A paid invoice answers
   * `already_paid` (no pre_checkout_query) unless `again` is set.
   */
  async payInvoice(chatId: number, messageId: number, options: PayOptions = {}): Promise<PaymentResult> {
    const { bot, chat, user } = this.context(chatId, options)
    const stored = this.emu.state.storedMessage(bot.id, chat.id, messageId)
    if (!stored?.invoice || stored.deleted) throw new Error(`message ${messageId} in chat ${chatId} is no invoice`)
    if (stored.paidChargeId !== undefined && !options.again)
      return { status: 'already_paid', queryId: stored.paidQueryId ?? '', chargeId: stored.paidChargeId }
    return this.emu.payments.pay(bot, user.id, chat.id, stored.invoice, messageId)
  }

  /** pays an invoice link from createInvoiceLink; successful_payment goes to the user's private chat */
  payInvoiceLink(link: string, userId: number): Promise<PaymentResult> {
    const entry = this.emu.state.invoiceLinks.get(link)
    if (!entry) throw new Error(`unknown invoice link ${link}`)
    const bot = this.emu.state.bots.get(entry.botId)
    if (!bot) throw new Error(`the bot of ${link} is gone`)
    this.emu.user(userId)
    return this.emu.payments.pay(bot, userId, userId, entry.invoice)
  }

  /** the user blocks (or unblocks) the bot: sends answer 403 and the bot gets my_chat_member */
  setBlocked(chatId: number, blocked: boolean, options: ActOptions = {}): void {
    const { bot, chat, user } = this.context(chatId, options)
    const conversation = this.emu.state.conversation(bot.id, chat.id)
    if (conversation.blocked === blocked) return
    conversation.blocked = blocked
    const botUser = this.emu.botUser(bot)
    const [before, after] = blocked ? ['member', 'kicked'] : ['kicked', 'member']
    this.emu.events.publish(bot.id, { type: 'chat_blocked', chatId: chat.id, blocked })
    this.emu.enqueue(
      bot,
      {
        my_chat_member: {
          chat: this.emu.chatObject(chat),
          from: user,
          date: Math.floor(Date.now() / 1000),
          old_chat_member: { status: before as string, user: botUser },
          new_chat_member: { status: after as string, user: botUser, ...(blocked ? { until_date: 0 } : {}) },
        },
      },
      chat.id,
    )
  }
}
