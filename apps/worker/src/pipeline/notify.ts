import { enqueueTelegram, statusJobId, type TelegramJob } from '@kiebot/jobs'
import type { WorkerContext } from '../context'
import { DELIVERY_PRIORITY } from '../telegram/progress'

// What a step asks the delivery queue to show the user: the status message re-rendered from
// the row (job ids from packages/jobs, one job per tag), with a chat action when the stage
// calls for one. It waits behind results in the delivery queue (DELIVERY_PRIORITY), the final
// status first of the renders.

export type ChatAction = NonNullable<Extract<TelegramJob, { kind: 'status' }>['action']>

/**
 * Asks the delivery queue to re-render the status message (one job per tag), and to show
 * `action` with it (one job for both: a chat action of its own cost as much as the render).
 */
export async function refreshStatus(
  ctx: WorkerContext,
  generationId: string,
  tag: string,
  action?: ChatAction,
): Promise<void> {
  await enqueueTelegram(
    ctx.queues.telegram,
    { kind: 'status', generationId, ...(action ? { action } : {}) },
    {
      jobId: statusJobId(generationId, tag),
      priority: tag === 'final' ? DELIVERY_PRIORITY.finalStatus : DELIVERY_PRIORITY.status,
    },
  )
}

/** The chat action a result's upload shows, by the model's output. */
export const UPLOAD_ACTION = { image: 'upload_photo', video: 'upload_video', audio: 'upload_voice' } as const

/**
 * Runs `work`; when it has not finished after `ms`, `meanwhile` runs once while it goes on
 * (best effort: its failure is ignored, and `work` does not wait for it, so what it shows may
 * land just after `work` ended). A fast `work` shows nothing.
 */
export async function whenSlow<T>(ms: number, meanwhile: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const timer = setTimeout(
    () =>
      void Promise.resolve()
        .then(meanwhile)
        .catch(() => undefined),
    ms,
  )
  try {
    return await work()
  } finally {
    clearTimeout(timer)
  }
}
