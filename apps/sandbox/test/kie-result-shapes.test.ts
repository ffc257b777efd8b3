/**
 * The Kie emulator's results have the shape the request asked for, as the files' own bytes say
 * (read by the libraries the worker measures with: image-size, mp4box, music-metadata): an
 * image's pixel size follows its aspect ratio and resolution, a video its ratio, resolution and
 * duration, a track its length; Suno's record reports the true length of its tracks.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { imageSize } from 'image-size'
import sharp from 'sharp'
import { createFile, Log, MP4BoxBuffer, type Movie } from 'mp4box'
import { KieClient, type KieCreateRequest } from '@kiebot/kie'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'
import { retimeMp4 } from '../src/kie/media-files'
import { parseRatio } from '../src/kie/shapes'

Log.setLogLevel(Log.error)

const API_KEY = 'shapes-test-key'
const CALLBACK = 'http://127.0.0.1:9/cb'
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY, checkMediaUrls: false, credits: 1_000_000 })
  emulator.control.setCallbacks('off')
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, retry: { maxAttempts: 1 } })
})
afterAll(() => emulator.close())

/** creates the task, ends it now, and downloads its results */
async function results(request: KieCreateRequest): Promise<{ files: Buffer[]; urls: string[]; taskId: string }> {
  const taskId = await client.createTask({ ...request, body: { ...request.body, callBackUrl: CALLBACK } })
  emulator.control.completeNow(taskId)
  const urls = emulator.control.task(taskId)!.resultUrls
  const files = await Promise.all(urls.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())))
  return { files, urls, taskId }
}

const market = (model: string, input: Record<string, unknown>): KieCreateRequest => ({
  family: 'market',
  path: '/api/v1/jobs/createTask',
  body: { model, input },
})

function movie(bytes: Buffer): Movie {
  let info: Movie | undefined
  const file = createFile()
  file.onReady = (ready) => (info = ready)
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(new Uint8Array(bytes).buffer, 0), true)
  file.flush()
  if (!info) throw new Error('mp4box could not read the video')
  return info
}

/** the video's duration by its headers and by its samples, and the picture's size */
function videoFacts(bytes: Buffer) {
  const info = movie(bytes)
  const track = info.videoTracks[0]!
  return {
    seconds: info.duration / info.timescale,
    sampleSeconds: track.samples_duration / track.timescale,
    width: track.video!.width,
    height: track.video!.height,
  }
}

/** music-metadata is an ES module: read in a child process, as an independent measurement */
function audioSeconds(bytes: Buffer): number {
  const script =
    "import { parseBuffer } from 'music-metadata'; const chunks = []; for await (const c of process.stdin) chunks.push(c);" +
    'const m = await parseBuffer(Buffer.concat(chunks), { mimeType: "audio/mpeg" }, { duration: true }); console.log(m.format.duration)'
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.join(__dirname, '..'),
    input: bytes,
  })
  return Number(out.toString().trim())
}

describe('images', () => {
  it.each([
    ['16:9', '1K', 'png', 1024, 576],
    ['9:16', '2K', 'jpg', 1152, 2048],
    ['21:9', '1K', 'png', 1024, 438],
    ['1:1', '4K', 'png', 4096, 4096],
    ['4:3', '1K', 'jpg', 1024, 768],
  ])('nano-banana-pro %s %s %s → %i×%i', async (ratio, resolution, format, width, height) => {
    const { files, urls } = await results(
      market('nano-banana-pro', { prompt: 'a fox', aspect_ratio: ratio, resolution, output_format: format }),
    )
    expect(urls[0]).toMatch(new RegExp(`\\.${format}$`))
    expect(imageSize(files[0]!)).toMatchObject({ width, height, type: format })
  })

  it("no shape asked: the small square fixture; only a resolution: the catalog's default ratio; named sizes", async () => {
    const { files } = await results(market('google/nano-banana', { prompt: 'a fox' }))
    expect(imageSize(files[0]!)).toMatchObject({ width: 64, height: 64 })
    const pro = await results(market('nano-banana-pro', { prompt: 'a fox', resolution: '2K' }))
    expect(imageSize(pro.files[0]!)).toMatchObject({ width: 2048, height: 2048 })
    expect(parseRatio('landscape_16_9')).toEqual([16, 9])
    expect(parseRatio('portrait_4_3')).toEqual([3, 4])
    expect(parseRatio('square_hd')).toEqual([1, 1])
    expect(parseRatio('auto')).toBeNull()
  })

  it('"auto" keeps the shape of the input image (read from its bytes)', async () => {
    const portrait = await sharp({
      create: { width: 640, height: 1280, channels: 3, background: { r: 200, g: 90, b: 40 } },
    })
      .png()
      .toBuffer()
    const uploader = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, uploadBaseUrl: emulator.uploadUrl })
    const { downloadUrl } = await uploader.uploadFile({ data: portrait, uploadPath: 'tests', fileName: 'portrait.png' })
    const { files } = await results(
      market('nano-banana-pro', { prompt: 'make it autumn', image_input: [downloadUrl], aspect_ratio: 'auto' }),
    )
    expect(imageSize(files[0]!)).toMatchObject({ width: 512, height: 1024 })
  })
})

describe('videos', () => {
  it('Kling 2.6 9:16 for 10 s: a vertical 720p video that lasts 10 s', async () => {
    const { files } = await results(
      market('kling-2.6/text-to-video', { prompt: 'waves', aspect_ratio: '9:16', duration: '10', sound: false }),
    )
    expect(videoFacts(files[0]!)).toEqual({ seconds: 10, sampleSeconds: 10, width: 720, height: 1280 })
  })

  it('Veo 1080p 16:9 (its own API): 1920×1080 for its 8 s', async () => {
    const { files } = await results({
      family: 'veo',
      path: '/api/v1/veo/generate',
      body: { prompt: 'a city at night', model: 'veo3_fast', aspectRatio: '16:9', resolution: '1080p' },
    })
    expect(videoFacts(files[0]!)).toEqual({ seconds: 8, sampleSeconds: 8, width: 1920, height: 1080 })
  })

  it('Sora 2 portrait, 15 s', async () => {
    const { files } = await results(
      market('sora-2-text-to-video', { prompt: 'a cat', aspect_ratio: 'portrait', n_frames: '15' }),
    )
    expect(videoFacts(files[0]!)).toMatchObject({ seconds: 15, width: 720, height: 1280 })
  })

  it('retiming keeps every sample and stretches them evenly', () => {
    const source = readFileSync(path.join(__dirname, '..', 'fixtures', 'kie', 'video', '1280x720.mp4'))
    const before = movie(source).videoTracks[0]!
    const after = movie(retimeMp4(source, 6)).videoTracks[0]!
    expect(after.nb_samples).toBe(before.nb_samples)
    expect(after.samples_duration / after.timescale).toBe(6)
  })
})

describe('audio', () => {
  it('a sound effect of 7 s lasts 7 s', async () => {
    const { files } = await results(
      market('elevenlabs/sound-effect-v2', { text: 'rain on a roof', duration_seconds: 7 }),
    )
    expect(audioSeconds(files[0]!)).toBeCloseTo(7, 1)
  })

  it("Suno's two tracks last what its record says", async () => {
    const { files, taskId } = await results({
      family: 'suno',
      path: '/api/v1/generate',
      body: { prompt: 'a calm song', customMode: false, instrumental: false, model: 'V4_5' },
    })
    expect(files).toHaveLength(2)
    const record = await (
      await fetch(`${emulator.url}/api/v1/generate/record-info?taskId=${taskId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()
    const tracks = (record as { data: { response: { sunoData: { duration: number }[] } } }).data.response.sunoData
    expect(tracks.map((track) => track.duration)).toEqual([30, 30])
    for (const file of files) expect(audioSeconds(file)).toBeCloseTo(30, 1)
  })
})
