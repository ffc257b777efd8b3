/**
 * Per-bot update queues: update_id assignment, allowed_updates filtering, getUpdates (long polling
 * with offset/limit/timeout, one poller at a time) and the backlog the webhook deliverer drains.
 */
import { conflict, type ApiError } from './errors'
import type { BotRecord } from './state'
import type { Update, UpdatePayload } from './types'

export interface QueuedUpdate {
  update: Update
  /** the Update field that is set: 'message', 'callback_query', ... */
  kind: string
  /** updates with the same lane (the chat) are delivered strictly one after the other */
  lane: string
  chatId?: number
  queuedAt: number
  /** failed webhook attempts so far */
  failedAttempts: number
}

/** Telegram's default when allowed_updates is empty or was never set. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count'])

export function isAllowed(bot: BotRecord, kind: string): boolean {
  if (bot.allowedUpdates === null || bot.allowedUpdates.length === 0) return !NOT_BY_DEFAULT.has(kind)
  return bot.allowedUpdates.includes(kind)
}

interface Poller {
  finish(error?: ApiError): void
}

class BotUpdateQueue {
  readonly pending: QueuedUpdate[] = []
  nextUpdateId: number
  poller?: Poller

  constructor(firstUpdateId: number) {
    this.nextUpdateId = firstUpdateId
  }
}

export class UpdateHub {
  private readonly queues = new Map<number, BotUpdateQueue>()

  /** called after an update was queued (the emulator kicks the webhook deliverer) */
  constructor(private readonly onQueued: (bot: BotRecord, queued: QueuedUpdate) => void) {}

  private queue(botId: number): BotUpdateQueue {
    let queue = this.queues.get(botId)
    if (!queue) {
      // update_id does not start at 1 on Telegram either; bots must not assume continuity from 1
      queue = new BotUpdateQueue(100_000_000 + Math.floor(Math.random() * 800_000_000))
      this.queues.set(botId, queue)
    }
    return queue
  }

  pending(botId: number): QueuedUpdate[] {
    return this.queue(botId).pending
  }

  /** queues an update unless allowed_updates filters it out (then undefined) */
  enqueue(bot: BotRecord, payload: UpdatePayload, chatId: number | undefined): QueuedUpdate | undefined {
    const kind = Object.keys(payload)[0] ?? 'unknown'
    if (!isAllowed(bot, kind)) return undefined
    const queue = this.queue(bot.id)
    const queued: QueuedUpdate = {
      update: { update_id: queue.nextUpdateId++, ...payload },
      kind,
      lane: chatId !== undefined ? `chat:${chatId}` : 'bot',
      ...(chatId !== undefined ? { chatId } : {}),
      queuedAt: Date.now(),
      failedAttempts: 0,
    }
    queue.pending.push(queued)
    queue.poller?.finish()
    this.onQueued(bot, queued)
    return queued
  }

  remove(botId: number, queued: QueuedUpdate): void {
    const pending = this.queue(botId).pending
    const index = pending.indexOf(queued)
    if (index >= 0) pending.splice(index, 1)
  }

  /** drop_pending_updates */
  dropPending(botId: number): void {
    this.queue(botId).pending.length = 0
  }

  /** ends a waiting getUpdates (setWebhook, close) with this error, or empty when none given */
  endPoll(botId: number, error?: ApiError): void {
    this.queues.get(botId)?.poller?.finish(error)
  }

  /**
   * getUpdates: confirms updates below `offset` (negative: keeps the last -offset), returns up to
   * `limit`, and when there are none waits up to `timeoutMs` for one. A newer getUpdates ends the
   * waiting one with 409 Conflict, like Telegram.
   */
  async poll(
    botId: number,
    options: { offset?: number; limit: number; timeoutMs: number; signal: AbortSignal },
  ): Promise<Update[]> {
    const queue = this.queue(botId)
    const { offset, limit } = options
    if (offset !== undefined && offset < 0) queue.pending.splice(0, Math.max(0, queue.pending.length + offset))
    else if (offset !== undefined) {
      while (queue.pending[0] && queue.pending[0].update.update_id < offset) queue.pending.shift()
    }
    queue.poller?.finish(
      conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
    )
    const take = (): Update[] => queue.pending.slice(0, limit).map((queued) => queued.update)
    if (queue.pending.length > 0 || options.timeoutMs <= 0) return take()
    await new Promise<void>((resolve, reject) => {
      const poller: Poller = {
        finish: (error) => {
          clearTimeout(timer)
          options.signal.removeEventListener('abort', onAbort)
          if (queue.poller === poller) queue.poller = undefined
          if (error) reject(error)
          else resolve()
        },
      }
      const onAbort = (): void => poller.finish()
      const timer = setTimeout(() => poller.finish(), options.timeoutMs)
      options.signal.addEventListener('abort', onAbort)
      queue.poller = poller
    })
    return take()
  }

  clear(): void {
    for (const queue of this.queues.values()) queue.poller?.finish()
    this.queues.clear()
  }
}
