import { z } from 'zod'

// One contract for producer (gateway) and consumer (worker): each queue's name, the
// zod schema of its job data and its job names. Queue names are persisted state in
// Redis: never rename one casually.

export const QUEUE_NAMES = {
  /** one step job per generation (jobId = generation id): submit, follow, deliver, settle */
  generation: 'generation',
  /** every message to Telegram, rate-limited globally and per chat */
  telegram: 'telegram',
  /** cluster-wide scheduled jobs (BullMQ job schedulers) */
  scheduled: 'scheduled',
} as const
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES]

const telegramId = z.string().regex(/^-?\d{1,20}$/, 'a Telegram id as a decimal string')

export const generationJob = z.object({
  generationId: z.uuid(),
  /**
   * Set by `wakeGeneration` (ms since epoch): something the job waits for happened (a result
   * sent, a settle to retry, a deadline passed). The worker compares it with what it saw when it
   * started, so a wake-up during a run is not lost.
   */
  wokenAt: z.number().int().positive().optional(),
  /**
   * The same for a verified Kie callback (its task ended). Kept apart: a run that has read the
   * task to its end (the row past follow) has served every such wake-up, so it does not run again
   * for one that landed meanwhile.
   */
  kieWokenAt: z.number().int().positive().optional(),
  /** the task id a verified callback named (reconciles a create whose answer was lost) */
  kieTaskId: z.string().min(1).max(200).optional(),
})
export type GenerationJob = z.infer<typeof generationJob>

/** Job id of a generation's job: the generation id itself, so enqueueing twice is a no-op. */
export const generationJobId = (generationId: string) => generationId

// Every other job id is derived here too, next to it (test/job-ids.test.ts pins them: a
// job id is what makes adding a send twice a no-op, across deploys of both apps).

/** The delivery of a generation's results (one per generation). */
export const resultJobId = (generationId: string) => `result-${generationId}`
/** A re-render of a generation's status message, one per tag (a step, a minute, `final`...). */
export const statusJobId = (generationId: string, tag: string) => `status-${generationId}-${tag}`
/** An admin's re-send of an undelivered result, one per press (the update carrying it). */
export const undeliveredResendJobId = (generationId: string, updateId: number) =>
  `undelivered-${generationId}-${updateId}`

/** The delivery of a comparison's results (one album or series), once per group. */
export const compareJobId = (groupId: string, tag?: string) => `compare-${groupId}${tag ? `-${tag}` : ''}`

/** A result's original file sent as a document, one per press (the update carrying it). */
export const originalJobId = (generationId: string, index: number, updateId: number) =>
  `original-${generationId}-${index}-${updateId}`

const inlineKeyboard = z.array(
  z.array(
    z.object({
      text: z.string().min(1),
      callback_data: z.string().min(1).max(64).optional(),
      url: z.string().optional(),
    }),
  ),
)

/** Telegram's chat actions the worker shows while it works. */
export const CHAT_ACTIONS = [
  'typing',
  'upload_photo',
  'upload_video',
  'upload_voice',
  'upload_document',
  'record_voice',
] as const

export const telegramJob = z.discriminatedUnion('kind', [
  /** a new message (admin broadcast, alerts...) */
  z.object({
    kind: z.literal('text'),
    chatId: telegramId,
    text: z.string().min(1).max(4096),
    keyboard: inlineKeyboard.optional(),
    /** default: plain text */
    parseMode: z.literal('HTML').optional(),
    /** broadcast id, generation id...: for logs and metrics */
    origin: z.string().optional(),
  }),
  /** edit a message's text (identical text is skipped by Telegram's rules, not an error) */
  z.object({
    kind: z.literal('edit'),
    chatId: telegramId,
    messageId: z.number().int().positive(),
    text: z.string().min(1).max(4096),
    keyboard: inlineKeyboard.optional(),
    parseMode: z.literal('HTML').optional(),
    origin: z.string().optional(),
  }),
  /**
   * Render the status message of a generation from its row, as it is when the job runs,
   * and edit it in place (at most one edit per message every few seconds, identical text skipped).
   */
  z.object({
    kind: z.literal('status'),
    generationId: z.uuid(),
    /** edit even if the worker last rendered the same text (someone else edited the message since) */
    force: z.boolean().optional(),
    /** a chat action shown with this render while its stage is live (typing once the task exists) */
    action: z.enum(CHAT_ACTIONS).optional(),
  }),
  /** deliver the results of a generation (photo/video/audio, document or link); worker only */
  z.object({
    kind: z.literal('result'),
    generationId: z.uuid(),
  }),
  /**
   * Send a finished result again to the user who asked (History → Resend): each item by its
   * Telegram file id, or as its link when it went out as one or was never accepted.
   */
  z.object({
    kind: z.literal('resend'),
    generationId: z.uuid(),
    chatId: telegramId,
    /** only this item (a favourite); every item when absent */
    index: z.number().int().min(0).max(99).optional(),
    /** each item with its caption (model, prompt, options), as when it was first delivered */
    captions: z.boolean().optional(),
  }),
  /**
   * A result's original file (the item at `index`), fetched from Kie's link and sent as a
   * document (a photo is recompressed by Telegram; the file itself is not), or as a download
   * button when it is too big; a link that no longer works is said so.
   */
  z.object({
    kind: z.literal('original'),
    generationId: z.uuid(),
    index: z.number().int().min(0).max(99),
    chatId: telegramId,
  }),
  /**
   * Deliver a comparison whose parts have all ended: the results as one album (images) or a
   * labelled series (video, audio), then which parts failed and were refunded, and the
   * "continue with <model>" buttons. Once per group (claimed in its row).
   */
  z.object({
    kind: z.literal('compare'),
    groupId: z.uuid(),
  }),
  /**
   * a chat action ("uploading video...") on its own: no longer queued (a status render or a
   * result's send shows it), run for the jobs an earlier version queued
   */
  z.object({
    kind: z.literal('action'),
    chatId: telegramId,
    action: z.enum(CHAT_ACTIONS),
    /** the generation it is shown for: dropped unsent once that generation's result went out */
    generationId: z.uuid().optional(),
  }),
  /**
   * An admin's broadcast: the worker adds one `text` job per recipient (users not banned and
   * not blocking the bot, by ascending id, in chunks), records how far it got in the job's
   * progress (BroadcastProgress), waits until every recipient's job has ended and reports
   * to the admin. A re-run (crash, stall) resumes after the last user id added.
   */
  z.object({
    kind: z.literal('broadcast'),
    broadcastId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    adminId: telegramId,
    text: z.string().min(1).max(4096),
  }),
])
export type TelegramJob = z.infer<typeof telegramJob>
export type BroadcastJob = Extract<TelegramJob, { kind: 'broadcast' }>

/** Where a broadcast job got to (its BullMQ progress). */
export interface BroadcastProgress {
  /** the last user id whose message was added (decimal), null before the first chunk */
  lastUserId: string | null
  /** recipients added so far */
  enqueued: number
  /** all recipients added */
  fannedOut: boolean
}

/** Job id of a broadcast (a confirm pressed twice adds it once). */
export const broadcastJobId = (broadcastId: string) => `broadcast-${broadcastId}`
/** Job id of one recipient's message: a resumed chunk adds no second message. */
export const broadcastRecipientJobId = (broadcastId: string, userId: bigint | string) =>
  `broadcast-${broadcastId}-${userId}`
/** Job id of a history re-send: one per press (Telegram re-delivering the press adds nothing). */
export const resendJobId = (generationId: string, updateId: number) => `resend-${generationId}-${updateId}`
/** `origin` of a recipient's message */
export const broadcastOrigin = (broadcastId: string) => `broadcast:${broadcastId}`
/** Job id of the report to the broadcasting admin when all messages have gone. */
export const broadcastReportJobId = (broadcastId: string) => broadcastRecipientJobId(broadcastId, 'report')

export const SCHEDULED_JOBS = {
  fxRefresh: 'fx-refresh',
  kieCreditsCheck: 'kie-credits-check',
  sweeper: 'sweeper',
  ledgerReconciliation: 'ledger-reconciliation',
  retention: 'retention',
  catalogSync: 'catalog-sync',
} as const
export type ScheduledJobName = (typeof SCHEDULED_JOBS)[keyof typeof SCHEDULED_JOBS]

export const scheduledJob = z.object({}).strict()
