import { KieClient } from '@kiebot/kie'
import type { ApiFamily } from '@kiebot/models'
import {
  CATALOG,
  priceFor,
  startKieEmulator,
  type CatalogEntry,
  type FieldSpec,
  type RunningKieEmulator,
} from '../src/kie'

// Every catalog entry of a supported family: its defaults plus a value for each required field
// without a default are accepted, priced, completed, and served with the media type of its category.
const API_KEY = 'catalog-test-key'
const FLAT_FAMILIES: Record<string, ApiFamily> = {
  'POST /api/v1/veo/generate': 'veo',
  'POST /api/v1/generate': 'suno',
  'POST /api/v1/runway/generate': 'runway',
  'POST /api/v1/flux/kontext/generate': 'flux-kontext',
  'POST /api/v1/gpt4o-image/generate': 'gpt4o-image',
  'POST /api/v1/mj/generate': 'midjourney',
  'POST /api/v1/veo/extend': 'veo',
  'POST /api/v1/runway/extend': 'runway',
  'POST /api/v1/generate/upload-cover': 'suno',
  'POST /api/v1/generate/extend': 'suno',
}
// Documented rules between fields that defaults alone do not satisfy.
const EXTRA: Record<string, (mediaUrl: string) => Record<string, unknown>> = {
  'runway (gen-4 turbo)': () => ({ aspectRatio: '16:9' }),
  'grok-imagine/image-to-video': (mediaUrl) => ({ image_urls: [mediaUrl] }),
  'gpt4o-image (GPT Image 1)': () => ({ prompt: 'a teapot' }),
  // an extension continues a track of a finished task (made in beforeAll, with the first version)
  'suno extend': () => ({ audioId: sourceTrack }),
}

let emulator: RunningKieEmulator
let client: KieClient
let mediaUrl: string
let sourceTrack: string

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, rateLimit: null, credits: 1_000_000, callbacks: 'off' })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, uploadBaseUrl: emulator.uploadUrl })
  mediaUrl = (
    await client.uploadBase64({
      base64Data: 'data:image/png;base64,iVBORw0KGgo=',
      uploadPath: 'inputs',
      fileName: 'in.png',
    })
  ).downloadUrl
  const song = {
    prompt: 'a song',
    customMode: false,
    instrumental: false,
    model: 'V4',
    callBackUrl: 'http://127.0.0.1:9/cb',
  }
  const songId = await client.createTask({ family: 'suno', path: '/api/v1/generate', body: song })
  emulator.control.completeNow(songId)
  sourceTrack = (await client.getTask('suno', songId)).trackIds![0]!
})
afterAll(() => emulator.close())

function sample(name: string, spec: FieldSpec): unknown {
  if (spec.enum) return spec.enum[0]
  const media = /urls?$/i.test(name) || ['image', 'image_input', 'inputImage'].includes(name)
  switch (spec.type) {
    case 'string':
      return media
        ? mediaUrl
        : name.toLowerCase().includes('callback')
          ? 'http://127.0.0.1:9/cb'
          : 'a quiet harbour at dawn'
    case 'number':
    case 'integer':
      return spec.min ?? 1
    case 'boolean':
      return false
    case 'array':
      if (spec.items !== 'object') return [mediaUrl]
      // one item with a value for each of its fields (a dialogue line: text and a voice of its enum)
      return spec.itemSchema
        ? [
            Object.fromEntries(
              Object.entries(spec.itemSchema).map(([key, item]) => [key, key === 'text' ? 'hello' : sample(key, item)]),
            ),
          ]
        : []
    default:
      return {}
  }
}

function params(entry: CatalogEntry): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(entry.input)) {
    if (spec.default !== undefined) values[name] = spec.default
    else if (spec.required) values[name] = sample(name, spec)
  }
  return { ...values, ...EXTRA[entry.model]?.(mediaUrl) }
}

const supported = CATALOG.filter((entry) => entry.api === 'market' || FLAT_FAMILIES[entry.createEndpoint])
const EXTENSION = { image: /\.(png|jpg)$/, video: /\.mp4$/, audio: /\.mp3$/ }

it('covers the whole catalog, Midjourney and the extend endpoints included', () => {
  expect(supported.length).toBe(CATALOG.length)
  expect(
    supported.filter((entry) => entry.createEndpoint === 'POST /api/v1/mj/generate').map((entry) => entry.category),
  ).toEqual(['image', 'video'])
})

it.each(supported.map((entry) => [entry.model, entry] as const))('%s', async (_model, entry) => {
  const family = entry.api === 'market' ? 'market' : FLAT_FAMILIES[entry.createEndpoint]!
  const input = params(entry)
  const path = entry.createEndpoint.replace(/^POST /, '')
  const body = family === 'market' ? { model: entry.model, input } : input
  const price = priceFor(entry, input)
  expect(Number.isFinite(price) && price >= 0).toBe(true)

  const before = emulator.control.getCredits()
  const taskId = await client.createTask({ family, path, body })
  emulator.control.completeNow(taskId)
  const task = await client.getTask(family, taskId)
  expect(task.state).toBe('success')
  expect(task.resultUrls[0]).toMatch(EXTENSION[entry.category])
  expect(before - emulator.control.getCredits()).toBeCloseTo(price)
})
