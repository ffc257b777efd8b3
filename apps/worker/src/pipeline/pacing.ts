import type { WorkerContext } from '../context'

// When a step runs again: the back-off of a generation that waits for Kie, and the
// cluster-wide budget of status polls.

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

const followers = new WeakMap<WorkerContext, { count: number; at: number }>()

/** Tasks being followed in the whole cluster (counted at most every 5 s per process). */
async function followingCount(ctx: WorkerContext): Promise<number> {
  const cached = followers.get(ctx)
  if (cached && Date.now() - cached.at < 5000) return cached.count
  const count = await ctx.db.generation.count({ where: { status: 'running', step: 'follow' } })
  followers.set(ctx, { count, at: Date.now() })
  return count
}

/**
 * The next poll of a task: the back-off of `pollDelay`, but never more status requests
 * than KIE_POLLS_PER_SECOND for the whole cluster (Kie allows 10 per key): with N tasks
 * waiting each is polled about every N / budget seconds. Callbacks still wake a task at
 * once, so this only slows the fallback. Jittered so that polls spread out.
 */
export async function followDelay(
  ctx: WorkerContext,
  since: Date,
  deadlineAt: Date,
  now = Date.now(),
): Promise<number> {
  const backoff = pollDelay(ctx, since, deadlineAt, now)
  const budgetMs = ((await followingCount(ctx)) / ctx.config.KIE_POLLS_PER_SECOND) * 1000
  if (budgetMs <= backoff) return backoff
  const spread = budgetMs * (0.75 + Math.random() * 0.5)
  const untilDeadline = deadlineAt.getTime() - now
  return untilDeadline > 0 ? Math.min(spread, untilDeadline + 50) : backoff
}
