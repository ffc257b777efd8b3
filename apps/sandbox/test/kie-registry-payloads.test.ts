import fs from 'node:fs'
import path from 'node:path'
import { buildCreateRequest, KieClient } from '@kiebot/kie'
import {
  exampleParams,
  listModels,
  priceExtremes,
  SAMPLE_MEDIA_URLS,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

// Every registry offering's payload, built by the registry, must be accepted by the
// emulator, which validates against the Kie catalog (field names, wire types, enums,
// required fields, fetchable media). Media inputs are real files uploaded to the
// emulator's upload host first, as the worker does.

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'kie')
let emulator: RunningKieEmulator
let client: KieClient
const uploaded: Record<string, string> = {}

beforeAll(async () => {
  emulator = await startKieEmulator({ credits: 10_000_000 })
  emulator.control.setCallbacks('off')
  emulator.control.setRateLimit(null) // 150 creates in a few seconds: not what this test is about
  client = new KieClient({ apiKey: 'kie-emulator-key', baseUrl: emulator.url, uploadBaseUrl: emulator.uploadUrl })
  const files = { image: 'result.png', video: 'result.mp4', audio: 'result.mp3' } as const
  for (const [kind, file] of Object.entries(files)) {
    const result = await client.uploadFile({
      data: fs.readFileSync(path.join(FIXTURES, file)),
      uploadPath: 'tests',
      fileName: `sample-${file}`,
    })
    uploaded[SAMPLE_MEDIA_URLS[kind as keyof typeof SAMPLE_MEDIA_URLS]] = result.downloadUrl
  }
})
afterAll(async () => {
  await emulator.close()
})

/** The sample media URLs replaced by files really uploaded to the emulator. */
function withUploadedMedia(params: Params): Params {
  const swap = (value: unknown): unknown =>
    typeof value === 'string' ? (uploaded[value] ?? value) : Array.isArray(value) ? value.map(swap) : value
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, swap(value)]))
}

/** URLs in the payload that are not files on the emulator (e.g. a Sora share link). */
function externalUrls(body: unknown): string[] {
  const found = JSON.stringify(body).match(/https?:\/\/[^"]+/g) ?? []
  return found.filter((url) => !url.startsWith(emulator.url) && !url.startsWith('http://127.0.0.1:9/'))
}

async function accepted(model: ModelSpec, params: Params) {
  const request = buildCreateRequest(model, withUploadedMedia(params), {
    callBackUrl: 'http://127.0.0.1:9/kie/callback/x?token=t',
  })
  // Such a link is a web page Kie reads, which this offline machine cannot reach: the
  // emulator then skips its fetch check for this one request (every other check stays).
  const external = externalUrls(request.body)
  if (external.length > 0) emulator.control.configure({ checkMediaUrls: false })
  try {
    const taskId = await client.createTask(request)
    const recorded = emulator.control.requests().at(-1)
    return { taskId, recorded, external }
  } finally {
    emulator.control.configure({ checkMediaUrls: true })
  }
}

const models = listModels()

it('covers the whole registry', () => {
  expect(models.length).toBeGreaterThanOrEqual(49)
})

describe.each(models.map((m) => [m.slug, m] as const))('%s', (_slug, model) => {
  it('default payload is accepted by the emulator', async () => {
    const { taskId, recorded, external } = await accepted(model, exampleParams(model))
    expect(external.every((url) => url.startsWith('https://sora.chatgpt.com/'))).toBe(true)
    expect(typeof taskId).toBe('string')
    expect(recorded?.path).toBe(
      buildCreateRequest(model, withUploadedMedia(exampleParams(model)), { callBackUrl: 'x' }).path,
    )
  })

  it('dearest parameter set is accepted too', async () => {
    const { taskId } = await accepted(model, priceExtremes(model).dearest.params)
    expect(typeof taskId).toBe('string')
  })
})
