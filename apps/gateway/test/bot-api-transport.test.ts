import { createServer } from 'node:net'
import { startTelegramEmulator, type RunningTelegramEmulator } from '@kiebot/sandbox'
import { rejectionOf } from '@kiebot/testing'
import { Input, Telegram, TelegramError } from 'telegraf'
import { callsOverUndici, NoBotApiAnswerError } from '../src/bot/bot-api-transport'
import { isInfrastructureError } from '../src/infra'

// An update's Bot API calls over undici (bot/bot-api-transport.ts), against the Telegram
// emulator over real HTTP: what a handler gets back, answers and errors, is what telegraf's
// own client gives; uploads still go as telegraf sends them.
let emu: RunningTelegramEmulator
let token: string
let userId: number
let tg: Telegram

beforeAll(async () => {
  emu = await startTelegramEmulator()
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.control.reset()
  emu.control.configure({ flood: { enabled: false } })
  token = emu.control.createBot().token
  userId = emu.control.createUser({ first_name: 'Ann' }).id
  tg = new Telegram(token, { apiRoot: emu.url, webhookReply: false })
  callsOverUndici(tg)
})

it("answers with the Bot API's result, the body sent as JSON without its null values", async () => {
  const sent = await tg.sendMessage(userId, 'hello', {
    reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
    reply_parameters: undefined,
    message_thread_id: null as never,
  })
  expect(sent).toMatchObject({ text: 'hello', chat: { id: userId } })
  const edited = await tg.editMessageText(userId, sent.message_id, undefined, 'hello again')
  expect(edited).toMatchObject({ message_id: sent.message_id, text: 'hello again' })
  const [call] = emu.control.calls({ method: 'sendMessage' })
  expect(call?.contentType).toMatch(/^application\/json/)
  expect(call?.params).not.toHaveProperty('message_thread_id')
  expect(call?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] })
})

it("a refusal is telegraf's TelegramError with Telegram's code, description and parameters", async () => {
  const tooLong = await rejectionOf(tg.sendMessage(userId, 'x'.repeat(4097)))
  expect(tooLong).toBeInstanceOf(TelegramError)
  expect((tooLong as TelegramError).response).toEqual({
    ok: false,
    error_code: 400,
    description: 'Bad Request: message is too long',
  })
  emu.control.rateLimitNext({ method: 'sendMessage', retryAfter: 3 })
  const limited = (await rejectionOf(tg.sendMessage(userId, 'again'))) as TelegramError
  expect(limited).toBeInstanceOf(TelegramError)
  expect([limited.code, limited.parameters]).toEqual([429, { retry_after: 3 }])
  expect(limited.on).toMatchObject({ method: 'sendMessage' })
})

it('a server error is a TelegramError with the HTTP status, as telegraf reports it', async () => {
  emu.control.failNext('sendMessage', { errorCode: 502, description: 'Bad Gateway' })
  const error = (await rejectionOf(tg.sendMessage(userId, 'hi'))) as TelegramError
  expect(error).toBeInstanceOf(TelegramError)
  expect([error.code, error.description]).toEqual([502, 'Bad Gateway'])
})

it("an answer that is not the Bot API's is no TelegramError (its outcome is unknown) and shows no text of it", async () => {
  emu.control.failNext('sendMessage', { errorCode: 404, description: 'Not Found', html: true })
  const error = await rejectionOf(tg.sendMessage(userId, 'hi'))
  expect(error).toBeInstanceOf(NoBotApiAnswerError)
  expect(error).not.toBeInstanceOf(TelegramError)
  expect((error as Error).message).toBe('Telegram sendMessage: HTTP 404 without a Bot API answer')
})

it("stops at the caller's signal", async () => {
  emu.control.addLatency({ method: 'getMe', ms: 5_000, times: 1 })
  const started = Date.now()
  const error = await rejectionOf(tg.callApi('getMe', {}, { signal: AbortSignal.timeout(200) as never }))
  expect((error as Error).name).toMatch(/AbortError|TimeoutError/)
  expect(Date.now() - started).toBeLessThan(3_000)
})

it('an unreachable Bot API fails without the token in the error', async () => {
  const closed = await new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  const offline = new Telegram(token, { apiRoot: `http://127.0.0.1:${closed}`, webhookReply: false })
  callsOverUndici(offline)
  const error = (await rejectionOf(offline.getMe())) as Error & { code?: string }
  expect(error.code).toBe('ECONNREFUSED')
  expect(`${error.message} ${error.stack}`).not.toContain(token)
  expect(isInfrastructureError(error)).toBe(true) // the webhook answers 503: Telegram sends the update again
})

it('a connection the Bot API side drops mid-call is an outage, as it was with node-fetch', async () => {
  // a server that takes the request and closes the socket without an answer
  const server = createServer((socket) => socket.once('data', () => socket.destroy()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as { port: number }
    const dropping = new Telegram(token, { apiRoot: `http://127.0.0.1:${port}`, webhookReply: false })
    callsOverUndici(dropping)
    const error = (await rejectionOf(dropping.sendMessage(userId, 'hi'))) as Error & { code?: string }
    expect(error.code).toBe('UND_ERR_SOCKET')
    expect(isInfrastructureError(error)).toBe(true)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})

it('an upload goes as multipart, as telegraf sends it', async () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  )
  const sent = await tg.sendDocument(userId, Input.fromBuffer(png, 'dot.png'), { caption: 'a dot' })
  expect(sent).toMatchObject({ caption: 'a dot', document: { file_name: 'dot.png' } })
  const [call] = emu.control.calls({ method: 'sendDocument' })
  expect(call?.contentType).toMatch(/^multipart\/form-data/)
})
