/** Everything that happens in the emulator, as one typed event stream (in-process and SSE). */
import { EventEmitter } from 'node:events'
import type { CallbackAnswer, PreCheckoutAnswer } from './state'
import type { TranscriptEntry } from './transcript'
import type { RecordedCall } from './recorder'

interface EventBase {
  /** increasing over the emulator's life; the SSE `id:` */
  seq: number
  /** ms since epoch */
  at: number
  botId: number
  chatId?: number
}

export type EmulatorEventBody =
  | { type: 'message'; chatId: number; entry: TranscriptEntry }
  | { type: 'message_edited'; chatId: number; entry: TranscriptEntry }
  | { type: 'message_deleted'; chatId: number; messageId: number }
  | { type: 'chat_action'; chatId: number; action: string }
  | { type: 'callback_query'; chatId: number; queryId: string; messageId: number; userId: number; data?: string }
  | { type: 'callback_answered'; chatId: number; queryId: string; answer: CallbackAnswer }
  | {
      type: 'pre_checkout_query'
      chatId: number
      queryId: string
      userId: number
      totalAmount: number
      currency: string
    }
  | { type: 'pre_checkout_answered'; chatId: number; queryId: string; answer: PreCheckoutAnswer }
  | { type: 'payment_failed'; chatId: number; queryId: string; reason: 'timeout' | 'rejected'; errorMessage?: string }
  | { type: 'chat_blocked'; chatId: number; blocked: boolean }
  | { type: 'update_queued'; chatId?: number; updateId: number; kind: string }
  | {
      type: 'webhook_delivery'
      chatId?: number
      updateId: number
      attempt: number
      ok: boolean
      status?: number
      error?: string
      duplicate?: boolean
    }
  | { type: 'api_call'; chatId?: number; call: RecordedCall }

export type EmulatorEvent = EventBase & EmulatorEventBody
export type EmulatorEventType = EmulatorEvent['type']

const HISTORY = 1000

/** EventEmitter that emits every event as 'event' and as its own type; keeps the last 1000 for SSE replay. */
export class EmulatorEvents extends EventEmitter {
  private seq = 0
  private readonly history: EmulatorEvent[] = []

  constructor() {
    super()
    this.setMaxListeners(0)
  }

  publish(botId: number, body: EmulatorEventBody): EmulatorEvent {
    const event = { seq: ++this.seq, at: Date.now(), botId, ...body } as EmulatorEvent
    this.history.push(event)
    if (this.history.length > HISTORY) this.history.shift()
    this.emit('event', event)
    this.emit(event.type, event)
    return event
  }

  /** events after `seq` still in memory */
  since(seq: number): EmulatorEvent[] {
    return this.history.filter((event) => event.seq > seq)
  }

  clearHistory(): void {
    this.history.length = 0
  }
}
