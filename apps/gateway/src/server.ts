import type { Server } from 'node:http'
import express from 'express'
import { Redis } from 'ioredis'
import type { GatewayConfig } from '@kiebot/config'
import { createDb } from '@kiebot/db'
import type { Logger } from '@kiebot/logger'
import { createMetricsRegistry, createOpsRouter, installGracefulShutdown } from '@kiebot/ops'

/**
 * Starts the gateway's HTTP server. For now it serves the operational endpoints;
 * the Telegram webhook, the conversation and the Kie callback are issue #5.
 */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<Server> {
  const db = createDb(config.DATABASE_URL)
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }))
  await redis.connect().catch((error: Error) => logger.warn('redis not reachable at start', { error: error.message }))

  const app = express()
  app.disable('x-powered-by')
  app.use(
    createOpsRouter({
      registry: createMetricsRegistry('gateway'),
      checks: [
        { name: 'postgres', check: () => db.$queryRaw`SELECT 1` },
        { name: 'redis', check: () => redis.ping() },
      ],
    }),
  )
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.GATEWAY_PORT, () => resolve(s))
  })
  logger.info('gateway listening', { port: config.GATEWAY_PORT })

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
