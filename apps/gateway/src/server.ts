import type { Server } from 'node:http'
import type { Express } from 'express'
import type { Telegraf } from 'telegraf'
import type { GatewayConfig } from '@kiebot/config'
import { createDb } from '@kiebot/db'
import { connectRedis, createGenerationQueue, createScheduledQueue, createTelegramQueue } from '@kiebot/jobs'
import type { Logger } from '@kiebot/logger'
import { createMetricsRegistry, createOpsApp, createPublicApp, listenOn, useJsonErrors } from '@kiebot/ops'
import type { BotContext, Deps } from './bot/context'
import { ALLOWED_UPDATES, createBot, galleryRouter } from './bot/create-bot'
import { dashboardRouter } from './http/dashboard'
import { kieCallbackRouter } from './http/kie-callback'
import { WEBHOOK_PATH, webhookRouter } from './http/webhook'
import { createGatewayMetrics } from './metrics'
import { DraftStore } from './state/drafts'
import { PriceBook } from './state/prices'
import { commandDescriptions } from './bot/commands'

export interface Gateway {
  /** the public app: /healthz, the Telegram webhook, Kie callbacks, the queues dashboard */
  app: Express
  /** the internal app (GATEWAY_OPS_PORT): /healthz, /readyz, /metrics */
  opsApp: Express
  /** the ops server's port once started */
  opsPort(): number | undefined
  bot: Telegraf<BotContext>
  deps: Deps
  /** listens (public and ops ports), registers the webhook (or starts polling) and the commands */
  start(port?: number, opsPort?: number): Promise<Server>
  /** stops intake, then closes Redis, queues and Postgres */
  stop(): Promise<void>
}

/** Builds the gateway: dependencies, the bot, and the express app. Nothing runs yet. */
export function createGateway(config: GatewayConfig, logger: Logger): Gateway {
  const db = createDb(config.DATABASE_URL)
  // Requests fail fast while Redis is down (the webhook then answers 503) instead of queueing.
  // Commands issued in one tick by concurrent updates go out in one write (auto-pipelining):
  // under load a system call per command was a sixth of the gateway's CPU (bench/README.md).
  const redis = connectRedis(config, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    enableAutoPipelining: true,
  })
  redis.on('error', (error) => logger.warn('redis connection error', { error: error.message }))
  const queueConnection = connectRedis(config, { maxRetriesPerRequest: 1, lazyConnect: true })
  queueConnection.on('error', (error) => logger.warn('redis (queues) connection error', { error: error.message }))
  const registry = createMetricsRegistry('gateway')
  const deps: Deps = {
    config,
    logger,
    db,
    redis,
    queues: {
      generation: createGenerationQueue({ connection: queueConnection, prefix: config.QUEUE_PREFIX }),
      telegram: createTelegramQueue({ connection: queueConnection, prefix: config.QUEUE_PREFIX }),
      scheduled: createScheduledQueue({ connection: queueConnection, prefix: config.QUEUE_PREFIX }),
    },
    prices: new PriceBook(db, { markup: config.PRICING_MARKUP, defaultRubPerUsd: config.FX_DEFAULT_RUB_PER_USD }),
    drafts: new DraftStore(redis, config.QUEUE_PREFIX),
    metrics: createGatewayMetrics(registry),
  }
  for (const queue of Object.values(deps.queues))
    queue.on('error', (error) => logger.warn('queue error', { error: error.message }))
  const bot = createBot(deps, config.TELEGRAM_BOT_TOKEN)

  const httpLog = (message: string, meta?: Record<string, unknown>) => logger.error(message, meta)
  const opsApp = createOpsApp(
    registry,
    { postgres: () => db.$queryRaw`SELECT 1`, redis: () => redis.ping() },
    (message, meta) => logger.warn(message, meta),
  )
  const app = createPublicApp()
  if (config.BOT_MODE === 'webhook') app.use(webhookRouter(deps, bot, config.TELEGRAM_WEBHOOK_SECRET!))
  app.use(kieCallbackRouter(deps))
  app.use(galleryRouter(deps, bot))
  if (config.ADMIN_DASHBOARD_USER && config.ADMIN_DASHBOARD_PASSWORD)
    app.use(
      dashboardRouter(
        [deps.queues.generation, deps.queues.telegram],
        { user: config.ADMIN_DASHBOARD_USER, password: config.ADMIN_DASHBOARD_PASSWORD },
        { writable: config.ADMIN_DASHBOARD_WRITABLE },
      ),
    )
  useJsonErrors(app, httpLog)

  let server: Server | undefined
  let opsServer: Server | undefined
  let polling = false
  return {
    app,
    opsApp,
    opsPort: () => (opsServer?.address() as { port: number } | null)?.port,
    bot,
    deps,
    async start(port = config.GATEWAY_PORT, opsPort = config.GATEWAY_OPS_PORT) {
      await redis
        .connect()
        .catch((error: Error) => logger.warn('redis not reachable at start', { error: error.message }))
      opsServer = await listenOn(opsApp, opsPort)
      server = await listenOn(app, port)
      logger.info('gateway listening', {
        port: (server.address() as { port: number }).port,
        opsPort: (opsServer.address() as { port: number }).port,
        mode: config.BOT_MODE,
      })
      await registerWithTelegram(deps, bot)
      if (config.BOT_MODE === 'polling') {
        polling = true
        void bot
          .launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false })
          .catch((error: unknown) => logger.error('polling stopped', { error }))
      }
      return server
    },
    async stop() {
      if (polling) bot.stop('shutdown')
      for (const s of [server, opsServer]) if (s) await new Promise((resolve) => s.close(() => resolve(undefined)))
      await Promise.allSettled(Object.values(deps.queues).map((queue) => queue.close()))
      await Promise.allSettled([redis.quit(), queueConnection.quit()])
      await db.$disconnect()
    },
  }
}

/** 1 s, 2 s, 4 s, then every 30 s in the background: Telegram may be briefly unreachable. */
const BACKOFF_MS = [1000, 2000, 4000]

async function withRetry(deps: Deps, what: string, fn: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fn()
      return true
    } catch (error) {
      const delay = BACKOFF_MS[attempt]
      deps.logger.warn(`${what} failed`, { attempt: attempt + 1, error })
      if (delay === undefined) return false
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}

/**
 * getMe, setWebhook (with the secret, allowed_updates listed explicitly, and never
 * dropping pending updates) and setMyCommands: the default list, English and Russian.
 */
async function registerWithTelegram(deps: Deps, bot: Telegraf<BotContext>): Promise<void> {
  const { config } = deps
  const register = async (): Promise<boolean> => {
    const steps: [string, () => Promise<unknown>][] = [
      ['getMe', async () => (bot.botInfo = await bot.telegram.getMe())],
      ...(config.BOT_MODE === 'webhook'
        ? [
            [
              'setWebhook',
              () =>
                bot.telegram.setWebhook(`${config.PUBLIC_URL}${WEBHOOK_PATH}`, {
                  secret_token: config.TELEGRAM_WEBHOOK_SECRET,
                  allowed_updates: [...ALLOWED_UPDATES],
                  drop_pending_updates: false,
                }),
            ] as [string, () => Promise<unknown>],
          ]
        : []),
      // the default list (any language without its own) is English, and English has its own
      // too, so a client set to English never falls back to a list someone else set as default
      ['setMyCommands (default)', () => bot.telegram.setMyCommands(commandDescriptions('en'))],
      ['setMyCommands (en)', () => bot.telegram.setMyCommands(commandDescriptions('en'), { language_code: 'en' })],
      ['setMyCommands (ru)', () => bot.telegram.setMyCommands(commandDescriptions('ru'), { language_code: 'ru' })],
    ]
    for (const [what, fn] of steps) if (!(await withRetry(deps, what, fn))) return false
    return true
  }
  if (await register()) return
  deps.logger.error('could not register with Telegram; retrying every 30 s')
  const timer = setInterval(() => {
    void register().then((ok) => {
      if (ok) clearInterval(timer)
    })
  }, 30_000)
  timer.unref()
}
