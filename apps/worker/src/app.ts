import type { Server } from 'node:http'
import { Worker } from 'bullmq'
import type { WorkerConfig } from '@kiebot/config'
import { createDb } from '@kiebot/db'
import {
  connectRedis,
  createQueues,
  KEEP_FINISHED_JOBS,
  QUEUE_NAMES,
  type GenerationJob,
  type TelegramJob,
} from '@kiebot/jobs'
import type { Logger } from '@kiebot/logger'
import { createMetricsRegistry, createOpsApp, listenOn, type ShutdownStep } from '@kiebot/ops'
import { jobContext, type WorkerContext } from './context'
import { Coordination } from './coordination'
import { KiePool } from './kie-pool'
import { createWorkerMetrics } from './metrics'
import { createGenerationProcessor } from './pipeline/processor'
import { ensureSchedulers, SCHEDULED_HANDLERS } from './scheduled/jobs'
import { BotApi } from './telegram/bot-api'
import { broadcastOf } from './telegram/broadcast'
import { compareClaimant, giveUpCompare } from './telegram/compare'
import { createTelegramProcessor } from './telegram/delivery'
import { runStatusClock } from './telegram/progress'
import { reportDelivery } from './pipeline/deliver'

export interface RunningWorker {
  ctx: WorkerContext
  server: Server
  port: number
  /** stop intake, let running jobs finish, close connections: in order (bounded by the caller) */
  shutdownSteps: ShutdownStep[]
  /** runs the shutdown steps (tests; the process installs them on SIGTERM) */
  stop(): Promise<void>
}

/**
 * Starts what WORKER_QUEUES asks for (generation pipeline, Telegram delivery, scheduled
 * jobs; all by default) and the small HTTP server: /healthz, /readyz, /metrics.
 */
export async function startWorker(config: WorkerConfig, logger: Logger): Promise<RunningWorker> {
  const db = createDb(config.DATABASE_URL)
  // BullMQ needs maxRetriesPerRequest null: commands wait for a reconnect instead of failing.
  const redis = connectRedis(config, { maxRetriesPerRequest: null, lazyConnect: true })
  redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }))
  await redis.connect().catch((error: Error) => logger.warn('redis not reachable at start', { error: error.message }))
  // The worker's own keys (send budget, chat slots, poll budget, status fingerprints) on a
  // connection of their own with auto-pipelining: the commands of concurrent jobs go out in one
  // write. Not BullMQ's connection: its scripts and blocking calls are not meant for it.
  const coordinationRedis = connectRedis(config, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    enableAutoPipelining: true,
  })
  coordinationRedis.on('error', (error) =>
    logger.warn('redis (coordination) connection error', { error: error.message }),
  )

  const queues = createQueues({ connection: redis, prefix: config.QUEUE_PREFIX })
  const registry = createMetricsRegistry('worker')
  const metrics = createWorkerMetrics(registry, async () => {
    const depths: { queue: string; state: string; count: number }[] = []
    for (const queue of [queues.generation, queues.telegram, queues.scheduled]) {
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized')
      for (const [state, count] of Object.entries(counts)) depths.push({ queue: queue.name, state, count })
    }
    return depths
  })
  const bot = new BotApi({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    timeoutMs: config.TELEGRAM_TIMEOUT_MS,
    observe: (method, error) => {
      if (!error) metrics.telegramSends.inc({ method })
      else metrics.telegramErrors.inc({ method, code: String(error.code) })
    },
  })
  const kiePool = KiePool.fromConfig(config, logger)
  const ctx: WorkerContext = {
    instance: {},
    config,
    db,
    coordination: new Coordination(coordinationRedis, config.QUEUE_PREFIX),
    queues,
    kie: kiePool.first.client,
    kiePool,
    bot,
    metrics,
    logger,
  }

  // WORKER_PORT is internal (never published): the worker serves nothing but these. Taken before
  // any queue is consumed: a port that cannot be had stops the start before a job is taken.
  const app = createOpsApp(
    registry,
    { postgres: () => db.$queryRaw`SELECT 1`, redis: () => redis.ping() },
    (message, meta) => logger.warn(message, meta),
  )
  const server = await listenOn(app, config.WORKER_PORT)

  const workerOptions = {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    // A killed worker's job runs again within lock + stalled interval (1.5 x WORKER_LOCK_MS,
    // 15 s by default). A second run is always safe: the row's compare-and-sets, not the
    // lock, keep a create from being sent twice.
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: Math.max(500, Math.round(config.WORKER_LOCK_MS / 2)),
    // a killed worker's job is taken over, several times if need be (each run resumes)
    maxStalledCount: 20,
  }
  const workers: Worker[] = []
  const runs = new Set(config.WORKER_QUEUES)
  let stopClock: (() => Promise<void>) | undefined

  if (runs.has('generation')) {
    const worker = new Worker<GenerationJob, string>(QUEUE_NAMES.generation, createGenerationProcessor(ctx), {
      ...workerOptions,
      ...KEEP_FINISHED_JOBS.generation,
      concurrency: config.WORKER_GENERATION_CONCURRENCY,
    })
    ctx.generationWorker = worker as unknown as Worker
    workers.push(worker as unknown as Worker)
  }
  if (runs.has('telegram')) {
    const worker = new Worker<TelegramJob, string>(QUEUE_NAMES.telegram, createTelegramProcessor(ctx), {
      ...workerOptions,
      ...KEEP_FINISHED_JOBS.telegram,
      concurrency: config.WORKER_TELEGRAM_CONCURRENCY,
      // no BullMQ limiter: it counts every job taken, also those then postponed for their chat;
      // each send takes its chat's slot, then a token of TELEGRAM_SENDS_PER_SECOND (delivery.ts)
    })
    worker.on('failed', (job, error) => {
      const broadcast = job && job.attemptsMade >= (job.opts.attempts ?? 1) ? broadcastOf(job.data) : null
      // out of attempts: the broadcast's report counts this recipient as failed
      if (broadcast)
        void ctx.coordination
          .recordBroadcastOutcome(broadcast.broadcastId, broadcast.userId, 'failed')
          .catch(() => undefined)
      if (job?.data.kind === 'compare' && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        // out of attempts: the comparison's parts not sent are left undelivered and the user is told
        const groupId = job.data.groupId
        logger.error('comparison delivery gave up', { groupId, error: error.message })
        void giveUpCompare(ctx, groupId, compareClaimant(job)).catch((e: Error) =>
          logger.error('could not close the comparison delivery', { groupId, error: e.message }),
        )
        return
      }
      if (!job || job.data.kind !== 'result' || job.attemptsMade < (job.opts.attempts ?? 1)) return
      // out of attempts: the result cannot be sent; the charge stays (Kie made it) and the row moves on
      logger.error('result delivery gave up', { generationId: job.data.generationId, error: error.message })
      const generationId = job.data.generationId
      void reportDelivery(jobContext(ctx, { generationId, jobId: job.id }), generationId, 'undelivered').catch(
        (e: Error) => logger.error('could not finish delivery', { generationId, error: e.message }),
      )
    })
    workers.push(worker as unknown as Worker)
    // the live status messages' clock: due ticks become status jobs of this queue
    stopClock = runStatusClock(ctx)
  }
  let schedulerTimer: NodeJS.Timeout | undefined
  if (runs.has('scheduled')) {
    const worker = new Worker(
      QUEUE_NAMES.scheduled,
      async (job) => {
        const handler = SCHEDULED_HANDLERS[job.name as keyof typeof SCHEDULED_HANDLERS]
        if (!handler) throw new Error(`no handler for scheduled job ${job.name}`)
        const result = await handler(ctx)
        logger.info('scheduled job done', { job: job.name, ...result })
        return result
      },
      // 2: the catalog sync paces its calls for minutes; the sweeper must not wait behind it
      { ...workerOptions, ...KEEP_FINISHED_JOBS.scheduled, concurrency: 2 },
    )
    workers.push(worker)
    const keepSchedulers = () =>
      ensureSchedulers(ctx).catch((error: Error) =>
        logger.warn('could not register job schedulers', { error: error.message }),
      )
    await keepSchedulers()
    schedulerTimer = setInterval(() => void keepSchedulers(), Math.min(60_000, config.SCHEDULE_SWEEPER_MS * 5))
    schedulerTimer.unref()
  }
  for (const worker of workers) {
    worker.on('error', (error) => logger.warn('queue worker error', { queue: worker.name, error: error.message }))
  }

  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.WORKER_PORT
  logger.info('worker started', { port, queues: [...runs] })

  const shutdownSteps: ShutdownStep[] = [
    {
      name: 'intake',
      run: async () => {
        if (schedulerTimer) clearInterval(schedulerTimer)
        await stopClock?.()
        await Promise.all(workers.map((w) => w.pause(true).catch(() => undefined)))
      },
    },
    { name: 'running jobs', run: () => Promise.all(workers.map((w) => w.close())) },
    { name: 'http', run: () => new Promise((resolve) => server.close(() => resolve(undefined))) },
    { name: 'queues', run: () => queues.close() },
    { name: 'redis', run: () => Promise.all([redis.quit(), coordinationRedis.quit()]) },
    { name: 'postgres', run: () => db.$disconnect() },
  ]
  let stopping: Promise<void> | undefined
  return {
    ctx,
    server,
    port,
    shutdownSteps,
    stop: () =>
      (stopping ??= (async () => {
        for (const step of shutdownSteps) await step.run().catch(() => undefined)
      })()),
  }
}
