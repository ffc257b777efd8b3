import {
  KieClient,
  callbackUrlFor,
  parseCallback,
  verifyCallbackToken,
  verifyWebhookSignature,
  webhookHeaders,
  type KieCreateRequest,
} from '@kiebot/kie'
import type { ApiFamily } from '@kiebot/models'
import {
  startCallbackReceiver,
  startKieEmulator,
  type CallbackReceiver,
  type ReceivedCallback,
  type RunningKieEmulator,
} from '../src/kie'

const API_KEY = 'callbacks-test-key'
const HMAC_KEY = 'webhook-hmac-key'
const SECRET = 'our-callback-secret'
let emulator: RunningKieEmulator
let receiver: CallbackReceiver
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, callbackRetryDelayMs: 20 })
  receiver = await startCallbackReceiver()
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url })
})
afterAll(async () => {
  await emulator.close()
  await receiver.close()
})
beforeEach(() => {
  emulator.control.reset()
  emulator.control.configure({ callbackRetryDelayMs: 20 })
  receiver.reset()
})

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function requestFor(family: ApiFamily, callBackUrl: string): KieCreateRequest {
  const bodies: Record<ApiFamily, [string, Record<string, unknown>]> = {
    market: ['/api/v1/jobs/createTask', { model: 'google/nano-banana', callBackUrl, input: { prompt: 'a fox' } }],
    veo: ['/api/v1/veo/generate', { prompt: 'a dog', callBackUrl }],
    suno: ['/api/v1/generate', { prompt: 'a song', customMode: false, instrumental: false, model: 'V5', callBackUrl }],
    runway: [
      '/api/v1/runway/generate',
      { prompt: 'rain', duration: 5, quality: '720p', aspectRatio: '16:9', callBackUrl },
    ],
    'flux-kontext': ['/api/v1/flux/kontext/generate', { prompt: 'a lighthouse', callBackUrl }],
    'gpt4o-image': ['/api/v1/gpt4o-image/generate', { prompt: 'a teapot', size: '3:2', callBackUrl }],
    midjourney: [
      '/api/v1/mj/generate',
      { taskType: 'mj_txt2img', prompt: 'a castle', speed: 'fast', version: '7', callBackUrl },
    ],
  }
  const [path, body] = bodies[family]
  return { family, path, body }
}

const forGeneration = (generationId: string) => (c: ReceivedCallback) => c.path === `/kie/callback/${generationId}`

describe('callbacks are delivered in each family shape and parse into the task view', () => {
  it.each(['market', 'veo', 'suno', 'runway', 'flux-kontext', 'gpt4o-image', 'midjourney'] as const)(
    '%s',
    async (family) => {
      emulator.control.configure({ sunoStageCallbacks: false })
      const generationId = `gen-${family}`
      const taskId = await client.createTask(requestFor(family, callbackUrlFor(receiver.url, generationId, SECRET)))
      const [callback] = await receiver.waitFor(1, { match: forGeneration(generationId) })

      expect(verifyCallbackToken(generationId, String(callback!.query.token), SECRET)).toBe(true)
      const fromCallback = parseCallback(family, callback!.body)
      const fromRecord = await client.getTask(family, taskId)
      expect(fromCallback).toMatchObject({ taskId, family, state: 'success' })
      expect(fromCallback.resultUrls).toEqual(fromRecord.resultUrls)
      expect(fromCallback.resultUrls.length).toBeGreaterThan(0)
      if (family === 'market') expect(fromCallback.creditsConsumed).toBe(4)
    },
  )

  it('market failure: envelope 501, consumeCredits 0, failCode from the task', async () => {
    emulator.control.forceNextOutcome({
      outcome: 'fail',
      failCode: '422',
      failMessage: 'prompt contains prohibited content',
    })
    const taskId = await client.createTask(requestFor('market', `${receiver.url}/kie/callback/g1`))
    const [callback] = await receiver.waitFor(1)
    expect(callback!.body).toMatchObject({
      code: 501,
      data: { taskId, state: 'fail', consumeCredits: 0, remainedCredits: 10_000 },
    })
    expect(parseCallback('market', callback!.body)).toMatchObject({
      taskId,
      state: 'fail',
      failCode: '422',
      failMessage: 'prompt contains prohibited content',
      creditsConsumed: 0,
      resultUrls: [],
    })
  })

  it('midjourney: 4 images, as [{ resultUrl }] in the record and as plain URLs in the callback', async () => {
    const taskId = await client.createTask(requestFor('midjourney', `${receiver.url}/kie/callback/mj`))
    const [callback] = await receiver.waitFor(1)
    const body = callback!.body as { code: number; data: { taskId: string; promptJson: string; resultUrls: string[] } }
    expect(body.code).toBe(200)
    expect(body.data.taskId).toBe(taskId)
    expect(JSON.parse(body.data.promptJson)).toMatchObject({ taskType: 'mj_txt2img', prompt: 'a castle' })
    expect(body.data.resultUrls).toHaveLength(4)
    const record = (await (
      await fetch(`${emulator.url}/api/v1/mj/record-info?taskId=${taskId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as {
      data: { successFlag: number; taskType: string; resultInfoJson: { resultUrls: { resultUrl: string }[] } }
    }
    expect(record.data).toMatchObject({ successFlag: 1, taskType: 'mj_txt2img' })
    expect(record.data.resultInfoJson.resultUrls.map((r) => r.resultUrl)).toEqual(body.data.resultUrls)
    expect((await client.getTask('midjourney', taskId)).resultUrls).toEqual(body.data.resultUrls)
  })

  it.each(['veo', 'runway', 'flux-kontext', 'gpt4o-image', 'midjourney'] as const)('%s failure', async (family) => {
    emulator.control.forceNextOutcome({ outcome: 'fail', failCode: '400', failMessage: 'content policy' })
    const taskId = await client.createTask(requestFor(family, `${receiver.url}/kie/callback/f`))
    const [callback] = await receiver.waitFor(1)
    expect(parseCallback(family, callback!.body)).toMatchObject({
      taskId,
      state: 'fail',
      failCode: '400',
      failMessage: 'content policy',
    })
    expect(await client.getTask(family, taskId)).toMatchObject({
      state: 'fail',
      failCode: '400',
      failMessage: 'content policy',
    })
  })

  it('suno: text and first are progress, complete is final; error is final', async () => {
    const taskId = await client.createTask(requestFor('suno', `${receiver.url}/kie/callback/s1`))
    const callbacks = await receiver.waitFor(3)
    const types = callbacks.map((c) => (c.body as { data: { callbackType: string } }).data.callbackType)
    expect(types).toEqual(['text', 'first', 'complete'])
    const views = callbacks.map((c) => parseCallback('suno', c.body))
    expect(views.map((v) => v.state)).toEqual(['running', 'running', 'success'])
    expect(views[1]!.resultUrls).toHaveLength(1)
    expect(views[2]).toMatchObject({ taskId, resultUrls: expect.arrayContaining([expect.stringMatching(/\.mp3$/)]) })
    expect(views[2]!.resultUrls).toHaveLength(2)

    receiver.reset()
    emulator.control.forceNextOutcome({
      outcome: 'fail',
      failCode: '531',
      failMessage: 'generation failed, credits refunded',
    })
    const failedId = await client.createTask(requestFor('suno', `${receiver.url}/kie/callback/s2`))
    const [error] = await receiver.waitFor(1)
    expect(error!.body).toMatchObject({ code: 531, data: { callbackType: 'error', task_id: failedId } })
    expect(parseCallback('suno', error!.body)).toMatchObject({ taskId: failedId, state: 'fail', failCode: '531' })
  })
})

describe('delivery: retries, duplicates, suppression', () => {
  it('retries on non-200 until the receiver answers 200', async () => {
    receiver.respondWith(500, 503)
    const taskId = await client.createTask(requestFor('market', `${receiver.url}/kie/callback/r1`))
    const callbacks = await receiver.waitFor(3)
    expect(callbacks.every((c) => (c.body as { data: { taskId: string } }).data.taskId === taskId)).toBe(true)
    await sleep(100)
    expect(receiver.received).toHaveLength(3)
    expect(emulator.control.callbackAttempts(taskId).map((a) => a.status)).toEqual([500, 503, 200])
  })

  it('stops after 3 failed retries', async () => {
    receiver.respondWith(500, 500, 500, 500)
    const taskId = await client.createTask(requestFor('veo', `${receiver.url}/kie/callback/r2`))
    await receiver.waitFor(4)
    await sleep(150)
    expect(receiver.received).toHaveLength(4)
    expect(emulator.control.callbackAttempts(taskId).map((a) => a.attempt)).toEqual([1, 2, 3, 4])
  })

  it('retries on network errors and timeouts', async () => {
    emulator.control.configure({ callbackTimeoutMs: 200 })
    const taskId = await client.createTask(requestFor('runway', 'http://127.0.0.1:9/kie/callback/dead'))
    await sleep(emulator.control.settings().timeline.completeMs + 400)
    const attempts = emulator.control.callbackAttempts(taskId)
    expect(attempts).toHaveLength(4)
    expect(attempts.every((a) => a.status === null && a.error !== null)).toBe(true)
  })

  it('can send duplicates', async () => {
    emulator.control.setCallbacks('duplicate')
    const taskId = await client.createTask(requestFor('gpt4o-image', `${receiver.url}/kie/callback/d1`))
    const callbacks = await receiver.waitFor(2)
    expect(callbacks.map((c) => parseCallback('gpt4o-image', c.body).taskId)).toEqual([taskId, taskId])
  })

  it('can send none', async () => {
    emulator.control.setCallbacks('off')
    const taskId = await client.createTask(requestFor('market', `${receiver.url}/kie/callback/none`))
    await sleep(emulator.control.settings().timeline.completeMs + 150)
    expect((await client.getTask('market', taskId)).state).toBe('success')
    expect(receiver.received).toHaveLength(0)
  })
})

describe('webhook HMAC', () => {
  it('valid signature, wrong key, expired timestamp, missing headers', async () => {
    emulator.control.setWebhookHmacKey(HMAC_KEY)
    const taskId = await client.createTask(requestFor('runway', `${receiver.url}/kie/callback/h1`))
    const [signed] = await receiver.waitFor(1)
    const headers = webhookHeaders(signed!.headers)
    expect(headers.timestamp).toMatch(/^\d{10}$/)
    expect(verifyWebhookSignature({ taskId, ...headers, hmacKey: HMAC_KEY })).toEqual({ ok: true })
    expect(verifyWebhookSignature({ taskId, ...headers, hmacKey: 'another-key' })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
    expect(verifyWebhookSignature({ taskId: 'other-task', ...headers, hmacKey: HMAC_KEY })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })

    receiver.reset()
    emulator.control.setWebhookHmacKey(HMAC_KEY, -600)
    const oldId = await client.createTask(requestFor('market', `${receiver.url}/kie/callback/h2`))
    const [stale] = await receiver.waitFor(1)
    expect(verifyWebhookSignature({ taskId: oldId, ...webhookHeaders(stale!.headers), hmacKey: HMAC_KEY })).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect(
      verifyWebhookSignature({
        taskId: oldId,
        ...webhookHeaders(stale!.headers),
        hmacKey: HMAC_KEY,
        toleranceSeconds: 900,
      }),
    ).toEqual({ ok: true })

    receiver.reset()
    emulator.control.setWebhookHmacKey(null)
    const plainId = await client.createTask(requestFor('market', `${receiver.url}/kie/callback/h3`))
    const [plain] = await receiver.waitFor(1)
    expect(verifyWebhookSignature({ taskId: plainId, ...webhookHeaders(plain!.headers), hmacKey: HMAC_KEY })).toEqual({
      ok: false,
      reason: 'missing_headers',
    })
  })

  it('each account signs its own tasks’ callbacks with its own HMAC key (an account without one does not sign)', async () => {
    emulator.control.configure({
      webhookHmacKey: HMAC_KEY,
      accounts: [
        { apiKey: 'second-account-key', credits: 1000, webhookHmacKey: 'second-account-hmac' },
        { apiKey: 'third-account-key', credits: 1000 },
      ],
    })
    const second = new KieClient({ apiKey: 'second-account-key', baseUrl: emulator.url })
    const third = new KieClient({ apiKey: 'third-account-key', baseUrl: emulator.url })
    const mainId = await client.createTask(requestFor('market', `${receiver.url}/kie/callback/a1`))
    await receiver.waitFor(1)
    const secondId = await second.createTask(requestFor('market', `${receiver.url}/kie/callback/a2`))
    await receiver.waitFor(2)
    const thirdId = await third.createTask(requestFor('market', `${receiver.url}/kie/callback/a3`))
    const received = await receiver.waitFor(3)
    const headersOf = (path: string) => webhookHeaders(received.find((r) => r.path.endsWith(path))!.headers)
    expect(verifyWebhookSignature({ taskId: mainId, ...headersOf('/a1'), hmacKey: HMAC_KEY })).toEqual({ ok: true })
    expect(verifyWebhookSignature({ taskId: secondId, ...headersOf('/a2'), hmacKey: 'second-account-hmac' })).toEqual({
      ok: true,
    })
    // not the main account's key: a gateway with one HMAC key for every account refuses it
    expect(verifyWebhookSignature({ taskId: secondId, ...headersOf('/a2'), hmacKey: HMAC_KEY })).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
    expect(verifyWebhookSignature({ taskId: thirdId, ...headersOf('/a3'), hmacKey: HMAC_KEY })).toEqual({
      ok: false,
      reason: 'missing_headers',
    })
  })

  it('our callback token: valid for its generation only', async () => {
    const url = new URL(callbackUrlFor(`${receiver.url}/`, 'gen-42', SECRET))
    expect(url.pathname).toBe('/kie/callback/gen-42')
    const token = url.searchParams.get('token')
    expect(verifyCallbackToken('gen-42', token, SECRET)).toBe(true)
    expect(verifyCallbackToken('gen-43', token, SECRET)).toBe(false)
    expect(verifyCallbackToken('gen-42', token, 'other-secret')).toBe(false)
    expect(verifyCallbackToken('gen-42', `${token}x`, SECRET)).toBe(false)
    expect(verifyCallbackToken('gen-42', '', SECRET)).toBe(false)
  })
})
