import type { Server } from 'node:http'
import express from 'express'
import { Redis } from 'ioredis'
import type { WorkerConfig } from '@kiebot/config'
import { createDb } from '@kiebot/db'
import type { Logger } from '@kiebot/logger'
import { createMetricsRegistry, createOpsRouter, installGracefulShutdown } from '@kiebot/ops'

/**
 * Starts the worker's small HTTP server (health, readiness, metrics). The queues
 * it runs (generation pipeline, delivery, scheduled jobs) are issue #6.
 */
export async function startWorker(config: WorkerConfig, logger: Logger): Promise<Server> {
  const db = createDb(config.DATABASE_URL)
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }))
  await redis.connect().catch((error: Error) => logger.warn('redis not reachable at start', { error: error.message }))

  const app = express()
  app.disable('x-powered-by')
  app.use(
    createOpsRouter({
      registry: createMetricsRegistry('worker'),
      checks: [
        { name: 'postgres', check: () => db.$queryRaw`SELECT 1` },
        { name: 'redis', check: () => redis.ping() },
      ],
    }),
  )
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.WORKER_PORT, () => resolve(s))
  })
  logger.info('worker listening', { port: config.WORKER_PORT })

  installGracefulShutdown({
    deadlineMs: 8000,
    log: (message, meta) => logger.info(message, meta),
    steps: [
      { name: 'http', run: () => new Promise((resolve) => server.close(() => resolve(undefined))) },
      { name: 'redis', run: () => redis.quit() },
      { name: 'postgres', run: () => db.$disconnect() },
    ],
  })
  return server
}
