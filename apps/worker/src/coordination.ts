import type { Redis } from 'ioredis'
import { kieCreditsKey } from '@kiebot/jobs'

// State shared by every worker process, in Redis under QUEUE_PREFIX. All of it can be
// lost (a Redis restart) without harm: limits start over, a pause is re-learnt from the
// next 402, a status message is edited once more.

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`

/** Sliding window: 0 when a slot was taken, else ms until one frees up. */
const TAKE_WINDOW_SLOT = `${NOW_MS}
local window = tonumber(ARGV[1]) local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`

/** Spacing: 0 when the caller may go now (and the next slot is reserved), else ms to wait. */
const TAKE_SPACED_SLOT = `${NOW_MS}
local spacing = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt <= now then
  redis.call('SET', KEYS[1], now + spacing, 'PX', spacing + 60000)
  return 0
end
return nextAt - now`

/** Pushes a key's next slot to at least now + ms. */
const PUSH_SLOT = `${NOW_MS}
local until_ = now + tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nextAt then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 60000) end
return 1`

export interface KiePause {
  since: string
  /** the balance when Kie answered 402 (null when it could not be read) */
  credits: number | null
}

export class Coordination {
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':')
  }

  /** One Kie create slot of the account-wide limit; 0 = go, else ms to wait. */
  async takeKieCreateSlot(limit: number, windowMs: number, member: string): Promise<number> {
    return Number(
      await this.redis.eval(
        TAKE_WINDOW_SLOT,
        1,
        this.key('kie', 'creates'),
        windowMs,
        limit,
        `${member}:${Date.now()}`,
      ),
    )
  }

  async kiePause(): Promise<KiePause | null> {
    const raw = await this.redis.get(this.key('kie', 'paused'))
    if (!raw) return null
    try {
      return JSON.parse(raw) as KiePause
    } catch {
      return { since: new Date().toISOString(), credits: null }
    }
  }

  async pauseKieSubmissions(credits: number | null): Promise<boolean> {
    const pause: KiePause = { since: new Date().toISOString(), credits }
    return (await this.redis.set(this.key('kie', 'paused'), JSON.stringify(pause), 'NX')) === 'OK'
  }

  async resumeKieSubmissions(): Promise<boolean> {
    return (await this.redis.del(this.key('kie', 'paused'))) === 1
  }

  /** True for one caller per period (who then probes Kie's balance). */
  async claim(name: string, periodMs: number): Promise<boolean> {
    return (await this.redis.set(this.key('claim', name), '1', 'PX', periodMs, 'NX')) === 'OK'
  }

  /** Gives a claim back before its period ends (the work it guarded is done). */
  async release(name: string): Promise<void> {
    await this.redis.del(this.key('claim', name))
  }

  async storeKieCredits(credits: number, at = new Date()): Promise<void> {
    await this.redis.set(kieCreditsKey(this.prefix), JSON.stringify({ credits, checkedAt: at.toISOString() }))
  }

  /** Per-chat spacing of Telegram sends; 0 = send now, else ms to wait. */
  async takeChatSlot(chatId: string, spacingMs: number): Promise<number> {
    return Number(await this.redis.eval(TAKE_SPACED_SLOT, 1, this.key('tg', 'chat', chatId), spacingMs))
  }

  /** After a 429 for this chat: nothing more is sent to it before retry_after. */
  async holdChat(chatId: string, ms: number): Promise<void> {
    await this.redis.eval(PUSH_SLOT, 1, this.key('tg', 'chat', chatId), ms)
  }

  /** At most one status edit per message every `spacingMs`; 0 = edit now. */
  async takeStatusSlot(generationId: string, spacingMs: number): Promise<number> {
    return Number(await this.redis.eval(TAKE_SPACED_SLOT, 1, this.key('tg', 'status-next', generationId), spacingMs))
  }

  async lastStatus(generationId: string): Promise<string | null> {
    return this.redis.get(this.key('tg', 'status', generationId))
  }

  async rememberStatus(generationId: string, fingerprint: string): Promise<void> {
    await this.redis.set(this.key('tg', 'status', generationId), fingerprint, 'EX', 7 * 24 * 3600)
  }

  /** A broadcast recipient's message ended this way (a set per outcome: counted once per user). */
  async recordBroadcastOutcome(broadcastId: string, userId: string, outcome: BroadcastOutcome): Promise<void> {
    const key = this.key('broadcast', broadcastId, outcome)
    await this.redis.multi().sadd(key, userId).expire(key, BROADCAST_TTL_SECONDS).exec()
  }

  /** How this recipient's message ended, or null while it has not. */
  async broadcastOutcome(broadcastId: string, userId: string): Promise<BroadcastOutcome | null> {
    for (const outcome of BROADCAST_OUTCOMES)
      if (await this.redis.sismember(this.key('broadcast', broadcastId, outcome), userId)) return outcome
    return null
  }

  async broadcastCounts(broadcastId: string): Promise<Record<BroadcastOutcome, number>> {
    const counts = await Promise.all(
      BROADCAST_OUTCOMES.map((o) => this.redis.scard(this.key('broadcast', broadcastId, o))),
    )
    return Object.fromEntries(BROADCAST_OUTCOMES.map((o, i) => [o, counts[i]!])) as Record<BroadcastOutcome, number>
  }

  /**
   * A block of results (from `blockStart`) that could not go as an album: its items go one by
   * one, across the job's re-runs (each send may postpone the job), without trying the album again.
   */
  async albumRefused(generationId: string, blockStart: number): Promise<boolean> {
    return (await this.redis.exists(this.key('tg', 'album-refused', generationId, String(blockStart)))) === 1
  }

  async rememberAlbumRefused(generationId: string, blockStart: number): Promise<void> {
    await this.redis.set(this.key('tg', 'album-refused', generationId, String(blockStart)), '1', 'EX', 24 * 3600)
  }
}

export const BROADCAST_OUTCOMES = ['sent', 'blocked', 'failed'] as const
export type BroadcastOutcome = (typeof BROADCAST_OUTCOMES)[number]
const BROADCAST_TTL_SECONDS = 8 * 24 * 3600
