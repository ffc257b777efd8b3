/**
 * Updates: webhook delivery (secret header, retries with back-off, timeouts, per-chat order,
 * duplicates, allowed_updates, drop_pending_updates, webhook replies) and getUpdates long polling.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Markup, Telegraf, Telegram, TelegramError } from 'telegraf'
import { startTelegramEmulator, type RunningTelegramEmulator } from '../src/telegram'

interface Received {
  update: { update_id: number; message?: { text?: string; chat: { id: number } }; callback_query?: { data?: string } }
  secret: string | undefined
  startedAt: number
  endedAt?: number
}

interface Receiver {
  url: string
  received: Received[]
  close(): Promise<void>
}

type Respond = (received: Received, index: number) => number | Promise<number>

const servers: Server[] = []
const bots: Telegraf[] = []

function listen(server: Server): Promise<string> {
  servers.push(server)
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  )
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** a plain webhook endpoint that records every POST and answers what `respond` says */
async function startReceiver(respond: Respond = () => 200): Promise<Receiver> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    void (async () => {
      const entry: Received = {
        update: JSON.parse(await readBody(req)) as Received['update'],
        secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
        startedAt: Date.now(),
      }
      received.push(entry)
      const status = await respond(entry, received.length - 1)
      entry.endedAt = Date.now()
      res.writeHead(status).end()
    })()
  })
  const url = await listen(server)
  return { url: `${url}/hook`, received, close: () => closeServer(server) }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}

let emu: RunningTelegramEmulator
let token: string
let tg: Telegram
let userId: number

beforeAll(async () => {
  emu = await startTelegramEmulator({ flood: { enabled: false } })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.control.reset()
  emu.control.configure({ webhook: { retryBaseMs: 20, retryMaxMs: 100, timeoutMs: 2000 } })
  token = emu.control.createBot({ username: 'hook_bot' }).token
  tg = new Telegram(token, { apiRoot: emu.url })
  userId = emu.control.createUser({ first_name: 'Ann' }).id
})
afterEach(async () => {
  emu.control.reset()
  for (const bot of bots.splice(0)) bot.stop()
  await Promise.all(servers.splice(0).map(closeServer))
})

describe('webhook delivery', () => {
  it('telegraf behind webhookCallback gets updates with the secret header and replies', async () => {
    const bot = new Telegraf(token, { telegram: { apiRoot: emu.url, webhookReply: false } })
    bot.start((ctx) =>
      ctx.reply(`Hi, ${ctx.from.first_name}!`, Markup.inlineKeyboard([Markup.button.callback('Balance', 'balance')])),
    )
    bot.action('balance', async (ctx) => {
      await ctx.answerCbQuery('Your balance: 0')
      await ctx.editMessageText('Balance: 0 ⭐️')
    })
    const handler = bot.webhookCallback('/telegram/webhook', { secretToken: 'the-secret_1' })
    const url = await listen(createServer((req, res) => void handler(req, res, () => res.writeHead(404).end())))
    await bot.telegram.setWebhook(`${url}/telegram/webhook`, {
      secret_token: 'the-secret_1',
      allowed_updates: ['message', 'callback_query'],
    })

    emu.control.sendCommand(userId, 'start')
    const greeting = await emu.control.waitForMessage(userId, (entry) => entry.text === 'Hi, Ann!')
    const { queryId } = emu.control.pressButton(userId, greeting.messageId, 'balance')
    await expect(emu.control.waitForCallbackAnswer(queryId)).resolves.toMatchObject({ text: 'Your balance: 0' })
    await emu.control.waitForMessage(userId, (entry) => entry.text === 'Balance: 0 ⭐️')
    await emu.control.waitForNoPendingUpdates()
    expect(await tg.getWebhookInfo()).toMatchObject({ url: `${url}/telegram/webhook`, pending_update_count: 0 })
    expect(emu.control.transcript(userId)[1]?.edits.map((version) => version.message.text)).toEqual(['Hi, Ann!'])
  })

  it('posts JSON with X-Telegram-Bot-Api-Secret-Token; update_id increases by one per bot', async () => {
    const receiver = await startReceiver()
    await tg.setWebhook(receiver.url, { secret_token: 'abc' })
    emu.control.sendText(userId, 'one')
    emu.control.sendText(userId, 'two')
    await eventually(() => receiver.received.length === 2)
    expect(receiver.received.map((entry) => entry.secret)).toEqual(['abc', 'abc'])
    const [first, second] = receiver.received.map((entry) => entry.update)
    expect(first?.message?.text).toBe('one')
    expect(second?.update_id).toBe((first?.update_id ?? 0) + 1)
  })

  it('a wrong secret (telegraf answers 403) is retried and shows in getWebhookInfo until fixed', async () => {
    const bot = new Telegraf(token, { telegram: { apiRoot: emu.url, webhookReply: false } })
    bot.on('message', (ctx) => ctx.reply('got it'))
    const handler = bot.webhookCallback('/hook', { secretToken: 'right' })
    const url = await listen(createServer((req, res) => void handler(req, res))) // telegraf answers 403 itself
    await tg.setWebhook(`${url}/hook`, { secret_token: 'wrong' })
    emu.control.sendText(userId, 'hello')
    await emu.control.waitForEvent((event) => event.type === 'webhook_delivery' && event.attempt === 2)
    const info = await tg.getWebhookInfo()
    expect(info).toMatchObject({
      pending_update_count: 1,
      last_error_message: 'Wrong response from the webhook: 403 Forbidden',
      last_error_date: expect.any(Number),
    })
    await tg.setWebhook(`${url}/hook`, { secret_token: 'right' })
    await emu.control.waitForMessage(userId, (entry) => entry.text === 'got it')
  })

  it('retries non-2xx answers with back-off until a 2xx', async () => {
    const receiver = await startReceiver((_entry, index) => (index < 3 ? [500, 502, 404][index]! : 200))
    await tg.setWebhook(receiver.url)
    emu.control.sendText(userId, 'persistent')
    await eventually(() => receiver.received.length === 4)
    await emu.control.waitForNoPendingUpdates()
    const ids = new Set(receiver.received.map((entry) => entry.update.update_id))
    expect(ids.size).toBe(1)
    const gaps = receiver.received.slice(1).map((entry, i) => entry.startedAt - receiver.received[i]!.startedAt)
    expect(gaps[0]).toBeGreaterThanOrEqual(15) // 20 ms, then 40, then 80
    expect(gaps[2]).toBeGreaterThanOrEqual(60)
    const deliveries = emu.control.calls() // no API calls were needed for that
    expect(deliveries).toHaveLength(1) // only setWebhook
    expect(await tg.getWebhookInfo()).toMatchObject({
      pending_update_count: 0,
      last_error_message: 'Wrong response from the webhook: 404 Not Found',
    })
  })

  it('a slow webhook times out ("Read timeout expired") and the update is sent again', async () => {
    emu.control.configure({ webhook: { timeoutMs: 100 } })
    const receiver = await startReceiver(async (_entry, index) => {
      if (index === 0) await sleep(300)
      return 200
    })
    await tg.setWebhook(receiver.url)
    emu.control.sendText(userId, 'slow')
    await eventually(() => receiver.received.length === 2)
    await emu.control.waitForNoPendingUpdates()
    expect(receiver.received[1]?.update).toEqual(receiver.received[0]?.update)
    expect((await tg.getWebhookInfo()).last_error_message).toBe('Read timeout expired')
  })

  it('one chat strictly in order (the next waits for a 2xx), other chats in parallel', async () => {
    const bob = emu.control.createUser({ first_name: 'Bob' }).id
    const receiver = await startReceiver(async (entry) => {
      if (entry.update.message?.text === 'ann 1') await sleep(300)
      return 200
    })
    await tg.setWebhook(receiver.url)
    emu.control.sendText(userId, 'ann 1')
    emu.control.sendText(userId, 'ann 2')
    emu.control.sendText(bob, 'bob 1')
    await eventually(
      () => receiver.received.length === 3 && receiver.received.every((entry) => entry.endedAt !== undefined),
    )
    const byText = new Map(receiver.received.map((entry) => [entry.update.message?.text, entry]))
    const ann1 = byText.get('ann 1')!
    expect(byText.get('ann 2')!.startedAt).toBeGreaterThanOrEqual(ann1.endedAt!)
    expect(byText.get('bob 1')!.startedAt).toBeLessThan(ann1.endedAt!)
  })

  it('gives up after maxAttempts when configured', async () => {
    emu.control.configure({ webhook: { maxAttempts: 2 } })
    const receiver = await startReceiver(() => 500)
    await tg.setWebhook(receiver.url)
    emu.control.sendText(userId, 'doomed')
    await emu.control.waitForNoPendingUpdates()
    expect(receiver.received).toHaveLength(2)
  })

  it('duplicate deliveries: the same update twice (at-least-once)', async () => {
    const receiver = await startReceiver()
    await tg.setWebhook(receiver.url)
    emu.control.duplicateDeliveries(1)
    emu.control.sendText(userId, 'once')
    emu.control.sendText(userId, 'twice?')
    await eventually(() => receiver.received.length === 3)
    await sleep(50)
    expect(receiver.received.map((entry) => entry.update.message?.text)).toEqual(['once', 'once', 'twice?'])
    expect(receiver.received[1]?.update.update_id).toBe(receiver.received[0]?.update.update_id)
  })

  it('allowed_updates filters what is queued', async () => {
    const receiver = await startReceiver()
    await tg.setWebhook(receiver.url, { allowed_updates: ['callback_query'] })
    const sent = await tg.sendMessage(userId, 'pick', {
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    })
    emu.control.sendText(userId, 'ignored')
    emu.control.pressButton(userId, sent.message_id, 'a')
    await eventually(() => receiver.received.length === 1)
    await sleep(50)
    expect(receiver.received.map((entry) => entry.update.callback_query?.data)).toEqual(['a'])
  })

  it('drop_pending_updates discards the backlog', async () => {
    const receiver = await startReceiver(() => 500)
    await tg.setWebhook(receiver.url)
    emu.control.sendText(userId, 'a')
    emu.control.sendText(userId, 'b')
    await eventually(() => receiver.received.length >= 1)
    expect((await tg.getWebhookInfo()).pending_update_count).toBe(2)
    await tg.deleteWebhook({ drop_pending_updates: true })
    expect(await tg.getWebhookInfo()).toMatchObject({ url: '', pending_update_count: 0 })
    emu.control.sendText(userId, 'c')
    await tg.setWebhook(receiver.url, { drop_pending_updates: true })
    expect((await tg.getWebhookInfo()).pending_update_count).toBe(0)
  })

  it('a method call in the webhook answer is executed (telegraf webhookReply)', async () => {
    const bot = new Telegraf(token, { telegram: { apiRoot: emu.url } }) // webhookReply defaults to true
    bot.action('ack', (ctx) => ctx.answerCbQuery('via webhook reply'))
    const handler = bot.webhookCallback('/hook')
    const url = await listen(createServer((req, res) => void handler(req, res, () => res.writeHead(404).end())))
    await tg.setWebhook(`${url}/hook`)
    const sent = await tg.sendMessage(userId, 'ack?', {
      reply_markup: { inline_keyboard: [[{ text: 'Ack', callback_data: 'ack' }]] },
    })
    const { queryId } = emu.control.pressButton(userId, sent.message_id, 'ack')
    await expect(emu.control.waitForCallbackAnswer(queryId)).resolves.toMatchObject({ text: 'via webhook reply' })
    expect(emu.control.calls({ method: 'answerCallbackQuery' })[0]).toMatchObject({ source: 'webhook_reply', ok: true })
  })
})

describe('getUpdates', () => {
  it('long polling returns as soon as an update arrives', async () => {
    const started = Date.now()
    const polling = tg.getUpdates(5, 100, 0, undefined)
    await sleep(100)
    emu.control.sendText(userId, 'wake up')
    const updates = await polling
    expect(Date.now() - started).toBeLessThan(2000)
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({ message: { text: 'wake up' } })
  })

  it('returns an empty list when the timeout passes', async () => {
    emu.control.configure({ maxLongPollSeconds: 0.2 })
    const started = Date.now()
    await expect(tg.getUpdates(50, 100, 0, undefined)).resolves.toEqual([])
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  })

  it('offset confirms, limit caps, negative offset keeps the last ones, allowed_updates sticks', async () => {
    for (const text of ['1', '2', '3', '4']) emu.control.sendText(userId, text)
    const all = await tg.getUpdates(0, 2, 0, undefined)
    expect(all.map((update) => (update as { message: { text: string } }).message.text)).toEqual(['1', '2'])
    const rest = await tg.getUpdates(0, 100, all[1]!.update_id + 1, undefined)
    expect(rest).toHaveLength(2)
    const last = await tg.getUpdates(0, 100, -1, undefined)
    expect(last.map((update) => update.update_id)).toEqual([rest[1]!.update_id])
    await tg.getUpdates(0, 100, last[0]!.update_id + 1, ['callback_query'])
    emu.control.sendText(userId, 'not wanted')
    expect(await tg.getUpdates(0, 100, 0, undefined)).toEqual([])
  })

  it('409 Conflict: while a webhook is set, and for the older of two pollers', async () => {
    await tg.setWebhook('http://127.0.0.1:9/hook')
    const withWebhook = await tg.getUpdates(0, 100, 0, undefined).catch((error: unknown) => error)
    expect(withWebhook).toBeInstanceOf(TelegramError)
    expect((withWebhook as TelegramError).response).toEqual({
      ok: false,
      error_code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    })
    await tg.deleteWebhook()
    const older = tg.getUpdates(5, 100, 0, undefined).catch((error: unknown) => error)
    await sleep(50)
    const newer = tg.getUpdates(5, 100, 0, undefined)
    expect(((await older) as TelegramError).description).toBe(
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    )
    emu.control.sendText(userId, 'for the newer poller')
    await expect(newer).resolves.toHaveLength(1)
  })

  it('telegraf bot.launch() polling handles commands and callback queries', async () => {
    const bot = new Telegraf(token, { telegram: { apiRoot: emu.url, webhookReply: false } })
    bots.push(bot)
    bot.command('help', (ctx) =>
      ctx.reply('Commands: /start /balance', Markup.inlineKeyboard([Markup.button.callback('OK', 'ok')])),
    )
    bot.action('ok', (ctx) => ctx.answerCbQuery('👍'))
    void bot.launch()
    emu.control.sendCommand(userId, 'help')
    const help = await emu.control.waitForMessage(userId, (entry) => entry.text === 'Commands: /start /balance')
    const { queryId } = emu.control.pressButton(userId, help.messageId, { text: 'OK' })
    await expect(emu.control.waitForCallbackAnswer(queryId)).resolves.toMatchObject({ text: '👍' })
    expect(emu.control.calls().map((call) => call.method)).toEqual(
      expect.arrayContaining(['getMe', 'deleteWebhook', 'getUpdates', 'sendMessage', 'answerCallbackQuery']),
    )
  })
})
