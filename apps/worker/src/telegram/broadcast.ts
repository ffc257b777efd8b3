import type { Job } from 'bullmq'
import {
  broadcastOrigin,
  broadcastRecipientJobId,
  broadcastReportJobId,
  enqueueTelegram,
  type BroadcastJob,
  type BroadcastProgress,
  type TelegramJob,
} from '@kiebot/jobs'
import { t } from '@kiebot/i18n'
import type { WorkerContext } from '../context'
import { DELIVERY_PRIORITY } from './progress'

// An admin's broadcast, run as one job of the delivery queue: it adds the recipients'
// messages in chunks (addBulk), each with a job id made of the broadcast and the user id,
// records the last user id added in the job's progress after each chunk, then waits for
// every message to end and reports to the admin. A crash or a stall re-runs the job, which
// resumes after the recorded user id; a chunk added twice adds nothing the second time.

export const BROADCAST_CHUNK = 500
/** how often the job looks whether every message has ended */
const CHECK_EVERY_MS = 2000
/** a broadcast whose messages have not all ended after this is reported anyway */
const REPORT_AFTER_MS = 6 * 3600_000
/** recipients' jobs stay (finished) long enough for any resumed chunk to find them */
const RECIPIENT_RETENTION_SECONDS = 24 * 3600

export class BroadcastWait extends Error {
  constructor(readonly ms: number) {
    super('broadcast: waiting for its messages')
  }
}

function progressOf(job: Job): BroadcastProgress {
  const p = job.progress as Partial<BroadcastProgress> | number | undefined
  if (!p || typeof p !== 'object') return { lastUserId: null, enqueued: 0, fannedOut: false }
  return { lastUserId: p.lastUserId ?? null, enqueued: p.enqueued ?? 0, fannedOut: p.fannedOut === true }
}

/** Adds the recipients' messages after the recorded cursor; returns the final progress. */
async function fanOut(ctx: WorkerContext, job: Job, data: BroadcastJob): Promise<BroadcastProgress> {
  let progress = progressOf(job)
  while (!progress.fannedOut) {
    const users = await ctx.db.user.findMany({
      where: {
        banned: false,
        blockedBot: false,
        ...(progress.lastUserId ? { id: { gt: BigInt(progress.lastUserId) } } : {}),
      },
      orderBy: { id: 'asc' },
      take: BROADCAST_CHUNK,
      select: { id: true },
    })
    if (users.length > 0) {
      await ctx.queues.telegram.addBulk(
        users.map((u) => ({
          name: 'text',
          data: {
            kind: 'text',
            chatId: u.id.toString(),
            text: data.text,
            origin: broadcastOrigin(data.broadcastId),
          } satisfies TelegramJob,
          opts: {
            jobId: broadcastRecipientJobId(data.broadcastId, u.id),
            // behind results and final statuses: a broadcast to every user must not hold them up
            priority: DELIVERY_PRIORITY.broadcast,
            removeOnComplete: { age: RECIPIENT_RETENTION_SECONDS },
          },
        })),
      )
    }
    progress = {
      lastUserId: users.at(-1)?.id.toString() ?? progress.lastUserId,
      enqueued: progress.enqueued + users.length,
      fannedOut: users.length < BROADCAST_CHUNK,
    }
    await job.updateProgress(progress as unknown as object)
    ctx.logger.info('broadcast chunk added', { broadcastId: data.broadcastId, ...progress })
  }
  return progress
}

/**
 * Runs a broadcast job: fan-out (resumable), then waits (BroadcastWait: the job is
 * delayed, not holding a slot) until every recipient's message ended, then the report.
 */
export async function runBroadcast(ctx: WorkerContext, job: Job, data: BroadcastJob): Promise<string> {
  const progress = await fanOut(ctx, job, data)
  const counts = await ctx.coordination.broadcastCounts(data.broadcastId)
  const ended = counts.sent + counts.blocked + counts.failed
  const pending = Math.max(0, progress.enqueued - ended)
  if (pending > 0 && Date.now() - job.timestamp < REPORT_AFTER_MS) throw new BroadcastWait(CHECK_EVERY_MS)
  const admin = await ctx.db.user.findUnique({ where: { id: BigInt(data.adminId) }, select: { language: true } })
  const text = t(admin?.language ?? 'en', 'admin.broadcast_report', {
    recipients: progress.enqueued,
    sent: counts.sent,
    blocked: counts.blocked,
    failed: counts.failed,
    pending,
  })
  await enqueueTelegram(
    ctx.queues.telegram,
    { kind: 'text', chatId: data.adminId, text, origin: `${broadcastOrigin(data.broadcastId)}:report` },
    { jobId: broadcastReportJobId(data.broadcastId) },
  )
  ctx.logger.info('broadcast finished', {
    broadcastId: data.broadcastId,
    recipients: progress.enqueued,
    ...counts,
    pending,
  })
  return 'reported'
}

/** The broadcast a recipient's message belongs to, from its origin. */
export function broadcastOf(data: TelegramJob): { broadcastId: string; userId: string } | null {
  if (data.kind !== 'text' || !data.origin) return null
  const id = /^broadcast:([A-Za-z0-9_-]{1,32})$/.exec(data.origin)?.[1]
  return id ? { broadcastId: id, userId: data.chatId } : null
}
