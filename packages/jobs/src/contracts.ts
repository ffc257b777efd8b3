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
})
export type GenerationJob = z.infer<typeof generationJob>

/** Job id of a generation's job: the generation id itself, so enqueueing twice is a no-op. */
export const generationJobId = (generationId: string) => generationId

const inlineKeyboard = z.array(z.array(z.object({ text: z.string().min(1), callback_data: z.string().min(1).max(64).optional(), url: z.string().optional() })))

export const telegramJob = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    chatId: telegramId,
    text: z.string().min(1).max(4096),
    keyboard: inlineKeyboard.optional(),
    /** broadcast id, generation id...: for logs and metrics */
    origin: z.string().optional(),
  }),
  z.object({
    kind: z.literal('edit'),
    chatId: telegramId,
    messageId: z.number().int().positive(),
    text: z.string().min(1).max(4096),
    keyboard: inlineKeyboard.optional(),
    origin: z.string().optional(),
  }),
])
export type TelegramJob = z.infer<typeof telegramJob>

export const SCHEDULED_JOBS = {
  fxRefresh: 'fx-refresh',
  kieCreditsCheck: 'kie-credits-check',
  sweeper: 'sweeper',
  ledgerReconciliation: 'ledger-reconciliation',
  retention: 'retention',
} as const
export type ScheduledJobName = (typeof SCHEDULED_JOBS)[keyof typeof SCHEDULED_JOBS]

export const scheduledJob = z.object({}).strict()
