import { KieClient, type KieCreateRequest, type KieTask } from '@kiebot/kie'
import type { ApiFamily } from '@kiebot/models'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

const API_KEY = 'families-test-key'
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, errorMode: 'http' })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, uploadBaseUrl: emulator.uploadUrl })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.control.reset())

async function untilFinal(family: ApiFamily, taskId: string): Promise<KieTask> {
  for (let i = 0; i < 100; i++) {
    const task = await client.getTask(family, taskId)
    if (task.state === 'success' || task.state === 'fail') return task
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`task ${taskId} did not finish`)
}

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9,
  mp4: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp',
  mp3: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
}

const cases: {
  name: string
  request: KieCreateRequest
  media: keyof typeof MAGIC
  contentType: string
  results: number
}[] = [
  {
    name: 'market image (png)',
    request: {
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: { model: 'google/nano-banana', input: { prompt: 'a red fox', output_format: 'png' } },
    },
    media: 'png',
    contentType: 'image/png',
    results: 1,
  },
  {
    name: 'market image (jpg output)',
    request: {
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: { model: 'nano-banana-pro', input: { prompt: 'a red fox', resolution: '2K', output_format: 'jpg' } },
    },
    media: 'jpg',
    contentType: 'image/jpeg',
    results: 1,
  },
  {
    name: 'market video',
    request: {
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: {
        model: 'kling-2.6/text-to-video',
        input: { prompt: 'waves', sound: false, aspect_ratio: '16:9', duration: '5' },
      },
    },
    media: 'mp4',
    contentType: 'video/mp4',
    results: 1,
  },
  {
    name: 'market audio',
    request: {
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: {
        model: 'elevenlabs/text-to-speech-multilingual-v2',
        input: { text: 'Привет!', voice: 'Rachel', stability: 0.5 },
      },
    },
    media: 'mp3',
    contentType: 'audio/mpeg',
    results: 1,
  },
  {
    name: 'veo',
    request: {
      family: 'veo',
      path: '/api/v1/veo/generate',
      body: { prompt: 'a dog in a park', model: 'veo3_fast', aspectRatio: '9:16', duration: 8 },
    },
    media: 'mp4',
    contentType: 'video/mp4',
    results: 1,
  },
  {
    name: 'suno',
    request: {
      family: 'suno',
      path: '/api/v1/generate',
      body: {
        prompt: 'a calm song',
        customMode: false,
        instrumental: true,
        model: 'V4_5',
        callBackUrl: 'http://127.0.0.1:9/unused',
      },
    },
    media: 'mp3',
    contentType: 'audio/mpeg',
    results: 2,
  },
  {
    name: 'runway',
    request: {
      family: 'runway',
      path: '/api/v1/runway/generate',
      body: {
        prompt: 'a city at night',
        duration: 5,
        quality: '720p',
        aspectRatio: '16:9',
        callBackUrl: 'http://127.0.0.1:9/unused',
      },
    },
    media: 'mp4',
    contentType: 'video/mp4',
    results: 1,
  },
  {
    name: 'flux-kontext',
    request: {
      family: 'flux-kontext',
      path: '/api/v1/flux/kontext/generate',
      body: { prompt: 'a lighthouse', model: 'flux-kontext-max', outputFormat: 'jpeg' },
    },
    media: 'jpg',
    contentType: 'image/jpeg',
    results: 1,
  },
  {
    name: 'gpt4o-image',
    request: {
      family: 'gpt4o-image',
      path: '/api/v1/gpt4o-image/generate',
      body: { prompt: 'a teapot', size: '1:1', nVariants: 2 },
    },
    media: 'png',
    contentType: 'image/png',
    results: 2,
  },
  {
    name: 'midjourney text-to-image',
    request: {
      family: 'midjourney',
      path: '/api/v1/mj/generate',
      body: { taskType: 'mj_txt2img', prompt: 'a castle', speed: 'fast', aspectRatio: '16:9', version: '7' },
    },
    media: 'png',
    contentType: 'image/png',
    results: 4,
  },
  {
    name: 'midjourney video',
    request: {
      family: 'midjourney',
      path: '/api/v1/mj/generate',
      body: {
        taskType: 'mj_video',
        prompt: 'waves roll in',
        fileUrls: ['https://tempfile.redpandaai.co/kieai/u1/a.png'],
        motion: 'low',
        videoBatchSize: 1,
      },
    },
    media: 'mp4',
    contentType: 'video/mp4',
    results: 1,
  },
]

describe('every API family: create, poll to success, download the result', () => {
  it.each(cases)('$name', async ({ request, media, contentType, results }) => {
    emulator.control.setCallbacks('off')
    // the sample input image is not served here; what this test checks is the result
    emulator.control.configure({ checkMediaUrls: false })
    emulator.control.setTimeline({ queuingMs: 10_000, generatingMs: 10_000, completeMs: 10_000 })
    const taskId = await client.createTask(request)
    expect(taskId).toMatch(/^[0-9a-f]{32}$/)

    const first = await client.getTask(request.family, taskId)
    expect(first).toMatchObject({ taskId, family: request.family, resultUrls: [], completedAt: null })
    expect(['pending', 'running']).toContain(first.state)

    emulator.control.completeNow(taskId)
    const done = await untilFinal(request.family, taskId)
    expect(done).toMatchObject({ taskId, family: request.family, state: 'success', failCode: null, failMessage: null })
    expect(done.resultUrls).toHaveLength(results)
    expect(done.createdAt).toBeInstanceOf(Date)

    const response = await fetch(done.resultUrls[0]!)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain(contentType)
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes.length).toBeGreaterThan(100)
    expect(bytes.length).toBeLessThan(50_000)
    expect(MAGIC[media]!(bytes)).toBe(true)
  })

  it('walks waiting → queuing → generating → success on the configured timeline', async () => {
    emulator.control.setCallbacks('off')
    emulator.control.setTimeline({ queuingMs: 150, generatingMs: 300, completeMs: 450 })
    const taskId = await client.createTask(cases[0]!.request)
    const seen: string[] = []
    const started = Date.now()
    while (seen.at(-1) !== 'success' && Date.now() - started < 5_000) {
      const record = (await (
        await fetch(`${emulator.url}/api/v1/jobs/recordInfo?taskId=${taskId}`, {
          headers: { authorization: `Bearer ${API_KEY}` },
        })
      ).json()) as { data: { state: string } }
      if (seen.at(-1) !== record.data.state) seen.push(record.data.state)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const order = ['waiting', 'queuing', 'generating', 'success']
    expect(seen[0]).toBe('waiting')
    expect(seen.at(-1)).toBe('success')
    expect(seen.map((state) => order.indexOf(state))).toEqual([...seen.map((state) => order.indexOf(state))].sort())
    expect(seen.length).toBeGreaterThanOrEqual(3)
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
  })

  it('reports the record endpoints in their own wire shapes', async () => {
    emulator.control.setCallbacks('off')
    const veoId = await client.createTask(cases.find((c) => c.name === 'veo')!.request)
    const runwayId = await client.createTask(cases.find((c) => c.name === 'runway')!.request)
    emulator.control.completeNow(veoId)
    emulator.control.completeNow(runwayId)
    const headers = { authorization: `Bearer ${API_KEY}` }
    const veo = (await (await fetch(`${emulator.url}/api/v1/veo/record-info?taskId=${veoId}`, { headers })).json()) as {
      data: { successFlag: number; createTime: string; response: { resultUrls: string[] } }
    }
    expect(veo.data.successFlag).toBe(1)
    expect(veo.data.createTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(veo.data.response.resultUrls).toHaveLength(1)
    const runway = (await (
      await fetch(`${emulator.url}/api/v1/runway/record-detail?taskId=${runwayId}`, { headers })
    ).json()) as {
      data: { state: string; videoInfo: { videoUrl: string } }
    }
    expect(runway.data.state).toBe('success')
    expect(runway.data.videoInfo.videoUrl).toMatch(/\.mp4$/)
    const market = await client.getTask('market', veoId).catch((error: unknown) => error)
    expect(market).toMatchObject({ kind: 'api', code: 404, status: 404 })
  })

  it('market recordInfo keeps param and resultJson as JSON strings with ms timestamps', async () => {
    emulator.control.setCallbacks('off')
    const request = cases[0]!.request
    const taskId = await client.createTask(request)
    emulator.control.completeNow(taskId)
    const answer = (await (
      await fetch(`${emulator.url}/api/v1/jobs/recordInfo?taskId=${taskId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as { code: number; msg: string; data: Record<string, unknown> }
    expect(answer).toMatchObject({ code: 200, msg: 'success' })
    expect(JSON.parse(answer.data.param as string)).toEqual(request.body)
    expect(JSON.parse(answer.data.resultJson as string).resultUrls).toHaveLength(1)
    expect(answer.data).toMatchObject({ state: 'success', failCode: '', failMsg: '' })
    expect(typeof answer.data.createTime).toBe('number')
  })
})

describe('suno extend (POST /api/v1/generate/extend)', () => {
  const generate = {
    prompt: 'a calm song',
    customMode: false,
    instrumental: true,
    model: 'V4_5',
    callBackUrl: 'http://127.0.0.1:9/unused',
  }
  const extend = (audioId: string, model = 'V4_5') => ({
    family: 'suno' as const,
    path: '/api/v1/generate/extend',
    body: {
      defaultParamFlag: true,
      audioId,
      model,
      prompt: 'second verse',
      style: 'ambient',
      title: 'Calm (extended)',
      continueAt: 30,
      callBackUrl: 'http://127.0.0.1:9/unused',
    },
  })

  it('continues a track of a finished task, names it as the parent, and reports its own tracks', async () => {
    emulator.control.setCallbacks('off')
    const sourceId = await client.createTask({ family: 'suno', path: '/api/v1/generate', body: generate })
    emulator.control.completeNow(sourceId)
    const source = await untilFinal('suno', sourceId)
    expect(source.trackIds).toHaveLength(2)

    const taskId = await client.createTask(extend(source.trackIds![1]!))
    emulator.control.completeNow(taskId)
    const done = await untilFinal('suno', taskId)
    expect(done).toMatchObject({
      state: 'success',
      resultUrls: [expect.any(String), expect.any(String)],
      trackIds: [`${taskId}-0`, `${taskId}-1`],
    })
    const record = (await (
      await fetch(`${emulator.url}/api/v1/generate/record-info?taskId=${taskId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as {
      data: { parentMusicId: string; param: string }
    }
    expect(record.data.parentMusicId).toBe(source.trackIds![1])
    expect(JSON.parse(record.data.param)).toMatchObject({ audioId: source.trackIds![1], continueAt: 30 })
  })

  it('fails the task for a track no finished task has, or another model version, and charges nothing', async () => {
    emulator.control.setCallbacks('off')
    const sourceId = await client.createTask({ family: 'suno', path: '/api/v1/generate', body: generate })
    emulator.control.completeNow(sourceId)
    const source = await untilFinal('suno', sourceId)
    const credits = emulator.control.getCredits()
    for (const [request, message] of [
      [extend('no-such-track'), 'audioId no-such-track is not a track of a finished music task'],
      [extend(source.trackIds![0]!, 'V5'), "model V5 differs from the source track's model V4_5"],
    ] as const) {
      const taskId = await client.createTask(request)
      emulator.control.completeNow(taskId)
      expect(await untilFinal('suno', taskId)).toMatchObject({ state: 'fail', failMessage: message })
    }
    expect(emulator.control.getCredits()).toBe(credits)
  })

  it('refuses custom parameters without the lyrics, style, title or second to continue from', async () => {
    const { continueAt: _continueAt, ...body } = extend('any').body
    await expect(client.createTask({ ...extend('any'), body })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('continueAt is required when defaultParamFlag is true'),
    })
  })
})
