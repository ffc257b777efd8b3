import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { PassThrough } from 'node:stream'
import { gatewayConfig, type GatewayConfig } from '@kiebot/config'
import { grantOnce, type Generation, type Prisma } from '@kiebot/db'
import { createLogger } from '@kiebot/logger'
import { createTestDatabase, freePort, spawnApp, testRedisUrl, uniquePrefix, type TestDatabase } from '@kiebot/testing'
import type { InlineKeyboardButton, Message } from 'telegraf/types'
import { fixturePath, startTelegramEmulator, type RunningTelegramEmulator, type TranscriptEntry } from '@kiebot/sandbox'
import { createGateway, type Gateway } from '../src/server'

export const WEBHOOK_SECRET = 'test-webhook-secret_0123456789'
export const ADMIN_ID = 900_000_001

/**
 * The gateway in this process, serving real HTTP, with its own database and Redis
 * prefix, registered with a Telegram emulator that delivers webhooks to it. Tests
 * act as users through the emulator and read what the bot answered.
 */
export interface Harness {
  tg: RunningTelegramEmulator
  gateway: Gateway
  config: GatewayConfig
  /** base URL of the internal ops port (/readyz, /metrics) */
  opsUrl: string
  database: TestDatabase
  botToken: string
  /** log lines the gateway wrote (warn and above) */
  logs: string[]
  /** a new user with a private chat, optionally with money */
  user(options?: { balanceKopecks?: number; languageCode?: string; firstName?: string }): Promise<number>
  /** sends a command and waits for the bot's answer */
  command(chatId: number, command: string, args?: string): Promise<TranscriptEntry>
  /** sends text and waits for the bot's next message or edit */
  text(chatId: number, text: string): Promise<TranscriptEntry>
  /** presses a button (by callback data) on a message and waits until the press is handled */
  press(chatId: number, messageId: number, data: string, options?: { force?: boolean }): Promise<TranscriptEntry>
  /** sends a file as the user (photo, video, audio, voice, document) and waits for the answer */
  media(
    chatId: number,
    kind: 'photo' | 'video' | 'audio' | 'voice' | 'document',
    options?: { mimeType?: string; fileName?: string; bytes?: Buffer; duration?: number; caption?: string },
  ): Promise<TranscriptEntry>
  /** the latest bot message in the chat */
  lastBotMessage(chatId: number): TranscriptEntry
  close(): Promise<void>
}

/** Text with non-breaking spaces (formatted amounts) as plain spaces, for assertions. */
export function plain(text: string | undefined): string {
  return (text ?? '').replace(/\u00a0/g, ' ')
}

export function buttonsOf(entry: TranscriptEntry): InlineKeyboardButton.CallbackButton[] {
  const markup = (entry.message as Message & { reply_markup?: { inline_keyboard?: InlineKeyboardButton[][] } })
    .reply_markup
  return (markup?.inline_keyboard ?? [])
    .flat()
    .filter((b): b is InlineKeyboardButton.CallbackButton => 'callback_data' in b)
}

export function findButton(entry: TranscriptEntry, data: string | RegExp): string {
  const button = buttonsOf(entry).find((b) =>
    typeof data === 'string' ? b.callback_data === data : data.test(b.callback_data),
  )
  if (!button)
    throw new Error(
      `no button ${String(data)} on message ${entry.messageId}: ${JSON.stringify(buttonsOf(entry).map((b) => b.callback_data))}`,
    )
  return button.callback_data
}

export async function startHarness(
  env: Record<string, string> = {},
  options: { postgresPort?: number } = {},
): Promise<Harness> {
  const database = await createTestDatabase()
  const databaseUrl = new URL(database.url)
  if (options.postgresPort) databaseUrl.port = String(options.postgresPort)
  const tg = await startTelegramEmulator({ flood: { enabled: false } })
  const bot = tg.control.createBot({ username: 'kie_test_bot' })
  const port = await freePort()
  const config = gatewayConfig.parse({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix('gw'),
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: tg.url,
    BOT_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // the emulator takes http:// web_app buttons (Telegram does not)
    WEBAPP_ALLOW_HTTP: 'true',
    KIE_API_KEY: 'kie-test-key',
    KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
    FX_DEFAULT_RUB_PER_USD: '90',
    ADMIN_IDS: String(ADMIN_ID),
    LOG_LEVEL: 'warn',
    // tests act faster than people; the limiter has its own test
    USER_UPDATES_PER_MINUTE: '100000',
    ...env,
  })
  const logs: string[] = []
  const stream = new PassThrough()
  stream.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
  const gateway = createGateway(config, createLogger({ service: 'gateway', level: 'warn', format: 'json', stream }))
  await gateway.start(port, 0)
  const control = tg.control
  const botMessages = (chatId: number) => control.transcript(chatId).filter((e) => e.direction === 'out')
  const versionOf = (chatId: number) => botMessages(chatId).reduce((n, e) => n + 1 + e.edits.length, 0)

  async function settle(chatId: number, before: number): Promise<TranscriptEntry> {
    // The gateway answers a webhook only after handling it, so once nothing is pending
    // every effect of the update is visible; the short wait covers a message not sent yet.
    await control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const deadline = Date.now() + 300
    while (versionOf(chatId) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    return harness.lastBotMessage(chatId)
  }

  const harness: Harness = {
    tg,
    gateway,
    config,
    opsUrl: `http://127.0.0.1:${gateway.opsPort()}`,
    database,
    botToken: bot.token,
    logs,
    async user(options = {}) {
      const user = control.createUser({
        first_name: options.firstName ?? 'Tester',
        language_code: options.languageCode ?? 'en',
      })
      if (options.balanceKopecks) {
        await harness.command(user.id, 'start')
        await grantOnce(gateway.deps.db, {
          userId: BigInt(user.id),
          kind: 'bonus',
          amountKopecks: options.balanceKopecks,
          idempotencyKey: `test-seed:${user.id}`,
          reason: 'test',
        })
      }
      return user.id
    },
    async command(chatId, command, args) {
      const before = versionOf(chatId)
      control.sendCommand(chatId, command, args)
      return settle(chatId, before)
    },
    async text(chatId, text) {
      const before = versionOf(chatId)
      control.sendText(chatId, text)
      return settle(chatId, before)
    },
    async press(chatId, messageId, data, options = {}) {
      const before = versionOf(chatId)
      const { queryId } = control.pressButton(chatId, messageId, { data, force: options.force })
      await control.waitForCallbackAnswer(queryId, 15_000)
      return settle(chatId, before)
    },
    async media(chatId, kind, options = {}) {
      const fixture = {
        photo: 'result.png',
        video: 'result.mp4',
        audio: 'result.mp3',
        voice: 'result.mp3',
        document: 'result.png',
      }[kind]
      const bytes = options.bytes ?? fs.readFileSync(fixturePath('kie', fixture))
      const before = versionOf(chatId)
      control.sendMedia(chatId, {
        kind,
        bytes,
        fileName: options.fileName ?? fixture,
        mimeType:
          options.mimeType ??
          (kind === 'photo' || kind === 'document' ? 'image/png' : kind === 'video' ? 'video/mp4' : 'audio/mpeg'),
        ...(kind === 'photo' && { width: 64, height: 48 }),
        ...(options.caption !== undefined && { caption: options.caption }),
        ...((kind === 'video' || kind === 'audio' || kind === 'voice') && { duration: options.duration ?? 3 }),
      })
      return settle(chatId, before)
    },
    lastBotMessage(chatId) {
      const messages = botMessages(chatId)
      const last = messages.at(-1)
      if (!last) throw new Error(`the bot has not written to chat ${chatId}`)
      return last
    },
    async close() {
      await gateway.stop()
      await tg.close()
      await database.drop()
    },
  }
  return harness
}

/**
 * Runs the worker's Telegram delivery (the built worker, as a process, `WORKER_QUEUES=telegram`)
 * against this gateway's queues and emulator until `until` resolves, then kills it: what the
 * gateway hands to the delivery queue (a history re-send) is sent by the worker's own code. The
 * process also takes whatever this test file left in the queue, so it runs only for that wait.
 */
export async function withDeliveryWorker<T>(h: Harness, until: () => Promise<T>): Promise<T> {
  const port = await freePort()
  const worker = spawnApp('apps/worker/dist/main.js', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: h.config.DATABASE_URL,
    REDIS_URL: h.config.REDIS_URL,
    QUEUE_PREFIX: h.config.QUEUE_PREFIX,
    TELEGRAM_BOT_TOKEN: h.botToken,
    TELEGRAM_API_ROOT: h.tg.url,
    PUBLIC_URL: h.config.PUBLIC_URL,
    WEBAPP_ALLOW_HTTP: 'true',
    KIE_API_KEY: 'kie-test-key',
    KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
    FX_DEFAULT_RUB_PER_USD: '90',
    WORKER_QUEUES: 'telegram',
    WORKER_PORT: String(port),
    TELEGRAM_CHAT_INTERVAL_MS: '100',
  })
  try {
    await worker.waitForHttp(`http://127.0.0.1:${port}/healthz`)
    return await until()
  } finally {
    await worker.stop('SIGKILL')
  }
}

/**
 * A generation row seeded straight into the database, as a finished run leaves it: the user's
 * own, Nano Banana at 3.60 ₽ (the price snapshot every seeded row shares), succeeded and done,
 * unless `fields` say otherwise.
 */
export function seedGeneration(
  h: Harness,
  userId: number,
  fields: Partial<Prisma.GenerationUncheckedCreateInput> = {},
): Promise<Generation> {
  return h.gateway.deps.db.generation.create({
    data: {
      id: randomUUID(),
      userId: BigInt(userId),
      chatId: BigInt(userId),
      modelId: 'nano-banana',
      params: { prompt: 'a fox' },
      priceCredits: '4',
      usdPerCredit: '0.005',
      fxRate: '90',
      markup: '2',
      priceKopecks: 360,
      status: 'succeeded',
      step: 'done',
      deadlineAt: new Date(),
      ...fields,
    },
  })
}

/**
 * Makes the next call of `target[method]` throw as Postgres unreachable would (the webhook then
 * answers 503 and Telegram delivers the update again); later calls go through. `failed()` says
 * whether that call came; `restore()` puts the method back.
 */
export function failNextDbCall(target: object, method: string): { failed(): boolean; restore(): void } {
  const holder = target as Record<string, (...args: unknown[]) => unknown>
  const original = holder[method]!
  let armed = true
  holder[method] = (...args: unknown[]) => {
    if (armed) {
      armed = false
      throw new Error("Can't reach database server")
    }
    return original.apply(target, args)
  }
  return {
    failed: () => !armed,
    restore: () => {
      holder[method] = original
    },
  }
}
