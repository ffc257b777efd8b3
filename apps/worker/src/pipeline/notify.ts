import { actionJobId, enqueueTelegram, statusJobId, type TelegramJob } from '@kiebot/jobs'
import type { WorkerContext } from '../context'
import { DELIVERY_PRIORITY } from '../telegram/progress'

// What a step asks the delivery queue to show the user: the status message re-rendered
// from the row, and chat actions (job ids from packages/jobs, one job per tag). Both wait
// behind results in the delivery queue (DELIVERY_PRIORITY), the final status first of them.

/** Asks the delivery queue to re-render the status message (one job per tag). */
export async function refreshStatus(ctx: WorkerContext, generationId: string, tag: string): Promise<void> {
  await enqueueTelegram(
    ctx.queues.telegram,
    { kind: 'status', generationId },
    {
      jobId: statusJobId(generationId, tag),
      priority: tag === 'final' ? DELIVERY_PRIORITY.finalStatus : DELIVERY_PRIORITY.status,
    },
  )
}

/** A chat action for a generation (dropped unsent when it comes late, or after the generation's result). */
export async function chatAction(
  ctx: WorkerContext,
  chatId: bigint,
  action: Extract<TelegramJob, { kind: 'action' }>['action'],
  tag: string,
  generationId: string,
): Promise<void> {
  await enqueueTelegram(
    ctx.queues.telegram,
    { kind: 'action', chatId: chatId.toString(), action, generationId },
    { jobId: actionJobId(generationId, tag), priority: DELIVERY_PRIORITY.action },
  )
}

export const UPLOAD_ACTION = { image: 'upload_photo', video: 'upload_video', audio: 'upload_voice' } as const
