import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { rm } from 'node:fs/promises'
import net from 'node:net'
import { Redis } from 'ioredis'
import { createDb, type Db } from '@kiebot/db'
import { t } from '@kiebot/i18n'
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
  type TranscriptEntry,
} from '@kiebot/sandbox'

// Scale-out on one Postgres and one Redis: two gateway processes behind a round-robin proxy
// (Telegram's webhook and Kie's callbacks reach either), three worker processes splitting the
// queues (generation only, delivery only, everything), two Kie accounts in the key pool, and a
// hash-tagged QUEUE_PREFIX (Redis Cluster's one-slot layout). Users walk /start, /gen, Confirm
// through the Telegram emulator; a third of the updates are delivered again to the other
// gateway. Every update is handled once, every generation delivered once, the per-user limit,
// the Kie create limit and Telegram's flood limits hold across processes, and the money is exact.

const BOT_TOKEN = '7000000002:SCALE-test-token-abcdefghijklmnopqrstu'
const KIE_KEYS = { a: 'kie-scale-key-a', b: 'kie-scale-key-b' }
const HMAC_KEYS = { a: 'kie-scale-hmac-a', b: 'kie-scale-hmac-b' }
const CALLBACK_SECRET = 'scale-callback-secret-0123456789'
const WEBHOOK_SECRET = 'scale-webhook-secret_0123456789'
const WELCOME_KOPECKS = 100_000
const MAX_ACTIVE = 2
const USERS = 6
const CREATES_PER_ACCOUNT = { creates: 2, windowMs: 1000 }

let database: TestDatabase
let db: Db
let redis: Redis
let kie: RunningKieEmulator
let telegram: RunningTelegramEmulator
let proxy: RoundRobin
let prefix: string
const apps: AppProcess[] = []
let workers: { queues: string; url: string }[] = []

/** The gateways' one public address: alternates between them; re-sends some updates to the other one. */
interface RoundRobin {
  url: string
  server: Server
  targets: string[]
  /** requests forwarded to each target */
  counts: number[]
  /** update ids sent a second time to the other gateway, with that gateway's answer */
  redeliveries: { updateId: number; status: number; body: unknown }[]
}

async function startRoundRobin(): Promise<RoundRobin> {
  const rr: RoundRobin = {
    url: '',
    server: undefined as unknown as Server,
    targets: [],
    counts: [],
    redeliveries: [],
  }
  let next = 0
  const forward = async (target: string, path: string, method: string, headers: Headers, body: Buffer) => {
    const response = await fetch(`${target}${path}`, { method, headers, body: body.length > 0 ? body : undefined })
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
  }
  rr.server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks)
        const headers = new Headers()
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))
            headers.set(name, value)
        const index = next++ % rr.targets.length
        rr.counts[index] = (rr.counts[index] ?? 0) + 1
        try {
          const answer = await forward(rr.targets[index]!, req.url ?? '/', req.method ?? 'GET', headers, body)
          res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {}).end(answer.text)
          // every third update handled once goes to the other gateway too, as Telegram may re-deliver it
          const update = req.url?.startsWith('/telegram/webhook') && answer.status === 200 ? parse(body) : null
          if (update && update.update_id % 3 === 0) {
            const other = rr.targets[(index + 1) % rr.targets.length]!
            const again = await forward(other, req.url!, 'POST', headers, body)
            rr.redeliveries.push({ updateId: update.update_id, status: again.status, body: parse(again.text) })
          }
        } catch (error) {
          res.writeHead(502).end(String(error))
        }
      })()
    })
  })
  await new Promise<void>((resolve) => rr.server.listen(0, '127.0.0.1', resolve))
  rr.url = `http://127.0.0.1:${(rr.server.address() as net.AddressInfo).port}`
  return rr
}

function parse(raw: Buffer | string): { update_id: number } | null {
  try {
    return JSON.parse(raw.toString()) as { update_id: number }
  } catch {
    return null
  }
}

async function until<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url, { poolSize: 4 })
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null })
  // a Redis Cluster hash tag: every key of every queue (and ours) in one slot
  prefix = `{${uniquePrefix('scale')}}`
  kie = await startKieEmulator({
    port: 0,
    apiKey: KIE_KEYS.a,
    credits: 1_000_000,
    // each account signs its callbacks with its own webhook HMAC key
    webhookHmacKey: HMAC_KEYS.a,
    accounts: [{ apiKey: KIE_KEYS.b, credits: 1_000_000, webhookHmacKey: HMAC_KEYS.b }],
    rateLimit: CREATES_PER_ACCOUNT,
    // long enough that three quick Confirms of one user overlap (the per-user limit is tested)
    timeline: { queuingMs: 100, generatingMs: 400, completeMs: 2500 },
  })
  telegram = await startTelegramEmulator({
    port: 0,
    flood: { windowMs: 250 },
    webhook: { timeoutMs: 20_000, retryBaseMs: 250, retryMaxMs: 2_000 },
  })
  telegram.control.createBot({ token: BOT_TOKEN, username: 'kie_scale_bot' })
  proxy = await startRoundRobin()

  const shared = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: proxy.url,
    KIE_API_KEYS: `a=${KIE_KEYS.a},b=${KIE_KEYS.b}`,
    KIE_WEBHOOK_HMAC_KEYS: `a=${HMAC_KEYS.a},b=${HMAC_KEYS.b}`,
    KIE_BASE_URL: kie.url,
    KIE_UPLOAD_BASE_URL: kie.uploadUrl,
    KIE_CALLBACK_SECRET: CALLBACK_SECRET,
    FX_CBR_JSON_URL: 'http://127.0.0.1:9/daily_json.js',
    FX_CBR_XML_URL: 'http://127.0.0.1:9/XML_daily.asp',
    FX_DEFAULT_RUB_PER_USD: '90',
  }
  const gateways = await Promise.all(
    [0, 1].map(async () => {
      const port = await freePort()
      const app = spawnApp('apps/gateway/dist/main.js', {
        ...shared,
        BOT_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        GATEWAY_PORT: String(port),
        GATEWAY_OPS_PORT: String(await freePort()),
        WELCOME_BONUS_KOPECKS: String(WELCOME_KOPECKS),
        MAX_ACTIVE_GENERATIONS: String(MAX_ACTIVE),
        USER_UPDATES_PER_MINUTE: '1000',
      })
      apps.push(app)
      const url = `http://127.0.0.1:${port}`
      await app.waitForHttp(`${url}/healthz`, { timeoutMs: 60_000 })
      return url
    }),
  )
  proxy.targets.push(...gateways)
  // generation only, delivery only, everything (scheduled jobs too)
  workers = await Promise.all(
    ['generation', 'telegram', 'generation,telegram,scheduled'].map(async (queues) => {
      const port = await freePort()
      const app = spawnApp('apps/worker/dist/main.js', {
        ...shared,
        WORKER_QUEUES: queues,
        WORKER_PORT: String(port),
        WORKER_LOCK_MS: '3000',
        WORKER_SHUTDOWN_MS: '5000',
        KIE_POLL_MIN_MS: '300',
        KIE_POLL_MAX_MS: '1500',
        KIE_CREATE_LIMIT: String(CREATES_PER_ACCOUNT.creates),
        // a margin over Kie's window: a create's trip to Kie varies, and Kie counts arrivals
        KIE_CREATE_WINDOW_MS: String(CREATES_PER_ACCOUNT.windowMs + 150),
        STATUS_EDIT_INTERVAL_MS: '500',
        TELEGRAM_CHAT_INTERVAL_MS: '250',
        // Telegram's 30 messages/s at the emulator's 4x speed
        TELEGRAM_SENDS_PER_SECOND: '100',
        SCHEDULE_SWEEPER_MS: '2000',
        SCHEDULE_CATALOG_MS: '0',
        KIE_CREDITS_ALERT_BELOW: '10',
        RESULT_URL_HOSTS: '127.0.0.1',
        RESULT_URL_ALLOW_PRIVATE: 'true',
      })
      apps.push(app)
      await app.waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000 })
      return { queues, url: `http://127.0.0.1:${port}` }
    }),
  )
  // both gateways set the same webhook at start (the proxy's address)
  await until('the webhook', () => telegram.control.webhookInfo().url === `${proxy.url}/telegram/webhook`)
}, 120_000)

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop('SIGKILL')))
  proxy?.server.close()
  proxy?.server.closeAllConnections()
  await kie?.close()
  await telegram?.close()
  if (redis) {
    const keys = await scanKeys()
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500))
    redis.disconnect()
  }
  await db?.$disconnect()
  await database?.drop()
})

async function scanKeys(): Promise<string[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000)
    cursor = next
    keys.push(...batch)
  } while (cursor !== '0')
  return keys
}

const buttons = (entry: TranscriptEntry): string[] =>
  (entry.message.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ('callback_data' in b ? b.callback_data : undefined))
    .filter((d): d is string => typeof d === 'string')
const out = (chatId: number) => telegram.control.transcript(chatId).filter((e) => e.direction === 'out')
/** messages the bot sent as a confirmation screen (a Confirm button), whatever they became since */
const confirmations = (chatId: number) =>
  out(chatId).filter((e) =>
    [e.message, ...e.edits.map((v) => v.message)].some((m) =>
      (m?.reply_markup?.inline_keyboard ?? [])
        .flat()
        .some((b) => 'callback_data' in b && b.callback_data?.startsWith('y:')),
    ),
  )

describe('two gateways and three workers on one Postgres and one Redis', () => {
  it('handles every update once, delivers every generation once, and holds every limit across processes', async () => {
    const users = Array.from({ length: USERS }, (_, i) =>
      telegram.control.createUser({ first_name: `Scale${i}`, language_code: 'en' }),
    )
    const tooMany = t('en', 'error.too_many_active_generations', { count: MAX_ACTIVE })

    async function walk(chatId: number): Promise<void> {
      telegram.control.sendCommand(chatId, 'start')
      await until('the /start answer', () => out(chatId).length > 0)
      // three /gen at once: three confirmation screens
      for (let i = 0; i < 3; i++) telegram.control.sendCommand(chatId, 'gen', `nano-banana a red fox, take ${i}`)
      const screens = await until('three confirmation screens', () => {
        const found = confirmations(chatId)
        return found.length >= 3 && found.slice(0, 3)
      })
      // three Confirms at once: the per-user limit (MAX_ACTIVE) lets two through, whichever gateway takes them
      for (const screen of screens) {
        const data = buttons(screen).find((d) => d.startsWith('y:'))!
        telegram.control.pressButton(chatId, screen.messageId, data)
      }
      // a Confirm that made a generation turns its screen into the status message (edited)
      await until('two queued and one refused', () => {
        const edited = screens.filter(
          (s) => (out(chatId).find((e) => e.messageId === s.messageId)?.edits.length ?? 0) > 0,
        )
        return edited.length >= 2 && out(chatId).some((e) => e.text === tooMany)
      })
      await until('two photos', () => out(chatId).filter((e) => e.kind === 'photo').length >= 2, 40_000)
      // then one more, now that both finished
      await until(
        'nothing active',
        async () => (await db.generation.count({ where: { userId: BigInt(chatId), step: { not: 'done' } } })) === 0,
        20_000,
      )
      telegram.control.sendCommand(chatId, 'gen', 'nano-banana a red fox, the last take')
      const last = await until('the fourth confirmation screen', () => confirmations(chatId)[3])
      telegram.control.pressButton(
        chatId,
        last.messageId,
        buttons(last).find((d) => d.startsWith('y:'))!,
      )
      await until('three photos', () => out(chatId).filter((e) => e.kind === 'photo').length >= 3, 40_000)
    }
    await Promise.all(users.map((u) => walk(u.id)))
    await telegram.control.waitForNoPendingUpdates({ timeoutMs: 20_000 })

    // every row ended succeeded; MAX_ACTIVE held: three generations per user, one Confirm refused each
    // the last photos are out; their rows settle right after
    await until(
      'every generation settled',
      async () => (await db.generation.count({ where: { step: { not: 'done' } } })) === 0,
      20_000,
    )
    const rows = await db.generation.findMany()
    expect(rows).toHaveLength(USERS * 3)
    expect(rows.every((r) => r.status === 'succeeded' && r.step === 'done')).toBe(true)
    await until(
      'the final status messages',
      async () => (await db.generation.count({ where: { notifiedAt: null } })) === 0,
      20_000,
    )

    for (const user of users) {
      const chat = out(user.id)
      // one reply per update: one /start answer, four confirmation screens, one refusal
      expect(confirmations(user.id)).toHaveLength(4)
      expect(chat.filter((e) => e.text === tooMany)).toHaveLength(1)
      // each generation delivered exactly once (its photo carries the generation's buttons)
      for (const row of rows.filter((r) => r.userId === BigInt(user.id))) {
        const photos = chat.filter((e) => e.kind === 'photo' && buttons(e).some((d) => d.endsWith(row.id)))
        expect(photos).toHaveLength(1)
      }
      expect(chat.filter((e) => e.kind === 'photo')).toHaveLength(3)
    }

    // updates re-delivered to the other gateway were recognised there as handled
    expect(proxy.redeliveries.length).toBeGreaterThanOrEqual(USERS)
    for (const again of proxy.redeliveries)
      expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true } })
    // both gateways took updates and callbacks
    expect(proxy.counts[0]).toBeGreaterThan(5)
    expect(proxy.counts[1]).toBeGreaterThan(5)

    // every callback of both accounts passed its own account's signature check, on either gateway
    const callbacks = kie.control.callbackAttempts()
    expect(callbacks.length).toBeGreaterThanOrEqual(rows.length)
    expect(callbacks.filter((c) => c.status !== 200)).toEqual([])

    // Kie: one task per generation, each account within its create limit, both accounts used
    const creates = kie.control.requests({ method: 'POST', path: '/api/v1/jobs/createTask' })
    expect(kie.control.tasks()).toHaveLength(rows.length)
    // Each account took at most its limit of tasks per window (the emulator answers 429 past it, as Kie
    // does). Kie counts arrivals, and a slot is taken before the request leaves, so on a loaded machine
    // a create may still arrive early and get a 429: the key rests and the create goes again, never
    // doubled. Those are few.
    const tasks = kie.control.tasks()
    for (const account of [0, 1]) {
      const times = tasks
        .filter((task) => task.account === account)
        .map((task) => task.createTime)
        .sort((x, y) => x - y)
      expect(times.length).toBeGreaterThan(0)
      for (let i = CREATES_PER_ACCOUNT.creates; i < times.length; i++)
        expect(times[i]! - times[i - CREATES_PER_ACCOUNT.creates]!).toBeGreaterThanOrEqual(CREATES_PER_ACCOUNT.windowMs)
    }
    expect(creates.length - tasks.length).toBeLessThanOrEqual(Math.ceil(rows.length / 4))

    // Telegram: the flood limits answered few 429s (waited out, nothing lost: every photo is there)
    const calls = telegram.control.calls()
    const limited = calls.filter((c) => !c.ok && c.error?.error_code === 429)
    expect(limited.length).toBeLessThanOrEqual(Math.ceil(calls.length * 0.05))

    // the split: generation-only ran Kie creates and sent nothing itself; delivery-only created no task
    const metrics = await Promise.all(workers.map(async (w) => (await fetch(`${w.url}/metrics`)).text()))
    const createsOf = (text: string) =>
      Number(/worker_kie_creates_total\{[^}]*outcome="created"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0)
    expect(createsOf(metrics[0]!)).toBeGreaterThan(0)
    expect(createsOf(metrics[1]!)).toBe(0)
    expect(createsOf(metrics[0]!) + createsOf(metrics[2]!)).toBe(rows.length)

    // money: each generation charged its price once, nothing refunded; balances = welcome − charges
    const entries = await db.ledgerEntry.findMany({ where: { generationId: { not: null } } })
    for (const row of rows) {
      const own = entries.filter((e) => e.generationId === row.id)
      expect(own.filter((e) => e.kind === 'refund')).toHaveLength(0)
      expect(own.filter((e) => e.kind === 'charge').reduce((s, e) => s + e.amountKopecks, 0)).toBe(-row.priceKopecks)
    }
    for (const user of users) {
      const balance = await db.user.findUnique({ where: { id: BigInt(user.id) } })
      const charged = rows.filter((r) => r.userId === BigInt(user.id)).reduce((s, r) => s + r.priceKopecks, 0)
      expect(balance?.balanceKopecks).toBe(WELCOME_KOPECKS - charged)
    }

    // Redis Cluster: every key of the deployment hashes to one slot (asked of a real cluster-mode redis-server)
    const keys = await scanKeys()
    expect(keys.length).toBeGreaterThan(20)
    expect(keys.some((k) => k.startsWith(`${prefix}:generation:`))).toBe(true)
    expect(keys.some((k) => k.startsWith(`${prefix}:update:`))).toBe(true)
    const slots = await keySlots(keys)
    expect(new Set(slots).size).toBe(1)
  }, 150_000)
})

/** CLUSTER KEYSLOT of each key, from a throw-away redis-server in cluster mode (no slots needed to answer it). */
async function keySlots(keys: string[]): Promise<number[]> {
  const port = await freePort()
  const dir = `/tmp/kiebot-keyslot-${port}`
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `${dir}.conf`,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      '/tmp',
    ],
    { stdio: 'ignore' },
  )
  await until(
    'the cluster-mode redis-server',
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1')
        socket.once('connect', () => (socket.destroy(), resolve(true)))
        socket.once('error', () => resolve(false))
      }),
    10_000,
  )
  const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 })
  try {
    const pipeline = node.pipeline()
    for (const key of keys) pipeline.call('CLUSTER', 'KEYSLOT', key)
    const answers = (await pipeline.exec()) ?? []
    return answers.map(([error, slot]) => {
      if (error) throw error
      return Number(slot)
    })
  } finally {
    node.disconnect()
    child.kill('SIGKILL')
    await rm(`${dir}.conf`, { force: true })
  }
}
