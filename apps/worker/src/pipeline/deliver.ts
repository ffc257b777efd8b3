import { finishDelivery, recordDeliveryFailure, type Generation } from '@kiebot/db'
import { enqueueTelegram } from '@kiebot/jobs'
import type { WorkerContext } from '../context'
import { RESULT_DELIVERY_ATTEMPTS } from '../telegram/delivery'
import { next, sleep, type StepOutcome } from './outcome'

export const resultJobId = (generationId: string) => `result-${generationId}`

/**
 * deliver: the sending itself happens in the rate-limited delivery queue (one result job
 * per generation), which records each sent file id, moves the row to settle and wakes
 * this job. Meanwhile the job sleeps; a lost result job is re-added, and one that finished
 * without effect too, at most RESULT_DELIVERY_ATTEMPTS times in all (then: undelivered).
 */
export async function deliver(ctx: WorkerContext, generation: Generation): Promise<StepOutcome> {
  const jobId = resultJobId(generation.id)
  const existing = await ctx.queues.telegram.getJob(jobId)
  if (existing) {
    const state = await existing.getState()
    if (state === 'completed' || state === 'failed') {
      // The row is still at deliver, so that run ended without delivering: run it again (bounded).
      if ((await recordDeliveryFailure(ctx.db, generation.id) ?? 0) >= RESULT_DELIVERY_ATTEMPTS) {
        ctx.logger.error('result delivery ended without effect too often: left undelivered', { attempts: RESULT_DELIVERY_ATTEMPTS })
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
