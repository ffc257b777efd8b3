import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Redis } from 'ioredis'
import { createDb, ensureUser, grantOnce, reserveFunds, type Db, type Generation, type Prisma } from '@kiebot/db'
import { connectRedis, createQueues, enqueueGeneration, wakeGeneration, type Queues } from '@kiebot/jobs'
import { callbackTaskId, verifyCallbackToken } from '@kiebot/kie'
import { getModel, type Params } from '@kiebot/models'
import {
  createTestDatabase,
  freePort,
  spawnApp,
  testRedisUrl,
  uniquePrefix,
  type AppProcess,
  type TestDatabase,
} from '@kiebot/testing'
import {
  startKieEmulator,
  startTelegramEmulator,
  type RunningKieEmulator,
  type RunningTelegramEmulator,
} from '@kiebot/sandbox'

// Everything a worker test needs, as production has it: a fresh database, a unique BullMQ
// prefix, the Kie and Telegram emulators on random ports, and a stand-in for the
// gateway's Kie callback endpoint (verifies the token, then wakeGeneration as a Kie callback's;
// unlike the gateway it wakes at every callback, whatever the row's step, and binds nothing).
// The worker itself runs as a real process (apps/worker/dist), or in the test's process
// (`startWorkerHere`, in-process.ts).

export const BOT_TOKEN = '123456789:AAF-worker-test-token-abcdefghijklmnop'
export const KIE_KEY = 'kie-test-key'
export const CALLBACK_SECRET = 'callback-secret-0123456789'

export interface Harness {
  database: TestDatabase
  db: Db
  redis: Redis
  redisUrl: string
  cluster: boolean
  prefix: string
  queues: Queues
  kie: RunningKieEmulator
  telegram: RunningTelegramEmulator
  /** the gateway stand-in's base URL (PUBLIC_URL) */
  publicUrl: string
  /** callbacks it accepted, by generation id */
  callbacks: { generationId: string; taskId: string | null }[]
  workers: AppProcess[]
  /** run first by close(), newest first (a worker started in the test's process: `startWorkerHere`) */
  beforeClose: (() => Promise<void>)[]
  close(): Promise<void>
}

export interface HarnessOptions {
  kie?: Parameters<typeof startKieEmulator>[0]
  redisUrl?: string
  /** redisUrl is a node of a Redis Cluster (the prefix is then a hash tag) */
  cluster?: boolean
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase()
  const db = createDb(database.url, { poolSize: 4 })
  const redisUrl = options.redisUrl ?? testRedisUrl()
  const cluster = options.cluster ?? false
  const redis = connectRedis({ REDIS_URL: redisUrl, REDIS_CLUSTER: cluster }, { maxRetriesPerRequest: null })
  redis.on('error', () => undefined)
  const prefix = cluster ? `{${uniquePrefix('worker')}}` : uniquePrefix('worker')
  const queues = createQueues({ connection: redis, prefix })
  for (const queue of [queues.generation, queues.telegram, queues.scheduled]) queue.on('error', () => undefined)
  const kie = await startKieEmulator({ port: 0, apiKey: KIE_KEY, ...options.kie })
  // Telegram's flood rules at 4x speed (a "second" of 250 ms), so tests stay short.
  const telegram = await startTelegramEmulator({ port: 0, flood: { windowMs: 250 } })
  telegram.control.createBot({ token: BOT_TOKEN })
  const callbacks: Harness['callbacks'] = []
  const server = await gatewayStandIn(queues, callbacks)
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const harness: Harness = {
    database,
    db,
    redis,
    redisUrl,
    cluster,
    prefix,
    queues,
    kie,
    telegram,
    publicUrl,
    callbacks,
    workers: [],
    beforeClose: [],
    async close() {
      // a stop that fails does not keep the rest from closing
      for (const stop of [...harness.beforeClose].reverse()) await stop().catch(() => undefined)
      await Promise.all(harness.workers.map((w) => w.stop('SIGKILL')))
      await new Promise((resolve) => server.close(resolve))
      server.closeAllConnections()
      await kie.close()
      await telegram.close()
      for (const queue of [queues.generation, queues.telegram, queues.scheduled])
        await queue.obliterate({ force: true }).catch(() => undefined)
      await queues.close().catch(() => undefined)
      redis.disconnect()
      await db.$disconnect()
      await database.drop()
    },
  }
  return harness
}

/** POST /kie/callback/:generationId?token=… → verify → wakeGeneration (the gateway's contract). */
async function gatewayStandIn(queues: Queues, callbacks: Harness['callbacks']): Promise<Server> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        const match = /^\/kie\/callback\/([0-9a-f-]{36})$/.exec(url.pathname)
        if (
          req.method !== 'POST' ||
          !match ||
          !verifyCallbackToken(match[1]!, url.searchParams.get('token'), CALLBACK_SECRET)
        ) {
          res.writeHead(403).end()
          return
        }
        let parsed: unknown = null
        try {
          parsed = JSON.parse(body)
        } catch {
          parsed = null
        }
        const taskId = callbackTaskId(parsed)
        callbacks.push({ generationId: match[1]!, taskId })
        await wakeGeneration(queues.generation, match[1]!, {
          kieCallback: true,
          ...(taskId ? { kieTaskId: taskId } : {}),
        }).catch(() => undefined)
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":200,"msg":"success"}')
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

/** The worker's environment for this harness; tests override timings. */
export function workerEnv(h: Harness, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    DATABASE_URL: h.database.url,
    REDIS_URL: h.redisUrl,
    REDIS_CLUSTER: String(h.cluster),
    QUEUE_PREFIX: h.prefix,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: h.telegram.url,
    PUBLIC_URL: h.publicUrl,
    // the emulator takes http:// web_app buttons (Telegram does not)
    WEBAPP_ALLOW_HTTP: 'true',
    KIE_API_KEY: KIE_KEY,
    KIE_BASE_URL: h.kie.url,
    KIE_UPLOAD_BASE_URL: h.kie.uploadUrl,
    KIE_CALLBACK_SECRET: CALLBACK_SECRET,
    FX_CBR_JSON_URL: 'http://127.0.0.1:9/daily_json.js',
    FX_CBR_XML_URL: 'http://127.0.0.1:9/XML_daily.asp',
    FX_DEFAULT_RUB_PER_USD: '90',
    KIE_POLL_MIN_MS: '200',
    KIE_POLL_MAX_MS: '1000',
    WORKER_LOCK_MS: '3000',
    WORKER_SHUTDOWN_MS: '5000',
    STATUS_EDIT_INTERVAL_MS: '300',
    TELEGRAM_CHAT_INTERVAL_MS: '250',
    SCHEDULE_SWEEPER_MS: '1000',
    // no catalog sync at start (it would read the emulator's catalog, whose fixture differs from the registry); catalog-sync.test asks for it
    SCHEDULE_CATALOG_MS: '0',
    KIE_CREDITS_ALERT_BELOW: '10',
    // the emulators' file links are on this machine
    RESULT_URL_HOSTS: '127.0.0.1',
    RESULT_URL_ALLOW_PRIVATE: 'true',
    ...overrides,
  }
}

export async function spawnWorker(
  h: Harness,
  overrides: Record<string, string> = {},
): Promise<AppProcess & { port: number }> {
  const port = await freePort()
  const app = spawnApp('apps/worker/dist/main.js', workerEnv(h, { WORKER_PORT: String(port), ...overrides }))
  h.workers.push(app)
  await app.waitForHttp(`http://127.0.0.1:${port}/healthz`)
  return Object.assign(app, { port })
}

export interface TestUser {
  id: number
  chatId: number
}

/** A Telegram user of the emulator, registered and funded as the gateway would. */
export async function createUser(
  h: Harness,
  options: { language?: 'ru' | 'en'; kopecks?: number } = {},
): Promise<TestUser> {
  const user = h.telegram.control.createUser({ first_name: 'Tester', language_code: options.language ?? 'en' })
  await ensureUser(h.db, { id: BigInt(user.id), firstName: 'Tester', languageCode: options.language ?? 'en' })
  await grantOnce(h.db, {
    userId: BigInt(user.id),
    kind: 'bonus',
    amountKopecks: options.kopecks ?? 1_000_000,
    idempotencyKey: `welcome:${user.id}`,
    reason: 'test',
  })
  return { id: user.id, chatId: user.id }
}

/** A Bot API call as the gateway makes it (waiting out 429s). */
export async function botCall<T>(h: Harness, method: string, params: Record<string, unknown>): Promise<T> {
  for (;;) {
    const response = await fetch(`${h.telegram.url}/bot${BOT_TOKEN}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    })
    const body = (await response.json()) as {
      ok: boolean
      result: T
      description?: string
      parameters?: { retry_after?: number }
    }
    if (body.ok) return body.result
    const retryAfter = body.parameters?.retry_after
    if (retryAfter === undefined) throw new Error(`${method}: ${body.description}`)
    await new Promise((r) => setTimeout(r, retryAfter * h.telegram.control.settings().flood.windowMs))
  }
}

export interface NewGeneration {
  slug: string
  params?: Params
  priceKopecks?: number
  deadlineMs?: number
  /** leave enqueued_at null and add no job (the gateway could not reach Redis) */
  skipEnqueue?: boolean
}

/** Confirm, as the gateway does: status message, reserveFunds, enqueue, enqueued_at. */
export async function createGeneration(h: Harness, user: TestUser, input: NewGeneration): Promise<string> {
  const model = getModel(input.slug)
  if (!model) throw new Error(`no model ${input.slug}`)
  const params = input.params ?? { prompt: 'A red fox sitting in fresh snow at sunrise' }
  const status = await botCall<{ message_id: number }>(h, 'sendMessage', {
    chat_id: user.chatId,
    text: `⏳ ${model.name.en} is queued.`,
  })
  const generationId = randomUUID()
  const credits = model.credits(params)
  const kopecks = input.priceKopecks ?? Math.ceil(credits * 0.005 * 90 * 2 * 100)
  await reserveFunds(h.db, {
    generationId,
    userId: BigInt(user.id),
    chatId: BigInt(user.chatId),
    modelId: model.slug,
    params: params as Prisma.InputJsonValue,
    price: { credits, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks },
    deadlineAt: new Date(Date.now() + (input.deadlineMs ?? model.deadlineMs)),
  })
  await h.db.generation.update({ where: { id: generationId }, data: { statusMessageId: status.message_id } })
  if (!input.skipEnqueue) {
    await enqueueGeneration(h.queues.generation, generationId)
    await h.db.generation.update({ where: { id: generationId }, data: { enqueuedAt: new Date() } })
  }
  return generationId
}

/** Polls the row until `done(row)`; fails with the row's last state. */
export async function waitForGeneration(
  h: Harness,
  generationId: string,
  done: (g: Generation) => boolean,
  timeoutMs = 20_000,
): Promise<Generation> {
  const deadline = Date.now() + timeoutMs
  let last: Generation | null = null
  while (Date.now() < deadline) {
    last = await h.db.generation.findUnique({ where: { id: generationId } })
    if (last && done(last)) return last
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(
    `generation ${generationId} did not reach the expected state; last: ${JSON.stringify(last, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
  )
}

export const ended = (g: Generation) => g.step === 'done'

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The money of a generation: its ledger entries by kind. */
export async function ledgerOf(
  h: Harness,
  generationId: string,
): Promise<{ charge: number; refund: number; entries: number }> {
  const entries = await h.db.ledgerEntry.findMany({ where: { generationId } })
  return {
    charge: entries.filter((e) => e.kind === 'charge').reduce((s, e) => s + e.amountKopecks, 0),
    refund: entries.filter((e) => e.kind === 'refund').reduce((s, e) => s + e.amountKopecks, 0),
    entries: entries.length,
  }
}

/** Kie tasks the emulator created for this generation (by the callback URL carrying its id). */
export function kieTasksOf(h: Harness, generationId: string) {
  return h.kie.control.tasks().filter((task) => (task.callBackUrl ?? '').includes(generationId))
}

/** What the bot sent to a chat (outgoing messages), oldest first. */
export function sentTo(h: Harness, chatId: number) {
  return h.telegram.control.transcript(chatId).filter((entry) => entry.direction === 'out')
}
