import { finishDelivery, passPartToSettle, recordDeliveryFailure, type Generation } from '@kiebot/db'
import { enqueueTelegram, removeGenerationJob, resultJobId, wakeGeneration } from '@kiebot/jobs'
import type { WorkerContext } from '../context'
import { next, sleep, type StepOutcome } from './outcome'
import { settle } from './settle'

/** How many times a result delivery may end without effect before the generation ends undelivered. */
export const RESULT_DELIVERY_ATTEMPTS = 3

/**
 * deliver: the sending itself happens in the rate-limited delivery queue (one result job
 * per generation), which records each sent file id and reports back here
 * (`reportDelivery`, `reportRefusedDelivery`): the pipeline moves the row to settle and
 * settles it there, and this job, with nothing left to do, goes (or is woken to settle when
 * that could not be done: `settleDelivered`). Meanwhile the job sleeps; a lost result job is re-added, and one that
 * finished without effect too, at most RESULT_DELIVERY_ATTEMPTS times in all (then:
 * undelivered).
 */
export async function deliver(ctx: WorkerContext, generation: Generation): Promise<StepOutcome> {
  // a comparison's part goes out with its siblings, after the last one ends (settle asks for it);
  // the group's delivery marks it delivered, or undelivered
  if (generation.groupId !== null) {
    await passPartToSettle(ctx.db, generation.id)
    return next()
  }
  const jobId = resultJobId(generation.id)
  const existing = await ctx.queues.telegram.getJob(jobId)
  if (existing) {
    const state = await existing.getState()
    if (state === 'completed' || state === 'failed') {
      // The row is still at deliver, so that run ended without delivering: run it again (bounded).
      if (((await recordDeliveryFailure(ctx.db, generation.id)) ?? 0) >= RESULT_DELIVERY_ATTEMPTS) {
        ctx.logger.error('result delivery ended without effect too often: left undelivered', {
          attempts: RESULT_DELIVERY_ATTEMPTS,
        })
        return next(await finishDelivery(ctx.db, generation.id, { undelivered: true }))
      }
      await existing.remove().catch(() => undefined)
      await enqueueTelegram(ctx.queues.telegram, { kind: 'result', generationId: generation.id }, { jobId })
    }
  } else {
    await enqueueTelegram(ctx.queues.telegram, { kind: 'result', generationId: generation.id }, { jobId })
  }
  return sleep(ctx.config.KIE_POLL_MAX_MS, 'waiting for delivery')
}

/** How a result job ended: every result went out, or the user cannot get them (blocked, refused, out of attempts). */
export type DeliveryReport = 'delivered' | 'undelivered'

/**
 * The delivery queue's report on a result job: the row leaves deliver for settle (sent, or
 * undelivered: the charge stays, the result waits in the history) and is settled at once, on
 * the row the move returned; the generation job, asleep since it handed the result over, then
 * has nothing left to do and goes (`settleDelivered`). When the row had moved already, the
 * generation job is woken. Returns the report (the result job's return value).
 */
export async function reportDelivery(
  ctx: WorkerContext,
  generationId: string,
  report: DeliveryReport,
): Promise<DeliveryReport> {
  const moved = await finishDelivery(ctx.db, generationId, { undelivered: report === 'undelivered' })
  if (moved) await settleDelivered(ctx, moved)
  else await wakeGeneration(ctx.queues.generation, generationId)
  return report
}

/**
 * The settle step of a row the delivery left at settle, run by the delivery queue, then the
 * sleeping generation job removed (one script, where waking it cost four and its run three more
 * and a read). Settle is the same compare-and-set wherever it runs, so a generation job running
 * meanwhile settles nothing twice; it is locked, so it stays, and is woken so that it ends at
 * once instead of sleeping on. When the settle fails (Postgres away), the job is woken to settle.
 * Also for a result job run again after its worker died between the move and the settle.
 */
export async function settleDelivered(ctx: WorkerContext, generation: Generation): Promise<void> {
  try {
    await settle(ctx, generation)
  } catch (error) {
    ctx.logger.warn('could not settle after the delivery: the generation job will', { error })
    await wakeGeneration(ctx.queues.generation, generation.id)
    return
  }
  const removed = await removeGenerationJob(ctx.queues.generation, generation.id).catch(() => false)
  if (!removed) await wakeGeneration(ctx.queues.generation, generation.id)
}

/**
 * The delivery queue's report that Telegram refused every way of sending a result: counted
 * in the row (the bound holds across retries, re-adds and crashes). `retry` while attempts
 * are left (the result job throws and BullMQ runs it again); past the bound the result is
 * left undelivered (reported as such) and `undelivered` returned.
 */
export async function reportRefusedDelivery(
  ctx: WorkerContext,
  generationId: string,
): Promise<'retry' | DeliveryReport> {
  if (((await recordDeliveryFailure(ctx.db, generationId)) ?? RESULT_DELIVERY_ATTEMPTS) < RESULT_DELIVERY_ATTEMPTS)
    return 'retry'
  ctx.logger.error('telegram refused the result every time: left undelivered', { attempts: RESULT_DELIVERY_ATTEMPTS })
  return reportDelivery(ctx, generationId, 'undelivered')
}
