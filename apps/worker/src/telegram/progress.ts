import { ACTIVE_STATUSES } from '@kiebot/db'
import { enqueueTelegram, statusJobId } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import { usualFromSamples, type UsualDuration } from '@kiebot/telegram'
import type { WorkerContext } from '../context'

// The live status message's clock: how long a model usually takes (learned from its
// recent generations, cached per process) and the next tick of the elapsed time, paced
// so that all the clocks together use at most half of the Telegram send budget.

/** Recent generations a model's usual duration is learned from. */
export const USUAL_SAMPLE = 30
/** ...within this window. */
export const USUAL_WINDOW_MS = 14 * 24 * 3600_000
/** A model's usual duration is computed again after this long (one indexed read per model). */
export const USUAL_CACHE_MS = 10 * 60_000
/**
 * The delivery queue's order (BullMQ takes jobs without a priority first, then the lowest
 * number): results and what users or admins asked for (no priority), then a generation's final
 * status (a refund is news), live status edits (the chat action "typing" goes with the first
 * one), broadcast messages, and last the clock's ticks. So in a backlog a result never waits
 * behind cosmetic messages.
 */
export const DELIVERY_PRIORITY = {
  finalStatus: 5,
  status: 10,
  broadcast: 12,
  tick: 20,
} as const
/** A chat action older than this is dropped unsent (Telegram shows one for 5 s: it would come late). */
export const ACTION_MAX_AGE_MS = 5_000

/** per process (keyed by `ctx.instance`) */
const usualCache = new WeakMap<object, Map<string, { value: UsualDuration; at: number }>>()

/**
 * How long a model usually takes, from the creation to the end of its latest succeeded
 * generations (the middle 60 %), or the registry's typical duration while it has fewer
 * than 5 of them. Cached per process for 10 minutes: a tick costs no query.
 */
export async function usualDuration(ctx: WorkerContext, modelId: string, now = Date.now()): Promise<UsualDuration> {
  let cache = usualCache.get(ctx.instance)
  if (!cache) usualCache.set(ctx.instance, (cache = new Map()))
  const cached = cache.get(modelId)
  if (cached && now - cached.at < USUAL_CACHE_MS) return cached.value
  const rows = await ctx.db.generation.findMany({
    where: {
      modelId,
      status: 'succeeded',
      undelivered: false,
      completedAt: { gt: new Date(now - USUAL_WINDOW_MS) },
    },
    select: { createdAt: true, completedAt: true },
    orderBy: { completedAt: 'desc' },
    take: USUAL_SAMPLE,
  })
  const samples = rows.map((r) => r.completedAt!.getTime() - r.createdAt.getTime()).filter((ms) => ms >= 0)
  const value = usualFromSamples(samples) ?? { typicalMs: getModel(modelId)?.typicalMs ?? 60_000 }
  cache.set(modelId, { value, at: now })
  return value
}

/** per process (keyed by `ctx.instance`) */
const liveCounts = new WeakMap<object, { count: number; at: number }>()

/** Live generations in the whole cluster (counted at most every 5 s per process). */
async function liveCount(ctx: WorkerContext): Promise<number> {
  const cached = liveCounts.get(ctx.instance)
  if (cached && Date.now() - cached.at < 5000) return cached.count
  const count = await ctx.db.generation.count({ where: { status: { in: ACTIVE_STATUSES } } })
  liveCounts.set(ctx.instance, { count, at: Date.now() })
  return count
}

/**
 * How often a live status message ticks: STATUS_TICK_MS, or slower when so many
 * generations are live that their clocks would take more than half of
 * TELEGRAM_SENDS_PER_SECOND.
 */
export async function tickIntervalMs(ctx: WorkerContext): Promise<number> {
  return tickInterval(ctx.config.STATUS_TICK_MS, await liveCount(ctx), ctx.config.TELEGRAM_SENDS_PER_SECOND)
}

/**
 * The interval for `live` clocks within half of `sendsPerSecond`, rounded up to `baseMs` times a
 * power of two (200 live at 28/s: 14.3 s → 20 s). Each moment of an interval is then a moment of
 * every shorter one, so when the live count moves, a message's ticks stay on the moments counted
 * from its creation (a generation's one place on the clock: `scheduleTick`).
 */
export function tickInterval(baseMs: number, live: number, sendsPerSecond: number): number {
  const needed = Math.ceil((live / (sendsPerSecond / 2)) * 1000)
  let interval = baseMs
  while (interval < needed) interval *= 2
  return interval
}

/** The first moment after `now` that is a whole number of intervals after the creation. */
export function nextTickAt(createdAt: number, now: number, interval: number): number {
  return createdAt + (Math.floor((now - createdAt) / interval) + 1) * interval
}

/**
 * The next tick of a live status message: the generation's place on the status clock moves to
 * the next multiple of the tick interval since it was created (one place per generation: the
 * latest render decides). The clock (`runStatusClock`) turns due places into status jobs.
 */
export async function scheduleTick(ctx: WorkerContext, generation: { id: string; createdAt: Date }): Promise<void> {
  const interval = await tickIntervalMs(ctx)
  await ctx.coordination.setTick(generation.id, nextTickAt(generation.createdAt.getTime(), Date.now(), interval))
}

/** The status message's clock stops (the generation ended, or its message cannot be edited). */
export async function stopTick(ctx: WorkerContext, generationId: string): Promise<void> {
  await ctx.coordination.clearTick(generationId)
}

/** Due ticks taken at a time (more are taken at once when this many were due). */
export const CLOCK_BATCH = 500

/**
 * How long a due tick is leased to the process that took it: if its status job is never made or
 * never renders (the process died), it falls due again then. 12 ticks of the base interval (60 s
 * at the default 5 s), so a render always comes first.
 */
export const clockLeaseMs = (ctx: WorkerContext) => 12 * ctx.config.STATUS_TICK_MS

/**
 * The status clock of this process: every fifth of STATUS_TICK_MS (at most a second) it takes
 * the due ticks and adds one status job for each (one job id per generation: in a backlog a
 * generation has at most one tick waiting). Any number of processes may run it: a due tick is
 * taken by one of them. Returns the stop function (waits for a round in progress).
 */
export function runStatusClock(ctx: WorkerContext): () => Promise<void> {
  const everyMs = Math.max(20, Math.min(1000, Math.round(ctx.config.STATUS_TICK_MS / 5)))
  let stopped = false
  let round: Promise<void> = Promise.resolve()
  const turn = async () => {
    for (;;) {
      const due = await ctx.coordination.takeDueTicks(CLOCK_BATCH, clockLeaseMs(ctx))
      await Promise.all(
        due.map((generationId) =>
          enqueueTelegram(
            ctx.queues.telegram,
            { kind: 'status', generationId },
            { jobId: statusJobId(generationId, 'clock'), priority: DELIVERY_PRIORITY.tick },
          ),
        ),
      )
      if (due.length < CLOCK_BATCH || stopped) return
    }
  }
  let busy = false
  const timer = setInterval(() => {
    // a round still running (Redis slow) is not joined by another
    if (busy || stopped) return
    busy = true
    round = turn()
      .catch((error: Error) => {
        ctx.logger.warn('status clock round failed', { error: error.message })
      })
      .finally(() => (busy = false))
  }, everyMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await round
  }
}
