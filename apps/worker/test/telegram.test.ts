import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { enqueueTelegram, resendJobId, resultJobId } from '@kiebot/jobs'
import { freePort } from '@kiebot/testing'
import { Coordination } from '../src/coordination'
import { BotApi } from '../src/telegram/bot-api'
import { sendResultItem } from '../src/telegram/media'
import { checkResultUrl, isInternalAddress, type ResultFetchPolicy } from '../src/telegram/result-fetch'
import {
  BOT_TOKEN,
  createGeneration,
  createUser,
  ended,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// Delivery: the Telegram queue under a 429 storm, a user who blocked the bot, and the
// way each result goes out by size (URL, upload, document, link).
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  await spawnWorker(h, { TELEGRAM_SENDS_PER_SECOND: '25' })
}, 60_000)
afterAll(() => h.close())

describe('delivery queue', () => {
  it('a 429 storm: every message is delivered, none twice', async () => {
    const users: TestUser[] = []
    for (let i = 0; i < 4; i++) users.push(await createUser(h))
    // Telegram answers 429 to the next 40 calls whatever they are, on top of its flood control
    h.telegram.control.rateLimitNext({ times: 40, retryAfter: 2 })
    const texts: { chatId: number; text: string }[] = []
    for (const user of users)
      for (let n = 0; n < 6; n++) {
        const text = `broadcast ${user.id} #${n}`
        texts.push({ chatId: user.chatId, text })
        await enqueueTelegram(h.queues.telegram, {
          kind: 'text',
          chatId: String(user.chatId),
          text,
          origin: 'test-broadcast',
        })
      }
    const generations = await Promise.all(users.map((user) => createGeneration(h, user, { slug: 'nano-banana' })))
    for (const id of generations) expect((await waitForGeneration(h, id, ended, 60_000)).status).toBe('succeeded')
    await waitFor(
      'every broadcast text',
      async () => texts.every(({ chatId, text }) => sentTo(h, chatId).some((m) => m.text === text)),
      30_000,
    )
    for (const { chatId, text } of texts) expect(sentTo(h, chatId).filter((m) => m.text === text)).toHaveLength(1)
    for (const user of users) expect(sentTo(h, user.chatId).filter((m) => m.kind === 'photo')).toHaveLength(1)
    expect(
      h.telegram.control.calls({ ok: false }).filter((c) => c.error?.error_code === 429).length,
    ).toBeGreaterThanOrEqual(40)
  }, 120_000)

  it('a result Telegram refuses every way: a bounded number of attempts, then undelivered (charge kept) and the user pointed to the history', async () => {
    const user = await createUser(h)
    const refuse = (method: string) =>
      h.telegram.control.failNext(method, {
        chatId: user.chatId,
        times: Infinity,
        errorCode: 400,
        description: 'Bad Request: wrong type of the web page content',
      })
    refuse('sendPhoto')
    refuse('sendDocument')
    try {
      const id = await createGeneration(h, user, { slug: 'nano-banana' })
      refuse('sendMessage') // the link, the last way (after the status message was sent)
      const done = await waitForGeneration(h, id, ended, 30_000)
      expect(done).toMatchObject({ status: 'succeeded', undelivered: true, deliveredAt: null, deliveryAttempts: 3 })
      expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
      const status = await waitFor('the final status', async () => {
        const message = h.telegram.control.transcript(user.chatId).find((m) => m.messageId === done.statusMessageId)
        return /History/.test(message?.text ?? '') ? message : null
      })
      expect(status.text).toMatch(/Telegram would not accept the file/)
      expect(
        status.message.reply_markup?.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : '')),
      ).toEqual(['h:0'])
      // no endless re-sending: after the end nothing more is tried
      const photos = () => h.telegram.control.calls({ chatId: user.chatId, method: 'sendPhoto' }).length
      const tried = photos()
      expect(tried).toBeLessThanOrEqual(3 * 2)
      await new Promise((r) => setTimeout(r, 2500))
      expect(photos()).toBe(tried)
    } finally {
      h.telegram.control.clearFaults()
    }
  })

  it('what reaches a chat passes the log redaction: no bot token, no password', async () => {
    const user = await createUser(h)
    const text = `alert: GET ${h.telegram.url}/bot${BOT_TOKEN}/getMe failed; db postgresql://kiebot:pw-s3cret@db:5432/kiebot`
    await enqueueTelegram(h.queues.telegram, {
      kind: 'text',
      chatId: String(user.chatId),
      text,
      origin: 'test-redaction',
    })
    await waitFor('the alert', async () => sentTo(h, user.chatId).some((m) => m.text?.startsWith('alert:')), 30_000)
    const sent = sentTo(h, user.chatId).find((m) => m.text?.startsWith('alert:'))!
    expect(sent.text).not.toContain(BOT_TOKEN)
    expect(sent.text).not.toContain('pw-s3cret')
    expect(sent.text).toContain('postgresql://kiebot:[REDACTED]@db:5432/kiebot')
  })

  it('a user who blocked the bot: marked undelivered, charge kept, no more messages', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    h.telegram.control.blockBot(user.chatId)
    const done = await waitForGeneration(h, id, ended)
    expect(done).toMatchObject({ status: 'succeeded', undelivered: true, deliveredAt: null })
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
    expect((await h.db.user.findUniqueOrThrow({ where: { id: BigInt(user.id) } })).blockedBot).toBe(true)
    await new Promise((r) => setTimeout(r, 1000))
    const attempts = h.telegram.control.calls({ chatId: user.chatId }).filter((c) => c.method !== 'sendChatAction')
    expect(attempts.filter((c) => c.error?.error_code === 403)).toHaveLength(1)
    expect(attempts.filter((c) => c.startedAt > (done.completedAt?.getTime() ?? 0))).toHaveLength(0)
  })
})

describe('history re-send', () => {
  it('sends stored files by their file id and links as links, paced; a 429 resumes after what was sent', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.status).toBe('succeeded')
    const fileId = done.telegramFileIds[0]!
    // a second item that went out as a link, and a third Telegram never accepted
    await h.db.generation.update({
      where: { id },
      data: {
        telegramFileIds: [fileId, 'link:https://files.example.com/big.png'],
        resultUrls: [...done.resultUrls, 'https://files.example.com/big.png', 'https://files.example.com/third.png'],
      },
    })
    const before = sentTo(h, user.chatId).length
    h.telegram.control.rateLimitNext({ method: 'sendMessage', chatId: user.chatId, retryAfter: 1 })
    await enqueueTelegram(
      h.queues.telegram,
      { kind: 'resend', generationId: id, chatId: String(user.chatId) },
      { jobId: resendJobId(id, 1) },
    )
    await waitFor('the re-sent items', async () => sentTo(h, user.chatId).length >= before + 3, 30_000)
    await new Promise((r) => setTimeout(r, 500))
    const resent = sentTo(h, user.chatId).slice(before)
    expect(resent.map((m) => [m.kind, m.text ?? null])).toEqual([
      ['photo', null],
      ['text', 'https://files.example.com/big.png'],
      ['text', 'https://files.example.com/third.png'],
    ])
    const photoCalls = h.telegram.control
      .calls({ chatId: user.chatId, method: 'sendPhoto' })
      .filter((c) => c.startedAt >= (done.completedAt?.getTime() ?? 0))
    expect(photoCalls.map((c) => c.params.photo)).toEqual([fileId])
    expect(
      h.telegram.control
        .calls({ chatId: user.chatId, method: 'sendMessage' })
        .filter((c) => c.error?.error_code === 429),
    ).toHaveLength(1)
  })
})

describe('sending a result by size', () => {
  let files: Server
  let base: string
  const png = (size: number) => {
    const header = Buffer.from('89504e470d0a1a0a0000000d49484452000000400000004008060000', 'hex')
    return Buffer.concat([header, Buffer.alloc(size - header.length)])
  }
  const bodies: Record<string, Buffer> = {}
  const redirects: Record<string, string> = {}
  const requested: string[] = []
  const onGet: Record<string, () => void> = {}
  const local: ResultFetchPolicy = { allowedHosts: ['127.0.0.1'], allowPrivate: true }

  beforeAll(async () => {
    bodies['/small.png'] = png(1024)
    bodies['/six.png'] = png(6 * 1024 * 1024)
    bodies['/busy.png'] = png(6 * 1024 * 1024)
    bodies['/twelve.png'] = png(12 * 1024 * 1024)
    bodies['/huge.mp4'] = Buffer.alloc(51 * 1024 * 1024)
    files = createServer((req, res) => {
      requested.push(`${req.method} ${req.url}`)
      if (req.method === 'GET') onGet[req.url ?? '']?.()
      const target = redirects[req.url ?? '']
      if (target) return void res.writeHead(302, { location: target }).end()
      const body = bodies[req.url ?? '']
      if (!body) return void res.writeHead(404).end()
      res.writeHead(200, {
        'content-type': req.url!.endsWith('.png') ? 'image/png' : 'video/mp4',
        'content-length': body.length,
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    })
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
    redirects['/to-six.png'] = '/six.png'
    redirects['/to-elsewhere.png'] = 'http://files.example.com/six.png'
    redirects['/to-metadata.png'] = 'http://169.254.169.254/latest/meta-data'
  })
  afterAll(() => new Promise((resolve) => files.close(resolve)))

  const send = async (user: TestUser, path: string, kind: 'image' | 'video', policy = local, root = base) => {
    const bot = new BotApi({ token: BOT_TOKEN, apiRoot: h.telegram.url, timeoutMs: 30_000 })
    return sendResultItem(
      bot,
      { chatId: String(user.chatId), url: `${root}${path}`, kind, caption: 'result', linkText: `link ${root}${path}` },
      policy,
    )
  }

  it('follows a redirect to an allowed host, and none elsewhere (the result goes as a link)', async () => {
    const user = await createUser(h)
    expect(await send(user, '/to-six.png', 'image')).toMatch(/^AgAC/)
    expect(lastCall(user)).toMatchObject({ method: 'sendPhoto', contentType: expect.stringContaining('multipart') })
    for (const path of ['/to-elsewhere.png', '/to-metadata.png']) {
      expect(await send(user, path, 'image')).toBe(`link:${base}${path}`)
      expect(lastCall(user)).toMatchObject({ method: 'sendMessage' })
    }
  })

  it('never connects to loopback or private addresses unless allowed, whatever the name', async () => {
    const user = await createUser(h)
    const port = (files.address() as AddressInfo).port
    const before = requested.length
    // 'localhost' is an allowed name here, but it resolves to 127.0.0.1
    const strict: ResultFetchPolicy = { allowedHosts: ['localhost', '127.0.0.1'], allowPrivate: false }
    expect(await send(user, '/six.png', 'image', strict, `http://localhost:${port}`)).toBe(
      `link:http://localhost:${port}/six.png`,
    )
    expect(await send(user, '/six.png', 'image', strict)).toBe(`link:${base}/six.png`)
    // not an allowed host at all
    expect(await send(user, '/six.png', 'image', { allowedHosts: ['aiquickdraw.com'], allowPrivate: true })).toBe(
      `link:${base}/six.png`,
    )
    expect(requested.length).toBe(before)
  })

  it('allowed hosts cover their subdomains only; internal ranges include mapped and link-local ones', () => {
    const kie: ResultFetchPolicy = { allowedHosts: ['aiquickdraw.com'], allowPrivate: false }
    expect(checkResultUrl('https://tempfile.aiquickdraw.com/a/x.png', kie).hostname).toBe('tempfile.aiquickdraw.com')
    for (const url of [
      'https://aiquickdraw.com.evil.io/x.png',
      'https://evilaiquickdraw.com/x.png',
      'ftp://tempfile.aiquickdraw.com/x',
      'https://u:p@tempfile.aiquickdraw.com/x',
    ])
      expect(() => checkResultUrl(url, kie)).toThrow()
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ])
      expect(isInternalAddress(address)).toBe(true)
    for (const address of ['8.8.8.8', '104.16.0.1', '2606:4700::1111']) expect(isInternalAddress(address)).toBe(false)
  })
  const lastCall = (user: TestUser) => h.telegram.control.calls({ chatId: user.chatId, ok: true }).at(-1)!

  it('within the URL limit: Telegram fetches the URL', async () => {
    const user = await createUser(h)
    expect(await send(user, '/small.png', 'image')).toMatch(/^AgAC/)
    expect(lastCall(user)).toMatchObject({ method: 'sendPhoto', contentType: expect.stringContaining('json') })
  })

  it('a 6 MB photo (over the 5 MB URL limit) is downloaded and uploaded', async () => {
    const user = await createUser(h)
    expect(await send(user, '/six.png', 'image')).toMatch(/^AgAC/)
    expect(lastCall(user)).toMatchObject({ method: 'sendPhoto', contentType: expect.stringContaining('multipart') })
  })

  it('a downloaded result whose chat is busy for a moment waits in place: the file is fetched once', async () => {
    const user = await createUser(h)
    // a generation waiting on Kie, then moved to deliver with a 6 MB photo (downloaded and uploaded)
    h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 60_000 })
    let id: string
    try {
      id = await createGeneration(h, user, { slug: 'nano-banana' })
      await waitForGeneration(h, id, (g) => g.step === 'follow')
    } finally {
      h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
    }
    // the chat's slot is taken while the file downloads (as by a message sent just before)
    let held = false
    onGet['/busy.png'] = () => {
      if (held) return
      held = true
      void new Coordination(h.redis, h.prefix).holdChat(String(user.chatId), 150)
    }
    await h.db.$executeRaw`UPDATE generations SET step = 'deliver', kie_state = 'success',
      result_urls = ARRAY[${`${base}/busy.png`}]::text[] WHERE id = ${id}::uuid`
    await enqueueTelegram(h.queues.telegram, { kind: 'result', generationId: id }, { jobId: resultJobId(id) })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', telegramFileIds: [expect.stringMatching(/^AgAC/)] })
    expect(held).toBe(true)
    expect(requested.filter((r) => r === 'GET /busy.png')).toHaveLength(1)
    expect(sentTo(h, user.chatId).filter((m) => m.kind === 'photo')).toHaveLength(1)
  })

  it('a 12 MB photo (over the 10 MB photo upload limit) goes as a document', async () => {
    const user = await createUser(h)
    expect(await send(user, '/twelve.png', 'image')).toMatch(/^BQAC/)
    expect(lastCall(user).method).toBe('sendDocument')
  })

  it('a 51 MB video (over every limit) goes as a link', async () => {
    const user = await createUser(h)
    expect(await send(user, '/huge.mp4', 'video')).toBe(`link:${base}/huge.mp4`)
    expect(lastCall(user)).toMatchObject({
      method: 'sendMessage',
      params: expect.objectContaining({ text: `link ${base}/huge.mp4` }),
    })
  })
})

describe('the Bot API client on a misbehaving server', () => {
  // what the emulator does not model: an answer that never ends, a proxy's page, a closed port
  let server: Server
  let root: string
  let answer: (url: string, res: ServerResponse) => void
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => answer(req.url ?? '', res))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })
  const bot = (apiRoot = root) => new BotApi({ token: BOT_TOKEN, apiRoot, timeoutMs: 300 })
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => new Error('expected failure'),
      (caught: unknown) => caught as Error,
    )
    expect(error.name).toBe('TelegramApiError')
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(BOT_TOKEN)
    return error
  }

  it('an answer that never ends is cut at the timeout, worth a retry', async () => {
    answer = (_url, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"ok":true,')
    }
    const started = Date.now()
    const error = await failure(bot().call('sendMessage', { chat_id: 1, text: 'hi' }))
    expect(error).toMatchObject({ code: 0, description: 'no answer within 300 ms', retryable: true })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it("a proxy's page is not a Bot API answer; a closed port is a network error", async () => {
    answer = (_url, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>')
    expect(await failure(bot().call('sendMessage', { chat_id: 1, text: 'hi' }))).toMatchObject({
      code: 502,
      description: 'HTTP 502 without a Bot API answer',
      retryable: true,
    })
    const port = await freePort() // nothing listens there
    expect(await failure(bot(`http://127.0.0.1:${port}`).call('getMe', {}))).toMatchObject({
      code: 0,
      description: 'network error',
    })
  })

  it("downloads a user's file by its path, and refuses a missing or oversized one", async () => {
    const bytes = Buffer.from('the bytes of a photo')
    answer = (url, res) => {
      if (url.endsWith('/getFile'))
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, result: { file_id: 'f', file_path: 'photos/a.jpg' } }))
      if (url === `/file/bot${BOT_TOKEN}/photos/a.jpg`) return void res.writeHead(200).end(bytes)
      res.writeHead(404).end()
    }
    const file = await bot().downloadFile('f', 1_000)
    expect(Buffer.from(file.bytes).toString()).toBe('the bytes of a photo')
    expect(file.filePath).toBe('photos/a.jpg')
    expect(await failure(bot().downloadFile('f', 5))).toMatchObject({
      code: 400,
      description: expect.stringContaining('too big'),
    })
    answer = (url, res) =>
      url.endsWith('/getFile')
        ? void res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ok: true, result: { file_id: 'f', file_path: 'photos/gone.jpg' } }))
        : void res.writeHead(404).end()
    expect(await failure(bot().downloadFile('f', 1_000))).toMatchObject({ code: 400, description: 'HTTP 404' })
  })

  it('stops reading a file once it passes the bound, whatever getFile and its headers claimed', async () => {
    // getFile claims 10 bytes; the file streams on (no length declared), a megabyte and more
    let written = 0
    let closed!: () => void
    const stopped = new Promise<void>((resolve) => (closed = resolve))
    answer = (url, res) => {
      if (url.endsWith('/getFile'))
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, result: { file_id: 'f', file_size: 10, file_path: 'photos/endless.jpg' } }))
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      res.on('close', () => closed())
      const chunk = Buffer.alloc(64 * 1024, 1)
      const more = () => {
        while (!res.destroyed && written < 64 * 1024 * 1024) {
          written += chunk.length
          if (!res.write(chunk)) return void res.once('drain', more)
        }
      }
      more()
    }
    expect(await failure(bot().downloadFile('f', 100_000))).toMatchObject({
      code: 400,
      description: 'file is too big (more than 100000 bytes)',
    })
    await stopped
    // the connection was dropped near the bound, not read to the end
    expect(written).toBeLessThan(16 * 1024 * 1024)

    // a declared length above the bound is refused before any byte is read
    answer = (url, res) => {
      if (url.endsWith('/getFile'))
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, result: { file_id: 'f', file_path: 'photos/big.jpg' } }))
      res.writeHead(200, { 'content-length': '5000000' }).write(Buffer.alloc(1000))
    }
    expect(await failure(bot().downloadFile('f', 100_000))).toMatchObject({
      code: 400,
      description: 'file is too big (5000000 bytes)',
    })
  })
})
