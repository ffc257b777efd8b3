import { PassThrough } from 'node:stream'
import { createLogger, registerSecret } from '@kiebot/logger'

const BOT_TOKEN = '7012345678:AAHk3vQ9x_Zr-secretsecretsecretsecret12'
const KIE_KEY = 'kie-live-8f1f2a9b7c6d5e4f'

function capture(format: 'json' | 'pretty' = 'json') {
  const stream = new PassThrough()
  const lines: string[] = []
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)))
  const logger = createLogger({ service: 'test', level: 'debug', format, stream })
  const flush = () => new Promise<string[]>((resolve) => setImmediate(() => resolve(lines)))
  return { logger, flush }
}

describe('logger', () => {
  beforeAll(() => {
    registerSecret(KIE_KEY)
  })

  it('writes JSON entries with service, level and timestamp', async () => {
    const { logger, flush } = capture()
    logger.info('hello', { answer: 42 })
    const [line] = await flush()
    const entry = JSON.parse(line!)
    expect(entry).toMatchObject({ level: 'info', message: 'hello', service: 'test', answer: 42 })
    expect(typeof entry.timestamp).toBe('string')
  })

  it("a child logger adds an update's or a job's ids to every entry, its parent none", async () => {
    // how both apps carry their context: the gateway a child per update, the worker per job
    const { logger, flush } = capture()
    const update = logger.child({ updateId: 7, userId: 99n })
    const job = update.child({ generationId: 'gen-1' })
    await new Promise((r) => setTimeout(r, 5))
    job.info('inner')
    update.info('outer')
    logger.info('outside')
    const [inner, outer, outside] = (await flush()).map((l) => JSON.parse(l))
    expect(inner).toMatchObject({ message: 'inner', updateId: 7, userId: '99', generationId: 'gen-1' })
    expect(outer).toMatchObject({ message: 'outer', updateId: 7, userId: '99' })
    expect(outer.generationId).toBeUndefined()
    expect(outside.updateId).toBeUndefined()
  })

  it('redacts bot tokens, Telegram file URLs, API keys, bearer values and secret fields', async () => {
    const { logger, flush } = capture()
    const fileUrl = `https://api.telegram.org/file/bot${BOT_TOKEN}/photos/file_7.jpg`
    logger.warn(`download failed: ${fileUrl}`, {
      url: `http://127.0.0.1:8081/bot${BOT_TOKEN}/sendMessage`,
      headers: { Authorization: `Bearer ${KIE_KEY}`, 'x-other': 'fine' },
      nested: { deep: [`key was ${KIE_KEY}`], webhookSecret: 'my-webhook-secret-value' },
      apiKey: 'whatever-value',
    })
    logger.error(new Error(`request to ${fileUrl} with ${KIE_KEY} failed`))
    const lines = await flush()
    const all = lines.join('\n')
    expect(all).not.toContain(BOT_TOKEN)
    expect(all).not.toContain(KIE_KEY)
    expect(all).not.toContain('/file/bot')
    expect(all).not.toContain('my-webhook-secret-value')
    expect(all).not.toContain('whatever-value')
    const [warn, error] = lines.map((l) => JSON.parse(l))
    expect(warn.message).toBe('download failed: [telegram-file-url]')
    expect(warn.url).toBe('http://127.0.0.1:8081/bot[bot-token]/sendMessage')
    expect(warn.headers).toEqual({ Authorization: '[REDACTED]', 'x-other': 'fine' })
    expect(warn.nested.deep).toEqual(['key was [REDACTED]'])
    expect(error.message).toBe('request to [telegram-file-url] with [REDACTED] failed')
    expect(error.stack).toContain('request to [telegram-file-url]')
  })

  it('redacts passwords inside DATABASE_URL and REDIS_URL', async () => {
    const { logger, flush } = capture()
    logger.error('cannot connect', {
      error: new Error('connect postgresql://kiebot:s3cr%40t-pass@db:5432/kiebot failed'),
      redis: 'redis://:r3dis-pass@redis:6379/0',
      tls: 'rediss://default:an0ther-pass@cache.example.com:6380',
    })
    const [line] = await flush()
    expect(line).not.toContain('s3cr%40t-pass')
    expect(line).not.toContain('r3dis-pass')
    expect(line).not.toContain('an0ther-pass')
    const entry = JSON.parse(line!)
    expect(entry.redis).toBe('redis://:[REDACTED]@redis:6379/0')
    expect(entry.tls).toBe('rediss://default:[REDACTED]@cache.example.com:6380')
    expect(entry.error.message).toBe('connect postgresql://kiebot:[REDACTED]@db:5432/kiebot failed')
  })

  it('redacts in the readable format too', async () => {
    const { logger, flush } = capture('pretty')
    logger.info(`token ${BOT_TOKEN} and key ${KIE_KEY}`)
    const [line] = await flush()
    expect(line).toContain('info [test] token [bot-token] and key [REDACTED]')
  })

  it('respects the level', async () => {
    const stream = new PassThrough()
    const lines: string[] = []
    stream.on('data', (c: Buffer) => lines.push(c.toString()))
    const logger = createLogger({ service: 'test', level: 'warn', format: 'json', stream })
    logger.info('dropped')
    logger.warn('kept')
    await new Promise((r) => setImmediate(r))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('kept')
  })

  it('drops an entry below the level before formatting it, in children too and after a level change', async () => {
    const stream = new PassThrough()
    const lines: string[] = []
    stream.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)))
    const logger = createLogger({ service: 'test', level: 'warn', format: 'json', stream })
    // the formats' redaction reads every field of an entry it formats
    let reads = 0
    const meta = () => ({
      get detail() {
        reads++
        return 'x'
      },
    })
    const child = logger.child({ jobId: 'j-1' })
    logger.info('dropped', meta())
    child.info('dropped too', meta())
    logger.debug('dropped as well', meta())
    expect(reads).toBe(0)
    child.warn('kept', meta())
    expect(reads).toBe(1)
    logger.level = 'info'
    child.info('now kept', meta())
    logger.debug('still dropped', meta())
    await new Promise((r) => setImmediate(r))
    expect(reads).toBe(2)
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'warn', message: 'kept', jobId: 'j-1', detail: 'x' }),
      expect.objectContaining({ level: 'info', message: 'now kept', jobId: 'j-1', detail: 'x' }),
    ])
    // a level method called detached (`.catch(logger.warn)`), as winston allows
    const { warn, debug } = logger
    debug('detached, dropped')
    warn('detached, kept')
    await new Promise((r) => setImmediate(r))
    expect(lines.slice(2).map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['detached, kept'])
  })
})
