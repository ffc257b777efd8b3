import type { Deps } from '../bot/context'

/** Promotes the generation's delayed job so the worker follows it up now. */
export async function wakeGeneration(deps: Deps, generationId: string): Promise<void> {
  try {
    const job = await deps.queues.generation.getJob(generationId)
    if (job && (await job.isDelayed())) await job.promote()
  } catch (error) {
    // The worker polls anyway; a lost wake-up only costs a little latency.
    deps.logger.warn('could not wake the generation job', { generationId, error })
  }
}
