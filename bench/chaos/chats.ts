import type {
  EmulatorEvent,
  InlineKeyboardButton,
  Message,
  RunningTelegramEmulator,
  TranscriptEntry,
} from '@kiebot/sandbox'

// What the bot shows each chat, followed live through the Telegram emulator's events
// (no transcript polling: one listener for all chats). Users wait on it for the next
// screen; the report reads when each result arrived from it.

export interface Seen {
  seq: number
  at: number
  entry: TranscriptEntry
}

interface Waiter {
  afterSeq: number
  match: (entry: TranscriptEntry) => boolean
  resolve: (seen: Seen | null) => void
}

export function callbackButtons(entry: TranscriptEntry): string[] {
  const markup = (entry.message as Message & { reply_markup?: { inline_keyboard?: InlineKeyboardButton[][] } })
    .reply_markup
  return (markup?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => ('callback_data' in b && typeof b.callback_data === 'string' ? [b.callback_data] : []))
}

const RESULT_KINDS = new Set(['photo', 'video', 'audio', 'document'])
const KEEP_PER_CHAT = 40

export class ChatWatcher {
  private readonly recent = new Map<number, Seen[]>()
  private readonly waiters = new Map<number, Set<Waiter>>()
  private seq = 0
  /** generation id → times a result message carrying its Repeat button was sent */
  readonly results = new Map<string, number[]>()
  /**
   * generation id → the message (`chat:message`) that first showed its Cancel button: the Confirm
   * screen, which becomes its status message. A failure's final word is a new message, and the row
   * then names that one, so the row alone no longer leads back to the screen pressed.
   */
  readonly firstScreens = new Map<string, string>()
  private readonly stop: () => void

  constructor(telegram: RunningTelegramEmulator) {
    const listener = (event: EmulatorEvent) => {
      if ((event.type !== 'message' && event.type !== 'message_edited') || event.entry.direction !== 'out') return
      this.add(event.chatId, event.type, event.entry, event.at)
    }
    telegram.control.events.on('event', listener)
    this.stop = () => telegram.control.events.off('event', listener)
  }

  private add(chatId: number, type: 'message' | 'message_edited', entry: TranscriptEntry, at: number): void {
    const seen: Seen = { seq: ++this.seq, at, entry }
    if (type === 'message' && RESULT_KINDS.has(entry.kind)) {
      for (const data of callbackButtons(entry)) {
        const match = /^rp:(.+)$/.exec(data)
        if (match) this.results.set(match[1]!, [...(this.results.get(match[1]!) ?? []), at])
      }
    }
    for (const data of callbackButtons(entry)) {
      const cancel = /^gc:(.+)$/.exec(data)
      if (cancel && !this.firstScreens.has(cancel[1]!))
        this.firstScreens.set(cancel[1]!, `${chatId}:${entry.messageId}`)
    }
    const list = this.recent.get(chatId) ?? []
    list.push(seen)
    if (list.length > KEEP_PER_CHAT) list.shift()
    this.recent.set(chatId, list)
    for (const waiter of this.waiters.get(chatId) ?? []) {
      if (seen.seq > waiter.afterSeq && waiter.match(entry)) {
        this.waiters.get(chatId)!.delete(waiter)
        waiter.resolve(seen)
      }
    }
  }

  /** the sequence number now: `next` only looks at what comes after it */
  mark(): number {
    return this.seq
  }

  /** the first message or edit in this chat after `afterSeq` that matches, or null after `timeoutMs` */
  next(
    chatId: number,
    afterSeq: number,
    match: (entry: TranscriptEntry) => boolean,
    timeoutMs: number,
  ): Promise<Seen | null> {
    const already = (this.recent.get(chatId) ?? []).find((s) => s.seq > afterSeq && match(s.entry))
    if (already) return Promise.resolve(already)
    return new Promise((resolve) => {
      const waiter: Waiter = {
        afterSeq,
        match,
        resolve: (seen) => {
          clearTimeout(timer)
          resolve(seen)
        },
      }
      const timer = setTimeout(() => {
        this.waiters.get(chatId)?.delete(waiter)
        resolve(null)
      }, timeoutMs)
      const set = this.waiters.get(chatId) ?? new Set()
      set.add(waiter)
      this.waiters.set(chatId, set)
    })
  }

  /** stops listening; every pending `next` resolves null */
  close(): void {
    this.stop()
    for (const set of this.waiters.values()) for (const waiter of set) waiter.resolve(null)
    this.waiters.clear()
  }
}
