/** Documented limits and error answers, flood control (429 + retry_after), blocked users, injected faults. */
import { Input, Telegram } from 'telegraf'
import { startTelegramEmulator, type RunningTelegramEmulator } from '../src/telegram'
import { telegramError } from './support/telegram-error'

let emu: RunningTelegramEmulator
let tg: Telegram
let userId: number

const WINDOW_MS = 250

const badRequest = (reason: string) => ({ ok: false, error_code: 400, description: `Bad Request: ${reason}` })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'Button', callback_data: data }]] })

beforeAll(async () => {
  emu = await startTelegramEmulator()
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.control.reset()
  emu.control.configure({ flood: { enabled: false } })
  tg = new Telegram(emu.control.createBot().token, { apiRoot: emu.url })
  userId = emu.control.createUser({ first_name: 'Ann' }).id
})

describe('text, caption and callback_data limits', () => {
  it('text is 1-4096 characters after entity parsing and trimming', async () => {
    await expect(tg.sendMessage(userId, 'x'.repeat(4096))).resolves.toMatchObject({ text: 'x'.repeat(4096) })
    expect((await telegramError(tg.sendMessage(userId, 'x'.repeat(4097)))).response).toEqual(
      badRequest('message is too long'),
    )
    expect((await telegramError(tg.sendMessage(userId, ' \n '))).response).toEqual(badRequest('message text is empty'))
    // tags do not count: 4096 visible characters in bold is fine
    await expect(tg.sendMessage(userId, `<b>${'y'.repeat(4096)}</b>`, { parse_mode: 'HTML' })).resolves.toMatchObject({
      entities: [{ type: 'bold', offset: 0, length: 4096 }],
    })
    // surrounding spaces are trimmed
    await expect(tg.sendMessage(userId, '  padded  ')).resolves.toMatchObject({ text: 'padded' })
  })

  it('caption is 0-1024 characters', async () => {
    const photo = Input.fromBuffer(Buffer.alloc(100), 'a.jpg')
    await expect(tg.sendPhoto(userId, photo, { caption: 'c'.repeat(1024) })).resolves.toMatchObject({
      caption: 'c'.repeat(1024),
    })
    const error = await telegramError(
      tg.sendPhoto(userId, Input.fromBuffer(Buffer.alloc(100), 'b.jpg'), { caption: 'c'.repeat(1025) }),
    )
    expect(error.response).toEqual(badRequest('message caption is too long'))
    const sent = await tg.sendDocument(userId, Input.fromBuffer(Buffer.from('x'), 'x.txt'))
    expect(
      (await telegramError(tg.editMessageCaption(userId, sent.message_id, undefined, 'd'.repeat(1025)))).description,
    ).toBe('Bad Request: message caption is too long')
  })

  it('callback_data is 1-64 bytes (UTF-8 bytes, not characters)', async () => {
    await expect(tg.sendMessage(userId, 'ok', { reply_markup: keyboard('x'.repeat(64)) })).resolves.toBeDefined()
    await expect(tg.sendMessage(userId, 'ok', { reply_markup: keyboard('я'.repeat(32)) })).resolves.toBeDefined() // 64 bytes
    for (const data of ['я'.repeat(33), 'x'.repeat(65), '']) {
      expect((await telegramError(tg.sendMessage(userId, 'no', { reply_markup: keyboard(data) }))).response).toEqual(
        badRequest('BUTTON_DATA_INVALID'),
      )
    }
    const sent = await tg.sendMessage(userId, 'edit me')
    const error = await telegramError(
      tg.editMessageReplyMarkup(userId, sent.message_id, undefined, keyboard('z'.repeat(65))),
    )
    expect(error.description).toBe('Bad Request: BUTTON_DATA_INVALID')
  })

  it('HTML: balanced tags are parsed, broken markup is rejected', async () => {
    const sent = await tg.sendMessage(userId, '<b>bold <i>both</i></b> &lt;tag&gt; <code>x</code>', {
      parse_mode: 'HTML',
    })
    expect(sent).toMatchObject({ text: 'bold both <tag> x' })
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 9 },
      { type: 'italic', offset: 5, length: 4 },
      { type: 'code', offset: 16, length: 1 },
    ])
    for (const broken of ['<b>open', '<b>x</i>', '<blink>x</blink>', 'x </b>', 'a <b']) {
      const error = await telegramError(tg.sendMessage(userId, broken, { parse_mode: 'HTML' }))
      expect(error.description).toMatch(/^Bad Request: can't parse entities: /)
    }
    const code = await tg.sendMessage(userId, '<pre><code class="language-ts">const a = 1</code></pre>', {
      parse_mode: 'HTML',
    })
    expect(code.entities).toEqual([{ type: 'pre', offset: 0, length: 11, language: 'ts' }])
    // without parse_mode the same text is sent as is
    await expect(tg.sendMessage(userId, '<b>open')).resolves.toMatchObject({ text: '<b>open' })
  })
})

describe('edit and delete errors', () => {
  it('"message is not modified" when text and markup are the same', async () => {
    const sent = await tg.sendMessage(userId, 'Progress 10%', { reply_markup: keyboard('cancel') })
    const error = await telegramError(
      tg.editMessageText(userId, sent.message_id, undefined, 'Progress 10%', { reply_markup: keyboard('cancel') }),
    )
    expect(error.response).toEqual(
      badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      ),
    )
    // same text, markup removed: that is a change
    await expect(tg.editMessageText(userId, sent.message_id, undefined, 'Progress 10%')).resolves.toMatchObject({
      text: 'Progress 10%',
    })
    const markupOnly = await telegramError(tg.editMessageReplyMarkup(userId, sent.message_id, undefined, undefined))
    expect(markupOnly.description).toMatch(/^Bad Request: message is not modified/)
    expect(emu.control.transcript(userId)[0]?.edits).toHaveLength(1)
  })

  it('"message to edit not found" for unknown or deleted messages; users\' messages can\'t be edited', async () => {
    expect((await telegramError(tg.editMessageText(userId, 99, undefined, 'x'))).response).toEqual(
      badRequest('message to edit not found'),
    )
    const sent = await tg.sendMessage(userId, 'bye')
    await tg.deleteMessage(userId, sent.message_id)
    expect((await telegramError(tg.editMessageText(userId, sent.message_id, undefined, 'x'))).description).toBe(
      'Bad Request: message to edit not found',
    )
    const fromUser = emu.control.sendText(userId, 'my text')
    expect((await telegramError(tg.editMessageText(userId, fromUser.message_id, undefined, 'x'))).description).toBe(
      "Bad Request: message can't be edited",
    )
    expect((await telegramError(tg.editMessageText(424242, 1, undefined, 'x'))).description).toBe(
      'Bad Request: chat not found',
    )
  })
})

describe('callback query expiry', () => {
  it('a callback query can only be answered before it expires', async () => {
    emu.control.configure({ callbackQueryTimeoutMs: 100 })
    const sent = await tg.sendMessage(userId, 'Pick', { reply_markup: keyboard('pick') })
    const { queryId } = emu.control.pressButton(userId, sent.message_id, { text: 'Button' })
    await sleep(150)
    const error = await telegramError(tg.answerCbQuery(queryId))
    expect(error.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid')
    expect((await telegramError(tg.answerCbQuery('12345'))).code).toBe(400)
  })
})

describe('flood control', () => {
  beforeEach(() =>
    emu.control.configure({
      flood: { enabled: true, windowMs: WINDOW_MS, perChatBurst: 3, perChatPerWindow: 1, globalPerWindow: 30 },
    }),
  )

  it('a short burst per chat, then 429 with retry_after; waiting retry_after makes the next call succeed', async () => {
    for (let i = 1; i <= 3; i++) await tg.sendMessage(userId, `message ${i}`)
    const error = await telegramError(tg.sendMessage(userId, 'one too many'))
    expect(error.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    })
    expect(error.parameters?.retry_after).toBe(1)
    // other chats are not affected, getters and callback answers are not counted
    const other = emu.control.createUser({ first_name: 'Bob' }).id
    await expect(tg.sendMessage(other, 'hi Bob')).resolves.toBeDefined()
    await expect(tg.getMe()).resolves.toBeDefined()
    // still blocked until retry_after has passed
    expect((await telegramError(tg.sendMessage(userId, 'too soon'))).code).toBe(429)
    await sleep((error.parameters?.retry_after ?? 0) * WINDOW_MS)
    await expect(tg.sendMessage(userId, 'after waiting')).resolves.toMatchObject({ text: 'after waiting' })
  })

  it('edits count like sends', async () => {
    const sent = await tg.sendMessage(userId, 'status 0')
    await tg.editMessageText(userId, sent.message_id, undefined, 'status 1')
    await tg.editMessageText(userId, sent.message_id, undefined, 'status 2')
    const error = await telegramError(tg.editMessageText(userId, sent.message_id, undefined, 'status 3'))
    expect(error.code).toBe(429)
    expect(emu.control.calls({ method: 'editMessageText', ok: false })[0]?.error).toMatchObject({
      error_code: 429,
      parameters: { retry_after: 1 },
    })
  })

  it('about 30 per window over all chats', async () => {
    // a minute's window: six sends spread over a loaded machine's fraction of a second must not
    // see the bucket refill a token between them (at 5 a second they did, once in a full run)
    emu.control.configure({ flood: { globalPerWindow: 5, windowMs: 60_000 } })
    const users = Array.from({ length: 6 }, (_, i) => emu.control.createUser({ first_name: `U${i}` }).id)
    const results = await Promise.allSettled(users.map((id) => tg.sendMessage(id, 'broadcast')))
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5)
    const rejected = results.find((result) => result.status === 'rejected')
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 429, parameters: { retry_after: 1 } })
  })

  it('can be disabled', async () => {
    emu.control.configure({ flood: { enabled: false } })
    for (let i = 0; i < 10; i++) await tg.sendMessage(userId, `spam ${i}`)
    expect(emu.control.calls({ method: 'sendMessage', ok: true })).toHaveLength(10)
  })
})

describe('blocked user', () => {
  it('403 "bot was blocked by the user" until unblocked; the bot gets my_chat_member', async () => {
    emu.control.blockBot(userId)
    const error = await telegramError(tg.sendMessage(userId, 'hello?'))
    expect(error.response).toEqual({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    })
    expect((await telegramError(tg.sendPhoto(userId, Input.fromBuffer(Buffer.alloc(10), 'p.jpg')))).code).toBe(403)
    const [update] = await tg.getUpdates(0, 100, 0, undefined)
    expect(update).toMatchObject({
      my_chat_member: {
        chat: { id: userId },
        old_chat_member: { status: 'member' },
        new_chat_member: { status: 'kicked' },
      },
    })
    // the user writes again: Telegram unblocks the bot
    emu.control.sendCommand(userId, 'start')
    await expect(tg.sendMessage(userId, 'welcome back')).resolves.toBeDefined()
    const kinds = (await tg.getUpdates(0, 100, 0, undefined)).map((item) =>
      Object.keys(item).find((key) => key !== 'update_id'),
    )
    expect(kinds).toEqual(['my_chat_member', 'my_chat_member', 'message'])
  })
})

describe('invoice rules for Telegram Stars', () => {
  const invoice = {
    title: 'Credits',
    description: '100 credits',
    payload: 'order-1',
    provider_token: '',
    currency: 'XTR',
    prices: [{ label: 'Credits', amount: 100 }],
  }

  it.each([
    [
      'two prices',
      {
        prices: [
          { label: 'a', amount: 1 },
          { label: 'b', amount: 2 },
        ],
      },
      'STARS_INVOICE_INVALID',
    ],
    ['a provider token', { provider_token: '381764678:TEST:100' }, 'STARS_INVOICE_INVALID'],
    ['no prices', { prices: [] }, 'INVOICE_PRICES_EMPTY'],
    ['a 33-character title', { title: 't'.repeat(33) }, 'INVOICE_TITLE_INVALID'],
    ['an empty description', { description: '' }, 'INVOICE_DESCRIPTION_INVALID'],
    ['a 256-character description', { description: 'd'.repeat(256) }, 'INVOICE_DESCRIPTION_INVALID'],
    ['a 129-byte payload', { payload: 'p'.repeat(129) }, 'INVOICE_PAYLOAD_INVALID'],
    ['a 65-character payload of 2-byte letters', { payload: 'ж'.repeat(65) }, 'INVOICE_PAYLOAD_INVALID'],
  ])('rejects %s', async (_name, change, reason) => {
    const error = await telegramError(tg.sendInvoice(userId, { ...invoice, ...change }))
    expect(error.response).toEqual(badRequest(reason))
    expect((await telegramError(tg.createInvoiceLink({ ...invoice, ...change }))).description).toBe(
      `Bad Request: ${reason}`,
    )
  })

  it('accepts the limits themselves', async () => {
    const sent = await tg.sendInvoice(userId, {
      ...invoice,
      title: 't'.repeat(32),
      description: 'd'.repeat(255),
      payload: 'ж'.repeat(64),
    })
    expect(sent.invoice).toMatchObject({ currency: 'XTR', total_amount: 100 })
  })
})

describe('fault injection', () => {
  it('N times 5xx for a method, then normal answers', async () => {
    emu.control.failNext('sendMessage', { times: 2 })
    expect((await telegramError(tg.sendMessage(userId, 'a'))).code).toBe(500)
    expect((await telegramError(tg.sendMessage(userId, 'b'))).code).toBe(500)
    await expect(tg.sendMessage(userId, 'c')).resolves.toMatchObject({ text: 'c', message_id: 1 })
    expect(emu.control.calls({ method: 'sendMessage' }).map((call) => call.error?.error_code ?? 200)).toEqual([
      500, 500, 200,
    ])
  })

  it('a 429 burst with a chosen retry_after', async () => {
    emu.control.rateLimitNext({ times: 2, retryAfter: 7, chatId: userId })
    for (let i = 0; i < 2; i++) {
      const error = await telegramError(tg.sendMessage(userId, 'x'))
      expect(error.response).toEqual({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      })
    }
    await expect(tg.sendMessage(userId, 'x')).resolves.toBeDefined()
  })

  it('"file is too big" from getFile, injected or for a real file over 20 MB', async () => {
    const { fileId: small } = emu.control.sendMedia(userId, {
      kind: 'document',
      bytes: Buffer.from('small'),
      fileName: 's.txt',
    })
    emu.control.fileTooBig()
    expect((await telegramError(tg.getFile(small))).response).toEqual(badRequest('file is too big'))
    await expect(tg.getFile(small)).resolves.toMatchObject({ file_size: 5 })
    const { fileId: big } = emu.control.sendMedia(userId, {
      kind: 'video',
      bytes: Buffer.alloc(20 * 1024 * 1024 + 1),
      fileName: 'big.mp4',
    })
    expect((await telegramError(tg.getFile(big))).description).toBe('Bad Request: file is too big')
  })

  it('slow responses', async () => {
    // a latency far above what a loaded machine adds to a call, so the second call (no latency
    // left) stays well under half of it
    emu.control.addLatency({ method: 'getMe', ms: 1500, times: 1 })
    const started = Date.now()
    await tg.getMe()
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490)
    const again = Date.now()
    await tg.getMe()
    expect(Date.now() - again).toBeLessThan(750)
  })

  it('clearFaults drops what is armed', async () => {
    emu.control.failNext(undefined, { times: 5, errorCode: 502, description: 'Bad Gateway' })
    emu.control.clearFaults()
    await expect(tg.getMe()).resolves.toBeDefined()
  })
})
