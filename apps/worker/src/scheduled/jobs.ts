import {
  enqueueFromOutbox,
  findActive,
  findBalanceMismatches,
  findOwedCompareDeliveries,
  findOwedNotifications,
  findUnenqueued,
  latestFxRate,
  recordFxRate,
} from '@kiebot/db'
import {
  compareJobId,
  enqueueGeneration,
  enqueueTelegram,
  QUEUE_NAMES,
  SCHEDULED_JOBS,
  statusJobId,
  wakeGeneration,
  type ScheduledJobName,
} from '@kiebot/jobs'
import { resolveFxRate, type FxSource } from '@kiebot/pricing'
import { alertAdmins } from '../alerts'
import type { WorkerContext } from '../context'
import { keyedAlert, probeKieCredits } from '../pipeline/kie-calls'
import { syncCatalog } from './catalog-sync'

/** FX refresh: a fresh CBR rate goes into the history (fallbacks are not re-stored). */
export async function refreshFx(ctx: WorkerContext): Promise<Record<string, unknown>> {
  const sources: FxSource[] = [
    { url: ctx.config.FX_CBR_JSON_URL, format: 'json' },
    { url: ctx.config.FX_CBR_XML_URL, format: 'xml' },
  ]
  const rate = await resolveFxRate({
    sources,
    timeoutMs: ctx.config.FX_TIMEOUT_MS,
    band: { min: ctx.config.FX_MIN, max: ctx.config.FX_MAX },
    lastGood: () => latestFxRate(ctx.db),
    defaultRate: ctx.config.FX_DEFAULT_RUB_PER_USD,
  })
  const fresh = rate.source === 'cbr-json' || rate.source === 'cbr-xml'
  if (fresh)
    await recordFxRate(ctx.db, {
      rubPerUsd: rate.rubPerUsd,
      source: rate.source,
      rateDate: rate.rateDate ?? new Date(),
    })
  if (rate.problems.length > 0) ctx.logger.warn('fx refresh problems', { problems: rate.problems })
  return { rubPerUsd: rate.rubPerUsd, source: rate.source, stored: fresh }
}

/**
 * Every key's Kie balance: stored in Redis for the gateway's admin stats (keys that left the
 * pool forgotten); admins alerted about each key below the threshold, by its label.
 */
export async function checkKieCredits(ctx: WorkerContext): Promise<Record<string, unknown>> {
  await ctx.coordination.forgetKieKeysExcept(ctx.kiePool.labels)
  const threshold = ctx.config.KIE_CREDITS_ALERT_BELOW
  const credits: Record<string, number | null> = {}
  for (const key of ctx.kiePool.keys) {
    const balance = await probeKieCredits(ctx, key, true)
    credits[key.label] = balance
    if (balance !== null && balance < threshold)
      await alertAdmins(ctx, keyedAlert(ctx, key, 'credits_low', { credits: balance, threshold }, 6 * 3600_000))
  }
  if (Object.values(credits).every((c) => c === null)) throw new Error('kie credits unavailable')
  return ctx.kiePool.keys.length === 1 ? { credits: credits[ctx.kiePool.first.label] } : { credits }
}

/**
 * Sweeper: nothing confirmed stays lost or stuck. Generations never enqueued (gateway
 * could not reach Redis) or whose job is gone (Redis lost data) or finished while the
 * row is still active get a job; those past their deadline are woken so their own job
 * ends them (the job, not the sweeper, moves money). An ended generation whose final
 * status message is still owed (a crash between the settle and its message) gets it.
 */
export async function sweep(ctx: WorkerContext): Promise<Record<string, unknown>> {
  const queue = ctx.queues.generation
  let enqueued = 0
  let readded = 0
  let woken = 0
  const outbox = await findUnenqueued(ctx.db)
  enqueued += await enqueueFromOutbox(
    ctx.db,
    outbox.map((g) => g.id),
    (id) => enqueueGeneration(queue, id),
  )

  const now = Date.now()
  let afterId: string | undefined
  for (;;) {
    const page = await findActive(ctx.db, { limit: 500, ...(afterId ? { afterId } : {}) })
    if (page.length === 0) break
    afterId = page[page.length - 1]!.id
    const pipeline = ctx.coordination.redis.pipeline()
    for (const g of page) pipeline.hmget(queue.toKey(g.id), 'timestamp', 'finishedOn')
    const answers = (await pipeline.exec()) ?? []
    for (const [index, g] of page.entries()) {
      const [error, fields] = answers[index] ?? [null, null]
      if (error) continue
      const [timestamp, finishedOn] = (fields as (string | null)[] | null) ?? [null, null]
      if (g.enqueuedAt === null) continue // just handled by the outbox pass
      if (timestamp === null || finishedOn !== null) {
        if (finishedOn !== null) await (await queue.getJob(g.id))?.remove().catch(() => undefined)
        await enqueueGeneration(queue, g.id)
        readded++
        ctx.logger.warn('generation job re-added by the sweeper', {
          generationId: g.id,
          step: g.step,
          finished: finishedOn !== null,
        })
      } else if (now > g.deadlineAt.getTime() && (g.step === 'submit' || g.step === 'follow')) {
        if ((await wakeGeneration(queue, g.id)) === 'promoted') woken++
      }
    }
  }
  const notified = await sendOwedNotifications(ctx)
  const compared = await sendOwedComparisons(ctx)
  return { enqueued, readded, woken, notified, compared }
}

/** Comparisons whose last part ended without asking for the group's delivery (a crash in between). */
async function sendOwedComparisons(ctx: WorkerContext): Promise<number> {
  const now = Date.now()
  const owed = await findOwedCompareDeliveries(ctx.db, {
    endedBefore: new Date(now - OWED_NOTIFICATION_GRACE_MS),
    createdAfter: new Date(now - 24 * 3600_000),
    limit: 100,
  })
  // a job id of its own per time bucket (the settle's job, an earlier owed one may be kept as
  // completed or failed), so a group is asked again later; the group's claim makes it once, and the
  // asking is bounded by the look-back above and by a delivery that gave up closing the group
  const bucket = Math.floor(now / OWED_COMPARE_EVERY_MS)
  for (const groupId of owed) {
    await enqueueTelegram(
      ctx.queues.telegram,
      { kind: 'compare', groupId },
      { jobId: compareJobId(groupId, `owed-${bucket}`) },
    )
    ctx.logger.warn('comparison delivery asked again by the sweeper', { groupId })
  }
  return owed.length
}

/** Final messages the settle step owed but did not get to enqueue (re-derived from the row). */
async function sendOwedNotifications(ctx: WorkerContext): Promise<number> {
  const now = Date.now()
  const owed = await findOwedNotifications(ctx.db, {
    endedBefore: new Date(now - OWED_NOTIFICATION_GRACE_MS),
    endedAfter: new Date(now - 24 * 3600_000),
    limit: 500,
  })
  for (const { id } of owed) {
    // one job per generation; the status job renders from the row, skips a text already shown and marks it sent
    await enqueueTelegram(ctx.queues.telegram, { kind: 'status', generationId: id }, { jobId: statusJobId(id, 'owed') })
    ctx.logger.warn('final status message re-sent by the sweeper', { generationId: id })
  }
  return owed.length
}

/** How often the sweeper asks again for a comparison still owed its delivery. */
export const OWED_COMPARE_EVERY_MS = 10 * 60_000

/** How long the settle step's own final message has before the sweeper steps in. */
const OWED_NOTIFICATION_GRACE_MS = 30_000

/** Every balance must equal its ledger sum; any difference is reported to the admins. */
export async function reconcileLedger(ctx: WorkerContext): Promise<Record<string, unknown>> {
  const mismatches = await findBalanceMismatches(ctx.db)
  const first = mismatches[0]
  if (first) {
    ctx.logger.error('ledger mismatch', {
      count: mismatches.length,
      userId: first.userId,
      balance: first.balanceKopecks,
      ledger: first.ledgerSumKopecks,
    })
    await alertAdmins(ctx, {
      key: `ledger-${mismatches.map((m) => `${m.userId}:${m.balanceKopecks}:${m.ledgerSumKopecks}`).join(',')}`,
      message: 'alert.ledger_mismatch',
      params: {
        count: mismatches.length,
        userId: first.userId.toString(),
        balance: first.balanceKopecks,
        ledger: first.ledgerSumKopecks,
      },
      quietMs: 24 * 3600_000,
    })
  }
  return { mismatches: mismatches.length }
}

/** Finished jobs older than JOB_RETENTION_HOURS leave Redis. */
export async function cleanOldJobs(ctx: WorkerContext): Promise<Record<string, unknown>> {
  const grace = ctx.config.JOB_RETENTION_HOURS * 3600_000
  let removed = 0
  for (const queue of [ctx.queues.generation, ctx.queues.telegram, ctx.queues.scheduled]) {
    for (const type of ['completed', 'failed'] as const) {
      for (;;) {
        const ids = await queue.clean(grace, 1000, type)
        removed += ids.length
        if (ids.length < 1000) break
      }
    }
  }
  return { removed }
}

export const SCHEDULED_HANDLERS: Record<ScheduledJobName, (ctx: WorkerContext) => Promise<Record<string, unknown>>> = {
  [SCHEDULED_JOBS.fxRefresh]: refreshFx,
  [SCHEDULED_JOBS.kieCreditsCheck]: checkKieCredits,
  [SCHEDULED_JOBS.sweeper]: sweep,
  [SCHEDULED_JOBS.ledgerReconciliation]: reconcileLedger,
  [SCHEDULED_JOBS.retention]: cleanOldJobs,
  [SCHEDULED_JOBS.catalogSync]: syncCatalog,
}

export function scheduleIntervals(ctx: WorkerContext): Record<ScheduledJobName, number> {
  return {
    [SCHEDULED_JOBS.fxRefresh]: ctx.config.SCHEDULE_FX_MS,
    [SCHEDULED_JOBS.kieCreditsCheck]: ctx.config.SCHEDULE_KIE_CREDITS_MS,
    [SCHEDULED_JOBS.sweeper]: ctx.config.SCHEDULE_SWEEPER_MS,
    [SCHEDULED_JOBS.ledgerReconciliation]: ctx.config.SCHEDULE_RECONCILIATION_MS,
    [SCHEDULED_JOBS.retention]: ctx.config.SCHEDULE_RETENTION_MS,
    [SCHEDULED_JOBS.catalogSync]: ctx.config.SCHEDULE_CATALOG_MS,
  }
}

/**
 * Job schedulers (one run per interval for the whole cluster). Created when missing: at
 * start and again periodically, since a Redis that lost its data loses them too; an
 * existing one is left alone so its next run is not pushed back. An interval of 0 (only
 * `SCHEDULE_CATALOG_MS` allows it) means no scheduler: one left from before is removed.
 */
export async function ensureSchedulers(ctx: WorkerContext): Promise<number> {
  let created = 0
  for (const [name, every] of Object.entries(scheduleIntervals(ctx))) {
    if (every === 0) {
      await ctx.queues.scheduled.removeJobScheduler(name)
      continue
    }
    if (await ctx.queues.scheduled.getJobScheduler(name)) continue
    await ctx.queues.scheduled.upsertJobScheduler(name, { every }, { name, data: {} })
    created++
  }
  return created
}

export const SCHEDULED_QUEUE = QUEUE_NAMES.scheduled
