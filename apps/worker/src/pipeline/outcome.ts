import { failGeneration, type FailureCode, type Generation, type GenerationStep } from '@kiebot/db'
import type { WorkerContext } from '../context'

// What a step tells the generation job to do next, and the one way a step ends the
// pipeline without a result. The poll timing is in pacing.ts, the status message and chat
// actions a step asks for in notify.ts.

/** What a step asks the job to do next. */
export type StepOutcome =
  /** the row moved: run the next step now (on `generation`, the row as the step left it, without a read) */
  | { kind: 'next'; generation?: Generation }
  /** wait (giving the worker slot back) and run again; a callback or delivery wakes it sooner */
  | { kind: 'sleep'; ms: number; reason: string }
  /** Kie said 429: slow the whole generation queue down (BullMQ rate limit) */
  | { kind: 'rate-limited'; ms: number }
  | { kind: 'done' }

export const next = (generation?: Generation | null): StepOutcome =>
  generation ? { kind: 'next', generation } : { kind: 'next' }
export const sleep = (ms: number, reason: string): StepOutcome => ({
  kind: 'sleep',
  ms: Math.max(50, Math.round(ms)),
  reason,
})

/** Ends the pipeline without a result (the settle step refunds); `next` either way, the row is re-read. */
export async function fail(
  ctx: WorkerContext,
  generation: Generation,
  code: FailureCode,
  fromSteps: GenerationStep[],
  reason?: string | null,
): Promise<StepOutcome> {
  const moved = await failGeneration(ctx.db, generation.id, { code, reason: reason ?? null, fromSteps })
  ctx.logger.info(moved ? 'generation failed' : 'generation already moved on', {
    failureCode: code,
    reason,
    step: generation.step,
  })
  return next()
}
