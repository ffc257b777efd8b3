import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { KieClient, KieError, type KieCreateRequest } from '@kiebot/kie'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

const API_KEY = 'sk-kie-SECRET-7f3a9c'
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 }
const CREATE = '/api/v1/jobs/createTask'
const logs: string[] = []
const logger = {
  debug: (message: string, meta?: object) => logs.push(`${message} ${JSON.stringify(meta)}`),
  warn: (message: string, meta?: object) => logs.push(`${message} ${JSON.stringify(meta)}`),
}

let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, errorMode: 'http' })
  client = new KieClient({
    apiKey: API_KEY,
    baseUrl: emulator.url,
    uploadBaseUrl: emulator.url,
    retry: FAST_RETRY,
    logger,
  })
})
afterAll(() => emulator.close())
beforeEach(() => {
  emulator.control.reset()
  emulator.control.setCallbacks('off')
})

const nanoBanana = (input: Record<string, unknown> = { prompt: 'a fox' }): KieCreateRequest => ({
  family: 'market',
  path: CREATE,
  body: { model: 'google/nano-banana', input },
})

/** The rejection of `promise` as a KieError; fails the test when it resolves or throws something else. */
async function kieError(promise: Promise<unknown>): Promise<KieError> {
  const error = await promise.then(
    () => new Error('expected a KieError, the call succeeded'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(KieError)
  const kie = error as KieError
  // The key never leaks, whatever the error.
  for (const text of [kie.message, JSON.stringify(kie), inspect(kie), String(kie.stack)]) {
    expect(text).not.toContain(API_KEY)
  }
  return kie
}

const createRequests = (): number => emulator.control.requests({ method: 'POST', path: CREATE }).length

async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

describe('create: never retried, outcome unknown when the answer is lost', () => {
  it('a hanging create times out as outcome_unknown and is sent once', async () => {
    emulator.control.hang({ pathPrefix: CREATE })
    const impatient = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, createTimeoutMs: 300, retry: FAST_RETRY })
    const error = await kieError(impatient.createTask(nanoBanana()))
    expect(error).toMatchObject({ kind: 'outcome_unknown', retryable: false, code: null, status: null })
    expect(error.outcomeUnknown).toBe(true)
    expect(createRequests()).toBe(1)
  })

  it('when Kie created the task but the answer was lost, the task exists (reconcile, do not re-create)', async () => {
    emulator.control.hang({ pathPrefix: CREATE, phase: 'after', count: 1 })
    const impatient = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, createTimeoutMs: 300 })
    const error = await kieError(impatient.createTask(nanoBanana()))
    expect(error.kind).toBe('outcome_unknown')
    expect(emulator.control.tasks()).toHaveLength(1)
    expect(emulator.control.releaseHangs()).toBe(1)
    // the next create is answered normally
    await expect(client.createTask(nanoBanana())).resolves.toMatch(/^[0-9a-f]{32}$/)
  })

  it('a refused connection is a retryable network error (nothing was sent)', async () => {
    const offline = new KieClient({ apiKey: API_KEY, baseUrl: await closedPortUrl(), retry: FAST_RETRY })
    const error = await kieError(offline.createTask(nanoBanana()))
    expect(error).toMatchObject({ kind: 'network', retryable: true, attempts: 1 })
    const credits = await kieError(offline.getCredits())
    expect(credits).toMatchObject({ kind: 'network', retryable: true, attempts: FAST_RETRY.maxAttempts })
  })

  it('429 on create is reported (retryable) but not retried', async () => {
    emulator.control.rateLimitNext(1, { pathPrefix: CREATE })
    const error = await kieError(client.createTask(nanoBanana()))
    expect(error).toMatchObject({ kind: 'api', code: 429, status: 429, retryable: true, attempts: 1 })
    expect(createRequests()).toBe(1)
  })

  it('500 on create is reported (retryable) but not retried', async () => {
    emulator.control.failNext(1, { pathPrefix: CREATE, status: 500 })
    const error = await kieError(client.createTask(nanoBanana()))
    expect(error).toMatchObject({ kind: 'api', code: 500, status: 500, retryable: true, attempts: 1 })
    expect(createRequests()).toBe(1)
  })

  it('enforces 20 creates per 10 s per key (configurable)', async () => {
    emulator.control.setRateLimit({ creates: 2, windowMs: 10_000 })
    await client.createTask(nanoBanana())
    await client.createTask(nanoBanana())
    const error = await kieError(client.createTask(nanoBanana()))
    expect(error).toMatchObject({ code: 429, retryable: true })
    expect(emulator.control.settings().rateLimit).toEqual({ creates: 2, windowMs: 10_000 })
  })

  it("a task's createTime is the instant the create window admitted it, not after its media fetch", async () => {
    // a source image served slowly: the emulator fetches it between admitting the create and making the task
    const slow = createServer((_req, res) =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'image/png' }).end('png'), 300),
    )
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()))
    const { port } = slow.address() as AddressInfo
    try {
      emulator.control.setRateLimit({ creates: 1, windowMs: 10_000 })
      const sent = Date.now()
      await client.createTask({
        family: 'market',
        path: CREATE,
        body: { model: 'qwen/image-edit', input: { prompt: 'p', image_url: `http://127.0.0.1:${port}/cat.png` } },
      })
      const answered = Date.now()
      const [task] = emulator.control.tasks()
      expect(task!.createTime - sent).toBeLessThan(150)
      expect(answered - task!.createTime).toBeGreaterThanOrEqual(290)
      // the window counted that same instant: the next create inside it is refused
      expect((await kieError(client.createTask(nanoBanana()))).code).toBe(429)
    } finally {
      await new Promise<void>((resolve) => slow.close(() => resolve()))
    }
  })

  it('the default limit is 20 creates per 10 s', async () => {
    for (let i = 0; i < 20; i++) await client.createTask(nanoBanana())
    const error = await kieError(client.createTask(nanoBanana()))
    expect(error.code).toBe(429)
  })
})

describe('idempotent calls retry with back-off on 429, 5xx, timeouts', () => {
  it('recovers from a 429 burst', async () => {
    emulator.control.rateLimitNext(2, { pathPrefix: '/api/v1/chat/credit' })
    await expect(client.getCredits()).resolves.toBe(10_000)
    expect(emulator.control.requests({ path: '/api/v1/chat/credit' })).toHaveLength(3)
  })

  it('recovers from 500s on status calls', async () => {
    const taskId = await client.createTask(nanoBanana())
    emulator.control.failNext(2, { pathPrefix: '/api/v1/jobs/recordInfo' })
    await expect(client.getTask('market', taskId)).resolves.toMatchObject({ taskId })
    expect(emulator.control.requests({ path: '/api/v1/jobs/recordInfo' })).toHaveLength(3)
    expect(logs.some((line) => line.includes('retrying'))).toBe(true)
  })

  it('gives up after maxAttempts and says how many were made', async () => {
    emulator.control.failNext(10, { status: 503, message: 'maintenance' })
    const error = await kieError(client.getCredits())
    expect(error).toMatchObject({ kind: 'api', code: 503, status: 503, retryable: true, attempts: 3 })
    expect(error.message).toContain('maintenance')
  })

  it('retries a timed-out status call', async () => {
    emulator.control.hang({ pathPrefix: '/api/v1/chat/credit', count: 1 })
    const impatient = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, timeoutMs: 200, retry: FAST_RETRY })
    await expect(impatient.getCredits()).resolves.toBe(10_000)
    const always = new KieClient({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      timeoutMs: 100,
      retry: { ...FAST_RETRY, maxAttempts: 2 },
    })
    emulator.control.hang({ pathPrefix: '/api/v1/chat/credit' })
    const error = await kieError(always.getCredits())
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, attempts: 2 })
  })

  it('does not retry 4xx other than 408/429', async () => {
    const error = await kieError(client.getTask('market', 'no-such-task'))
    expect(error).toMatchObject({ kind: 'api', code: 404, status: 404, retryable: false, attempts: 1 })
    expect(error.message).toContain('Task not found')
  })
})

describe('Kie error answers', () => {
  it('402 when credits are below the price', async () => {
    emulator.control.setCredits(3)
    const error = await kieError(client.createTask(nanoBanana()))
    expect(error).toMatchObject({ kind: 'api', code: 402, status: 402, retryable: false })
    expect(emulator.control.tasks()).toHaveLength(0)
  })

  it('401 for a wrong key, and the key appears nowhere', async () => {
    const wrongKey = 'sk-kie-WRONG-123456'
    const stranger = new KieClient({ apiKey: wrongKey, baseUrl: emulator.url, retry: FAST_RETRY })
    const error = await kieError(stranger.getCredits())
    expect(error).toMatchObject({ code: 401, status: 401, retryable: false })
    expect(error.message).toContain('You do not have access permissions')
    expect(inspect(error)).not.toContain(wrongKey)
    const recorded = emulator.control.requests({ path: '/api/v1/chat/credit' })
    expect(recorded[0]).toMatchObject({ authorized: false, headers: { authorization: '[redacted]' } })
    expect(JSON.stringify(emulator.control.requests())).not.toContain(wrongKey)
  })

  it('errors only in the envelope (HTTP 200) are errors too', async () => {
    emulator.control.setErrorMode('envelope')
    emulator.control.setCredits(1)
    const error = await kieError(client.createTask(nanoBanana()))
    expect(error).toMatchObject({ kind: 'api', code: 402, status: 200, retryable: false })
    const invalid = await kieError(client.createTask(nanoBanana({ prompt: 'x', aspect_ratio: '7:3' })))
    expect(invalid).toMatchObject({ code: 422, status: 200 })
    emulator.control.failNext(1, { pathPrefix: '/api/v1/chat/credit' })
    await expect(client.getCredits()).resolves.toBe(1)
    expect(emulator.control.requests({ path: '/api/v1/chat/credit' })).toHaveLength(2)
  })

  it('reads `message` as well as `msg`', async () => {
    emulator.control.setMessageKey('message')
    const error = await kieError(client.createTask(nanoBanana({ prompt: 'x', output_format: 'gif' })))
    expect(error.message).toContain('input.output_format must be one of')
    await expect(client.createTask(nanoBanana())).resolves.toMatch(/^[0-9a-f]{32}$/)
    const raw = (await (
      await fetch(`${emulator.url}/api/v1/chat/credit`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).json()) as object
    expect(raw).toHaveProperty('message', 'success')
    expect(raw).not.toHaveProperty('msg')
  })

  it('an answer that is not a Kie envelope', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const proxied = new KieClient({ apiKey: API_KEY, baseUrl: url, retry: FAST_RETRY })
    const create = await kieError(proxied.createTask(nanoBanana()))
    expect(create).toMatchObject({ kind: 'outcome_unknown', status: 502, retryable: false })
    const status = await kieError(proxied.getCredits())
    expect(status).toMatchObject({ kind: 'api', status: 502, retryable: true, attempts: 3 })
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('the API key is never logged', () => {
    expect(logs.length).toBeGreaterThan(0)
    expect(logs.join('\n')).not.toContain(API_KEY)
  })
})
