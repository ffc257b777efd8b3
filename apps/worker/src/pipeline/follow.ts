import { rebindKieKey, recordKieState, recordKieSuccess, type Generation } from '@kiebot/db'
import { getModel } from '@kiebot/models'
import type { WorkerContext } from '../context'
import { readTask } from './read-task'
import { refreshStatus } from './notify'
import { fail, next, sleep, type StepOutcome } from './outcome'
import { followDelay } from './pacing'
import { describe } from './submit'

/** A task followed for less than this since its create does not re-check the status message's clock. */
export const CLOCK_CHECK_AFTER_MS = 60_000

/** follow: read the task from Kie (a callback only wakes us up); results -> deliver, failure -> settle. */
export async function follow(ctx: WorkerContext, generation: Generation): Promise<StepOutcome> {
  const model = getModel(generation.modelId)
  const taskId = generation.kieTaskId
  if (!model || !taskId)
    return fail(
      ctx,
      generation,
      'model_unavailable',
      ['follow'],
      model ? 'no task id' : `unknown model ${generation.modelId}`,
    )
  const now = Date.now()
  const since = generation.submittedAt ?? generation.createdAt
  // the key that created the task (Kie scopes tasks per account; a row from before the pool: the
  // first key); when it does not know the task, the pool's other keys, and the one that finds it is stored
  let task
  let kieKey = generation.kieKey
  try {
    const read = await readTask(ctx, generation.id, model.family, taskId, generation.kieKey)
    task = read.task
    if (
      read.key !== ctx.kiePool.of(generation.kieKey) &&
      (await rebindKieKey(ctx.db, generation.id, taskId, read.key.label))
    )
      ctx.logger.warn('kie task rebound to the key that found it', { kieTaskId: taskId, kieKey: read.key.label })
    kieKey = read.key.label
  } catch (error) {
    ctx.logger.warn('kie status unavailable', { error: describe(error), kieKey: generation.kieKey })
    if (now >= generation.deadlineAt.getTime()) return fail(ctx, generation, 'deadline', ['follow'])
    return sleep(await followDelay(ctx, since, generation.deadlineAt, now, generation.kieKey), 'kie status error')
  }
  if (task.state === 'success') {
    if (task.resultUrls.length === 0) return fail(ctx, generation, 'kie_failed', ['follow'], 'no result')
    const moved = await recordKieSuccess(ctx.db, generation.id, {
      resultUrls: task.resultUrls,
      trackIds: task.trackIds,
      trackTexts: task.trackTexts,
      creditsConsumed: task.creditsConsumed,
      kieState: task.state,
    })
    // no status render here: at deliver the result's own message is the news (a render would only
    // say "superseded"); the final one follows it, and the clock stops there. The upload's chat
    // action goes with the result's send (when it is slow).
    if (moved) ctx.logger.info('kie task succeeded', { kieTaskId: taskId, results: task.resultUrls.length })
    return next(moved)
  }
  if (task.state === 'fail') {
    ctx.logger.info('kie task failed', { kieTaskId: taskId, failCode: task.failCode, failMessage: task.failMessage })
    return fail(ctx, generation, 'kie_failed', ['follow'], task.failMessage ?? task.failCode)
  }
  if (task.state !== generation.kieState) await recordKieState(ctx.db, generation.id, task.state)
  if (now >= generation.deadlineAt.getTime()) return fail(ctx, generation, 'deadline', ['follow'])
  // restarts the status message's clock if Redis lost it (a render puts it back), at most once a
  // minute; not in the first minute after the create, whose submit step has just started the clock
  // and asked for a render. One look at the clock, not a render, when it is there.
  // (a comparison part has no clock; the claim keeps a clock stopped on purpose, a blocked user's
  // or a deleted message's, from being rendered at every poll)
  if (
    now - since.getTime() >= CLOCK_CHECK_AFTER_MS &&
    generation.groupId === null &&
    (await ctx.coordination.tickAt(generation.id)) === null &&
    (await ctx.coordination.claim(`clock-check:${generation.id}`, CLOCK_CHECK_AFTER_MS))
  )
    await refreshStatus(ctx, generation.id, `tick${Math.floor((now - generation.createdAt.getTime()) / 60_000)}`)
  return sleep(await followDelay(ctx, since, generation.deadlineAt, now, kieKey), `kie ${task.state}`)
}
