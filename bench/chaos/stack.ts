import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { createDb, type Db } from '@kiebot/db'
import { createTestDatabase, freePort, spawnApp, type AppProcess, type TestDatabase } from '@kiebot/testing'
import {
  startKieEmulator,
  startTelegramEmulator,
  type RunningKieEmulator,
  type RunningTelegramEmulator,
} from '@kiebot/sandbox'
import type { ChaosSettings } from './settings'

// The whole product on this machine, as production runs it: the built gateway and two
// built workers as processes, a fresh database, a private redis-server (never the shared
// one: the bench restarts it), and the Telegram and Kie emulators in this process.
// Everything listens on 127.0.0.1 only.

const BOT_TOKEN = '7000000001:CHAOS-bench-token-abcdefghijklmnopqrst'
const KIE_KEY = 'chaos-kie-key'
const CALLBACK_SECRET = 'chaos-callback-secret-0123456789'
const WEBHOOK_SECRET = 'chaos-webhook-secret_0123456789'

export interface Stack {
  database: TestDatabase
  db: Db
  redis: PrivateRedis
  kie: RunningKieEmulator
  telegram: RunningTelegramEmulator
  gatewayUrl: string
  gateway(): AppProcess
  workers(): AppProcess[]
  /** SIGKILL the gateway, wait, start it again on the same port */
  restartGateway(downMs: number): Promise<void>
  /** SIGKILL worker `index` (0 or 1) and start a new one in its place */
  killWorker(index: number): Promise<void>
  /** every process that exited without being killed by the bench */
  unexpectedExits: string[]
  /** output of every process that ran, for the logs directory */
  outputs(): { name: string; output: string }[]
  close(): Promise<void>
}

/** A redis-server of our own on a free port, without persistence (a restart loses everything). */
export interface PrivateRedis {
  url: string
  /** SIGKILL, wait `downMs`, start again on the same port (empty) */
  restart(downMs: number): Promise<void>
  stop(): Promise<void>
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    })
    await waitForPort(port, 10_000)
  }
  const kill = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs) {
      await kill()
      await new Promise((r) => setTimeout(r, downMs))
      await start()
    },
    stop: kill,
  }
}

export async function startStack(settings: ChaosSettings): Promise<Stack> {
  const database = await createTestDatabase()
  const db = createDb(database.url, { poolSize: 4 })
  const redis = await startPrivateRedis()
  const kie = await startKieEmulator({
    port: 0,
    apiKey: KIE_KEY,
    credits: 100_000_000,
    failureRate: settings.kieFailureRate,
    // tasks take a while, so kills land while many are waiting on Kie
    timeline: { queuingMs: 300, generatingMs: 1_000, completeMs: settings.kieTaskMs },
    rateLimit: { creates: settings.createLimit * 2, windowMs: 10_000 },
  })
  // Telegram's flood rules at 4x speed (a "second" of 250 ms), as in the worker tests
  const telegram = await startTelegramEmulator({
    port: 0,
    flood: { windowMs: 250 },
    webhook: { timeoutMs: 20_000, retryBaseMs: 250, retryMaxMs: 2_000 },
  })
  telegram.control.createBot({ token: BOT_TOKEN, username: 'kie_chaos_bot' })

  const gatewayPort = await freePort()
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`
  const shared = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'kb-chaos',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    PUBLIC_URL: gatewayUrl,
    KIE_API_KEY: KIE_KEY,
    KIE_BASE_URL: kie.url,
    KIE_UPLOAD_BASE_URL: kie.uploadUrl,
    KIE_CALLBACK_SECRET: CALLBACK_SECRET,
    FX_CBR_JSON_URL: 'http://127.0.0.1:9/daily_json.js',
    FX_CBR_XML_URL: 'http://127.0.0.1:9/XML_daily.asp',
    FX_DEFAULT_RUB_PER_USD: '90',
  }
  const gatewayEnv = {
    ...shared,
    BOT_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_OPS_PORT: String(await freePort()),
    WELCOME_BONUS_KOPECKS: String(settings.welcomeKopecks),
    MAX_ACTIVE_GENERATIONS: String(settings.maxActive),
    // the bench's users act faster than people; the limiter has its own test
    USER_UPDATES_PER_MINUTE: '100000',
  }
  const workerEnv = async () => ({
    ...shared,
    WORKER_PORT: String(await freePort()),
    WORKER_LOCK_MS: String(settings.workerLockMs),
    WORKER_SHUTDOWN_MS: '5000',
    KIE_POLL_MIN_MS: '500',
    KIE_POLL_MAX_MS: '3000',
    KIE_CREATE_LIMIT: String(settings.createLimit),
    KIE_CREATE_WINDOW_MS: '10000',
    KIE_CREATE_TIMEOUT_MS: String(settings.createTimeoutMs),
    KIE_SUBMIT_GRACE_MS: String(settings.submitGraceMs),
    STATUS_EDIT_INTERVAL_MS: '1000',
    TELEGRAM_CHAT_INTERVAL_MS: '250',
    TELEGRAM_SENDS_PER_SECOND: '100',
    SCHEDULE_SWEEPER_MS: String(settings.sweeperMs),
    KIE_CREDITS_ALERT_BELOW: '10',
    // results come from the Kie emulator on this machine
    RESULT_URL_HOSTS: '127.0.0.1',
    RESULT_URL_ALLOW_PRIVATE: 'true',
    // the bench is about faults, not about Kie's catalog (the emulator's fixture hides a model)
    SCHEDULE_CATALOG_MS: '0',
  })

  const finished: { name: string; app: AppProcess }[] = []
  const unexpectedExits: string[] = []
  const killedByUs = new WeakSet<AppProcess>()
  const watch = (name: string, app: AppProcess) => {
    finished.push({ name, app })
    void app.exited.then(({ code, signal }) => {
      if (!killedByUs.has(app)) unexpectedExits.push(`${name} exited by itself (${signal ?? code})`)
    })
    return app
  }
  const kill = async (app: AppProcess) => {
    killedByUs.add(app)
    await app.stop('SIGKILL')
  }

  let generation = 0
  const startGateway = async () => {
    const app = watch(`gateway#${++generation}`, spawnApp('apps/gateway/dist/main.js', gatewayEnv))
    await app.waitForHttp(`${gatewayUrl}/healthz`, { timeoutMs: 60_000 })
    return app
  }
  let workerCount = 0
  const startWorker = async () => {
    const env = await workerEnv()
    const app = watch(`worker#${++workerCount}`, spawnApp('apps/worker/dist/main.js', env))
    await app.waitForHttp(`http://127.0.0.1:${env.WORKER_PORT}/healthz`, { timeoutMs: 60_000 })
    return app
  }

  let gateway = await startGateway()
  const workers = [await startWorker(), await startWorker()]

  return {
    database,
    db,
    redis,
    kie,
    telegram,
    gatewayUrl,
    gateway: () => gateway,
    workers: () => [...workers],
    async restartGateway(downMs) {
      await kill(gateway)
      await new Promise((r) => setTimeout(r, downMs))
      gateway = await startGateway()
    },
    async killWorker(index) {
      await kill(workers[index]!)
      workers[index] = await startWorker()
    },
    unexpectedExits,
    outputs: () => finished.map(({ name, app }) => ({ name, output: app.output() })),
    async close() {
      for (const { app } of finished) await kill(app)
      await kie.close()
      await telegram.close()
      await redis.stop()
      await db.$disconnect()
      await database.drop()
    },
  }
}
