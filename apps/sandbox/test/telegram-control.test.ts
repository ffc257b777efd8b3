/**
 * The control API over HTTP (/_control/telegram/...), the Server-Sent Events stream, and mounting
 * the emulator next to other routes on one express server.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Telegram } from 'telegraf'
import {
  createTelegramEmulator,
  startTelegramEmulator,
  type EmulatorEvent,
  type RunningTelegramEmulator,
} from '../src/telegram'
import { express } from '../src/telegram/express'

let emu: RunningTelegramEmulator
let control: string

interface ControlAnswer<T> {
  ok: boolean
  result: T
  error?: string
}

async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<ControlAnswer<T>> {
  const response = await fetch(`${control}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  return (await response.json()) as ControlAnswer<T>
}

interface SseFrame {
  id?: string
  event?: string
  data: EmulatorEvent
}

/** reads SSE frames from a streaming response until `done` says stop */
async function readFrames(
  response: Response,
  done: (frames: SseFrame[]) => boolean,
  timeoutMs = 3000,
): Promise<SseFrame[]> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const frames: SseFrame[] = []
  let buffer = ''
  const deadline = setTimeout(() => void reader.cancel(), timeoutMs)
  try {
    while (!done(frames)) {
      const { done: ended, value } = await reader.read()
      if (ended) break
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => !line.startsWith(':') && line.includes(': '))
            .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
        )
        if (fields.data)
          frames.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) as EmulatorEvent })
      }
    }
  } finally {
    clearTimeout(deadline)
    await reader.cancel().catch(() => undefined)
  }
  return frames
}

beforeAll(async () => {
  emu = await startTelegramEmulator({ flood: { enabled: false } })
  control = `${emu.url}/_control/telegram`
})
afterAll(() => emu.close())
beforeEach(() => emu.control.reset())

describe('HTTP control API', () => {
  it('creates bots and users, acts as the user and reads transcript and calls', async () => {
    const bot = await call<{ token: string; id: number; username: string }>('POST', '/bots', { username: 'web_bot' })
    expect(bot).toMatchObject({
      ok: true,
      result: { username: 'web_bot', token: expect.stringMatching(/^\d+:[\w-]{35}$/) },
    })
    const user = await call<{ id: number }>('POST', '/users', { first_name: 'Ann', language_code: 'en' })
    const chatId = user.result.id
    const tg = new Telegram(bot.result.token, { apiRoot: emu.url })

    const sent = await call<{ message_id: number; entities: unknown }>('POST', `/chats/${chatId}/messages`, {
      text: '/start hello',
    })
    expect(sent.result).toMatchObject({ message_id: 1, entities: [{ type: 'bot_command', offset: 0, length: 6 }] })
    const [update] = await tg.getUpdates(0, 100, 0, undefined)
    expect(update).toMatchObject({ message: { text: '/start hello' } })

    const menu = await tg.sendMessage(chatId, 'Menu', {
      reply_markup: { inline_keyboard: [[{ text: 'Images', callback_data: 'menu:images' }]] },
    })
    const pressed = await call<{ queryId: string }>('POST', `/chats/${chatId}/callback`, {
      messageId: menu.message_id,
      text: 'Images',
    })
    expect(pressed.result.queryId).toMatch(/^\d+$/)
    await tg.answerCbQuery(pressed.result.queryId, 'Loading…')
    expect(await call('GET', `/callback-answers/${pressed.result.queryId}`)).toMatchObject({
      result: { text: 'Loading…', showAlert: false },
    })
    const wrongButton = await call('POST', `/chats/${chatId}/callback`, { messageId: menu.message_id, data: 'nope' })
    expect(wrongButton).toMatchObject({ ok: false, error: expect.stringContaining('no callback button') })

    await tg.editMessageText(chatId, menu.message_id, undefined, 'Menu (images)')
    await tg.deleteMessage(chatId, 1)
    const transcript = await call<
      Array<{ messageId: number; direction: string; text: string; deleted: boolean; edits: unknown[] }>
    >('GET', `/chats/${chatId}/transcript`)
    expect(
      transcript.result.map(({ messageId, direction, text, deleted, edits }) => ({
        messageId,
        direction,
        text,
        deleted,
        edits: edits.length,
      })),
    ).toEqual([
      { messageId: 1, direction: 'in', text: '/start hello', deleted: true, edits: 0 },
      { messageId: 2, direction: 'out', text: 'Menu (images)', deleted: false, edits: 1 },
    ])
    const calls = await call<Array<{ method: string; ok: boolean }>>('GET', '/calls?method=editMessageText')
    expect(calls.result).toEqual([expect.objectContaining({ method: 'editMessageText', ok: true })])
  })

  it('user media: JSON base64 or multipart, served back under /files/:fileId', async () => {
    const { token } = emu.control.createBot()
    const chatId = emu.control.createUser({ first_name: 'Ann' }).id
    const viaJson = await call<{ fileId: string; message: { document: { file_name: string } } }>(
      'POST',
      `/chats/${chatId}/media`,
      {
        kind: 'document',
        base64: Buffer.from('hello pdf').toString('base64'),
        fileName: 'brief.pdf',
        mimeType: 'application/pdf',
        caption: 'my brief',
      },
    )
    expect(viaJson.result.message).toMatchObject({
      document: { file_name: 'brief.pdf', mime_type: 'application/pdf', file_size: 9 },
      caption: 'my brief',
    })
    const served = await fetch(`${control}/files/${viaJson.result.fileId}`)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(await served.text()).toBe('hello pdf')

    const form = new FormData()
    form.append('kind', 'voice')
    form.append('file', new Blob([Buffer.alloc(321, 5)], { type: 'audio/ogg' }), 'voice.ogg')
    const viaForm = (await (
      await fetch(`${control}/chats/${chatId}/media`, { method: 'POST', body: form })
    ).json()) as ControlAnswer<{ fileId: string }>
    expect(viaForm).toMatchObject({
      ok: true,
      result: { message: { voice: { file_size: 321, mime_type: 'audio/ogg' } } },
    })
    // the bot can fetch the user's file like any other
    const tg = new Telegram(token, { apiRoot: emu.url })
    expect(await tg.getFile(viaForm.result.fileId)).toMatchObject({
      file_size: 321,
      file_path: expect.stringMatching(/^voice\//),
    })
  })

  it("payments over HTTP wait for the bot's pre-checkout answer", async () => {
    const { token } = emu.control.createBot()
    const chatId = emu.control.createUser({ first_name: 'Ann' }).id
    const tg = new Telegram(token, { apiRoot: emu.url })
    const invoice = await tg.sendInvoice(chatId, {
      title: 'Pack',
      description: '10 generations',
      payload: 'p-1',
      provider_token: '',
      currency: 'XTR',
      prices: [{ label: 'Pack', amount: 10 }],
    })
    const paying = call<{ status: string; chargeId: string }>('POST', `/chats/${chatId}/pay`, {
      messageId: invoice.message_id,
    })
    const [update] = await tg.getUpdates(3, 100, 0, ['pre_checkout_query', 'message'])
    await tg.answerPreCheckoutQuery((update as { pre_checkout_query: { id: string } }).pre_checkout_query.id, true)
    expect((await paying).result).toMatchObject({ status: 'paid', chargeId: expect.stringMatching(/^stx/) })
    expect(await call('GET', '/charges')).toMatchObject({
      result: [expect.objectContaining({ chargeId: (await paying).result.chargeId })],
    })
  })

  it('faults and settings over HTTP', async () => {
    const { token } = emu.control.createBot()
    const chatId = emu.control.createUser({ first_name: 'Ann' }).id
    const tg = new Telegram(token, { apiRoot: emu.url })
    expect(
      await call('POST', '/faults/fail', {
        method: 'sendMessage',
        times: 1,
        errorCode: 502,
        description: 'Bad Gateway',
      }),
    ).toEqual({ ok: true })
    await expect(tg.sendMessage(chatId, 'x')).rejects.toMatchObject({ code: 502 })
    await call('POST', '/faults/rate-limit', { times: 1, retryAfter: 3 })
    await expect(tg.getMe()).rejects.toMatchObject({ code: 429, parameters: { retry_after: 3 } })
    await call('POST', `/chats/${chatId}/block`, {})
    await expect(tg.sendMessage(chatId, 'x')).rejects.toMatchObject({ code: 403 })
    await call('DELETE', `/chats/${chatId}/block`, {})
    await expect(tg.sendMessage(chatId, 'x')).resolves.toBeDefined()
    expect(
      await call('POST', '/settings', { flood: { enabled: true, perChatBurst: 1 }, preCheckoutTimeoutMs: 1234 }),
    ).toEqual({ ok: true })
    expect(
      (
        await call<{ flood: { enabled: boolean; perChatBurst: number }; preCheckoutTimeoutMs: number }>(
          'GET',
          '/settings',
        )
      ).result,
    ).toMatchObject({ flood: { enabled: true, perChatBurst: 1 }, preCheckoutTimeoutMs: 1234 })
    expect(await call('POST', '/settings', { nonsense: 1 })).toMatchObject({ ok: false, error: expect.any(String) })
    expect(await call('POST', '/reset')).toEqual({ ok: true })
    expect((await call<{ bots: unknown[] }>('GET', '/state')).result.bots).toEqual([])
  })
})

describe('groups', () => {
  it('several users talk to the bot in a group chat', async () => {
    const { token } = emu.control.createBot({ username: 'group_bot' })
    const ann = emu.control.createUser({ first_name: 'Ann' }).id
    const bob = emu.control.createUser({ first_name: 'Bob' }).id
    const group = emu.control.createGroup({ title: 'Artists', memberIds: [ann, bob] })
    expect(group).toMatchObject({ type: 'group', title: 'Artists', id: expect.any(Number) })
    expect(group.id).toBeLessThan(0)
    emu.control.sendCommand(group.id, 'help@group_bot', '', { userId: ann })
    emu.control.sendText(group.id, 'me too', { userId: bob })
    expect(() => emu.control.sendText(group.id, 'who am I?')).toThrow(/say which userId/)
    const tg = new Telegram(token, { apiRoot: emu.url })
    const updates = await tg.getUpdates(0, 100, 0, undefined)
    expect(
      updates.map((update) => (update as { message: { from: { first_name: string }; chat: { id: number } } }).message),
    ).toEqual([
      expect.objectContaining({
        from: expect.objectContaining({ first_name: 'Ann' }),
        chat: { id: group.id, type: 'group', title: 'Artists' },
        entities: [{ type: 'bot_command', offset: 0, length: 15 }],
      }),
      expect.objectContaining({ from: expect.objectContaining({ first_name: 'Bob' }) }),
    ])
    await expect(tg.sendMessage(group.id, 'Hello, artists')).resolves.toMatchObject({
      message_id: 3,
      chat: { id: group.id },
    })
  })
})

describe('Server-Sent Events', () => {
  it("streams a chat's events as event/id/data frames and replays from Last-Event-ID", async () => {
    const { token } = emu.control.createBot()
    const ann = emu.control.createUser({ first_name: 'Ann' }).id
    const bob = emu.control.createUser({ first_name: 'Bob' }).id
    const tg = new Telegram(token, { apiRoot: emu.url })
    const stream = await fetch(`${control}/events?chatId=${ann}&types=message,message_edited,chat_action`)
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reading = readFrames(stream, (frames) => frames.length >= 4)
    emu.control.sendText(ann, 'hi')
    await tg.sendMessage(bob, 'not for Ann')
    await tg.sendChatAction(ann, 'typing')
    const reply = await tg.sendMessage(ann, 'Hello!')
    await tg.editMessageText(ann, reply.message_id, undefined, 'Hello, Ann!')
    const frames = await reading
    expect(frames.map((frame) => frame.event)).toEqual(['message', 'chat_action', 'message', 'message_edited'])
    expect(frames.every((frame) => frame.data.chatId === ann && frame.id === String(frame.data.seq))).toBe(true)
    const edited = frames[3]!.data
    if (edited.type !== 'message_edited') throw new Error(edited.type)
    expect(edited.entry).toMatchObject({
      messageId: reply.message_id,
      text: 'Hello, Ann!',
      edits: [expect.objectContaining({ message: expect.objectContaining({ text: 'Hello!' }) })],
    })

    const replay = await fetch(`${control}/events?chatId=${ann}&types=message`, {
      headers: { 'last-event-id': frames[0]!.id! },
    })
    const replayed = await readFrames(replay, (items) => items.length >= 1)
    expect(replayed[0]?.data).toMatchObject({ type: 'message', entry: { text: 'Hello!' } })
  })
})

describe('mounting', () => {
  let server: Server
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('shares an express server with other routes (/api/*, /_control/kie/*)', async () => {
    const telegram = createTelegramEmulator({
      bots: [{ token: `424242:${'k'.repeat(35)}`, username: 'mounted_bot' }],
      users: [{ id: 77, first_name: 'Zoe' }],
    })
    const app = express()
    app.get('/api/v1/ping', (_req, res) => void res.json({ pong: true }))
    app.use(telegram.app)
    app.get('/_control/kie/state', (_req, res) => void res.json({ kie: true }))
    server = createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const tg = new Telegram(`424242:${'k'.repeat(35)}`, { apiRoot: url })
      expect(await tg.getMe()).toMatchObject({ username: 'mounted_bot' })
      await expect(tg.sendMessage(77, 'hello Zoe')).resolves.toMatchObject({ chat: { id: 77, first_name: 'Zoe' } })
      expect(await (await fetch(`${url}/api/v1/ping`)).json()).toEqual({ pong: true })
      expect(await (await fetch(`${url}/_control/kie/state`)).json()).toEqual({ kie: true })
      expect(await (await fetch(`${url}/_control/telegram/bots`)).json()).toMatchObject({
        ok: true,
        result: [{ id: 424242 }],
      })
      // seeded bots and users come back after a reset
      telegram.control.reset()
      expect(telegram.control.users().map((user) => user.id)).toEqual([77])
    } finally {
      telegram.close()
    }
  })
})
