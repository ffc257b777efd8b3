import { isKieError } from '@kiebot/kie'
import type { MessageKey } from '@kiebot/i18n'
import type { AdminAlert } from '@kiebot/telegram'
import { alertAdmins } from '../alerts'
import type { WorkerContext } from '../context'
import type { PooledKey } from '../kie-pool'

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
 * While a key's submissions are paused after a 402, one worker at a time (every 30 s at most)
 * reads its balance; the key resumes once it grew past what it was at the 402 (or past the
 * alert threshold when that was unknown). Every read is stored for the admin stats.
 */
export async function probeKieCredits(ctx: WorkerContext, key: PooledKey, force = false): Promise<number | null> {
  if (
    !force &&
    !(await ctx.coordination.claim(`kie-credits-probe:${key.label}`, Math.min(30_000, ctx.config.KIE_POLL_MAX_MS)))
  )
    return null
  let credits: number
  try {
    credits = await timedKie(ctx, 'credits', () => key.client.getCredits())
  } catch (error) {
    ctx.logger.warn('kie credits unavailable', {
      kieKey: key.label,
      error: error instanceof Error ? error.message : String(error),
    })
    return null
  }
  await storeCredits(ctx, key, credits)
  const pause = await ctx.coordination.kiePause(key.label)
  if (pause) {
    const floor = pause.credits ?? ctx.config.KIE_CREDITS_ALERT_BELOW
    if (credits > floor && (await ctx.coordination.resumeKieSubmissions(key.label))) {
      ctx.logger.info('kie credits are back: submissions resumed', { kieKey: key.label, credits })
      await alertAdmins(ctx, keyedAlert(ctx, key, 'resumed', { credits }, 60_000))
    }
  }
  return credits
}

/** The key's balance: Redis (admin stats) and the per-key gauge. */
export async function storeCredits(ctx: WorkerContext, key: PooledKey, credits: number): Promise<void> {
  await ctx.coordination.storeKieCredits(key.label, credits, key === ctx.kiePool.first)
  ctx.metrics.kieCredits.set({ key: key.label }, credits)
}

type CreditAlert = 'no_credits' | 'credits_low' | 'resumed'

/**
 * A credit alert about one key. A pool of one says what it always said; with several keys the
 * text names the key by its label (never the key itself) and the alert's quiet period is per key.
 */
export function keyedAlert(
  ctx: WorkerContext,
  key: PooledKey,
  kind: CreditAlert,
  params: Record<string, string | number>,
  quietMs: number,
): AdminAlert {
  const claim = { no_credits: 'kie-no-credits', credits_low: 'kie-credits-low', resumed: 'kie-resumed' }[kind]
  if (ctx.kiePool.keys.length === 1) return { key: claim, message: `alert.kie_${kind}` as MessageKey, params, quietMs }
  return {
    key: `${claim}:${key.label}`,
    message: `alert.kie_key_${kind}` as MessageKey,
    params: { ...params, key: key.label },
    quietMs,
  }
}
