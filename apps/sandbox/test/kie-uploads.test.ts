import { readFileSync } from 'node:fs'
import path from 'node:path'
import { KieClient, KieError } from '@kiebot/kie'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

const API_KEY = 'uploads-test-key'
const PNG = readFileSync(path.join(__dirname, '../fixtures/kie/result.png'))
const MP3 = readFileSync(path.join(__dirname, '../fixtures/kie/result.mp3'))
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY })
  // The API host is unreachable on purpose: uploads must go to the upload host.
  client = new KieClient({
    apiKey: API_KEY,
    baseUrl: 'http://127.0.0.1:9',
    uploadBaseUrl: emulator.uploadUrl,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
  })
})
afterAll(() => emulator.close())
beforeEach(() => emulator.control.reset())

async function download(url: string): Promise<{ type: string | null; bytes: Buffer }> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) }
}

describe('uploads on the upload host return a downloadUrl the emulator serves', () => {
  it('multipart stream upload of bytes', async () => {
    const uploaded = await client.uploadFile({
      data: PNG,
      uploadPath: 'images/user-uploads',
      fileName: 'u1-a.png',
      mimeType: 'image/png',
    })
    expect(uploaded).toMatchObject({
      fileName: 'u1-a.png',
      filePath: 'images/user-uploads/u1-a.png',
      fileSize: PNG.length,
      mimeType: 'image/png',
    })
    const { type, bytes } = await download(uploaded.downloadUrl)
    expect(type).toContain('image/png')
    expect(bytes.equals(PNG)).toBe(true)
    const [recorded] = emulator.control.requests({ path: '/api/file-stream-upload' })
    expect(recorded?.body).toEqual({
      uploadPath: 'images/user-uploads',
      fileName: 'u1-a.png',
      file: { fileName: 'u1-a.png', size: PNG.length, mimeType: 'image/png' },
    })
  })

  it('multipart upload of a Blob', async () => {
    const uploaded = await client.uploadFile({
      data: new Blob([MP3], { type: 'audio/mpeg' }),
      uploadPath: 'audio',
      fileName: 'voice.mp3',
    })
    const { type, bytes } = await download(uploaded.downloadUrl)
    expect(type).toContain('audio/mpeg')
    expect(bytes.equals(MP3)).toBe(true)
  })

  it('base64 upload (data URL)', async () => {
    const uploaded = await client.uploadBase64({
      base64Data: `data:image/png;base64,${PNG.toString('base64')}`,
      uploadPath: 'images',
      fileName: 'b64.png',
    })
    expect(uploaded.mimeType).toBe('image/png')
    expect((await download(uploaded.downloadUrl)).bytes.equals(PNG)).toBe(true)
  })

  it('URL upload: the emulator downloads the file itself', async () => {
    const source = await client.uploadFile({
      data: MP3,
      uploadPath: 'audio',
      fileName: 'source.mp3',
      mimeType: 'audio/mpeg',
    })
    const copied = await client.uploadFromUrl({
      fileUrl: source.downloadUrl,
      uploadPath: 'copies',
      fileName: 'copy.mp3',
    })
    expect(copied).toMatchObject({ filePath: 'copies/copy.mp3', mimeType: 'audio/mpeg', fileSize: MP3.length })
    expect((await download(copied.downloadUrl)).bytes.equals(MP3)).toBe(true)

    const error = await client
      .uploadFromUrl({ fileUrl: 'http://127.0.0.1:9/nothing.jpg', uploadPath: 'copies' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KieError)
    expect(error).toMatchObject({ kind: 'api', code: 400, retryable: false })
  })

  it('the same fileName overwrites the previous file', async () => {
    const first = await client.uploadFile({
      data: PNG,
      uploadPath: 'images',
      fileName: 'same.png',
      mimeType: 'image/png',
    })
    const second = await client.uploadFile({
      data: MP3,
      uploadPath: 'images',
      fileName: 'same.png',
      mimeType: 'audio/mpeg',
    })
    expect(second.downloadUrl).toBe(first.downloadUrl)
    expect((await download(first.downloadUrl)).bytes.equals(MP3)).toBe(true)
  })

  it('uploads are retried on 500 (idempotent: same name, same result)', async () => {
    emulator.control.failNext(1, { pathPrefix: '/api/file-stream-upload' })
    emulator.control.rateLimitNext(1, { pathPrefix: '/api/file-base64-upload' })
    await expect(client.uploadFile({ data: PNG, uploadPath: 'images', fileName: 'retry.png' })).resolves.toHaveProperty(
      'fileSize',
      PNG.length,
    )
    await expect(
      client.uploadBase64({ base64Data: PNG.toString('base64'), uploadPath: 'images', fileName: 'r.png' }),
    ).resolves.toHaveProperty('fileSize', PNG.length)
    expect(emulator.control.requests({ path: '/api/file-stream-upload' })).toHaveLength(2)
    expect(emulator.control.requests({ path: '/api/file-base64-upload' })).toHaveLength(2)
  })

  it('rejects a bad uploadPath', async () => {
    const error = await client
      .uploadBase64({ base64Data: PNG.toString('base64'), uploadPath: '/images/' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'api', code: 400, retryable: false })
  })
})

describe('download-url', () => {
  it('gives a temporary link for Kie files, 422 for other URLs, and is retried on 500', async () => {
    const api = new KieClient({
      apiKey: API_KEY,
      baseUrl: emulator.url,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    })
    emulator.control.setCallbacks('off')
    const taskId = await api.createTask({
      family: 'market',
      path: '/api/v1/jobs/createTask',
      body: { model: 'google/nano-banana', input: { prompt: 'p' } },
    })
    emulator.control.completeNow(taskId)
    const [resultUrl] = (await api.getTask('market', taskId)).resultUrls
    emulator.control.failNext(1, { pathPrefix: '/api/v1/common/download-url' })
    const link = await api.getDownloadUrl(resultUrl!)
    expect(link).toContain(new URL(resultUrl!).pathname)
    expect(new URL(link).searchParams.get('expires')).toMatch(/^\d+$/)
    expect((await download(link)).bytes.equals(PNG)).toBe(true)
    expect(emulator.control.requests({ path: '/api/v1/common/download-url' })).toHaveLength(2)

    const error = await api.getDownloadUrl('https://example.com/cat.png').catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'api', code: 422, retryable: false })
  })
})
