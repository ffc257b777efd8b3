import { isKieError } from '@kiebot/kie'
import { alertAdmins } from '../alerts'
import type { WorkerContext } from '../context'

/** A Kie call with its latency and errors measured. */
export async function timedKie<T>(
  ctx: WorkerContext,
  operation: 'create' | 'status' | 'upload' | 'credits',
  call: () => Promise<T>,
): Promise<T> {
  const end = ctx.metrics.kieLatency.startTimer({ operation })
  try {
    return await call()
  } catch (error) {
    const code = isKieError(error) ? String(error.code ?? error.kind) : 'unexpected'
    ctx.metrics.kieErrors.inc({ operation, code })
    throw error
  } finally {
    end()
  }
}

/**
 * While submissions are paused after a 402, one worker at a time (every 30 s at most) reads
 * the balance; submissions resume once it grew past what it was at the 402 (or past the
 * alert threshold when that was unknown).
 */
export async function probeKieCredits(ctx: WorkerContext, force = false): Promise<number | null> {
  if (!force && !(await ctx.coordination.claim('kie-credits-probe', Math.min(30_000, ctx.config.KIE_POLL_MAX_MS))))
    return null
  let credits: number
  try {
    credits = await timedKie(ctx, 'credits', () => ctx.kie.getCredits())
  } catch (error) {
    ctx.logger.warn('kie credits unavailable', { error: error instanceof Error ? error.message : String(error) })
    return null
  }
  await ctx.coordination.storeKieCredits(credits)
  ctx.metrics.kieCredits.set(credits)
  const pause = await ctx.coordination.kiePause()
  if (pause) {
    const floor = pause.credits ?? ctx.config.KIE_CREDITS_ALERT_BELOW
    if (credits > floor && (await ctx.coordination.resumeKieSubmissions())) {
      ctx.logger.info('kie credits are back: submissions resumed', { credits })
      await alertAdmins(ctx, { key: 'kie-resumed', message: 'alert.kie_resumed', params: { credits }, quietMs: 60_000 })
    }
  }
  return credits
}
