import type { Deps } from '../bot/context'

// "A catalog page is open": set by a catalog page, cleared by any other button, 15 minutes at
// most (one key per user). While it is set, a typed text is a search by name and a sent file
// gets its tasks, even with a wizard left open behind the catalog.

export const BROWSING_TTL_SECONDS = 15 * 60

function key(deps: Pick<Deps, 'config'>, userId: bigint): string {
  return `${deps.config.QUEUE_PREFIX}:browsing:${userId}`
}

export async function markBrowsing(
  deps: Pick<Deps, 'config' | 'redis'>,
  userId: bigint,
  browsing: boolean,
): Promise<void> {
  if (browsing) await deps.redis.set(key(deps, userId), '1', 'EX', BROWSING_TTL_SECONDS)
  else await deps.redis.del(key(deps, userId))
}

export async function isBrowsing(deps: Pick<Deps, 'config' | 'redis'>, userId: bigint): Promise<boolean> {
  return (await deps.redis.exists(key(deps, userId))) === 1
}
