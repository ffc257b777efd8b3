import { randomUUID } from 'node:crypto'
import { recordKieTask, startSubmit } from '@kiebot/db'
import { enqueueGeneration } from '@kiebot/jobs'
import { buildCreateRequest, callbackUrlFor, KieClient, signWebhook } from '@kiebot/kie'
import { getModel } from '@kiebot/models'
import { freePort, spawnApp } from '@kiebot/testing'
import { Coordination } from '../src/coordination'
import {
  BOT_TOKEN,
  CALLBACK_SECRET,
  createGeneration,
  createUser,
  ended,
  KIE_KEY,
  kieTasksOf,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// The key pool with the real gateway taking Kie's callbacks: two emulated Kie accounts, each
// signing its callbacks with its own webhookHmacKey, and the gateway given both
// (KIE_WEBHOOK_HMAC_KEYS). A create on the second account whose answer is lost is bound by its
// callback; a task that was made on one account while its row names the other (a create
// retried on another key after an error that made a task anyway, or labels that moved) is
// found with the pool's other key, rebound and delivered. Neither is refunded.
let h: Harness
let user: TestUser
let gatewayUrl: string
const KEYS = { a: KIE_KEY, b: 'kie-key-account-b' }
const HMAC = { a: 'webhook-hmac-of-account-a', b: 'webhook-hmac-of-account-b' }
const ACCOUNT = { a: 0, b: 1 } as const
const POOL = `a=${KEYS.a},b=${KEYS.b}`
const PROMPT = 'A red fox sitting in fresh snow at sunrise'

beforeAll(async () => {
  h = await startHarness({
    kie: {
      credits: 10_000,
      webhookHmacKey: HMAC.a,
      accounts: [{ apiKey: KEYS.b, credits: 10_000, webhookHmacKey: HMAC.b }],
      timeline: { queuingMs: 20, generatingMs: 50, completeMs: 300 },
    },
  })
  const [port, opsPort] = [await freePort(), await freePort()]
  gatewayUrl = `http://127.0.0.1:${port}`
  const gateway = spawnApp('apps/gateway/dist/main.js', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: h.database.url,
    REDIS_URL: h.redisUrl,
    QUEUE_PREFIX: h.prefix,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: h.telegram.url,
    BOT_MODE: 'polling',
    KIE_API_KEYS: POOL,
    KIE_WEBHOOK_HMAC_KEYS: `a=${HMAC.a},b=${HMAC.b}`,
    KIE_CALLBACK_SECRET: CALLBACK_SECRET,
    FX_DEFAULT_RUB_PER_USD: '90',
    GATEWAY_PORT: String(port),
    GATEWAY_OPS_PORT: String(opsPort),
  })
  h.workers.push(gateway)
  await gateway.waitForHttp(`http://127.0.0.1:${opsPort}/readyz`, { timeoutMs: 30_000 })
  await spawnWorker(h, {
    KIE_API_KEY: '',
    KIE_API_KEYS: POOL,
    // Kie's callbacks go to the real gateway
    PUBLIC_URL: gatewayUrl,
    KIE_CREATE_TIMEOUT_MS: '1500',
    // short: without a binding callback (or a read with the right key) the generation is refunded within the test
    KIE_SUBMIT_GRACE_MS: '6000',
  })
  user = await createUser(h)
}, 90_000)
afterAll(() => h.close())

const model = getModel('nano-banana')!

/** A task made directly on `account`, calling back to the real gateway for generation `id`. */
function createTaskOn(account: keyof typeof KEYS, id: string): Promise<string> {
  const request = buildCreateRequest(
    model,
    { prompt: PROMPT },
    { callBackUrl: callbackUrlFor(gatewayUrl, id, CALLBACK_SECRET) },
  )
  return new KieClient({ apiKey: KEYS[account], baseUrl: h.kie.url }).createTask(request)
}

/** A generation whose create went out with key `kieKey` (the row says so), answer not recorded yet. */
async function sentWith(kieKey: keyof typeof KEYS): Promise<string> {
  const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
  expect(await startSubmit(h.db, id, randomUUID(), kieKey)).toBe(true)
  return id
}

async function enqueue(id: string): Promise<void> {
  await enqueueGeneration(h.queues.generation, id)
  await h.db.generation.update({ where: { id }, data: { enqueuedAt: new Date() } })
}

/** Reads of `taskId` Kie got from `account`. */
const readsOf = (taskId: string, account: number) =>
  h.kie.control.requests().filter((r) => r.query.taskId === taskId && r.account === account)

async function expectDelivered(id: string, taskId: string, kieKey: keyof typeof KEYS): Promise<void> {
  const done = await waitForGeneration(h, id, ended, 30_000)
  expect(done).toMatchObject({ status: 'succeeded', kieTaskId: taskId, kieKey })
  expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
  await waitFor('the photo', async () =>
    sentTo(h, user.chatId).some((m) => m.kind === 'photo' && JSON.stringify(m.message).includes(id)),
  )
}

describe('the key pool with callbacks signed per account', () => {
  it("a create on the second account whose answer is lost is bound by that account's signed callback and delivered", async () => {
    // the first key rests (as after a 429): the create goes out with the second
    await new Coordination(h.redis, h.prefix).holdKieKey('a', 15_000)
    // Kie makes the task, its answer never comes back (the worker gives up after KIE_CREATE_TIMEOUT_MS)
    h.kie.control.hang({ creates: true, count: 1, phase: 'after' })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitFor('the create on account b', async () => kieTasksOf(h, id).length === 1)
    const [task] = kieTasksOf(h, id)
    expect(task!.account).toBe(ACCOUNT.b)
    await expectDelivered(id, task!.taskId, 'b')
    // the gateway took account b's signed callback (a single HMAC key, account a's, would answer 401)
    const attempts = h.kie.control.callbackAttempts(task!.taskId)
    expect(attempts.length).toBeGreaterThan(0)
    expect(attempts.every((a) => a.status === 200)).toBe(true)
    expect(h.kie.control.pendingFaults().hangs).toBe(0)
    // and the gateway does check signatures: one made with a key of no account of ours is refused
    const timestamp = String(Math.floor(Date.now() / 1000))
    const forged = await fetch(callbackUrlFor(gatewayUrl, id, CALLBACK_SECRET), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-timestamp': timestamp,
        'x-webhook-signature': signWebhook(task!.taskId, timestamp, 'not-a-key-of-ours'),
      },
      body: JSON.stringify(attempts[0]!.body),
    })
    expect(forged.status).toBe(401)
  }, 60_000)

  it("a task made on account a while the row names b (a retried create) is found with a's key, rebound and delivered", async () => {
    const id = await sentWith('b')
    // the first attempt's error said no task was made on a, but Kie made one; its callback binds it
    const taskId = await createTaskOn('a', id)
    await waitFor('the callback binding the task', async () => {
      const row = await h.db.generation.findUniqueOrThrow({ where: { id } })
      return row.kieTaskId === taskId
    })
    await enqueue(id)
    await expectDelivered(id, taskId, 'a')
    // read with the row's key first (Kie: not found), then with the key that made it
    expect(readsOf(taskId, ACCOUNT.b).length).toBeGreaterThanOrEqual(1)
    expect(readsOf(taskId, ACCOUNT.a).length).toBeGreaterThanOrEqual(1)
    expect(kieTasksOf(h, id)).toHaveLength(1)
  }, 60_000)

  it('a followed task whose row names the wrong key (labels that moved) is found with the other key and rebound', async () => {
    const id = await sentWith('b')
    const taskId = await createTaskOn('a', id)
    // the task id was recorded: the row follows it, still naming b
    expect(await recordKieTask(h.db, id, taskId)).not.toBeNull()
    await enqueue(id)
    await expectDelivered(id, taskId, 'a')
    expect(readsOf(taskId, ACCOUNT.b).length).toBeGreaterThanOrEqual(1)
    // once rebound, every read goes to a: b was asked only until a found it
    const lastB = Math.max(...readsOf(taskId, ACCOUNT.b).map((r) => r.at))
    const firstA = Math.min(...readsOf(taskId, ACCOUNT.a).map((r) => r.at))
    expect(lastB).toBeLessThanOrEqual(firstA)
  }, 60_000)
})
