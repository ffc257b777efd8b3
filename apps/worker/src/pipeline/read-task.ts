import { isKieError, type KieTask } from '@kiebot/kie'
import type { ApiFamily } from '@kiebot/models'
import type { WorkerContext } from '../context'
import type { PooledKey } from '../kie-pool'
import { timedKie } from './kie-calls'

/** Kie's answer for a task another account made (Kie scopes tasks per account), or one that does not exist. */
export function isTaskNotFound(error: unknown): boolean {
  return isKieError(error) && error.code === 404
}

/** An error that proves nothing about where the task is: the key could not answer now. */
function unanswered(error: unknown): boolean {
  return !isKieError(error) || error.retryable || ['network', 'timeout', 'outcome_unknown'].includes(error.kind)
}

/**
 * Reads a task with the key its row names. When that key answers "not found" (or left the
 * pool), the pool's other keys are asked, each once: a create retried on another key after an
 * error that made a task anyway, or a KIE_API_KEYS whose labels moved, leaves a row naming
 * the wrong account, and the task is paid either way. Bounded: only after a not-found, at
 * most once per generation every KIE_POLL_MAX_MS (the poll budget of the other keys is
 * not spent on one lost task), and record-info is read-only. The caller rebinds the row to
 * the key that found it (`key`). Throws the not-found when no key has the task, or the error
 * of a key that could not answer (then nothing is proven and the caller waits).
 */
export async function readTask(
  ctx: WorkerContext,
  generationId: string,
  family: ApiFamily,
  taskId: string,
  /** the row's `kie_key` (null: the first key) */
  rowKey: string | null,
): Promise<{ task: KieTask; key: PooledKey }> {
  const own = ctx.kiePool.of(rowKey)
  let notFound: unknown = null
  if (own) {
    try {
      return { task: await timedKie(ctx, 'status', () => own.client.getTask(family, taskId)), key: own }
    } catch (error) {
      if (!isTaskNotFound(error)) throw error
      notFound = error
    }
  }
  const others = ctx.kiePool.keys.filter((k) => k !== own)
  const searching =
    others.length > 0 && (await ctx.coordination.claim(`kie-task-search:${generationId}`, ctx.config.KIE_POLL_MAX_MS))
  let pending: unknown = null
  if (searching)
    for (const key of others) {
      try {
        const task = await timedKie(ctx, 'status', () => key.client.getTask(family, taskId))
        ctx.logger.warn('kie task found with another key of the pool than the row names', {
          kieTaskId: taskId,
          kieKey: rowKey,
          foundWith: key.label,
        })
        return { task, key }
      } catch (error) {
        if (unanswered(error)) pending ??= error
        else notFound ??= error
      }
    }
  throw pending ?? notFound ?? new Error(`the task's Kie key ${rowKey} is no longer in KIE_API_KEYS`)
}
