import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { freePort } from '@kiebot/testing'
import { KieClient, KieError } from '../src'

// Edge cases of the wire the emulator does not model, on a real local HTTP server.
const API_KEY = 'sk-transport-SECRET'
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 2_000 }
type Handler = (req: IncomingMessage, res: ServerResponse, body: string, hit: number) => void

let server: Server
let url: string
let handler: Handler
let hits: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      hits.push({ method: req.method, url: req.url, headers: req.headers, body })
      handler(req, res, body, hits.length)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  hits = []
})

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
}
const client = (): KieClient => new KieClient({ apiKey: API_KEY, baseUrl: url, uploadBaseUrl: url, retry: FAST_RETRY })
const create = { family: 'market' as const, path: '/api/v1/jobs/createTask', body: { model: 'm', input: {} } }

async function failure(promise: Promise<unknown>): Promise<KieError> {
  const error = await promise.then(
    () => new Error('expected failure'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(KieError)
  expect(JSON.stringify(error)).not.toContain(API_KEY)
  expect((error as Error).message).not.toContain(API_KEY)
  return error as KieError
}

describe('transport', () => {
  it('an upload answer without downloadUrl gives its fileUrl', async () => {
    handler = (_req, res) =>
      json(res, 200, { code: 200, msg: 'success', data: { fileUrl: 'https://files.example/x.png', fileName: 'x.png' } })
    await expect(
      client().uploadFromUrl({ fileUrl: 'https://src.example/x.png', uploadPath: 'in' }),
    ).resolves.toMatchObject({ downloadUrl: 'https://files.example/x.png', fileName: 'x.png' })
    handler = (_req, res) => json(res, 200, { code: 200, msg: 'success', data: { fileName: 'x.png' } })
    expect(
      await failure(client().uploadFromUrl({ fileUrl: 'https://src.example/x.png', uploadPath: 'in' })),
    ).toMatchObject({ kind: 'invalid_response' })
  })

  it('sends the bearer key and JSON, honouring a path prefix in the base URL', async () => {
    handler = (_req, res) => json(res, 200, { code: 200, msg: 'success', data: { taskId: 't1' } })
    const prefixed = new KieClient({ apiKey: API_KEY, baseUrl: `${url}/kie/`, retry: FAST_RETRY })
    await expect(prefixed.createTask(create)).resolves.toBe('t1')
    expect(hits[0]).toMatchObject({ method: 'POST', url: '/kie/api/v1/jobs/createTask' })
    expect(hits[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(hits[0]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(hits[0]!.body)).toEqual(create.body)
  })

  it('a connection dropped after the request: create is outcome_unknown, status calls retry', async () => {
    handler = (req) => req.socket.destroy()
    const error = await failure(client().createTask(create))
    expect(error).toMatchObject({ kind: 'outcome_unknown', retryable: false })
    expect(hits).toHaveLength(1)
    hits = []
    const status = await failure(client().getTask('veo', 'x'))
    expect(status).toMatchObject({ kind: 'network', retryable: true, attempts: 3 })
    expect(hits).toHaveLength(3)
  })

  it('a 200 that is not an envelope: create is outcome_unknown, others invalid_response', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok!')
    expect(await failure(client().createTask(create))).toMatchObject({ kind: 'outcome_unknown', status: 200 })
    expect(await failure(client().getCredits())).toMatchObject({
      kind: 'invalid_response',
      retryable: false,
      attempts: 1,
    })
  })

  it('an accepted create without a taskId is outcome_unknown', async () => {
    handler = (_req, res) => json(res, 200, { code: 200, msg: 'success', data: {} })
    expect(await failure(client().createTask(create))).toMatchObject({ kind: 'outcome_unknown', code: 200 })
  })

  it('waits at least Retry-After (capped by maxDelayMs) before retrying', async () => {
    handler = (_req, res, _body, hit) =>
      hit === 1
        ? json(res, 429, { code: 429, msg: 'slow down' }, { 'retry-after': '1' })
        : json(res, 200, { code: 200, msg: 'success', data: 42 })
    const started = Date.now()
    await expect(client().getCredits()).resolves.toBe(42)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('a message echoing the key is redacted', async () => {
    handler = (_req, res) => json(res, 401, { code: 401, message: `key ${API_KEY} is not valid` })
    const error = await failure(client().getCredits())
    expect(error.message).toContain('[REDACTED]')
    expect(error).toMatchObject({ code: 401, status: 401, retryable: false })
  })

  it('status code in the envelope wins over HTTP 200; HTTP error with code 200 uses the status', async () => {
    handler = (_req, res) => json(res, 200, { code: 455, msg: 'maintenance' })
    expect(await failure(client().getCredits())).toMatchObject({
      kind: 'api',
      code: 455,
      status: 200,
      retryable: true,
      attempts: 3,
    })
    handler = (_req, res) => json(res, 404, { code: 200, msg: 'odd' })
    expect(await failure(client().getCredits())).toMatchObject({
      kind: 'api',
      code: 404,
      status: 404,
      retryable: false,
    })
  })

  it('an answer that never ends is cut at the timeout: create is outcome_unknown, status calls retry', async () => {
    // the headers come at once, the body never finishes: the deadline covers the whole exchange
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"code":200,')
    }
    const slow = new KieClient({ apiKey: API_KEY, baseUrl: url, timeoutMs: 300, retry: FAST_RETRY })
    const started = Date.now()
    const error = await failure(slow.createTask(create))
    expect(error).toMatchObject({ kind: 'outcome_unknown', retryable: false })
    expect(error.message).toContain('no answer within 300 ms')
    expect(Date.now() - started).toBeLessThan(5_000)
    hits = []
    expect(await failure(slow.getTask('veo', 'x'))).toMatchObject({ kind: 'timeout', retryable: true, attempts: 3 })
    expect(hits).toHaveLength(3)
  })

  it('a refused connection: nothing was sent, so even a create may be tried again', async () => {
    const port = await freePort() // nothing listens there
    const refused = new KieClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}`, retry: FAST_RETRY })
    const error = await failure(refused.createTask(create))
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('a multipart upload carries its fields and the file bytes', async () => {
    handler = (_req, res) =>
      json(res, 200, {
        code: 200,
        msg: 'success',
        data: { downloadUrl: 'https://files.example/in/a.png', fileName: 'a.png' },
      })
    const bytes = new TextEncoder().encode('PNG-bytes-123') // ASCII: the test server reads bodies as text
    await expect(
      client().uploadFile({ data: bytes, uploadPath: 'in', fileName: 'a.png', mimeType: 'image/png' }),
    ).resolves.toMatchObject({ downloadUrl: 'https://files.example/in/a.png' })
    expect(hits[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    const body = hits[0]!.body
    expect(body).toContain('name="uploadPath"\r\n\r\nin\r\n')
    expect(body).toContain('name="fileName"\r\n\r\na.png\r\n')
    expect(body).toMatch(/name="file"; filename="a\.png"\r\nContent-Type: image\/png\r\n\r\nPNG-bytes-123\r\n/)
  })
})
