import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KieClient, type KieCreateRequest } from '@kiebot/kie'
import { createKieEmulator, startKieEmulator, type KieEmulator, type RunningKieEmulator } from '../src/kie'
import { express } from '../src/kie/express'

const API_KEY = 'control-test-key'
const nanoBanana: KieCreateRequest = {
  family: 'market',
  path: '/api/v1/jobs/createTask',
  body: { model: 'google/nano-banana', input: { prompt: 'p' } },
}
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, errorMode: 'http' })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, retry: { maxAttempts: 1 } })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.control.reset())

// Answers of the control API are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${emulator.url}/_control${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() }
}

describe('control over HTTP', () => {
  it('state, settings and reset', async () => {
    const state = await control('GET', '/state')
    expect(state.json.settings).toMatchObject({
      credits: 10_000,
      errorMode: 'http',
      callbacks: 'on',
      rateLimit: { creates: 20, windowMs: 10_000 },
    })
    expect((await control('POST', '/settings', { latencyMs: 150, errorMode: 'envelope' })).status).toBe(200)
    const started = Date.now()
    await client.getCredits()
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect((await control('POST', '/settings', { errorMode: 'sometimes' })).status).toBe(400)
    await control('POST', '/reset')
    expect((await control('GET', '/state')).json.settings).toMatchObject({ latencyMs: 0, errorMode: 'http' })
  })

  it('fail-next and rate-limit-next', async () => {
    await control('POST', '/fail-next', { count: 1, status: 500, pathPrefix: '/api/v1/chat/credit' })
    await expect(client.getCredits()).rejects.toMatchObject({ code: 500, status: 500 })
    await control('POST', '/rate-limit-next', { count: 1 })
    await expect(client.getCredits()).rejects.toMatchObject({ code: 429 })
    await expect(client.getCredits()).resolves.toBe(10_000)
  })

  it('hang and release-hangs', async () => {
    await control('POST', '/hang', { pathPrefix: '/api/v1/chat/credit' })
    const impatient = new KieClient({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      timeoutMs: 150,
      retry: { maxAttempts: 1 },
    })
    await expect(impatient.getCredits()).rejects.toMatchObject({ kind: 'timeout' })
    const released = await control('POST', '/release-hangs')
    expect(released.json.result).toBe(1)
    await expect(impatient.getCredits()).resolves.toBe(10_000)
  })

  it('a hang aimed at creates only: other requests pass, the next create of any family hangs; /state shows it', async () => {
    await control('POST', '/hang', { count: 1, creates: true })
    expect((await control('GET', '/state')).json.faults).toEqual({ hangs: 1, held: 0, errors: 0, outcomes: [] })
    const impatient = new KieClient({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      timeoutMs: 150,
      retry: { maxAttempts: 1 },
    })
    await expect(impatient.getCredits()).resolves.toBe(10_000)
    const suno: KieCreateRequest = {
      family: 'suno',
      path: '/api/v1/generate',
      body: {
        model: 'V4_5',
        prompt: 'a calm song',
        customMode: false,
        instrumental: false,
        callBackUrl: 'http://127.0.0.1:9/cb',
      },
    }
    // a create that is never answered may have made a task: the client says so
    await expect(impatient.createTask(suno)).rejects.toMatchObject({ kind: 'outcome_unknown' })
    expect((await control('GET', '/state')).json.faults).toMatchObject({ hangs: 0, held: 1 })
    // used up: the next create is answered
    await expect(
      impatient.createTask({ ...nanoBanana, body: { ...nanoBanana.body, callBackUrl: 'http://127.0.0.1:9/cb' } }),
    ).resolves.toEqual(expect.any(String))
    await control('POST', '/next-outcome', { outcome: 'fail', failCode: '400', failMessage: 'policy' })
    await control('POST', '/fail-next', { count: 2, creates: true })
    expect(emulator.control.pendingFaults()).toEqual({
      hangs: 0,
      held: 1,
      errors: 2,
      outcomes: [{ outcome: 'fail', failCode: '400', failMessage: 'policy' }],
    })
    expect((await control('POST', '/release-hangs')).json.result).toBe(1)
    await control('POST', '/hang', { creates: true })
    expect((await control('GET', '/state')).json.faults.hangs).toBe(-1) // endless
  })

  it('next-outcome, tasks, complete, requests, callbacks', async () => {
    expect((await control('POST', '/next-outcome', { outcome: 'maybe' })).status).toBe(400)
    await control('POST', '/next-outcome', { outcome: 'fail', failCode: '400', failMessage: 'nope' })
    emulator.control.setTimeline({ queuingMs: 10_000, generatingMs: 10_000, completeMs: 10_000 })
    const taskId = await client.createTask({
      ...nanoBanana,
      body: { ...nanoBanana.body, callBackUrl: 'http://127.0.0.1:9/cb' },
    })
    expect((await control('GET', `/tasks/${taskId}`)).json).toMatchObject({ taskId, state: 'waiting', price: 4 })
    expect((await control('POST', `/tasks/${taskId}/complete`)).status).toBe(200)
    expect((await control('GET', '/tasks')).json).toEqual([
      expect.objectContaining({ taskId, state: 'fail', failCode: '400', failMessage: 'nope' }),
    ])
    expect((await control('GET', '/tasks/unknown')).status).toBe(404)
    const requests = (await control('GET', '/requests?path=/api/v1/jobs/createTask')).json
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({
      method: 'POST',
      authorized: true,
      headers: { authorization: '[redacted]' },
      body: { model: 'google/nano-banana' },
    })
    await control('DELETE', '/requests')
    expect((await control('GET', '/requests')).json).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 300))
    const callbacks = (await control('GET', `/callbacks?taskId=${taskId}`)).json
    expect(callbacks.length).toBeGreaterThanOrEqual(1)
    expect(callbacks[0]).toMatchObject({ taskId, url: 'http://127.0.0.1:9/cb', status: null })
    expect((await control('GET', '/credits')).json).toEqual({ credits: 10_000 })
  })
})

describe('mounted under a prefix in another express app', () => {
  let outer: Server
  let mounted: KieEmulator
  let base: string

  beforeAll(async () => {
    mounted = createKieEmulator({ apiKey: API_KEY, callbacks: 'off' })
    const app = express()
    app.use('/kie', mounted.app)
    outer = createServer(app)
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', () => resolve()))
    base = `http://127.0.0.1:${(outer.address() as AddressInfo).port}/kie`
  })
  afterAll(async () => {
    mounted.close()
    await new Promise<void>((resolve) => outer.close(() => resolve()))
  })

  it('serves the API, files and control below the prefix', async () => {
    const prefixed = new KieClient({ apiKey: API_KEY, baseUrl: base, uploadBaseUrl: base })
    const taskId = await prefixed.createTask(nanoBanana)
    mounted.control.completeNow(taskId)
    const [resultUrl] = (await prefixed.getTask('market', taskId)).resultUrls
    expect(resultUrl).toMatch(new RegExp(`^${base}/files/results/${taskId}/0\\.png$`))
    expect((await fetch(resultUrl!)).status).toBe(200)
    const upload = await prefixed.uploadBase64({ base64Data: 'aGVsbG8=', uploadPath: 'text', fileName: 'hello.txt' })
    expect(await (await fetch(upload.downloadUrl)).text()).toBe('hello')
    expect(mounted.control.requests().map((r) => r.path)).toEqual([
      '/api/v1/jobs/createTask',
      '/api/v1/jobs/recordInfo',
      '/api/file-base64-upload',
    ])
    expect((await fetch(`${base}/_control/state`)).status).toBe(200)
  })
})
