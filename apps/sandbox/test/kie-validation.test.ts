import { KieClient, KieError, type KieCreateRequest } from '@kiebot/kie'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

const API_KEY = 'validation-test-key'
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, errorMode: 'http', mediaFetchTimeoutMs: 1_000 })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, uploadBaseUrl: emulator.url })
})
afterAll(() => emulator.close())
beforeEach(() => {
  emulator.control.reset()
  emulator.control.setCallbacks('off')
})

const market = (model: string, input: unknown, extra: Record<string, unknown> = {}): KieCreateRequest => ({
  family: 'market',
  path: '/api/v1/jobs/createTask',
  body: { model, input, ...extra },
})

async function rejection(request: KieCreateRequest): Promise<KieError> {
  const error = await client.createTask(request).then(
    () => new Error('expected the create to be rejected'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(KieError)
  return error as KieError
}

describe('422: create bodies are checked against the catalog', () => {
  it.each([
    [
      'bad enum value',
      market('google/nano-banana', { prompt: 'p', aspect_ratio: '7:3' }),
      'input.aspect_ratio must be one of',
    ],
    [
      'unknown field name',
      market('nano-banana-pro', { prompt: 'p', image_urls: ['https://x/y.png'] }),
      'input.image_urls is not a supported parameter',
    ],
    [
      'missing required field',
      market('kling-2.6/text-to-video', { prompt: 'p', aspect_ratio: '16:9', duration: '5' }),
      'input.sound is required',
    ],
    [
      'number instead of string enum',
      market('kling-2.6/text-to-video', { prompt: 'p', sound: false, aspect_ratio: '16:9', duration: 5 }),
      'input.duration must be of type string, got number',
    ],
    [
      'string instead of number',
      market('bytedance/seedance-1.5-pro', { prompt: 'waves', aspect_ratio: '1:1', duration: '5' }),
      'input.duration must be of type number, got string',
    ],
    [
      'too long string',
      market('z-image', { prompt: 'x'.repeat(1001), aspect_ratio: '1:1' }),
      'input.prompt must be at most 1000 characters',
    ],
    [
      'too short string',
      market('flux-2/flex-text-to-image', { prompt: 'ab' }),
      'input.prompt must be at least 3 characters',
    ],
    [
      'number out of range',
      market('elevenlabs/text-to-speech-turbo-2-5', { text: 'hi', voice: 'Rachel', speed: 2 }),
      'input.speed must be at most 1.2',
    ],
    [
      'integer expected',
      market('google/imagen4-fast', { prompt: 'p', seed: 1.5 }),
      'input.seed must be of type integer',
    ],
    [
      'too many items',
      market('kling-2.6/image-to-video', {
        prompt: 'p',
        sound: false,
        duration: '5',
        image_urls: ['https://a/1.png', 'https://a/2.png'],
      }),
      'input.image_urls must have at most 1 items',
    ],
    [
      'not a URL',
      market('qwen/image-edit', { prompt: 'p', image_url: 'not a url' }),
      'input.image_url must be an http(s) URL',
    ],
    [
      'nested item schema',
      market('elevenlabs/text-to-dialogue-v3', { dialogue: [{ text: 'hi' }] }),
      'input.dialogue[0].voice is required',
    ],
    [
      'voice names are case-sensitive',
      market('elevenlabs/text-to-dialogue-v3', { dialogue: [{ text: 'hi', voice: 'adam' }] }),
      'input.dialogue[0].voice must be one of "Adam"',
    ],
    [
      'dialogue stability is 0, 0.5 or 1',
      market('elevenlabs/text-to-dialogue-v3', { dialogue: [{ text: 'hi', voice: 'Adam' }], stability: 0.7 }),
      'input.stability must be one of 0, 0.5, 1',
    ],
    [
      'TTS voice outside the list',
      market('elevenlabs/text-to-speech-multilingual-v2', { text: 'hi', voice: 'Bella' }),
      'input.voice must be one of "Rachel"',
    ],
    [
      'unknown model',
      market('google/nano-banana-9000', { prompt: 'p' }),
      'model "google/nano-banana-9000" is not supported',
    ],
    ['missing input', market('google/nano-banana', undefined), 'input is required'],
    [
      'unknown top-level field',
      market('google/nano-banana', { prompt: 'p' }, { callbackUrl: 'https://x' }),
      'callbackUrl is not a supported parameter',
    ],
    [
      'bad callBackUrl',
      market('google/nano-banana', { prompt: 'p' }, { callBackUrl: 'ftp://x' }),
      'callBackUrl must be an http(s) URL',
    ],
  ])('%s', async (_name, request, message) => {
    const error = await rejection(request)
    expect(error).toMatchObject({ kind: 'api', code: 422, status: 422, retryable: false })
    expect(error.message).toContain(message)
    expect(emulator.control.tasks()).toHaveLength(0)
  })

  it.each([
    [
      'veo: integer duration sent as string',
      'veo',
      '/api/v1/veo/generate',
      { prompt: 'p', duration: '8' },
      'duration must be of type integer, got string',
    ],
    [
      'veo: unknown model variant',
      'veo',
      '/api/v1/veo/generate',
      { prompt: 'p', model: 'veo4' },
      'model must be one of',
    ],
    [
      'veo: reference video needs images',
      'veo',
      '/api/v1/veo/generate',
      { prompt: 'p', generationType: 'REFERENCE_2_VIDEO' },
      'REFERENCE_2_VIDEO needs 1 to 3 imageUrls',
    ],
    [
      'runway: callBackUrl required',
      'runway',
      '/api/v1/runway/generate',
      { prompt: 'p', duration: 5, quality: '720p', aspectRatio: '1:1' },
      'callBackUrl is required',
    ],
    [
      'runway: 1080p only for 5 s',
      'runway',
      '/api/v1/runway/generate',
      { prompt: 'p', duration: 10, quality: '1080p', aspectRatio: '1:1', callBackUrl: 'http://127.0.0.1:9/cb' },
      '1080p is only available for 5-second videos',
    ],
    [
      'suno: custom mode needs style and title',
      'suno',
      '/api/v1/generate',
      { prompt: 'p', customMode: true, instrumental: true, model: 'V5', callBackUrl: 'http://127.0.0.1:9/cb' },
      'style is required when customMode is true',
    ],
    [
      'suno: prompt limit without custom mode',
      'suno',
      '/api/v1/generate',
      {
        prompt: 'x'.repeat(501),
        customMode: false,
        instrumental: false,
        model: 'V5',
        callBackUrl: 'http://127.0.0.1:9/cb',
      },
      'prompt must be at most 500 characters',
    ],
    [
      'gpt4o-image: prompt or files',
      'gpt4o-image',
      '/api/v1/gpt4o-image/generate',
      { size: '1:1' },
      'prompt or filesUrl is required',
    ],
    [
      'gpt4o-image: size enum',
      'gpt4o-image',
      '/api/v1/gpt4o-image/generate',
      { size: '16:9', prompt: 'p' },
      'size must be one of',
    ],
    [
      'flux-kontext: unknown field',
      'flux-kontext',
      '/api/v1/flux/kontext/generate',
      { prompt: 'p', output_format: 'png' },
      'output_format is not a supported parameter',
    ],
  ] as const)('%s', async (_name, family, path, body, message) => {
    const error = await rejection({ family, path, body: { ...body } })
    expect(error).toMatchObject({ code: 422, status: 422 })
    expect(error.message).toContain(message)
  })

  it('suno: an instrumental in custom mode needs no prompt (lyrics)', async () => {
    const body = {
      customMode: true,
      instrumental: true,
      style: 'ambient',
      title: 'Dawn',
      model: 'V5',
      callBackUrl: 'http://127.0.0.1:9/cb',
    }
    await expect(client.createTask({ family: 'suno', path: '/api/v1/generate', body })).resolves.toMatch(
      /^[0-9a-f]{32}$/,
    )
    const error = await rejection({ family: 'suno', path: '/api/v1/generate', body: { ...body, instrumental: false } })
    expect(error.message).toContain('prompt is required')
  })

  it('accepts a body with every optional field of the catalog entry', async () => {
    emulator.control.setTimeline({ queuingMs: 5_000, generatingMs: 5_000, completeMs: 5_000 })
    const taskId = await client.createTask(
      market('google/imagen4', { prompt: 'a fox', negative_prompt: 'blur', aspect_ratio: '16:9', seed: '42' }),
    )
    expect(emulator.control.task(taskId)).toMatchObject({ model: 'google/imagen4', price: 8, state: 'waiting' })
  })
})

describe('451: media URLs are really fetched', () => {
  it('accepts a URL the emulator can download and rejects one it cannot', async () => {
    const uploaded = await client.uploadBase64({
      base64Data: `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`,
      uploadPath: 'images/test',
      fileName: 'input.png',
    })
    const ok = market('google/nano-banana-edit', { prompt: 'p', image_urls: [uploaded.downloadUrl] })
    await expect(client.createTask(ok)).resolves.toMatch(/^[0-9a-f]{32}$/)

    const missing = `${emulator.url}/files/uploads/images/test/missing.png`
    const error = await rejection(
      market('google/nano-banana-edit', { prompt: 'p', image_urls: [uploaded.downloadUrl, missing] }),
    )
    expect(error).toMatchObject({ kind: 'api', code: 451, status: 451, retryable: false })
    expect(error.message).toContain(missing)

    const unreachable = await rejection(
      market('qwen/image-edit', { prompt: 'p', image_url: 'http://127.0.0.1:9/x.png' }),
    )
    expect(unreachable.code).toBe(451)
    const flat = await rejection({
      family: 'runway',
      path: '/api/v1/runway/generate',
      body: { prompt: 'p', duration: 5, quality: '720p', imageUrl: missing, callBackUrl: 'http://127.0.0.1:9/cb' },
    })
    expect(flat.code).toBe(451)
  })
})
