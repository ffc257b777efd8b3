import type { Redis } from 'ioredis'

// Per-user limits (updates a minute, the Mini App's actions and media, promo attempts) count in
// fixed windows: one Redis key per name and window, `<name>:<window number>`, that expires a
// second after its window ends, so a user holds at most one live key per limit.

export interface WindowCount {
  /** events counted in this window, this one included */
  count: number
  /** milliseconds until the window ends (and the count starts again) */
  resetInMs: number
}

/** The key that counts `name`'s events in the window `now` falls in, and how long it lives. */
export function windowOf(name: string, windowMs: number, now = Date.now()) {
  const window = Math.floor(now / windowMs)
  return {
    key: `${name}:${window}`,
    ttlSeconds: Math.ceil(windowMs / 1000) + 1,
    resetInMs: (window + 1) * windowMs - now,
  }
}

/**
 * Counts one event under `name` in the window of `windowMs` that `now` falls in. `alsoRead`:
 * a key read in the same round trip (the middleware reads the user's awaited-input slot so).
 */
export async function countInWindow(
  redis: Redis,
  name: string,
  windowMs: number,
  now = Date.now(),
  alsoRead?: string,
): Promise<WindowCount & { read: string | null }> {
  const { key, ttlSeconds, resetInMs } = windowOf(name, windowMs, now)
  const multi = redis.multi().incr(key).expire(key, ttlSeconds)
  if (alsoRead) multi.get(alsoRead)
  const [[, count], , read] = (await multi.exec()) as [[null, number], unknown, [null, string | null] | undefined]
  return { count, resetInMs, read: read?.[1] ?? null }
}
