import { findBalanceMismatches } from '@kiebot/db'
import { callbackData } from '@kiebot/jobs'
import { startTcpProxy, waitForBlockedBackend, type TcpProxy } from '@kiebot/testing'
import { failNextDbCall, findButton, plain, startHarness, WEBHOOK_SECRET, type Harness } from './harness'

// The webhook's edges: authentication, bad bodies, and outages of Redis and
// PostgreSQL (answered 503 so Telegram re-delivers; nothing is lost).

let h: Harness
let redisProxy: TcpProxy
let postgresProxy: TcpProxy

beforeAll(async () => {
  redisProxy = await startTcpProxy(6379)
  postgresProxy = await startTcpProxy(5432)
  h = await startHarness({ REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` }, { postgresPort: postgresProxy.port })
  h.tg.control.configure({ webhook: { retryBaseMs: 100, retryMaxMs: 400 } })
})
afterAll(async () => {
  await h.close()
  await redisProxy.close()
  await postgresProxy.close()
})

const url = () => `${h.config.PUBLIC_URL}/telegram/webhook`
const update = (chat: number, updateId: number, text = '/help') => ({
  update_id: updateId,
  message: {
    message_id: updateId % 100_000,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private' },
    from: { id: chat, is_bot: false, first_name: 'T' },
    text,
    entities: text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.length }] : [],
  },
})

describe('webhook authentication and bodies', () => {
  it('a wrong or missing secret gets 401 and nothing is processed', async () => {
    const chat = await h.user()
    const calls = h.tg.control.calls().length
    const variants: Record<string, string>[] = [
      { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' },
      {},
      { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET + 'x' },
    ]
    for (const headers of variants) {
      const response = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update(chat, 500_001)),
      })
      expect(response.status).toBe(401)
    }
    expect(h.tg.control.calls().length).toBe(calls)
    expect(await h.gateway.deps.db.user.count({ where: { id: BigInt(chat) } })).toBe(0)
  })

  it('malformed, non-update and oversized bodies get 4xx, and the gateway keeps serving', async () => {
    const post = (body: string) =>
      fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body,
      })
    expect((await post('{"update_id": 1,')).status).toBe(400)
    expect((await post('[1,2,3]')).status).toBe(400)
    expect((await post('{"update_id":"x"}')).status).toBe(400)
    expect((await post(JSON.stringify({ update_id: 1, pad: 'x'.repeat(300_000) }))).status).toBe(413)
    const chat = await h.user()
    expect(plain((await h.command(chat, 'help')).text)).toContain('What I can do')
    expect((await fetch(`${h.config.PUBLIC_URL}/healthz`)).status).toBe(200)
  })
})

describe('outages', () => {
  it('Redis down: 503, and the update is processed after Telegram retries', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    await redisProxy.cut()
    h.tg.control.sendCommand(chat, 'help')
    await h.tg.control.waitForEvent(
      (e) => e.type === 'webhook_delivery' && (e as { ok?: boolean }).ok === false,
      10_000,
    )
    expect(String(h.tg.control.webhookInfo().last_error_message)).toContain('503')
    await redisProxy.restore()
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 20_000 })
    expect(plain(h.lastBotMessage(chat).text)).toContain('What I can do')
    expect(h.tg.control.transcript(chat).filter((e) => plain(e.text).includes('What I can do'))).toHaveLength(1)
  })

  it('Postgres down: 503, and the update is processed after Telegram retries', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    await postgresProxy.cut()
    h.tg.control.sendCommand(chat, 'balance')
    await h.tg.control.waitForEvent(
      (e) => e.type === 'webhook_delivery' && (e as { ok?: boolean }).ok === false,
      10_000,
    )
    await postgresProxy.restore()
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 30_000 })
    expect(plain(h.lastBotMessage(chat).text)).toContain('Balance:')
  })
})

describe('a connection lost inside the reservation', () => {
  it("Confirm whose statement's connection is killed mid-transaction: 503, and the retry reserves once", async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a green fox')
    const confirm = findButton(confirmation, /^y:/)
    const db = h.gateway.deps.db
    // the user's row held (not its key: the generation's insert goes by, the balance update waits)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let held!: (pid: number) => void
    const holderPid = new Promise<number>((resolve) => (held = resolve))
    const holder = db.$transaction(
      async (tx) => {
        const [own] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
        await tx.$queryRaw`SELECT id FROM users WHERE id = ${BigInt(chat)} FOR NO KEY UPDATE`
        held(own!.pid)
        await gate
      },
      { timeout: 30_000 },
    )
    try {
      const pid = await holderPid
      h.tg.control.pressButton(chat, confirmation.messageId, { data: confirm })
      // the reservation's statement waits for the row: its connection is killed (a failover, a restart)
      const victim = await waitForBlockedBackend(pid, 10_000)
      await db.$queryRaw`SELECT pg_terminate_backend(${victim}::int)`
    } finally {
      release()
      await holder
    }
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 30_000 })
    // asked again (not answered "something went wrong"), then reserved once
    expect(String(h.tg.control.webhookInfo().last_error_message)).toContain('503')
    const generations = await db.generation.findMany({ where: { userId: BigInt(chat) } })
    expect(generations.map((g) => g.status)).toEqual(['queued'])
    const charges = await db.ledgerEntry.findMany({ where: { userId: BigInt(chat), kind: 'charge' } })
    expect(charges.map((e) => e.generationId)).toEqual([generations[0]!.id])
    const user = await db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })
    expect(user.balanceKopecks).toBe(10_000 - generations[0]!.priceKopecks)
    expect(await findBalanceMismatches(db)).toEqual([])
  }, 60_000)
})

describe('callback answers', () => {
  const answersOf = (queryId: string) =>
    h.tg.control.calls({ method: 'answerCallbackQuery' }).filter((c) => c.params.callback_query_id === queryId)

  it('a press is answered in the webhook response (no call of its own), once, with its text', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'start')
    const pressed = h.tg.control.pressButton(chat, menu.messageId, { data: findButton(menu, /^bal/) })
    await h.tg.control.waitForCallbackAnswer(pressed.queryId, 15_000)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    expect(answersOf(pressed.queryId).map((c) => c.source)).toEqual(['webhook_reply'])
    expect(plain(h.lastBotMessage(chat).text)).toContain('Balance:')

    // a button no longer known: the answer's text travels in the response too
    const stale = h.tg.control.pressButton(chat, menu.messageId, { data: 'zz:gone', force: true })
    const answer = await h.tg.control.waitForCallbackAnswer(stale.queryId, 15_000)
    expect(answer.text).toBe('This button is no longer active.')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    expect(answersOf(stale.queryId).map((c) => c.source)).toEqual(['webhook_reply'])
  })

  it('a press whose handler fails on Postgres after the answer was taken: 503 without it, one answer from the retry', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'start')
    const write = failNextDbCall(h.gateway.deps.db.user, 'update')
    try {
      // a language button writes the user's language in its handler; the router answers the press
      // when the handler ends, even when it fails, so the answer is taken before the 503
      const pressed = h.tg.control.pressButton(chat, menu.messageId, { data: callbackData.language('ru'), force: true })
      await h.tg.control.waitForCallbackAnswer(pressed.queryId, 15_000)
      await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
      expect(write.failed()).toBe(true) // the first delivery did fail
      expect(String(h.tg.control.webhookInfo().last_error_message)).toContain('503')
      expect(answersOf(pressed.queryId).map((c) => c.source)).toEqual(['webhook_reply'])
    } finally {
      write.restore()
    }
  })

  it('a press answered 503 (Postgres down) gets no answer then, and one answer from the retry', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'start')
    await postgresProxy.cut()
    const pressed = h.tg.control.pressButton(chat, menu.messageId, { data: findButton(menu, /^bal/) })
    await h.tg.control.waitForEvent(
      (e) => e.type === 'webhook_delivery' && (e as { ok?: boolean }).ok === false,
      10_000,
    )
    expect(answersOf(pressed.queryId)).toHaveLength(0)
    await postgresProxy.restore()
    await h.tg.control.waitForCallbackAnswer(pressed.queryId, 30_000)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 30_000 })
    expect(answersOf(pressed.queryId)).toHaveLength(1)
    expect(plain(h.lastBotMessage(chat).text)).toContain('Balance:')
  })
})

describe('deduplication', () => {
  it('a re-delivery while the first delivery is still being handled is not acknowledged (a crash of the first must not lose the update)', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const post = () =>
      fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify(update(chat, 700_001)),
      })
    h.tg.control.addLatency({ method: 'sendMessage', ms: 1500, times: 1 })
    const first = post()
    await new Promise((r) => setTimeout(r, 400))
    // the first handler is still running (its reply is slow): had that process died, an
    // acknowledged re-delivery would be the update lost for good
    expect((await post()).status).toBe(503)
    expect((await first).status).toBe(200)
    const again = await post()
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ duplicate: true })
    expect(h.tg.control.transcript(chat).filter((e) => plain(e.text).includes('What I can do'))).toHaveLength(1)
  })
})

describe('per-user rate limit', () => {
  it('an update Telegram sends again after a 503 counts once in the window', async () => {
    const limited = await startHarness({ USER_UPDATES_PER_MINUTE: '3' }, { postgresPort: postgresProxy.port })
    try {
      limited.tg.control.configure({ webhook: { retryBaseMs: 100, retryMaxMs: 200 } })
      const chat = await limited.user()
      await postgresProxy.cut()
      try {
        limited.tg.control.sendCommand(chat, 'help')
        for (let failed = 0; failed < 3;)
          await limited.tg.control
            .waitForEvent((e) => e.type === 'webhook_delivery' && (e as { ok?: boolean }).ok === false, 10_000)
            .then(() => failed++)
      } finally {
        await postgresProxy.restore()
      }
      await limited.tg.control.waitForNoPendingUpdates({ timeoutMs: 30_000 })
      // the retried /help and two more: three updates, within the limit of three
      await limited.command(chat, 'help')
      await limited.command(chat, 'help')
      const answers = limited.tg.control.transcript(chat).filter((e) => e.direction === 'out')
      expect(answers.filter((e) => plain(e.text).includes('What I can do'))).toHaveLength(3)
      expect(answers.filter((e) => plain(e.text).includes('You are going a bit fast'))).toHaveLength(0)
    } finally {
      await limited.close()
    }
  })

  it('answers politely once and drops the excess', async () => {
    const limited = await startHarness({ USER_UPDATES_PER_MINUTE: '3' })
    try {
      const chat = await limited.user()
      for (let i = 0; i < 6; i++) await limited.command(chat, 'help')
      const answers = limited.tg.control.transcript(chat).filter((e) => e.direction === 'out')
      expect(answers.filter((e) => plain(e.text).includes('What I can do'))).toHaveLength(3)
      expect(answers.filter((e) => plain(e.text).includes('You are going a bit fast'))).toHaveLength(1)
    } finally {
      await limited.close()
    }
  })
})
