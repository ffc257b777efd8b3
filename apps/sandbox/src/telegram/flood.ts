/**
 * Flood control like Telegram's: a token bucket per chat (burst, then about 1 per window) and one
 * per bot over all chats (about 30 per window). Over the limit → 429 "Too Many Requests: retry
 * after N", and the chat (or bot) stays blocked for N windows, as Telegram does.
 */
import { tooManyRequests, type ApiError } from './errors'
import type { FloodSettings } from './settings'

interface Bucket {
  tokens: number
  refilledAt: number
  blockedUntil: number
}

export class FloodControl {
  private readonly chats = new Map<string, Bucket>()
  private readonly bots = new Map<number, Bucket>()

  constructor(private readonly settings: () => FloodSettings) {}

  /** takes one send/edit for (bot, chat); returns the 429 to answer when over the limit */
  take(botId: number, chatId: number, now = Date.now()): ApiError | undefined {
    const settings = this.settings()
    if (!settings.enabled) return undefined
    const chatKey = `${botId}:${chatId}`
    const chat = this.bucket(this.chats, chatKey, settings.perChatBurst, now)
    const bot = this.bucket(this.bots, botId, settings.globalPerWindow, now)
    refill(chat, settings.perChatBurst, settings.perChatPerWindow / settings.windowMs, now)
    refill(bot, settings.globalPerWindow, settings.globalPerWindow / settings.windowMs, now)
    for (const [bucket, perMs] of [
      [bot, settings.globalPerWindow / settings.windowMs],
      [chat, settings.perChatPerWindow / settings.windowMs],
    ] as const) {
      if (bucket.blockedUntil > now) return tooManyRequests(Math.ceil((bucket.blockedUntil - now) / settings.windowMs))
      if (bucket.tokens < 1 - 1e-6) {
        const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / settings.windowMs))
        bucket.blockedUntil = now + retryAfter * settings.windowMs
        return tooManyRequests(retryAfter)
      }
    }
    chat.tokens -= 1
    bot.tokens -= 1
    return undefined
  }

  clear(): void {
    this.chats.clear()
    this.bots.clear()
  }

  private bucket<K>(map: Map<K, Bucket>, key: K, capacity: number, now: number): Bucket {
    let bucket = map.get(key)
    if (!bucket) {
      bucket = { tokens: capacity, refilledAt: now, blockedUntil: 0 }
      map.set(key, bucket)
    }
    return bucket
  }
}

function refill(bucket: Bucket, capacity: number, perMs: number, now: number): void {
  bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * perMs)
  bucket.refilledAt = now
}
