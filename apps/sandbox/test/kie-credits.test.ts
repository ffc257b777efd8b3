import { KieClient, type KieCreateRequest } from '@kiebot/kie'
import { findMarketModel, flatEntry, priceFor, startKieEmulator, type RunningKieEmulator } from '../src/kie'

const API_KEY = 'credits-test-key'
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, errorMode: 'http', credits: 100 })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url })
})
afterAll(() => emulator.close())
beforeEach(() => {
  emulator.control.reset()
  emulator.control.setCallbacks('off')
  // tasks end only when a test says so (completeNow)
  emulator.control.setTimeline({ queuingMs: 10_000, generatingMs: 10_000, completeMs: 10_000 })
})

const nanoBanana: KieCreateRequest = {
  family: 'market',
  path: '/api/v1/jobs/createTask',
  body: { model: 'google/nano-banana', input: { prompt: 'p' } },
}
const veo: KieCreateRequest = {
  family: 'veo',
  path: '/api/v1/veo/generate',
  body: { prompt: 'p', model: 'veo3_lite', resolution: '1080p' },
}

describe('credits', () => {
  it('decrease by the model price on success only', async () => {
    expect(await client.getCredits()).toBe(100)
    const ok = await client.createTask(nanoBanana)
    expect(await client.getCredits()).toBe(100) // charged on success, not at creation
    emulator.control.completeNow(ok)
    expect(await client.getCredits()).toBe(96)

    emulator.control.forceNextOutcome({ outcome: 'fail', failCode: '500', failMessage: 'Internal server error' })
    const failed = await client.createTask(veo)
    emulator.control.completeNow(failed)
    expect(await client.getTask('veo', failed)).toMatchObject({ state: 'fail', failCode: '500' })
    expect(await client.getCredits()).toBe(96)

    const paid = await client.createTask(veo)
    emulator.control.completeNow(paid)
    expect(await client.getCredits()).toBe(61)
    const task = await client.getTask('market', ok)
    expect(task.creditsConsumed).toBe(4) // market records carry creditsConsumed (late 2026), callbacks consumeCredits
  })

  it('bills ElevenLabs speech and dialogue per 1000 characters of their text', async () => {
    const tts: KieCreateRequest = {
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: { model: 'elevenlabs/text-to-speech-multilingual-v2', input: { text: 'ы'.repeat(250), voice: 'Rachel' } },
    }
    const dialogue: KieCreateRequest = {
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: {
        model: 'elevenlabs/text-to-dialogue-v3',
        input: {
          dialogue: [
            { text: 'a'.repeat(400), voice: 'Adam' },
            { text: 'b'.repeat(100), voice: 'Sarah' },
          ],
        },
      },
    }
    for (const [request, credits] of [
      [tts, 3],
      [dialogue, 7],
    ] as const) {
      const taskId = await client.createTask(request)
      emulator.control.completeNow(taskId)
      expect((await client.getTask('market', taskId)).creditsConsumed).toBe(credits) // 12 × 0.25, 14 × 0.5
    }
    expect(await client.getCredits()).toBe(90)
  })

  it('402 when the balance is below the price at creation', async () => {
    emulator.control.setCredits(34)
    await expect(client.createTask(veo)).rejects.toMatchObject({ code: 402, retryable: false })
    emulator.control.setCredits(35)
    await expect(client.createTask(veo)).resolves.toMatch(/^[0-9a-f]{32}$/)
  })

  it('a random failure rate fails tasks with the configured codes', async () => {
    emulator.control.setFailureRate(1, [{ code: '422', message: 'prohibited content' }])
    const taskId = await client.createTask(nanoBanana)
    emulator.control.completeNow(taskId)
    expect(await client.getTask('market', taskId)).toMatchObject({
      state: 'fail',
      failCode: '422',
      failMessage: 'prohibited content',
      resultUrls: [],
    })
    expect(await client.getCredits()).toBe(100)
  })

  it('can be set over the control HTTP API', async () => {
    const answer = await fetch(`${emulator.url}/_control/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credits: 7.5 }),
    })
    expect(answer.status).toBe(200)
    expect(await client.getCredits()).toBe(7.5)
    const bad = await fetch(`${emulator.url}/_control/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credit: 1 }),
    })
    expect(bad.status).toBe(400)
  })
})

describe('prices follow the catalog modes', () => {
  const market = (model: string) => findMarketModel(model)!
  it.each([
    ['google/nano-banana', {}, 4],
    ['nano-banana-pro', { resolution: '4K' }, 24],
    ['nano-banana-pro', {}, 18],
    ['kling-2.6/text-to-video', { duration: '10', sound: true }, 220],
    ['kling-2.6/text-to-video', { duration: '10', sound: false }, 112],
    ['kling-3.0/video', { mode: 'pro', sound: true, duration: '10' }, 270],
    ['bytedance/seedance-1.5-pro', { resolution: '720p', generate_audio: true, duration: 8 }, 56],
    ['sora-2-pro-text-to-video', { size: 'high', n_frames: '15' }, 390],
    ['wan/2-6-text-to-video', {}, 104.5],
    ['hailuo/2-3-image-to-video-pro', { resolution: '768P', duration: '10' }, 90],
    ['gpt-image/1.5-text-to-image', { quality: 'high' }, 22],
    ['flux-2/flex-text-to-image', { resolution: '2K' }, 24],
    ['topaz/video-upscale', { upscale_factor: '4' }, 14],
    ['bytedance/seedream-v4-text-to-image', {}, 5],
    ['grok-imagine/upscale', {}, 0],
  ])('%s %j costs %d', (model, params, credits) => {
    expect(priceFor(market(model), params)).toBe(credits)
  })

  it.each([
    ['/api/v1/veo/generate', { model: 'veo3', resolution: '4k' }, 370],
    ['/api/v1/veo/generate', {}, 60],
    ['/api/v1/runway/generate', { duration: 10, quality: '720p' }, 30],
    ['/api/v1/flux/kontext/generate', { model: 'flux-kontext-max' }, 10],
    ['/api/v1/generate', { model: 'V5' }, 12],
    ['/api/v1/gpt4o-image/generate', { size: '1:1' }, 6],
  ])('%s %j costs %d', (path, params, credits) => {
    expect(priceFor(flatEntry(path)!, params)).toBe(credits)
  })
})
