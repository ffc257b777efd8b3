import { compareGroupEnded, finishDelivery, passPartToSettle, recordDeliveryFailure, type Generation } from '@kiebot/db'
import { compareJobId, enqueueTelegram, resultJobId, wakeGeneration } from '@kiebot/jobs'
import type { WorkerContext } from '../context'
import { next, sleep, type StepOutcome } from './outcome'

/** How many times a result delivery may end without effect before the generation ends undelivered. */
export const RESULT_DELIVERY_ATTEMPTS = 3

/**
 * deliver: the sending itself happens in the rate-limited delivery queue (one result job
 * per generation), which records each sent file id and reports back here
 * (`reportDelivery`, `reportRefusedDelivery`): the pipeline moves the row to settle and
 * wakes this job. Meanwhile the job sleeps; a lost result job is re-added, and one that
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
        await finishDelivery(ctx.db, generation.id, { undelivered: true })
        return next()
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
 * The delivery queue's report on a result job: the row leaves deliver for settle (sent,
 * or undelivered: the charge stays, the result waits in the history) and the generation
 * job is woken to settle it. Returns the report (the result job's return value).
 */
export async function reportDelivery(
  ctx: WorkerContext,
  generationId: string,
  report: DeliveryReport,
): Promise<DeliveryReport> {
  await finishDelivery(ctx.db, generationId, { undelivered: report === 'undelivered' })
  await wakeGeneration(ctx.queues.generation, generationId)
  return report
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

/**
 * A comparison's part has ended (settled, refunded): when it was the last one, the group's
 * delivery is asked for (one job per group; its claim in the row makes it once in any case).
 */
export async function partEnded(ctx: WorkerContext, generation: Pick<Generation, 'groupId'>): Promise<void> {
  const groupId = generation.groupId
  if (groupId === null || !(await compareGroupEnded(ctx.db, groupId))) return
  await enqueueTelegram(ctx.queues.telegram, { kind: 'compare', groupId }, { jobId: compareJobId(groupId) })
}
