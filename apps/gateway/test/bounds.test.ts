import { findBalanceMismatches } from '@kiebot/db'
import { getModel, promptField } from '@kiebot/models'
import { DRAFT_TTL_SECONDS, MAX_DRAFTS_PER_USER } from '../src/state/drafts'
import { ADMIN_ID, findButton, plain, startHarness, WEBHOOK_SECRET, type Harness } from './harness'

// Bounded state per user: whatever one account sends, the Redis keys and Postgres rows
// it can make stay bounded (Redis runs noeviction: unbounded keys would stop every
// queue). Each path is flooded from one account and its keys or rows counted.

let h: Harness
beforeAll(async () => {
  h = await startHarness({ TOPUP_PACKS: '50,100', STARS_RUB_RATE: '1.2' })
})
afterEach(async () => {
  expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([])
})
afterAll(async () => {
  await h.close()
})

const keys = (pattern: string) => h.gateway.deps.redis.keys(`${h.config.QUEUE_PREFIX}:${pattern}`)

describe('bounded state per user', () => {
  it('drafts: many /gen commands keep a few drafts, for hours, with the prompt cut to the model limit', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const limit = promptField(getModel('z-image')!)!.maxLength!
    let last
    for (let i = 0; i < 12; i++)
      last = await h.command(chat, 'gen', `z-image ${String(i).padStart(3, '0')} ${'ж'.repeat(limit + 500)}`)
    // wizard starts from the catalog make drafts the same way
    const menu = await h.command(chat, 'menu')
    for (let i = 0; i < 5; i++) await h.press(chat, menu.messageId, 'w:nano-banana', { force: true })
    expect((await keys('draft:*')).length).toBeLessThanOrEqual(MAX_DRAFTS_PER_USER)
    for (let i = 0; i < 12; i++)
      last = await h.command(chat, 'gen', `z-image ${String(i).padStart(3, '0')} ${'ж'.repeat(limit + 500)}`)
    const drafts = await keys('draft:*')
    expect(drafts.length).toBeLessThanOrEqual(MAX_DRAFTS_PER_USER)
    // the current draft and the list of kept ones (and this minute's rate counter)
    expect((await keys(`*${chat}*`)).filter((k) => !k.includes(':rate:')).sort()).toEqual([
      `${h.config.QUEUE_PREFIX}:user-draft:${chat}`,
      `${h.config.QUEUE_PREFIX}:user-drafts:${chat}`,
    ])
    expect((await keys(`rate:${chat}:*`)).length).toBeLessThanOrEqual(2)
    for (const key of drafts) {
      const ttl = await h.gateway.deps.redis.ttl(key)
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(DRAFT_TTL_SECONDS)
      const draft = JSON.parse((await h.gateway.deps.redis.get(key))!) as { params: { prompt: string } }
      expect([...draft.params.prompt].length).toBeLessThanOrEqual(limit)
    }
    expect(plain(last!.text)).toContain(`only the first ${limit} characters were kept`)
    // the newest draft still works: it is charged and leaves no draft behind
    const status = await h.press(chat, last!.messageId, findButton(last!, /^y:/))
    expect(plain(status.text)).toContain('is queued')
    expect(
      (await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })).params,
    ).toMatchObject({ prompt: expect.stringMatching(/^011 ж+$/) })
    // the oldest ones are gone, not merely unreachable
    const first = h.tg.control
      .transcript(chat)
      .find((e) => e.direction === 'out' && buttonsData(e).some((d) => d.startsWith('y:')))!
    const oldConfirm = buttonsData(first).find((d) => d.startsWith('y:'))!
    expect(await h.gateway.deps.drafts.get(oldConfirm.slice(2))).toBeNull()
    await h.press(chat, first.messageId, oldConfirm, { force: true })
    expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(1)
  })

  it('top-up: pressing a pack many times keeps one pending order per pack', async () => {
    const chat = await h.user()
    const topup = await h.command(chat, 'topup')
    let invoice
    for (let i = 0; i < 15; i++)
      invoice = await h.press(chat, topup.messageId, findButton(topup, 'p:50'), { force: true })
    await h.press(chat, topup.messageId, findButton(topup, 'p:100'), { force: true })
    expect(await h.gateway.deps.db.topupOrder.count({ where: { userId: BigInt(chat) } })).toBe(2)
    // every invoice sent is still payable, and paying makes the next press a new order
    expect((await h.tg.control.payInvoice(chat, invoice!.messageId)).status).toBe('paid')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(6_000)
    await h.press(chat, topup.messageId, findButton(topup, 'p:50'), { force: true })
    expect(await h.gateway.deps.db.topupOrder.count({ where: { userId: BigInt(chat) } })).toBe(3)
    expect(await h.gateway.deps.db.topupOrder.count({ where: { userId: BigInt(chat), status: 'pending' } })).toBe(2)
  })

  it('support windows: one key per user however often /paysupport is sent', async () => {
    const chat = await h.user()
    for (let i = 0; i < 10; i++) await h.command(chat, 'paysupport')
    expect(await keys(`await:${chat}`)).toHaveLength(1)
    expect((await keys(`*${chat}*`)).filter((k) => !k.includes(':rate:'))).toHaveLength(1)
  })

  it('admin inputs: one pending input per admin however many buttons are pressed', async () => {
    const admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
    const home = await h.command(admin, 'admin')
    for (let i = 0; i < 6; i++) {
      await h.press(admin, home.messageId, 'a:user', { force: true })
      await h.press(admin, home.messageId, 'a:bc', { force: true })
    }
    expect(await keys(`await:${admin}*`)).toEqual([`${h.config.QUEUE_PREFIX}:await:${admin}`])
  })
})

function buttonsData(entry: { message: unknown }): string[] {
  const markup = (entry.message as { reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } }).reply_markup
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []))
}

describe('a flood over the rate limit', () => {
  let limited: Harness
  beforeAll(async () => {
    limited = await startHarness({ USER_UPDATES_PER_MINUTE: '5' })
  })
  afterAll(async () => {
    await limited.close()
  })

  it('leaves at most the limit of dedup marks, two rate keys, and no write to the user row', async () => {
    const chat = limited.tg.control.createUser({ first_name: 'Flood', language_code: 'en' }).id
    // the limit counts in minute windows: the flood is not started near a minute's end (a flood
    // across two windows gets two windows' worth, as it should; this test counts one)
    if (Date.now() % 60_000 > 45_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50))
    await limited.command(chat, 'start')
    const version = async () =>
      (
        await limited.gateway.deps.db.$queryRaw<
          { xmin: string }[]
        >`SELECT xmin::text AS xmin FROM users WHERE id = ${BigInt(chat)}`
      )[0]!.xmin
    const before = await version()
    const prefix = limited.config.QUEUE_PREFIX
    const marksBefore = (await limited.gateway.deps.redis.keys(`${prefix}:update:*`)).length
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fetch(`${limited.config.PUBLIC_URL}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
          body: JSON.stringify({
            update_id: 995_000_000 + i,
            message: {
              message_id: 10_000 + i,
              date: Math.floor(Date.now() / 1000),
              chat: { id: chat, type: 'private', first_name: 'Flood' },
              from: { id: chat, is_bot: false, first_name: 'Flood', language_code: 'en' },
              text: '/balance',
            },
          }),
        }),
      ),
    )
    expect(responses.every((r) => r.status === 200)).toBe(true)
    const marks = (await limited.gateway.deps.redis.keys(`${prefix}:update:*`)).length - marksBefore
    // /start used one update of this minute's five (two if the minute turned meanwhile)
    expect(marks).toBeLessThanOrEqual(5)
    expect((await limited.gateway.deps.redis.keys(`${prefix}:rate:${chat}:*`)).length).toBeLessThanOrEqual(2)
    expect(await version()).toBe(before)
    expect(limited.tg.control.transcript(chat).filter((e) => plain(e.text).includes('going a bit fast'))).toHaveLength(
      1,
    )
  })
})
