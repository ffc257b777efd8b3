import { startHarness, WEBHOOK_SECRET, type Harness } from './harness'
import { fuzzUpdate, realUpdates, seededRandom, type FuzzCase } from './support/fuzz'

// Malformed input at the webhook: a few hundred hostile updates (fixed seed) are
// acknowledged or refused with a 4xx, never reach a handler as an error, and a NUL
// character in a user's text is stored without it. (bench/fuzz.bench.ts: 10,000, as a process.)

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

const post = (body: string) =>
  fetch(`${h.config.PUBLIC_URL}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body,
  })

const errorEntries = () =>
  h.logs
    .flatMap((chunk) => chunk.split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: string; message: string; reason?: string })

describe('malformed updates', () => {
  it('400 mutated updates: acknowledged or refused, none handled as an error, none a 5xx', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const rng = seededRandom(20261201)
    const statuses = new Map<number, number>()
    const byKind = new Map<FuzzCase['kind'], number>()
    for (let i = 0; i < 400; i++) {
      const fuzz = fuzzUpdate(rng, chat, 7_000_000 + i)
      byKind.set(fuzz.kind, (byKind.get(fuzz.kind) ?? 0) + 1)
      const res = await post(fuzz.body)
      await res.body?.cancel()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    }
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    // every kind of hostility was tried
    expect([...byKind.keys()].sort()).toEqual([
      'mutated',
      'not-json',
      'nul-text',
      'oversized',
      'truncated-json',
      'wrong-top-level',
    ])
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([])
    const entries = errorEntries()
    expect(
      entries
        .filter((e) => e.level === 'error')
        .map((e) => `${e.message} ${JSON.stringify((e as { error?: { message?: string } }).error?.message)}`),
    ).toEqual([])
    // refusals are logged once each, with where the update was wrong
    expect(entries.filter((e) => e.message === 'malformed update acknowledged and ignored').length).toBeGreaterThan(50)
    // and the bot still answers
    expect((await h.command(chat, 'help')).text).toContain('What I can do')
  }, 120_000)

  it('a missing from.id or a string chat id is acknowledged, not thrown', async () => {
    const chat = await h.user()
    const [start] = realUpdates(chat, 7_100_001) as [
      { message: { from: Record<string, unknown>; chat: Record<string, unknown> } },
    ]
    delete start.message.from.id
    const res = await post(JSON.stringify(start))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, ignored: true })
    const [again] = realUpdates(chat, 7_100_002) as [{ message: { chat: Record<string, unknown> } }]
    again.message.chat.id = String(chat)
    expect((await post(JSON.stringify(again))).status).toBe(200)
    // payments of the wrong shape: never read by the payment handlers
    const from = { id: chat, is_bot: false, first_name: 'P' }
    const checkout = {
      update_id: 7_100_003,
      pre_checkout_query: { id: 'pcq-1', from, currency: 'XTR', total_amount: '50', invoice_payload: 'x' },
    }
    const paid = {
      update_id: 7_100_004,
      message: {
        message_id: 5,
        date: 1,
        chat: { id: chat, type: 'private' },
        from,
        successful_payment: { currency: 'XTR', total_amount: 50, invoice_payload: 'x' },
      },
    }
    // a button press without the message it was on (the bot sends no inline messages)
    const press = { update_id: 7_100_005, callback_query: { id: 'cq-1', from, chat_instance: '1', data: 'menu' } }
    for (const body of [checkout, paid, press])
      expect(await (await post(JSON.stringify(body))).json()).toEqual({ ok: true, ignored: true })
    expect(h.tg.control.calls({ method: 'answerPreCheckoutQuery' })).toHaveLength(0)
    expect(await h.gateway.deps.db.user.count({ where: { id: BigInt(chat) } })).toBe(0)
    expect(errorEntries().filter((e) => e.level === 'error')).toEqual([])
  })

  it('NUL characters are removed from what a user sends before it is stored or sent on', async () => {
    const chat = await h.user()
    const [start] = realUpdates(chat, 7_200_001) as [{ message: { from: Record<string, unknown>; text: string } }]
    start.message.from.first_name = 'Ann\u0000a'
    start.message.from.last_name = '\u0000Lee'
    start.message.from.username = 'ann\u0000_lee'
    const res = await post(JSON.stringify(start))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    const user = await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })
    expect(user).toMatchObject({ firstName: 'Anna', lastName: 'Lee', username: 'ann_lee' })
    // a prompt with NUL goes on without it
    const gen = realUpdates(chat, 7_200_002)[1] as { message: { text: string } }
    gen.message.text = '/gen nano-banana a fox\u0000 in the\u0000 snow'
    expect((await post(JSON.stringify(gen))).status).toBe(200)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const sent = h.tg.control.calls({ chatId: chat }).map((c) => JSON.stringify(c.params))
    expect(sent.some((p) => p.includes('a fox in the snow'))).toBe(true)
    expect(sent.join('\n')).not.toContain('\\u0000')
    expect(errorEntries().filter((e) => e.level === 'error')).toEqual([])
  })
})
