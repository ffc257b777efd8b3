import { KieClient, KieError, type KieTask } from '@kiebot/kie'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

// The emulator's defaults are Kie's late-2026 behaviour: errors in the envelope with HTTP
// 200, market records with successFlag / response / creditsConsumed, Grok Imagine's 6 images
// (4 in Pro mode); the HTTP-status mode and per-model result counts stay options.
const API_KEY = 'defaults-test-key'
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, uploadBaseUrl: emulator.uploadUrl })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.control.reset())

const CREATE = '/api/v1/jobs/createTask'

async function post(
  path: string,
  body: unknown,
  key = API_KEY,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

async function record(taskId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${emulator.url}/api/v1/jobs/recordInfo?taskId=${taskId}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    })
    const data = ((await response.json()) as { data: Record<string, unknown> }).data
    if (data.state === 'success' || data.state === 'fail') return data
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`task ${taskId} did not finish`)
}

async function untilFinal(taskId: string): Promise<KieTask> {
  for (let i = 0; i < 100; i++) {
    const task = await client.getTask('market', taskId)
    if (task.state === 'success' || task.state === 'fail') return task
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`task ${taskId} did not finish`)
}

const grok = (input: Record<string, unknown>) => ({
  family: 'market' as const,
  path: CREATE,
  body: { model: 'grok-imagine/text-to-image', input: { prompt: 'a red fox', ...input } },
})

describe('errors', () => {
  it('answers errors with HTTP 200 and the code in the envelope by default; the client still reads them', async () => {
    expect(emulator.control.settings().errorMode).toBe('envelope')
    const unauthorized = await post(CREATE, { model: 'google/nano-banana', input: { prompt: 'x' } }, 'wrong-key')
    expect(unauthorized.status).toBe(200)
    expect(unauthorized.json).toMatchObject({ code: 401, data: null })
    const invalid = await post(CREATE, { model: 'google/nano-banana', input: {} })
    expect(invalid.status).toBe(200)
    expect(invalid.json.code).toBe(422)
    const error = await client
      .createTask({ family: 'market', path: CREATE, body: { model: 'google/nano-banana', input: {} } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KieError)
    expect((error as KieError).code).toBe(422)
  })

  it('keeps the HTTP-status mode as an option', async () => {
    emulator.control.setErrorMode('http')
    const invalid = await post(CREATE, { model: 'google/nano-banana', input: {} })
    expect(invalid.status).toBe(422)
    expect(invalid.json.code).toBe(422)
  })
})

describe('market records', () => {
  it('carry successFlag, the parsed response and the credits consumed', async () => {
    const taskId = await client.createTask({
      family: 'market',
      path: CREATE,
      body: { model: 'google/nano-banana', input: { prompt: 'a red fox' } },
    })
    const data = await record(taskId)
    const urls = (JSON.parse(String(data.resultJson)) as { resultUrls: string[] }).resultUrls
    expect(data).toMatchObject({ state: 'success', successFlag: 1, response: { resultUrls: urls } })
    const price = emulator.control.task(taskId)!.price
    expect(price).toBeGreaterThan(0)
    expect(data.creditsConsumed).toBe(price)
    expect((await untilFinal(taskId)).creditsConsumed).toBe(price)
  })

  it('mark a failure with successFlag 3 and no credits', async () => {
    emulator.control.forceNextOutcome({ outcome: 'fail', failCode: '500', failMessage: 'boom' })
    const taskId = await client.createTask({
      family: 'market',
      path: CREATE,
      body: { model: 'google/nano-banana', input: { prompt: 'a red fox' } },
    })
    expect(await record(taskId)).toMatchObject({ state: 'fail', successFlag: 3, creditsConsumed: 0, response: null })
  })

  it('bill a model Kie re-priced (creditsFactor) in the record and the callback', async () => {
    emulator.control.configure({ creditsFactor: { 'google/nano-banana': 1.5 } })
    const taskId = await client.createTask({
      family: 'market',
      path: CREATE,
      body: { model: 'google/nano-banana', input: { prompt: 'a red fox' } },
    })
    const task = await untilFinal(taskId)
    const price = emulator.control.task(taskId)!.price
    expect(task.creditsConsumed).toBe(Math.round(price * 1.5 * 1000) / 1000)
  })
})

describe('results per task', () => {
  it('Grok Imagine text-to-image returns 6 images, 4 in Pro mode', async () => {
    const normal = await untilFinal(await client.createTask(grok({})))
    expect(normal.resultUrls).toHaveLength(6)
    expect(new Set(normal.resultUrls).size).toBe(6)
    const pro = await untilFinal(await client.createTask(grok({ enable_pro: true })))
    expect(pro.resultUrls).toHaveLength(4)
    for (const url of normal.resultUrls) expect((await fetch(url)).headers.get('content-type')).toBe('image/png')
  })

  it('takes the count per model from the resultsPerTask setting', async () => {
    emulator.control.configure({ resultsPerTask: { 'google/nano-banana': 3 } })
    const task = await untilFinal(
      await client.createTask({
        family: 'market',
        path: CREATE,
        body: { model: 'google/nano-banana', input: { prompt: 'a red fox' } },
      }),
    )
    expect(task.resultUrls).toHaveLength(3)
  })
})
