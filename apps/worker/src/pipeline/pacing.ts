import type { WorkerContext } from '../context'

// When a step runs again: the back-off of a generation that waits for Kie, and the
// cluster-wide budget of status polls of each Kie key.

/**
 * The poll interval: about a quarter of the time Kie has been working, between
 * KIE_POLL_MIN_MS and KIE_POLL_MAX_MS (3 s growing to 30 s by default). Kept from the
 * row's timestamps, so it survives restarts; never past the deadline.
 */
export function pollDelay(ctx: WorkerContext, since: Date, deadlineAt: Date, now = Date.now()): number {
  const { KIE_POLL_MIN_MS: min, KIE_POLL_MAX_MS: max } = ctx.config
  const wanted = Math.min(max, Math.max(min, (now - since.getTime()) / 4))
  const untilDeadline = deadlineAt.getTime() - now
  return untilDeadline > 0 ? Math.min(wanted, untilDeadline + 50) : wanted
}

/** per process (keyed by `ctx.instance`): each key's followed-task count, and when it was read */
const followers = new WeakMap<object, Map<string, { count: number; at: number }>>()

/**
 * Tasks one key follows in the whole cluster (counted at most every 5 s per process); rows
 * from before the key pool (no `kie_key`) are the first key's.
 */
async function followingCount(ctx: WorkerContext, label: string): Promise<number> {
  let perKey = followers.get(ctx.instance)
  if (!perKey) followers.set(ctx.instance, (perKey = new Map()))
  const cached = perKey.get(label)
  if (cached && Date.now() - cached.at < 5000) return cached.count
  const first = label === ctx.kiePool.first.label
  const count = await ctx.db.generation.count({
    where: {
      status: 'running',
      step: 'follow',
      ...(first ? { OR: [{ kieKey: label }, { kieKey: null }] } : { kieKey: label }),
    },
  })
  perKey.set(label, { count, at: Date.now() })
  return count
}

/**
 * The next poll of a task: the back-off of `pollDelay`, but never more status requests
 * than KIE_POLLS_PER_SECOND per key of the pool (Kie allows 10 per key): with N tasks of
 * one key waiting each is polled about every N / budget seconds. Callbacks still wake a
 * task at once, so this only slows the fallback. Jittered so that polls spread out.
 */
export async function followDelay(
  ctx: WorkerContext,
  since: Date,
  deadlineAt: Date,
  now = Date.now(),
  /** the task's key (the row's `kie_key`; null: the first key) */
  kieKey: string | null = null,
): Promise<number> {
  const backoff = pollDelay(ctx, since, deadlineAt, now)
  const label = kieKey ?? ctx.kiePool.first.label
  const budgetMs = ((await followingCount(ctx, label)) / ctx.config.KIE_POLLS_PER_SECOND) * 1000
  if (budgetMs <= backoff) return backoff
  const spread = budgetMs * (0.75 + Math.random() * 0.5)
  const untilDeadline = deadlineAt.getTime() - now
  return untilDeadline > 0 ? Math.min(spread, untilDeadline + 50) : backoff
}
