/**
 * The emulator's core: state plus the services around it (spec, events, call records, flood
 * control, faults, update queues, webhook delivery). HTTP routes, Bot API methods and the control
 * object all work through this one object.
 */
import { badRequest, CHAT_NOT_FOUND } from './errors'
import { EmulatorEvents } from './events'
import { FaultInjector } from './faults'
import { FloodControl } from './flood'
import { CallRecorder } from './recorder'
import { applySettings, defaultSettings, type SettingsPatch, type TelegramEmulatorSettings } from './settings'
import { Payments } from './payments'
import { BotApiSpec } from './spec'
import {
  EmulatorState,
  randomToken,
  type BotRecord,
  type ChatRecord,
  type Direction,
  type InvoiceRecord,
  type StoredMessage,
} from './state'
import { transcriptEntry } from './transcript'
import type { Message, TgChat, TgUser, UpdatePayload } from './types'
import { UpdateHub, type QueuedUpdate } from './updates'
import { WebhookDeliverer } from './webhook'
import { lifetimeController } from '../lifetime'

export interface BotSeed {
  /** default: a new random token `<id>:<35 chars>` */
  token?: string
  /** default: `emulated_<id>_bot` */
  username?: string
  /** default: "Emulated Bot" */
  firstName?: string
}

export interface UserSeed {
  /** default: the next free id from 100000001 */
  id?: number
  first_name: string
  last_name?: string
  username?: string
  language_code?: string
}

export interface GroupSeed {
  id?: number
  title: string
  /** user ids in the group */
  memberIds?: number[]
}

export const TOKEN_PATTERN = /^(\d+):[A-Za-z0-9_-]{30,}$/

export type MessageContent = Omit<Message, 'message_id' | 'from' | 'chat' | 'date'>

export interface NewMessage {
  from: TgUser
  content: MessageContent
  rawText?: string
  parseMode?: string
  invoice?: InvoiceRecord
  /** the invoice's Pay button is the one Telegram adds (the bot sent no keyboard) */
  telegramPayButton?: boolean
}

/** Runs a Bot API method on behalf of a bot (set by the API layer; used for webhook replies). */
export type MethodRunner = (bot: BotRecord, method: string, params: Record<string, unknown>) => Promise<void>

export class Emulator {
  readonly settings: TelegramEmulatorSettings = defaultSettings()
  readonly spec: BotApiSpec
  readonly state = new EmulatorState()
  readonly events = new EmulatorEvents()
  readonly calls = new CallRecorder()
  readonly flood = new FloodControl(() => this.settings.flood)
  readonly faults = new FaultInjector()
  readonly updates: UpdateHub
  readonly webhooks: WebhookDeliverer
  readonly payments: Payments
  /** long polls and other waits end when this aborts */
  private lifetime = lifetimeController()
  private readonly timers = new Set<NodeJS.Timeout>()
  private nextBotId = 7_000_000_001
  runMethod: MethodRunner = async () => undefined

  constructor(
    private readonly initialSettings: SettingsPatch = {},
    private readonly seeds: { bots?: BotSeed[]; users?: UserSeed[] } = {},
  ) {
    applySettings(this.settings, initialSettings)
    this.spec = BotApiSpec.load()
    this.updates = new UpdateHub((bot, queued) => this.onQueued(bot, queued))
    this.webhooks = new WebhookDeliverer({
      hub: this.updates,
      events: this.events,
      faults: this.faults,
      settings: () => this.settings.webhook,
      bot: (botId) => this.state.bots.get(botId),
      executeReply: async (bot, call) => {
        const { method, ...params } = call
        await this.runMethod(bot, String(method), params)
      },
    })
    this.payments = new Payments(this)
    this.seed()
  }

  get signal(): AbortSignal {
    return this.lifetime.signal
  }

  private seed(): void {
    for (const bot of this.seeds.bots ?? []) this.registerBot(bot)
    for (const user of this.seeds.users ?? []) this.createUser(user)
  }

  private onQueued(bot: BotRecord, queued: QueuedUpdate): void {
    this.events.publish(bot.id, {
      type: 'update_queued',
      ...(queued.chatId !== undefined ? { chatId: queued.chatId } : {}),
      updateId: queued.update.update_id,
      kind: queued.kind,
    })
    this.webhooks.kick(bot)
  }

  // ---- bots ----

  registerBot(seed: BotSeed = {}, origin: BotRecord['origin'] = 'control'): BotRecord {
    let token = seed.token
    if (token === undefined) {
      while (this.state.bots.has(this.nextBotId)) this.nextBotId++
      token = `${this.nextBotId++}:${randomToken(26).slice(0, 35)}`
    }
    const match = /^(\d+):(.+)$/.exec(token)
    if (!match) throw new Error(`a bot token looks like "<digits>:<secret>", got "${token}"`)
    const id = Number(match[1])
    const existing = this.state.bots.get(id)
    if (existing && existing.token !== token) throw new Error(`bot ${id} is already registered with another token`)
    if (existing) {
      if (seed.username) existing.username = seed.username
      if (seed.firstName) existing.firstName = seed.firstName
      existing.origin = origin === 'control' ? 'control' : existing.origin
      return existing
    }
    const bot: BotRecord = {
      id,
      token,
      username: seed.username ?? `emulated_${id}_bot`,
      firstName: seed.firstName ?? 'Emulated Bot',
      origin,
      webhook: null,
      allowedUpdates: null,
      commands: new Map(),
      menuButtons: new Map(),
    }
    this.state.bots.set(id, bot)
    return bot
  }

  /** the bot for an API token: registered, or accepted by pattern */
  authenticate(token: string): BotRecord | undefined {
    const known = this.state.botByToken(token)
    if (known) return known
    if (!this.settings.acceptTokensByPattern || !TOKEN_PATTERN.test(token)) return undefined
    if (this.state.bots.has(Number(token.split(':')[0]))) return undefined // same id, other secret
    return this.registerBot({ token }, 'pattern')
  }

  /** a bot named by token, id or username; the default bot when omitted */
  resolveBot(ref?: string | number): BotRecord {
    if (ref === undefined || ref === '') {
      const bot = this.state.defaultBot()
      if (!bot) throw new Error('no bot registered: createBot() first')
      return bot
    }
    const text = String(ref).replace(/^@/, '')
    for (const bot of this.state.bots.values()) {
      if (bot.token === text || String(bot.id) === text || bot.username === text) return bot
    }
    if (TOKEN_PATTERN.test(text)) return this.registerBot({ token: text })
    throw new Error(`unknown bot: ${String(ref)}`)
  }

  botUser(bot: BotRecord): TgUser {
    return { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username }
  }

  // ---- users and chats ----

  createUser(seed: UserSeed): TgUser {
    const id = seed.id ?? this.state.newUserId()
    const user: TgUser = {
      id,
      is_bot: false,
      first_name: seed.first_name,
      ...(seed.last_name ? { last_name: seed.last_name } : {}),
      ...(seed.username ? { username: seed.username } : {}),
      ...(seed.language_code ? { language_code: seed.language_code } : {}),
    }
    this.state.users.set(id, user)
    this.state.addChat(
      {
        id,
        type: 'private',
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
      },
      [id],
    )
    return user
  }

  createGroup(seed: GroupSeed): ChatRecord {
    const id = seed.id ?? this.state.newGroupId()
    return this.state.addChat({ id, type: 'group', title: seed.title }, seed.memberIds ?? [])
  }

  user(userId: number): TgUser {
    const user = this.state.users.get(userId)
    if (!user) throw new Error(`unknown user ${userId}: createUser() first`)
    return user
  }

  /** the chat a Bot API call names (id or @username); "Bad Request: chat not found" otherwise */
  requireChat(chatId: unknown): ChatRecord {
    if (typeof chatId === 'number') {
      const chat = this.state.chat(chatId)
      if (chat) return chat
    }
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase()
      for (const chat of this.state.chats.values()) if (chat.username?.toLowerCase() === name) return chat
    }
    throw badRequest(CHAT_NOT_FOUND)
  }

  chatObject(chat: ChatRecord): TgChat {
    const { memberIds: _memberIds, ...tgChat } = chat
    return tgChat
  }

  // ---- messages ----

  addMessage(bot: BotRecord, chat: ChatRecord, direction: Direction, input: NewMessage): StoredMessage {
    const conversation = this.state.conversation(bot.id, chat.id)
    const message: Message = {
      message_id: conversation.nextMessageId++,
      from: input.from,
      chat: this.chatObject(chat),
      date: Math.floor(Date.now() / 1000),
      ...input.content,
    }
    const stored: StoredMessage = {
      message,
      direction,
      history: [],
      deleted: false,
      ...(input.rawText !== undefined ? { rawText: input.rawText } : {}),
      ...(input.parseMode !== undefined ? { parseMode: input.parseMode } : {}),
      ...(input.invoice ? { invoice: input.invoice } : {}),
      ...(input.telegramPayButton ? { telegramPayButton: true } : {}),
    }
    conversation.messages.set(message.message_id, stored)
    this.events.publish(bot.id, { type: 'message', chatId: chat.id, entry: transcriptEntry(stored) })
    return stored
  }

  /** applies an edit, keeping the previous version in the history */
  replaceMessage(
    bot: BotRecord,
    stored: StoredMessage,
    next: Message,
    raw: { rawText?: string; parseMode?: string },
  ): void {
    stored.history.push({
      replacedAt: Date.now(),
      message: stored.message,
      ...(stored.rawText !== undefined ? { rawText: stored.rawText } : {}),
      ...(stored.parseMode !== undefined ? { parseMode: stored.parseMode } : {}),
    })
    stored.message = next
    if (raw.rawText !== undefined) stored.rawText = raw.rawText
    if (raw.parseMode !== undefined) stored.parseMode = raw.parseMode
    else if (raw.rawText !== undefined) delete stored.parseMode
    this.events.publish(bot.id, { type: 'message_edited', chatId: next.chat.id, entry: transcriptEntry(stored) })
  }

  markDeleted(bot: BotRecord, stored: StoredMessage): void {
    stored.deleted = true
    stored.deletedAt = Date.now()
    this.events.publish(bot.id, {
      type: 'message_deleted',
      chatId: stored.message.chat.id,
      messageId: stored.message.message_id,
    })
  }

  enqueue(bot: BotRecord, payload: UpdatePayload, chatId: number | undefined): QueuedUpdate | undefined {
    return this.updates.enqueue(bot, payload, chatId)
  }

  // ---- lifecycle ----

  setTimer(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      action()
    }, ms)
    this.timers.add(timer)
  }

  /** stops deliveries, long polls and timers */
  stop(): void {
    this.lifetime.abort()
    this.webhooks.stopAll()
    this.updates.clear()
    this.payments.clear()
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  /** back to the initial state: options' settings, seeded bots and users only */
  reset(): void {
    this.stop()
    this.lifetime = lifetimeController()
    Object.assign(this.settings, defaultSettings())
    applySettings(this.settings, this.initialSettings)
    this.state.clear()
    this.calls.clear()
    this.flood.clear()
    this.faults.clear()
    this.events.clearHistory()
    this.seed()
  }
}
