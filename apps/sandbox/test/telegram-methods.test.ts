/**
 * Every emulated Bot API method through telegraf over real HTTP: the answer, and what the emulator
 * recorded (method, params, result).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Input, Telegram } from 'telegraf'
import { startTelegramEmulator, type RecordedCall, type RunningTelegramEmulator } from '../src/telegram'
import { telegramError } from './support/telegram-error'

let emu: RunningTelegramEmulator
let token: string
let tg: Telegram
let userId: number
let files: Server
let filesUrl: string

/** a PNG header with the given size (the emulator reads width/height from IHDR) */
function png(width: number, height: number, size = 256): Buffer {
  const bytes = Buffer.alloc(size)
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(bytes)
  bytes.writeUInt32BE(width, 16)
  bytes.writeUInt32BE(height, 20)
  return bytes
}

function lastCall(method: string): RecordedCall {
  const calls = emu.control.calls({ method })
  const call = calls[calls.length - 1]
  if (!call) throw new Error(`no ${method} call recorded`)
  return call
}

/** the pre_checkout_query of an update (telegraf's Update union does not narrow by key) */
function preCheckout(update: unknown): { id: string; currency: string; total_amount: number } {
  const query = (update as { pre_checkout_query?: { id: string; currency: string; total_amount: number } } | undefined)
    ?.pre_checkout_query
  if (!query) throw new Error(`not a pre_checkout_query update: ${JSON.stringify(update)}`)
  return query
}

/** telegraf 4.16 has no typed refundStarPayment; raw calls go through callApi */
const callRaw = (method: string, payload: object): Promise<unknown> =>
  (tg.callApi as unknown as (method: string, payload: object) => Promise<unknown>).call(tg, method, payload)

beforeAll(async () => {
  emu = await startTelegramEmulator({ flood: { enabled: false }, preCheckoutTimeoutMs: 2000 })
  files = createServer((req, res) => {
    if (req.url === '/cat.png') {
      res.writeHead(200, { 'content-type': 'image/png' })
      return void res.end(png(800, 600))
    }
    if (req.url === '/clip.mp3') {
      res.writeHead(200, { 'content-type': 'audio/mpeg' })
      return void res.end(Buffer.alloc(4000, 1))
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()))
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
})
afterAll(async () => {
  await emu.close()
  await new Promise<void>((resolve) => files.close(() => resolve()))
})
beforeEach(() => {
  emu.control.reset()
  token = emu.control.createBot({ username: 'kie_test_bot', firstName: 'Kie Test' }).token
  tg = new Telegram(token, { apiRoot: emu.url })
  userId = emu.control.createUser({ first_name: 'Ann', username: 'ann', language_code: 'ru' }).id
})

describe('bot info and commands', () => {
  it('getMe returns the bot user', async () => {
    const me = await tg.getMe()
    expect(me).toMatchObject({
      id: Number(token.split(':')[0]),
      is_bot: true,
      first_name: 'Kie Test',
      username: 'kie_test_bot',
    })
    expect(lastCall('getMe')).toMatchObject({ ok: true, result: me, source: 'http', httpMethod: 'POST' })
  })

  it('setMyCommands / getMyCommands per language_code and scope', async () => {
    await tg.setMyCommands([
      { command: 'start', description: 'Start' },
      { command: 'balance', description: 'Balance' },
    ])
    await tg.setMyCommands([{ command: 'start', description: 'Начать' }], { language_code: 'ru' })
    await tg.setMyCommands([{ command: 'vip', description: 'VIP' }], { scope: { type: 'chat', chat_id: userId } })
    expect(await tg.getMyCommands()).toEqual([
      { command: 'start', description: 'Start' },
      { command: 'balance', description: 'Balance' },
    ])
    expect(await tg.getMyCommands({ language_code: 'ru' })).toEqual([{ command: 'start', description: 'Начать' }])
    expect(await tg.getMyCommands({ language_code: 'de' })).toEqual([])
    expect(await tg.getMyCommands({ scope: { type: 'chat', chat_id: userId } })).toEqual([
      { command: 'vip', description: 'VIP' },
    ])
    expect(lastCall('setMyCommands').params).toEqual({
      commands: [{ command: 'vip', description: 'VIP' }],
      scope: { type: 'chat', chat_id: userId },
    })
    // what a Russian-speaking client shows in another private chat
    const other = emu.control.createUser({ first_name: 'Bob' }).id
    expect(emu.control.commands({ chatId: other, languageCode: 'ru' })).toEqual([
      { command: 'start', description: 'Начать' },
    ])
    const bad = await telegramError(tg.setMyCommands([{ command: 'Bad Command', description: 'x' }]))
    expect(bad.response).toEqual({ ok: false, error_code: 400, description: 'Bad Request: BOT_COMMAND_INVALID' })
  })
})

describe('webhook and updates', () => {
  it('setWebhook / getWebhookInfo / deleteWebhook', async () => {
    await expect(
      tg.setWebhook('http://127.0.0.1:9/hook', {
        secret_token: 's3cret',
        max_connections: 5,
        allowed_updates: ['message', 'callback_query'],
      }),
    ).resolves.toBe(true)
    expect(lastCall('setWebhook')).toMatchObject({
      ok: true,
      params: { url: 'http://127.0.0.1:9/hook', secret_token: 's3cret', max_connections: 5 },
    })
    const info = await tg.getWebhookInfo()
    expect(info).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 5,
      allowed_updates: ['message', 'callback_query'],
    })
    await expect(tg.deleteWebhook()).resolves.toBe(true)
    expect(await tg.getWebhookInfo()).toEqual({
      url: '',
      has_custom_certificate: false,
      pending_update_count: 0,
      allowed_updates: ['message', 'callback_query'],
    })
    expect(emu.control.calls().map((call) => call.method)).toEqual([
      'setWebhook',
      'getWebhookInfo',
      'deleteWebhook',
      'getWebhookInfo',
    ])
  })

  it('getUpdates returns queued updates and confirms them with offset', async () => {
    emu.control.sendText(userId, 'hello')
    emu.control.sendCommand(userId, 'start', 'ref_42')
    const updates = await tg.getUpdates(0, 100, 0, undefined)
    expect(updates).toHaveLength(2)
    const [first, second] = updates
    expect(first).toMatchObject({
      message: { text: 'hello', from: { id: userId, first_name: 'Ann' }, chat: { id: userId, type: 'private' } },
    })
    expect(second).toMatchObject({
      message: { text: '/start ref_42', entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
    })
    expect(second!.update_id).toBe(first!.update_id + 1)
    const confirmed = await tg.getUpdates(0, 100, second!.update_id + 1, undefined)
    expect(confirmed).toEqual([])
    expect(lastCall('getUpdates')).toMatchObject({
      ok: true,
      result: [],
      params: { offset: second!.update_id + 1, limit: 100, timeout: 0 },
    })
  })
})

describe('messages', () => {
  it('sendMessage with HTML and an inline keyboard', async () => {
    const sent = await tg.sendMessage(userId, 'Hello, <b>Ann</b>! <a href="https://kie.ai">Kie</a>', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Balance', callback_data: 'balance' }]] },
    })
    expect(sent).toMatchObject({
      message_id: 1,
      from: { is_bot: true, username: 'kie_test_bot' },
      chat: { id: userId, type: 'private', first_name: 'Ann', username: 'ann' },
      text: 'Hello, Ann! Kie',
      entities: [
        { type: 'bold', offset: 7, length: 3 },
        { type: 'text_link', offset: 12, length: 3, url: 'https://kie.ai' },
      ],
      reply_markup: { inline_keyboard: [[{ text: 'Balance', callback_data: 'balance' }]] },
    })
    expect(typeof sent.date).toBe('number')
    expect(lastCall('sendMessage')).toMatchObject({
      ok: true,
      chatId: userId,
      params: { chat_id: userId, parse_mode: 'HTML' },
      result: sent,
    })
    const [entry] = emu.control.transcript(userId)
    expect(entry).toMatchObject({
      direction: 'out',
      kind: 'text',
      text: 'Hello, Ann! Kie',
      rawText: 'Hello, <b>Ann</b>! <a href="https://kie.ai">Kie</a>',
      parseMode: 'HTML',
    })
    // message ids increase per chat
    const next = await tg.sendMessage(userId, 'second')
    expect(next.message_id).toBe(2)
    const other = emu.control.createUser({ first_name: 'Bob' }).id
    expect((await tg.sendMessage(other, 'first for Bob')).message_id).toBe(1)
  })

  it('editMessageText keeps an edit history', async () => {
    const sent = await tg.sendMessage(userId, 'Generating…', {
      reply_markup: { inline_keyboard: [[{ text: 'Cancel', callback_data: 'cancel:1' }]] },
    })
    const edited = await tg.editMessageText(userId, sent.message_id, undefined, 'Done ✅')
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Done ✅' })
    expect(edited).not.toHaveProperty('reply_markup') // no reply_markup in the edit removes the keyboard
    expect((edited as { edit_date?: number }).edit_date).toEqual(expect.any(Number))
    expect(lastCall('editMessageText')).toMatchObject({
      ok: true,
      params: { chat_id: userId, message_id: sent.message_id, text: 'Done ✅' },
    })
    const [entry] = emu.control.transcript(userId)
    expect(entry?.text).toBe('Done ✅')
    expect(entry?.edits.map((version) => version.message.text)).toEqual(['Generating…'])
  })

  it('editMessageReplyMarkup replaces the keyboard', async () => {
    const sent = await tg.sendMessage(userId, 'Pick', {
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    })
    const markup = { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] }
    const edited = await tg.editMessageReplyMarkup(userId, sent.message_id, undefined, markup)
    expect(edited).toMatchObject({ text: 'Pick', reply_markup: markup })
    expect(lastCall('editMessageReplyMarkup')).toMatchObject({ ok: true, params: { reply_markup: markup } })
  })

  it('editMessageCaption changes a media caption', async () => {
    const photo = await tg.sendPhoto(userId, Input.fromBuffer(png(640, 480), 'a.png'), { caption: 'v1' })
    const edited = await tg.editMessageCaption(userId, photo.message_id, undefined, '<i>v2</i>', { parse_mode: 'HTML' })
    expect(edited).toMatchObject({ caption: 'v2', caption_entities: [{ type: 'italic', offset: 0, length: 2 }] })
    expect(lastCall('editMessageCaption')).toMatchObject({
      ok: true,
      params: { caption: '<i>v2</i>', parse_mode: 'HTML' },
    })
    expect(emu.control.transcript(userId)[0]?.edits).toHaveLength(1)
  })

  it('deleteMessage marks the message deleted', async () => {
    const sent = await tg.sendMessage(userId, 'temporary')
    await expect(tg.deleteMessage(userId, sent.message_id)).resolves.toBe(true)
    expect(lastCall('deleteMessage')).toMatchObject({
      ok: true,
      result: true,
      params: { chat_id: userId, message_id: sent.message_id },
    })
    expect(emu.control.transcript(userId)[0]).toMatchObject({ deleted: true, text: 'temporary' })
    const again = await telegramError(tg.deleteMessage(userId, sent.message_id))
    expect(again.description).toBe('Bad Request: message to delete not found')
  })

  it('sendChatAction is recorded and published', async () => {
    const events: string[] = []
    const unsubscribe = emu.control.subscribe(
      userId,
      (event) => event.type === 'chat_action' && events.push(event.action),
    )
    await expect(tg.sendChatAction(userId, 'upload_photo')).resolves.toBe(true)
    unsubscribe()
    expect(events).toEqual(['upload_photo'])
    expect(lastCall('sendChatAction')).toMatchObject({ ok: true, params: { chat_id: userId, action: 'upload_photo' } })
    const wrong = await telegramError(callRaw('sendChatAction', { chat_id: userId, action: 'dancing' }))
    expect(wrong.description).toBe('Bad Request: wrong parameter action in request')
  })

  it('answerCallbackQuery answers a pressed button once', async () => {
    const sent = await tg.sendMessage(userId, 'Pick', {
      reply_markup: { inline_keyboard: [[{ text: 'Photo', callback_data: 'model:photo' }]] },
    })
    const { queryId, callbackQuery } = emu.control.pressButton(userId, sent.message_id, 'model:photo')
    expect(callbackQuery).toMatchObject({
      id: queryId,
      data: 'model:photo',
      from: { id: userId },
      message: { message_id: sent.message_id },
    })
    await expect(tg.answerCbQuery(queryId, 'Chosen', { show_alert: true })).resolves.toBe(true)
    expect(emu.control.callbackAnswer(queryId)).toMatchObject({ text: 'Chosen', showAlert: true })
    expect(lastCall('answerCallbackQuery')).toMatchObject({
      ok: true,
      params: { callback_query_id: queryId, text: 'Chosen', show_alert: true },
    })
    const twice = await telegramError(tg.answerCbQuery(queryId))
    expect(twice.response).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    })
  })
})

describe('media', () => {
  it('sendPhoto by upload returns PhotoSize[] with the real dimensions', async () => {
    const sent = await tg.sendPhoto(userId, Input.fromBuffer(png(1600, 1200, 5000), 'result.png'), {
      caption: 'Your image',
    })
    expect(sent.caption).toBe('Your image')
    expect(sent.photo).toHaveLength(2)
    const largest = sent.photo[sent.photo.length - 1]!
    expect(largest).toEqual({
      file_id: expect.stringMatching(/^AgAC/),
      file_unique_id: expect.any(String),
      width: 1600,
      height: 1200,
      file_size: 5000,
    })
    expect(sent.photo[0]).toMatchObject({ width: 320, height: 240 })
    expect(lastCall('sendPhoto')).toMatchObject({
      ok: true,
      contentType: 'multipart/form-data',
      params: { chat_id: userId, caption: 'Your image', photo: { upload: { size: 5000, fileName: 'result.png' } } },
    })
    // re-sending by file_id reuses the stored file
    const again = await tg.sendPhoto(userId, largest.file_id)
    expect(again.photo[again.photo.length - 1]?.file_id).toBe(largest.file_id)
  })

  it('sendVideo by upload', async () => {
    const sent = await tg.sendVideo(userId, Input.fromBuffer(Buffer.alloc(3000, 7), 'clip.mp4'), {
      duration: 5,
      width: 1280,
      height: 720,
    })
    expect(sent.video).toMatchObject({
      file_id: expect.stringMatching(/^BAAC/),
      duration: 5,
      width: 1280,
      height: 720,
      file_size: 3000,
      file_name: 'clip.mp4',
    })
    expect(lastCall('sendVideo')).toMatchObject({
      ok: true,
      params: { duration: 5, video: { upload: { size: 3000 } } },
    })
  })

  it('sendAudio by URL (the emulator fetches it)', async () => {
    const sent = await tg.sendAudio(userId, Input.fromURL(`${filesUrl}/clip.mp3`), { title: 'Song', performer: 'Suno' })
    expect(sent.audio).toMatchObject({ file_size: 4000, mime_type: 'audio/mpeg', file_name: 'clip.mp3' })
    expect(lastCall('sendAudio')).toMatchObject({
      ok: true,
      contentType: 'application/json',
      params: { audio: `${filesUrl}/clip.mp3` },
    })
    expect(emu.control.file(sent.audio.file_id)?.bytes.equals(Buffer.alloc(4000, 1))).toBe(true)
  })

  it('sendVoice by upload', async () => {
    const sent = await tg.sendVoice(userId, Input.fromBuffer(Buffer.alloc(900, 3), 'note.ogg'), { duration: 2 })
    expect(sent.voice).toMatchObject({ file_id: expect.stringMatching(/^AwAC/), duration: 2, file_size: 900 })
    expect(lastCall('sendVoice').ok).toBe(true)
  })

  it('sendDocument by upload', async () => {
    const sent = await tg.sendDocument(userId, Input.fromBuffer(Buffer.from('%PDF-1.4 hello'), 'report.pdf'), {
      caption: 'Report',
    })
    expect(sent.document).toMatchObject({
      file_id: expect.stringMatching(/^BQAC/),
      file_name: 'report.pdf',
      file_size: 14,
    })
    expect(sent.caption).toBe('Report')
    expect(lastCall('sendDocument')).toMatchObject({
      ok: true,
      params: { document: { upload: { fileName: 'report.pdf', size: 14 } } },
    })
  })

  it('getFile gives a path served under /file/bot<token>/', async () => {
    const sent = await tg.sendDocument(userId, Input.fromBuffer(Buffer.from('contents'), 'a.txt'))
    const file = await tg.getFile(sent.document.file_id)
    expect(file).toEqual({
      file_id: sent.document.file_id,
      file_unique_id: sent.document.file_unique_id,
      file_size: 8,
      file_path: expect.stringMatching(/^documents\/file_\d+\.txt$/),
    })
    expect(lastCall('getFile')).toMatchObject({ ok: true, result: file })
    const link = await tg.getFileLink(file)
    expect(link.href).toBe(`${emu.url}/file/bot${token}/${file.file_path}`)
    const download = await fetch(link)
    expect(download.status).toBe(200)
    expect(await download.text()).toBe('contents')
  })
})

describe('payments', () => {
  const stars = {
    title: '100 credits',
    description: 'Credits for generations',
    payload: 'order-1',
    provider_token: '',
    currency: 'XTR',
    prices: [{ label: '100 credits', amount: 50 }],
  }

  it('sendInvoice sends an invoice message with a Pay button', async () => {
    const sent = await tg.sendInvoice(userId, stars)
    expect(sent).toMatchObject({
      invoice: {
        title: '100 credits',
        description: 'Credits for generations',
        currency: 'XTR',
        total_amount: 50,
        start_parameter: '',
      },
      reply_markup: { inline_keyboard: [[{ text: 'Pay ⭐️50', pay: true }]] },
    })
    expect(lastCall('sendInvoice')).toMatchObject({
      ok: true,
      params: { payload: 'order-1', currency: 'XTR', prices: [{ label: '100 credits', amount: 50 }] },
    })
    expect(emu.control.transcript(userId)[0]?.kind).toBe('invoice')
  })

  it('createInvoiceLink returns a t.me link the user can pay', async () => {
    const link = await tg.createInvoiceLink(stars)
    expect(link).toMatch(/^https:\/\/t\.me\/\$[\w-]+$/)
    expect(lastCall('createInvoiceLink')).toMatchObject({ ok: true, result: link })
    const paying = emu.control.payInvoiceLink(link, userId)
    const [update] = await tg.getUpdates(0, 100, 0, undefined)
    await tg.answerPreCheckoutQuery(preCheckout(update).id, true)
    await expect(paying).resolves.toMatchObject({ status: 'paid' })
  })

  it('answerPreCheckoutQuery ok:true leads to successful_payment', async () => {
    const invoice = await tg.sendInvoice(userId, stars)
    const paying = emu.control.payInvoice(userId, invoice.message_id)
    const [update] = await tg.getUpdates(0, 100, 0, undefined)
    const query = preCheckout(update)
    expect(query).toMatchObject({ from: { id: userId }, currency: 'XTR', total_amount: 50, invoice_payload: 'order-1' })
    await expect(tg.answerPreCheckoutQuery(query.id, true)).resolves.toBe(true)
    expect(lastCall('answerPreCheckoutQuery')).toMatchObject({
      ok: true,
      params: { pre_checkout_query_id: query.id, ok: true },
    })
    const result = await paying
    expect(result.status).toBe('paid')
  })

  it('refundStarPayment (raw call: not typed in telegraf 4.16)', async () => {
    const invoice = await tg.sendInvoice(userId, stars)
    const paying = emu.control.payInvoice(userId, invoice.message_id)
    const [update] = await tg.getUpdates(0, 100, 0, undefined)
    await tg.answerPreCheckoutQuery(preCheckout(update).id, true)
    const paid = await paying
    if (paid.status !== 'paid') throw new Error(paid.status)
    await expect(
      callRaw('refundStarPayment', { user_id: userId, telegram_payment_charge_id: paid.chargeId }),
    ).resolves.toBe(true)
    expect(lastCall('refundStarPayment')).toMatchObject({
      ok: true,
      params: { user_id: userId, telegram_payment_charge_id: paid.chargeId },
    })
    expect(emu.control.transcript(userId).map((entry) => entry.kind)).toEqual([
      'invoice',
      'successful_payment',
      'refunded_payment',
    ])
  })
})

describe('protocol', () => {
  it('unknown method → 404 Not Found, recorded', async () => {
    const response = await fetch(`${emu.url}/bot${token}/sendTelepathy`, { method: 'POST' })
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' })
    expect(lastCall('sendTelepathy')).toMatchObject({ ok: false, error: { error_code: 404 } })
  })

  it('method names are case-insensitive', async () => {
    const response = await fetch(`${emu.url}/bot${token}/GETME`)
    expect(await response.json()).toMatchObject({ ok: true, result: { username: 'kie_test_bot' } })
    expect(lastCall('getMe').httpMethod).toBe('GET')
  })

  it('unknown token → 401; tokens of the right shape are accepted as new bots', async () => {
    const bad = await fetch(`${emu.url}/bot123:short/getMe`)
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' })
    const wrongSecret = await fetch(`${emu.url}/bot${token.split(':')[0]}:${'x'.repeat(35)}/getMe`)
    expect(wrongSecret.status).toBe(401)
    const fresh = new Telegram(`555000111:${'A'.repeat(35)}`, { apiRoot: emu.url })
    await expect(fresh.getMe()).resolves.toMatchObject({ id: 555000111, is_bot: true })
    expect(emu.control.bots().map((bot) => bot.id)).toContain(555000111)
  })

  it('unknown field and missing required field → 400', async () => {
    const unknown = await telegramError(callRaw('sendMessage', { chat_id: userId, text: 'x', colour: 'red' }))
    expect(unknown.response).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: unknown parameter "colour"',
    })
    const missing = await telegramError(callRaw('sendMessage', { chat_id: userId }))
    expect(missing.description).toBe('Bad Request: message text is empty')
    const mistyped = await telegramError(
      callRaw('sendMessage', { chat_id: userId, text: 'x', disable_notification: 'maybe' }),
    )
    expect(mistyped.description).toMatch(/^Bad Request: field "disable_notification" must be of type Boolean/)
    expect(emu.control.calls({ ok: false })).toHaveLength(3)
  })

  it('GET with a query string and urlencoded bodies work like JSON', async () => {
    const viaQuery = await fetch(`${emu.url}/bot${token}/sendMessage?chat_id=${userId}&text=from%20query`)
    expect(await viaQuery.json()).toMatchObject({ ok: true, result: { text: 'from query', chat: { id: userId } } })
    const viaForm = await fetch(`${emu.url}/bot${token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: String(userId),
        text: 'from form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'ok', callback_data: 'ok' }]] }),
      }),
    })
    expect(await viaForm.json()).toMatchObject({
      ok: true,
      result: { text: 'from form', reply_markup: { inline_keyboard: [[{ text: 'ok', callback_data: 'ok' }]] } },
    })
    expect(lastCall('sendMessage')).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      params: { chat_id: userId },
    })
  })

  it('chat not found', async () => {
    const error = await telegramError(tg.sendMessage(424242, 'hi'))
    expect(error.response).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat not found' })
  })

  it('spec methods the emulator does not implement answer 501', async () => {
    const error = await telegramError(tg.sendDice(userId))
    expect(error.code).toBe(501)
    expect(lastCall('sendDice').error?.description).toBe('Not Implemented: method sendDice is not emulated')
  })
})
