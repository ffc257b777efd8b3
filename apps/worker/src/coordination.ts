import type { Redis } from 'ioredis'
import { kieCreatesKey, kieCreditsKey, kieKeysKey, kiePausedKey } from '@kiebot/jobs'

// State shared by every worker process, in Redis under QUEUE_PREFIX. All of it can be
// lost (a Redis restart) without harm: limits start over, a pause is re-learnt from the
// next 402, a status message is edited once more.

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`

/** Spacing: 0 when the caller may go now (and the next slot is reserved), else ms to wait. */
const TAKE_SPACED_SLOT = `${NOW_MS}
local spacing = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt <= now then
  redis.call('SET', KEYS[1], now + spacing, 'PX', spacing + 60000)
  return 0
end
return nextAt - now`

/**
 * A Telegram send's two limits, the chat's first: KEYS[1] the chat's next free moment, KEYS[2]
 * the cluster's budget, a GCRA clock (the moment the budget is spent up to; one send advances
 * it by 1000 / perSecond ms, and it may run one such step ahead of now). A chat that must wait
 * returns {1, ms} and spends nothing of the budget; a spent budget returns {2, ms} and leaves the
 * chat's slot free; else both are taken ({0, 0}). So perSecond on average and at most
 * perSecond + 1 in any second; the one step of slack absorbs a sender's timer lag, which a strict
 * window loses on every send. ARGV: the chat's spacing ms, sends per second (0: no budget).
 */
const TAKE_SEND_SLOT = `${NOW_MS}
local spacing = tonumber(ARGV[1]) local perSecond = tonumber(ARGV[2])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt > now then return {1, nextAt - now} end
if perSecond > 0 then
  local step = 1000 / perSecond
  local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
  if tat < now then tat = now end
  if tat - now > step then return {2, math.max(1, math.ceil(tat - now - step))} end
  redis.call('SET', KEYS[2], tostring(tat + step), 'PX', math.ceil(tat + step - now) + 1000)
end
redis.call('SET', KEYS[1], now + spacing, 'PX', spacing + 60000)
return {0, 0}`

/**
 * The status clock's due ticks: up to ARGV[1] members of the clock (KEYS[1], a sorted set of
 * generation ids by the moment of their next tick) whose moment has come, each leased to now +
 * ARGV[2] ms (so a tick taken by a process that dies fires again) and returned. ARGV[3] is the
 * caller's now: the scores are the workers' clock (setTick), so due is judged on that clock too.
 */
const TAKE_DUE_TICKS = `local now = tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id) end
return due`

/** Pushes a key's next slot to at least now + ms. */
const PUSH_SLOT = `${NOW_MS}
local until_ = now + tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nextAt then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 60000) end
return 1`

/**
 * The pool's create slot: for each key i (1..n) of KEYS (windows 1..n, pauses n+1..2n, holds
 * 2n+1..3n), skip it when paused or held; among those with room in their window take the one
 * whose last create is oldest. Returns {i, 0}, or {0, ms until a slot frees} ({0, 0}: every
 * key is paused).
 */
const TAKE_KEY_SLOT = `${NOW_MS}
local window = tonumber(ARGV[1]) local limit = tonumber(ARGV[2]) local n = tonumber(ARGV[4])
local best = 0 local bestLast = nil local wait = nil local open = 0
for i = 1, n do
  if redis.call('EXISTS', KEYS[n + i]) == 0 then
    open = open + 1
    local held = redis.call('PTTL', KEYS[2 * n + i])
    if held > 0 then
      if wait == nil or held < wait then wait = held end
    else
      redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
      if redis.call('ZCARD', KEYS[i]) < limit then
        local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
        local last = newest[2] and tonumber(newest[2]) or 0
        if bestLast == nil or last < bestLast then best = i bestLast = last end
      else
        local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
        local ms = math.max(1, tonumber(oldest[2]) + window - now)
        if wait == nil or ms < wait then wait = ms end
      end
    end
  end
end
if best > 0 then
  redis.call('ZADD', KEYS[best], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[best], window)
  return {best, 0}
end
if open == 0 then return {0, 0} end
return {0, wait or 1}`

export interface KieCreateSlot {
  /** the key to send the create with; null: none now */
  label: string | null
  /** with no key: ms until one frees up (0: every key is paused after a 402) */
  waitMs: number
}

export interface KiePause {
  since: string
  /** the balance when Kie answered 402 (null when it could not be read) */
  credits: number | null
}

/** A send may go (`wait` null), or must wait `ms` for its chat or for the cluster's budget. */
export interface SendSlot {
  wait: 'chat' | 'budget' | null
  ms: number
}

export class Coordination {
  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':')
  }

  /**
   * A create slot of one key of the pool, chosen among the keys that are neither paused (402)
   * nor held (429) and have a free slot in their window: the least recently used one. One
   * script over every key's window, pause and hold (all under the prefix: one slot on Redis
   * Cluster when the prefix is a hash tag).
   */
  async takeKieCreateSlot(
    labels: readonly string[],
    limit: number,
    windowMs: number,
    member: string,
  ): Promise<KieCreateSlot> {
    const keys = [
      ...labels.map((l) => kieCreatesKey(this.prefix, l)),
      ...labels.map((l) => kiePausedKey(this.prefix, l)),
      ...labels.map((l) => this.key('kie', 'hold', l)),
    ]
    const [index, wait] = (await this.redis.eval(
      TAKE_KEY_SLOT,
      keys.length,
      ...keys,
      windowMs,
      limit,
      `${member}:${Date.now()}`,
      labels.length,
    )) as [number, number]
    if (index > 0) return { label: labels[index - 1]!, waitMs: 0 }
    return { label: null, waitMs: Number(wait) }
  }

  /** Kie answered 429 to this key: no create goes out with it for `ms`. */
  async holdKieKey(label: string, ms: number): Promise<void> {
    await this.redis.set(this.key('kie', 'hold', label), '1', 'PX', Math.max(1, Math.round(ms)))
  }

  async kiePause(label: string): Promise<KiePause | null> {
    const raw = await this.redis.get(kiePausedKey(this.prefix, label))
    if (!raw) return null
    try {
      return JSON.parse(raw) as KiePause
    } catch {
      return { since: new Date().toISOString(), credits: null }
    }
  }

  /** The labels of `labels` whose submissions are paused (402). */
  async pausedKieKeys(labels: readonly string[]): Promise<string[]> {
    if (labels.length === 0) return []
    const values = await Promise.all(labels.map((l) => this.redis.exists(kiePausedKey(this.prefix, l))))
    return labels.filter((_, i) => values[i] === 1)
  }

  async pauseKieSubmissions(label: string, credits: number | null): Promise<boolean> {
    const pause: KiePause = { since: new Date().toISOString(), credits }
    return (await this.redis.set(kiePausedKey(this.prefix, label), JSON.stringify(pause), 'NX')) === 'OK'
  }

  async resumeKieSubmissions(label: string): Promise<boolean> {
    return (await this.redis.del(kiePausedKey(this.prefix, label))) === 1
  }

  /** True for one caller per period (who then probes Kie's balance). */
  async claim(name: string, periodMs: number): Promise<boolean> {
    return (await this.redis.set(this.key('claim', name), '1', 'PX', periodMs, 'NX')) === 'OK'
  }

  /** Gives a claim back before its period ends (the work it guarded is done). */
  async release(name: string): Promise<void> {
    await this.redis.del(this.key('claim', name))
  }

  /** The key's last balance (the admin stats read it); the pool's first key also under the one-key name. */
  async storeKieCredits(label: string, credits: number, first: boolean, at = new Date()): Promise<void> {
    const snapshot = JSON.stringify({ credits, checkedAt: at.toISOString() })
    await this.redis.hset(kieKeysKey(this.prefix), label, snapshot)
    if (first) await this.redis.set(kieCreditsKey(this.prefix), snapshot)
  }

  /** Forgets the balances of keys no longer in the pool (KIE_API_KEYS changed). */
  async forgetKieKeysExcept(labels: readonly string[]): Promise<void> {
    const known = await this.redis.hkeys(kieKeysKey(this.prefix))
    const gone = known.filter((l) => !labels.includes(l))
    if (gone.length > 0) await this.redis.hdel(kieKeysKey(this.prefix), ...gone)
  }

  /**
   * A send's per-chat slot and a token of the cluster's send budget (`perSecond` on average, at
   * most one more in any second), the chat checked first: a send that must wait for its chat
   * spends no budget, and one that must wait for the budget keeps no chat slot.
   */
  async takeSendSlot(chatId: string, spacingMs: number, perSecond: number): Promise<SendSlot> {
    const [code, ms] = (await this.redis.eval(
      TAKE_SEND_SLOT,
      2,
      this.key('tg', 'chat', chatId),
      this.key('tg', 'budget'),
      spacingMs,
      perSecond,
    )) as [number, number]
    if (code === 1) return { wait: 'chat', ms: Number(ms) }
    if (code === 2) return { wait: 'budget', ms: Number(ms) }
    return { wait: null, ms: 0 }
  }

  /** After a 429 for this chat: nothing more is sent to it before retry_after. */
  async holdChat(chatId: string, ms: number): Promise<void> {
    await this.redis.eval(PUSH_SLOT, 1, this.key('tg', 'chat', chatId), ms)
  }

  /** At most one status edit per message every `spacingMs`; 0 = edit now. */
  async takeStatusSlot(generationId: string, spacingMs: number): Promise<number> {
    return Number(await this.redis.eval(TAKE_SPACED_SLOT, 1, this.key('tg', 'status-next', generationId), spacingMs))
  }

  /**
   * The status clock: one member per live generation, scored by the moment of its next tick (a
   * later render moves it; a sorted set entry, not a delayed job, per waiting generation).
   */
  async setTick(generationId: string, atMs: number): Promise<void> {
    await this.redis.zadd(this.key('tg', 'clock'), atMs, generationId)
  }

  /** The generation's clock stopped (it ended, or its message cannot be edited). */
  async clearTick(generationId: string): Promise<void> {
    await this.redis.zrem(this.key('tg', 'clock'), generationId)
  }

  /** Up to `limit` generations whose tick is due, each leased for `leaseMs` (see TAKE_DUE_TICKS). */
  async takeDueTicks(limit: number, leaseMs: number): Promise<string[]> {
    return (await this.redis.eval(TAKE_DUE_TICKS, 1, this.key('tg', 'clock'), limit, leaseMs, Date.now())) as string[]
  }

  /** When the generation's next tick is due (ms), or null when its clock is stopped. */
  async tickAt(generationId: string): Promise<number | null> {
    const score = await this.redis.zscore(this.key('tg', 'clock'), generationId)
    return score === null ? null : Number(score)
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
