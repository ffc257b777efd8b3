import { compareGroupEnded, endedStatusFor, refundGeneration, settleSuccess, type Generation } from '@kiebot/db'
import { compareJobId, enqueueTelegram } from '@kiebot/jobs'
import type { WorkerContext } from '../context'
import { checkCostOverrun } from './cost-check'
import { refreshStatus } from './notify'
import type { StepOutcome } from './outcome'

/** settle: success keeps the charge; a failure code refunds exactly once (money.ts). */
export async function settle(ctx: WorkerContext, generation: Generation): Promise<StepOutcome> {
  const seconds = (Date.now() - generation.createdAt.getTime()) / 1000
  if (generation.failureCode) {
    const status = endedStatusFor(generation.failureCode)
    const result = await refundGeneration(ctx.db, generation.id, {
      status,
      failureCode: generation.failureCode,
      ...(generation.failureReason ? { failureReason: generation.failureReason } : {}),
    })
    if (result.refunded) {
      ctx.logger.info('generation refunded', {
        status,
        failureCode: generation.failureCode,
        amountKopecks: result.amountKopecks,
      })
      ctx.metrics.generationsSettled.inc({ outcome: status })
      ctx.metrics.generationDuration.observe({ model: generation.modelId, outcome: status }, seconds)
      await refreshStatus(ctx, generation.id, 'final')
    }
    await partEnded(ctx, generation)
    return { kind: 'done' }
  }
  // Kie's consumed credits stay as reported; when it reported none, the quoted credits stand in (flagged)
  if (await settleSuccess(ctx.db, generation.id)) {
    const outcome = generation.undelivered ? 'undelivered' : 'succeeded'
    ctx.logger.info('generation succeeded', { undelivered: generation.undelivered })
    ctx.metrics.generationsSettled.inc({ outcome })
    ctx.metrics.generationDuration.observe({ model: generation.modelId, outcome }, seconds)
    observeMargin(ctx, generation)
    // undelivered: the user is told where the result is (a user who blocked the bot is skipped)
    await refreshStatus(ctx, generation.id, 'final')
    // a check, never a failure of the generation: the money is settled
    await checkCostOverrun(ctx, generation).catch((error: unknown) =>
      ctx.logger.warn('cost overrun check failed', { error: String(error) }),
    )
  }
  await partEnded(ctx, generation)
  return { kind: 'done' }
}

/** The margin's two sides; Kie's credits as settleSuccess keeps them (its report, else the quote). */
function observeMargin(ctx: WorkerContext, generation: Generation): void {
  const credits = generation.kieCreditsReported ? generation.kieCreditsConsumed : generation.priceCredits
  const costKopecks = Number(credits ?? 0) * Number(generation.usdPerCredit) * Number(generation.fxRate) * 100
  ctx.metrics.revenueKopecks.inc({ model: generation.modelId }, generation.priceKopecks)
  if (Number.isFinite(costKopecks) && costKopecks >= 0) {
    ctx.metrics.kieCostKopecks.inc({ model: generation.modelId }, costKopecks)
  }
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
