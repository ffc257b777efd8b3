import { Queue, type ConnectionOptions, type DefaultJobOptions, type KeepJobs } from 'bullmq'
import {
  broadcastJobId,
  generationJob,
  generationJobId,
  QUEUE_NAMES,
  SCHEDULED_JOBS,
  telegramJob,
  type BroadcastJob,
  type GenerationJob,
  type QueueName,
  type TelegramJob,
} from './contracts'

// Queues as both apps open them: an explicit Redis connection (an ioredis instance the
// app owns and closes) and the deployment's key prefix (QUEUE_PREFIX), so two
// deployments can share one Redis.

export interface QueueConnection {
  /** an ioredis instance (workers need `maxRetriesPerRequest: null`) */
  connection: ConnectionOptions
  /** QUEUE_PREFIX */
  prefix: string
}

/**
 * Default options of each queue's jobs. Generation jobs retry a crashed or failed run
 * with back-off (a run resumes from the step stored in the row, so a retry repeats no
 * side effect); Telegram sends retry network errors and 5xx; 429s are waited out
 * without spending an attempt. How long finished jobs are kept is the workers' option
 * (`KEEP_FINISHED_JOBS`), not each job's: BullMQ stores a job's options in its hash, and
 * the same retention in every one of them cost about 100 bytes a job.
 */
export const DEFAULT_JOB_OPTIONS: Readonly<Record<QueueName, DefaultJobOptions>> = {
  generation: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
  },
  telegram: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000 },
  },
  scheduled: {
    attempts: 1,
  },
}

/**
 * Finished jobs kept for a while for inspection (the worker's `removeOnComplete` /
 * `removeOnFail`, applied to every job it finishes whose own options say nothing). The
 * delivery step reads a finished `result-<id>` job's state, so completed Telegram jobs stay
 * an hour (status renders and chat actions excepted: EPHEMERAL_TELEGRAM_KINDS).
 */
export const KEEP_FINISHED_JOBS: Readonly<Record<QueueName, { removeOnComplete: KeepJobs; removeOnFail: KeepJobs }>> = {
  generation: {
    removeOnComplete: { age: 24 * 3600, count: 20_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  },
  telegram: {
    removeOnComplete: { age: 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  scheduled: {
    removeOnComplete: { age: 24 * 3600, count: 200 },
    removeOnFail: { age: 7 * 24 * 3600, count: 500 },
  },
}

/**
 * Entries kept in each queue's BullMQ event stream (`<prefix>:<queue>:events`). Nothing
 * reads it (no QueueEvents), and BullMQ's default of 10,000 entries cost about 1 MB a queue.
 */
export const EVENTS_MAX_LEN = 500

export type GenerationQueue = Queue<GenerationJob>
export type TelegramQueue = Queue<TelegramJob>
export type ScheduledQueue = Queue<Record<string, never>>

export function createGenerationQueue(options: QueueConnection): GenerationQueue {
  return new Queue<GenerationJob>(QUEUE_NAMES.generation, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS.generation,
    streams: { events: { maxLen: EVENTS_MAX_LEN } },
  })
}

export function createTelegramQueue(options: QueueConnection): TelegramQueue {
  return new Queue<TelegramJob>(QUEUE_NAMES.telegram, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS.telegram,
    streams: { events: { maxLen: EVENTS_MAX_LEN } },
  })
}

export function createScheduledQueue(options: QueueConnection): ScheduledQueue {
  return new Queue<Record<string, never>>(QUEUE_NAMES.scheduled, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS.scheduled,
    streams: { events: { maxLen: EVENTS_MAX_LEN } },
  })
}

export interface Queues {
  generation: GenerationQueue
  telegram: TelegramQueue
  scheduled: ScheduledQueue
  /** closes the three queues (not the connection: its owner closes it) */
  close(): Promise<void>
}

/** The three queues over one connection. */
export function createQueues(options: QueueConnection): Queues {
  const generation = createGenerationQueue(options)
  const telegram = createTelegramQueue(options)
  const scheduled = createScheduledQueue(options)
  return {
    generation,
    telegram,
    scheduled,
    close: async () => {
      await Promise.all([generation.close(), telegram.close(), scheduled.close()])
    },
  }
}

/**
 * Adds the generation's job (jobId = generation id: a second add while the job exists is
 * a no-op; one after a settled generation's job was removed adds a job that finds the row
 * done and ends). The gateway calls it right after `reserveFunds` commits, then sets
 * `generations.enqueued_at`; when Redis is down it leaves enqueued_at null and the
 * worker's sweeper enqueues the generation later.
 */
export async function enqueueGeneration(queue: GenerationQueue, generationId: string): Promise<void> {
  const data = generationJob.parse({ generationId })
  await queue.add(QUEUE_NAMES.generation, data, { jobId: generationJobId(generationId) })
}

export type WakeResult =
  /** the job was waiting for its next poll and now runs at once */
  | 'promoted'
  /** the job is running or queued: it sees the wake-up before it sleeps again */
  | 'noted'
  /** no job in Redis (finished and removed, or lost): the sweeper re-adds active generations */
  | 'missing'

/**
 * A generation job whose row has ended elsewhere (settled by the delivery queue) goes: the
 * row is the generation's record, the job would only wake to find it done. A job running
 * now is locked and stays (the caller wakes it). True when it went.
 */
export async function removeGenerationJob(queue: GenerationQueue, generationId: string): Promise<boolean> {
  return (await queue.remove(generationJobId(generationId))) === 1
}

/**
 * Runs the generation's job now: what it waits for happened. `kieCallback`: a verified Kie
 * callback for this generation arrived (its task ended), so the job polls Kie now; the callback
 * is only a wake-up signal (the worker re-reads the task before acting). Pass the callback's
 * task id: when the create request's answer was lost, it is how the worker learns which task is
 * ours. Other wake-ups (a result sent, a settle to retry, a deadline) leave `kieCallback` out.
 */
export async function wakeGeneration(
  queue: GenerationQueue,
  generationId: string,
  options: { kieCallback?: boolean; kieTaskId?: string } = {},
): Promise<WakeResult> {
  const job = await queue.getJob(generationJobId(generationId))
  if (!job) return 'missing'
  // read and written back, not merged: of two wake-ups at the same moment the later write wins
  // (docs/worker.md, "Wake-ups": at worst the other waits for the job's own sleep to end)
  const data = generationJob.parse({
    ...(job.data as GenerationJob),
    generationId,
    ...(options.kieCallback ? { kieWokenAt: Date.now() } : { wokenAt: Date.now() }),
    ...(options.kieTaskId ? { kieTaskId: options.kieTaskId } : {}),
  })
  try {
    await job.updateData(data)
  } catch {
    return 'missing'
  }
  let promoted = true
  try {
    await job.promote()
  } catch {
    // not delayed: running now, or waiting for a worker; the run reads wokenAt (kieWokenAt)
    promoted = false
  }
  // A woken job (its result is ready) goes ahead of everything waiting, new generations and the
  // polls of waiting ones: no priority (taken first), at the front of the wait list (lifo).
  await job.changePriority({ priority: 0, lifo: true }).catch(() => undefined)
  return promoted ? 'promoted' : 'noted'
}

/** Telegram jobs removed as soon as they complete or fail (the rest are kept: KEEP_FINISHED_JOBS). */
export const EPHEMERAL_TELEGRAM_KINDS: ReadonlySet<TelegramJob['kind']> = new Set(['status', 'action'])

/** Adds a Telegram send. `jobId` makes it idempotent (e.g. one result delivery per generation). */
export async function enqueueTelegram(
  queue: TelegramQueue,
  job: TelegramJob,
  /** `priority`: a job that may wait behind the others (BullMQ takes jobs without one first), e.g. a clock tick */
  options: { jobId?: string; priority?: number } = {},
): Promise<void> {
  const data = telegramJob.parse(job)
  await queue.add(data.kind, data, {
    ...(options.jobId ? { jobId: options.jobId } : {}),
    ...(options.priority ? { priority: options.priority } : {}),
    // a status render or a chat action done is of no further use (nothing reads its state, and a
    // render again is harmless: the status job skips a text already shown): gone at once, not kept
    // an hour beside every waiting generation
    // (failed too: a kept failed job would swallow every later add of its id, and the clock
    // re-adds one id per generation)
    ...(EPHEMERAL_TELEGRAM_KINDS.has(data.kind) ? { removeOnComplete: true, removeOnFail: true } : {}),
  })
}

/** An admin's broadcast, handed to the worker (idempotent per broadcast id). */
export async function enqueueBroadcast(queue: TelegramQueue, job: Omit<BroadcastJob, 'kind'>): Promise<void> {
  const data = telegramJob.parse({ kind: 'broadcast', ...job })
  // kept a week: its progress is the broadcast's record
  await queue.add(data.kind, data, {
    jobId: broadcastJobId(job.broadcastId),
    attempts: 20,
    removeOnComplete: { age: 7 * 24 * 3600 },
  })
}

/**
 * Redis key where the worker keeps the last known Kie credit balance, as JSON
 * `{ "credits": number, "checkedAt": ISO date }` (read by the gateway's admin stats).
 */
export const kieCreditsKey = (prefix: string) => `${prefix}:kie:credits`

export interface KieCreditsSnapshot {
  credits: number
  checkedAt: string
}

/** The last balance the worker stored, or null (never checked, or unreadable). */
export async function readKieCredits(
  redis: { get(key: string): Promise<string | null> },
  prefix: string,
): Promise<KieCreditsSnapshot | null> {
  const raw = await redis.get(kieCreditsKey(prefix))
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<KieCreditsSnapshot>
    return typeof value.credits === 'number' && typeof value.checkedAt === 'string'
      ? { credits: value.credits, checkedAt: value.checkedAt }
      : null
  } catch {
    return null
  }
}

// The Kie key pool (KIE_API_KEYS): per key, by its non-secret label, what the worker knows and
// the gateway's admin stats show. All keys start with the prefix, so a hash-tagged prefix
// (`{kb}`) keeps them in the queues' slot on Redis Cluster.

/** Hash: label -> JSON `{ credits, checkedAt }`, the last balance of each key of the pool. */
export const kieKeysKey = (prefix: string) => `${prefix}:kie:keys`
/** Set while the key's submissions are paused after a 402: JSON `{ since, credits }`. */
export const kiePausedKey = (prefix: string, label: string) => `${prefix}:kie:paused:${label}`
/** Sorted set of the key's recent creates (the sliding window of its create limit). */
export const kieCreatesKey = (prefix: string, label: string) => `${prefix}:kie:creates:${label}`

export interface KieKeySnapshot {
  label: string
  /** null: never checked yet */
  credits: number | null
  checkedAt: string | null
  /** submissions paused after a 402 */
  paused: boolean
}

/** Every key of the pool the worker reported (by label, in label order), with its pause. */
export async function readKieKeys(
  redis: { hgetall(key: string): Promise<Record<string, string>>; exists(...keys: string[]): Promise<number> },
  prefix: string,
): Promise<KieKeySnapshot[]> {
  const all = await redis.hgetall(kieKeysKey(prefix))
  const labels = Object.keys(all).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return Promise.all(
    labels.map(async (label) => {
      let credits: number | null = null
      let checkedAt: string | null = null
      try {
        const value = JSON.parse(all[label]!) as Partial<KieCreditsSnapshot>
        if (typeof value.credits === 'number') credits = value.credits
        if (typeof value.checkedAt === 'string') checkedAt = value.checkedAt
      } catch {
        // unreadable: shown as unknown
      }
      return { label, credits, checkedAt, paused: (await redis.exists(kiePausedKey(prefix, label))) === 1 }
    }),
  )
}

/**
 * An admin asked for a catalog sync now: one job on the scheduled queue. Taps while one is
 * waiting or running add nothing (deduplicated until it ends); the worker also runs one sync
 * at a time for the cluster. Returns the job's id.
 */
export async function requestCatalogSync(queue: ScheduledQueue): Promise<string> {
  const job = await queue.add(
    SCHEDULED_JOBS.catalogSync,
    {},
    { deduplication: { id: `${SCHEDULED_JOBS.catalogSync}-manual` } },
  )
  return job.id ?? ''
}
