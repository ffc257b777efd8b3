/** The typed in-process control of the Telegram emulator (tests, the web chat page via control-http). */
import type { BotSeed, Emulator, GroupSeed, UserSeed } from './emulator'
import type { EmulatorEvent, EmulatorEvents } from './events'
import type { FileDetails } from './media'
import type { DownloadPadding } from './faults'
import { commandsKey, type CommandScope } from './methods/bot-info'
import { webhookInfo } from './methods/updates'
import type { PaymentResult } from './payments'
import type { CallFilter, RecordedCall } from './recorder'
import { applySettings, type SettingsPatch, type TelegramEmulatorSettings } from './settings'
import {
  conversationKey,
  type BotRecord,
  type CallbackAnswer,
  type ChargeRecord,
  type Direction,
  type MenuButton,
} from './state'
import { transcriptEntry, type TranscriptEntry } from './transcript'
import type { BotCommand, Message, TgChat, TgUser, Update } from './types'
import {
  UserActions,
  type ActOptions,
  type ButtonChoice,
  type PayOptions,
  type PressedButton,
  type UserMedia,
} from './user-actions'
import { DEFAULT_WAIT_MS, waitUntil } from './wait'
import { webAppInitData } from './web-app'

export interface BotInfo {
  id: number
  token: string
  username: string
  firstName: string
  webhookUrl?: string
}

export interface BotRef {
  /** bot token, id or username (default: the first registered bot) */
  bot?: string | number
}

export interface WaitForMessageOptions extends BotRef {
  /** 'out' (default): sent by the bot; 'in': sent by a user; 'any' */
  direction?: Direction | 'any'
  /** only messages with a greater message_id */
  afterMessageId?: number
}

export interface FaultOptions extends BotRef {
  /** how many calls are affected (default 1) */
  times?: number
  /** only calls aimed at this chat */
  chatId?: number
}

export interface StoredFileView extends FileDetails {
  fileId: string
  fileUniqueId: string
  botId: number
  kind: string
  filePath: string
  size: number
  bytes: Buffer
}

export interface TelegramEmulatorControl {
  /** EventEmitter: 'event' for everything, or one type ('message', 'callback_answered', ...) */
  readonly events: EmulatorEvents

  createBot(seed?: BotSeed): BotInfo
  bots(): BotInfo[]
  createUser(seed: UserSeed): TgUser
  users(): TgUser[]
  createGroup(seed: GroupSeed): TgChat

  sendText(chatId: number, text: string, options?: ActOptions): Message
  sendCommand(chatId: number, command: string, args?: string, options?: ActOptions): Message
  sendMedia(chatId: number, media: UserMedia, options?: ActOptions): { message: Message; fileId: string }
  pressButton(chatId: number, messageId: number, choice: ButtonChoice | string, options?: ActOptions): PressedButton
  /** a paid invoice answers `already_paid` unless `{ again: true }` */
  payInvoice(chatId: number, messageId: number, options?: PayOptions): Promise<PaymentResult>
  payInvoiceLink(link: string, userId: number): Promise<PaymentResult>
  /** 403 "Forbidden: bot was blocked by the user" for sends to this chat until unblockBot */
  blockBot(chatId: number, options?: ActOptions): void
  unblockBot(chatId: number, options?: ActOptions): void

  transcript(chatId: number, options?: BotRef): TranscriptEntry[]
  calls(filter?: Omit<CallFilter, 'botId'> & BotRef): RecordedCall[]
  clearCalls(): void
  callbackAnswer(queryId: string): CallbackAnswer | undefined
  webhookInfo(options?: BotRef): Record<string, unknown>
  pendingUpdates(options?: BotRef): Update[]
  /** the command menu a client would show: chat scope, then private chats, then default; language, then '' */
  commands(options?: BotRef & { chatId?: number; languageCode?: string }): BotCommand[]
  file(fileId: string): StoredFileView | undefined
  /** the menu button a client shows in this private chat (setChatMenuButton: the chat's, else the default) */
  menuButton(options?: BotRef & { chatId?: number }): MenuButton
  /** the signed initData a Mini App opened by this user from the bot's chat receives (auth_date: now unless given) */
  webAppInitData(userId: number, options?: BotRef & { authDate?: number }): string
  charges(options?: BotRef): ChargeRecord[]

  /** listener gets every event (of one chat when chatId is given); returns unsubscribe */
  subscribe(chatId: number | undefined, listener: (event: EmulatorEvent) => void): () => void
  waitForMessage(
    chatId: number,
    predicate?: (entry: TranscriptEntry) => boolean,
    timeoutMs?: number,
    options?: WaitForMessageOptions,
  ): Promise<TranscriptEntry>
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>
  waitForCallbackAnswer(queryId: string, timeoutMs?: number): Promise<CallbackAnswer>
  waitForEvent(predicate: (event: EmulatorEvent) => boolean, timeoutMs?: number): Promise<EmulatorEvent>
  /** until the bot has no pending (undelivered / unconfirmed) updates */
  waitForNoPendingUpdates(options?: BotRef & { timeoutMs?: number }): Promise<void>

  settings(): TelegramEmulatorSettings
  configure(patch: SettingsPatch): void
  /** the next matching calls fail with this error (default 500 Internal Server Error) */
  failNext(
    method: string | undefined,
    options?: FaultOptions & { errorCode?: number; description?: string; html?: boolean },
  ): void
  /** a 429 burst: the next matching calls get "Too Many Requests: retry after N" */
  rateLimitNext(options?: FaultOptions & { method?: string; retryAfter?: number }): void
  /** getFile answers "Bad Request: file is too big" */
  fileTooBig(options?: FaultOptions): void
  /** this file's downloads (/file/bot…) serve `bytes` more than getFile declares, until clearFaults */
  padDownload(fileId: string, padding: DownloadPadding): void
  /** matching calls (of one chat, when given) are answered `ms` later (times default: until clearFaults) */
  addLatency(options: BotRef & { method?: string; chatId?: number; ms: number; times?: number }): void
  /** the next `count` webhook updates are delivered twice */
  duplicateDeliveries(count: number, options?: BotRef): void
  clearFaults(): void
  /** back to the options' state: settings, seeded bots and users; everything else dropped */
  reset(): void
}

function botInfo(bot: BotRecord): BotInfo {
  return {
    id: bot.id,
    token: bot.token,
    username: bot.username,
    firstName: bot.firstName,
    ...(bot.webhook ? { webhookUrl: bot.webhook.url } : {}),
  }
}

export function createControl(emu: Emulator): TelegramEmulatorControl {
  const user = new UserActions(emu)
  const botId = (ref?: string | number): number => emu.resolveBot(ref).id
  const target = (options: FaultOptions & { method?: string } = {}) => ({
    ...(options.method !== undefined ? { method: options.method } : {}),
    ...(options.chatId !== undefined ? { chatId: options.chatId } : {}),
    ...(options.bot !== undefined ? { botId: botId(options.bot) } : {}),
  })
  const transcript = (chatId: number, ref?: string | number): TranscriptEntry[] => {
    const conversation = emu.state.conversations.get(conversationKey(botId(ref), chatId))
    return conversation ? [...conversation.messages.values()].map(transcriptEntry) : []
  }

  return {
    events: emu.events,
    createBot: (seed) => botInfo(emu.registerBot(seed)),
    bots: () => [...emu.state.bots.values()].map(botInfo),
    createUser: (seed) => emu.createUser(seed),
    users: () => [...emu.state.users.values()],
    createGroup: (seed) => emu.chatObject(emu.createGroup(seed)),

    sendText: (chatId, text, options) => user.sendText(chatId, text, options),
    sendCommand: (chatId, command, args, options) => user.sendCommand(chatId, command, args, options),
    sendMedia: (chatId, media, options) => user.sendMedia(chatId, media, options),
    pressButton: (chatId, messageId, choice, options) => user.pressButton(chatId, messageId, choice, options),
    payInvoice: (chatId, messageId, options) => user.payInvoice(chatId, messageId, options),
    payInvoiceLink: (link, userId) => user.payInvoiceLink(link, userId),
    blockBot: (chatId, options) => user.setBlocked(chatId, true, options),
    unblockBot: (chatId, options) => user.setBlocked(chatId, false, options),

    transcript: (chatId, options = {}) => transcript(chatId, options.bot),
    calls: (filter = {}) => {
      const { bot, ...rest } = filter
      return emu.calls.list({ ...rest, ...(bot !== undefined ? { botId: botId(bot) } : {}) })
    },
    clearCalls: () => emu.calls.clear(),
    callbackAnswer: (queryId) => emu.state.callbackQueries.get(queryId)?.answer,
    webhookInfo: (options = {}) => webhookInfo(emu, emu.resolveBot(options.bot)),
    pendingUpdates: (options = {}) => emu.updates.pending(botId(options.bot)).map((queued) => queued.update),
    commands: (options = {}) => {
      const bot = emu.resolveBot(options.bot)
      const chat = options.chatId !== undefined ? emu.state.chat(options.chatId) : undefined
      const scopes: CommandScope[] = [
        ...(chat ? [{ type: 'chat', chat_id: chat.id }] : []),
        ...(chat?.type === 'private' || !chat ? [{ type: 'all_private_chats' }] : [{ type: 'all_group_chats' }]),
        { type: 'default' },
      ]
      for (const scope of scopes) {
        for (const language of [options.languageCode, undefined]) {
          const found = bot.commands.get(commandsKey(scope, language))
          if (found) return found
        }
      }
      return []
    },
    file: (fileId) => {
      const file = emu.state.files.get(fileId)
      if (!file) return undefined
      const { bytes, ...rest } = file
      return { ...rest, size: bytes.length, bytes }
    },
    menuButton: (options = {}) => {
      const bot = emu.resolveBot(options.bot)
      return (
        (options.chatId !== undefined ? bot.menuButtons.get(String(options.chatId)) : undefined) ??
        bot.menuButtons.get('') ?? { type: 'commands' }
      )
    },
    webAppInitData: (userId, options = {}) => {
      const user = emu.state.users.get(userId)
      if (!user) throw new Error(`no user ${userId}`)
      return webAppInitData(user, emu.resolveBot(options.bot).token, options.authDate)
    },
    charges: (options = {}) => [...emu.state.charges.values()].filter((charge) => charge.botId === botId(options.bot)),

    subscribe: (chatId, listener) => {
      const onEvent = (event: EmulatorEvent): void => {
        if (chatId === undefined || event.chatId === chatId) listener(event)
      }
      emu.events.on('event', onEvent)
      return () => emu.events.off('event', onEvent)
    },
    waitForMessage: (chatId, predicate = () => true, timeoutMs = DEFAULT_WAIT_MS, options = {}) => {
      const direction = options.direction ?? 'out'
      const after = options.afterMessageId ?? 0
      const check = (): TranscriptEntry | undefined =>
        transcript(chatId, options.bot).find(
          (entry) =>
            !entry.deleted &&
            entry.messageId > after &&
            (direction === 'any' || entry.direction === direction) &&
            predicate(entry),
        )
      const describe = (): string => {
        const seen = transcript(chatId, options.bot).map(
          (entry) => `#${entry.messageId} ${entry.direction} ${entry.kind}: ${entry.text ?? ''}`,
        )
        return `a matching message in chat ${chatId}; transcript:\n${seen.join('\n') || '(empty)'}`
      }
      return waitUntil(emu.events, check, timeoutMs, describe)
    },
    waitForCall: (method, predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) => {
      const check = (): RecordedCall | undefined => emu.calls.list({ method }).find(predicate)
      return waitUntil(emu.events, check, timeoutMs, () => `a ${method} call`)
    },
    waitForCallbackAnswer: (queryId, timeoutMs = DEFAULT_WAIT_MS) => {
      const check = (): CallbackAnswer | undefined => emu.state.callbackQueries.get(queryId)?.answer
      return waitUntil(emu.events, check, timeoutMs, () => `answerCallbackQuery for ${queryId}`)
    },
    waitForEvent: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
      waitUntil(
        emu.events,
        (event) => (event && predicate(event) ? event : undefined),
        timeoutMs,
        () => 'a matching event',
      ),
    waitForNoPendingUpdates: async (options = {}) => {
      const id = botId(options.bot)
      await waitUntil(
        emu.events,
        () => (emu.updates.pending(id).length === 0 ? true : undefined),
        options.timeoutMs ?? DEFAULT_WAIT_MS,
        () => `no pending updates for bot ${id}`,
      )
    },

    settings: () => structuredClone(emu.settings),
    configure: (patch) => applySettings(emu.settings, patch),
    failNext: (method, options = {}) =>
      emu.faults.addError({
        ...target({ ...options, ...(method !== undefined ? { method } : {}) }),
        times: options.times ?? 1,
        errorCode: options.errorCode ?? 500,
        description: options.description ?? 'Internal Server Error',
        ...(options.html ? { html: true } : {}),
      }),
    rateLimitNext: (options = {}) => {
      const retryAfter = options.retryAfter ?? 1
      emu.faults.addError({
        ...target(options),
        times: options.times ?? 1,
        errorCode: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        retryAfter,
      })
    },
    fileTooBig: (options = {}) =>
      emu.faults.addError({
        ...target({ ...options, method: 'getFile' }),
        times: options.times ?? 1,
        errorCode: 400,
        description: 'Bad Request: file is too big',
      }),
    padDownload: (fileId, padding) => emu.faults.padDownload(fileId, padding),
    addLatency: (options) =>
      emu.faults.addLatency({
        ...target(options),
        ms: options.ms,
        ...(options.times !== undefined ? { times: options.times } : {}),
      }),
    duplicateDeliveries: (count, options = {}) => emu.faults.addDuplicates(botId(options.bot), count),
    clearFaults: () => emu.faults.clear(),
    reset: () => emu.reset(),
  }
}
