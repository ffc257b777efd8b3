import { DelayedError, Worker, type Job } from 'bullmq'
import { ACTIVE_STATUSES, awaitsKieTask, readGeneration, type Generation } from '@kiebot/db'
import { generationJob, type GenerationJob } from '@kiebot/jobs'
import { jobContext, type WorkerContext } from '../context'
import { deliver } from './deliver'
import { follow } from './follow'
import type { StepOutcome } from './outcome'
import { partEnded, settle } from './settle'
import { submit } from './submit'

function runStep(ctx: WorkerContext, generation: Generation, job: GenerationJob): Promise<StepOutcome> {
  switch (generation.step) {
    case 'submit':
      return submit(ctx, generation, job)
    case 'follow':
      return follow(ctx, generation)
    case 'deliver':
      return deliver(ctx, generation)
    case 'settle':
      return settle(ctx, generation)
    case 'done':
      return Promise.resolve({ kind: 'done' })
  }
}

/**
 * The generation job: re-reads the row (or takes it from the step that moved it: the row the
 * transition returned) and runs its current step until the job must wait (Kie working,
 * delivery in progress, limits), then gives its slot back with moveToDelayed + DelayedError.
 * Every step's result is in the row before the next one starts, so any re-run resumes where
 * the last one stopped.
 */
export function createGenerationProcessor(ctx: WorkerContext) {
  return (job: Job<GenerationJob>, token?: string): Promise<string> => {
    const data = generationJob.parse(job.data)
    return runJob(jobContext(ctx, { generationId: data.generationId, jobId: job.id }), job, token, data)
  }
}

async function runJob(
  ctx: WorkerContext,
  job: Job<GenerationJob>,
  token: string | undefined,
  data: GenerationJob,
): Promise<string> {
  const seen: Wakes = { any: data.wokenAt ?? 0, kie: data.kieWokenAt ?? 0 }
  let moved: Generation | undefined
  for (let hop = 0; hop < 12; hop++) {
    const generation = moved ?? (await readGeneration(ctx.db, data.generationId))
    moved = undefined
    if (!generation) {
      ctx.logger.warn('generation job without a row')
      return 'missing'
    }
    if (generation.step === 'done' || !ACTIVE_STATUSES.includes(generation.status)) {
      // a comparison's part ended elsewhere (a cancel before it started): its group may be complete now
      await partEnded(ctx, generation)
      return generation.status
    }
    const outcome = await runStep(ctx, generation, data)
    if (outcome.kind === 'next') {
      moved = outcome.generation
      continue
    }
    if (outcome.kind === 'done') return 'settled'
    if (outcome.kind === 'rate-limited') {
      const worker = ctx.generationWorker
      if (worker) {
        await worker.rateLimit(outcome.ms)
        throw Worker.RateLimitError()
      }
      return snooze(ctx, job, token, outcome.ms, wakesFor(seen, generation), 'rate limited')
    }
    return snooze(ctx, job, token, outcome.ms, wakesFor(seen, generation), outcome.reason, isPoll(ctx, generation))
  }
  return snooze(ctx, job, token, 1000, seen, 'many steps in one run')
}

/** The wake-ups (`wokenAt`, `kieWokenAt` of the job's data) a run saw when it started. */
interface Wakes {
  any: number
  kie: number
}

/**
 * What a run that sleeps at `generation` has served: a row past follow has had its Kie task read
 * to its end, so a Kie callback's wake-up that landed meanwhile brings nothing new (with a Kie
 * that answers at once the callback always lands during the run that reads the result, which
 * then ran once more for it). Other wake-ups still count.
 */
function wakesFor(seen: Wakes, generation: Generation): Wakes {
  return awaitsKieTask(generation.step) ? seen : { ...seen, kie: Infinity }
}

/**
 * Priority of a job that has waited on Kie once (BullMQ: jobs without a priority are taken
 * first). New generations thus never queue behind thousands of polls of older ones. A job
 * asleep while its result is being sent keeps its priority (`isPoll`: its wake-up then needs no change).
 */
export const WAITED_PRIORITY = 10

/**
 * Whether this sleep is a poll (the job then goes behind new work). Waiting for the delivery
 * queue is not, while the delivery moves (its wake-up comes when the result is sent, or when
 * the settle after it must be done here); a delivery step whose row has not changed for
 * half its sleep is a re-check of a slow delivery, and polls like the others.
 */
function isPoll(ctx: WorkerContext, generation: Generation): boolean {
  if (generation.step !== 'deliver') return true
  return Date.now() - generation.updatedAt.getTime() >= ctx.config.KIE_POLL_MAX_MS / 2
}

/** Gives the worker slot back until `ms` from now, unless a wake-up arrived meanwhile. */
async function snooze(
  ctx: WorkerContext,
  job: Job<GenerationJob>,
  token: string | undefined,
  ms: number,
  seen: Wakes,
  reason: string,
  lowerPriority = true,
): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token)
  // once: the job's priority is the hash's `priority` field (changePriority writes it, not the
  // options the job was added with, so `job.opts.priority` never shows it)
  if (lowerPriority && Number(job.priority) !== WAITED_PRIORITY)
    await job.changePriority({ priority: WAITED_PRIORITY }).catch(() => undefined)
  // wakeGeneration sets wokenAt (kieWokenAt), then promotes: if it came while this run was active
  // its promote failed, so the run promotes itself now that the job is delayed.
  const fresh = await ctx.queues.generation.getJob(job.id!)
  if ((fresh?.data.wokenAt ?? 0) > seen.any || (fresh?.data.kieWokenAt ?? 0) > seen.kie)
    await fresh?.promote().catch(() => undefined)
  ctx.logger.debug('generation waits', { ms, reason })
  throw new DelayedError()
}
