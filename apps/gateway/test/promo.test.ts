import { findBalanceMismatches } from '@kiebot/db'
import { callbacks } from '@kiebot/jobs'
import { ADMIN_ID, findButton, plain, startHarness, WEBHOOK_SECRET, type Harness } from './harness'

// Promo codes end to end: the admin creates them in the panel (audited), users redeem them with
// /promo CODE, the balance screen's button or the p_<CODE> deep link, through the real webhook
// and the Telegram emulator. A code is credited once under concurrent and repeated updates,
// refused with a clear message when unknown, expired, used up, already used or for new users
// only, attempts are rate-limited, and a percent code rides on the next Stars top-up and is
// taken back with it when the admin refunds the payment.

let h: Harness
let admin: number
let nextUpdateId = 880_000_000

beforeAll(async () => {
  h = await startHarness({ TOPUP_PACKS: '50', STARS_RUB_RATE: '1.2' })
  admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
})
afterEach(async () => {
  expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([])
})
afterAll(async () => {
  await h.close()
})

const db = () => h.gateway.deps.db
const balanceOf = async (chat: number) =>
  (await db().user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks

async function postUpdate(update: Record<string, unknown>): Promise<Response> {
  return fetch(`${h.config.PUBLIC_URL}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body: JSON.stringify(update),
  })
}

/** `/promo <code>` as a raw update (its own update id), straight to the webhook. */
function promoUpdate(chat: number, code: string, updateId = nextUpdateId++) {
  const text = `/promo ${code}`
  return {
    update_id: updateId,
    message: {
      message_id: (updateId % 1_000_000) + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'Tester' },
      from: { id: chat, is_bot: false, first_name: 'Tester', language_code: 'en' },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  }
}

/** The admin creates a code from the panel with one line; returns the screen shown. */
async function createCode(line: string) {
  const home = await h.command(admin, 'admin')
  const list = await h.press(admin, home.messageId, findButton(home, 'a:promo:0'))
  await h.press(admin, list.messageId, findButton(list, 'a:promon'))
  return h.text(admin, line)
}

const botTexts = (chat: number) =>
  h.tg.control
    .transcript(chat)
    .filter((e) => e.direction === 'out')
    .map((e) => plain(e.text))

describe('admin: promo codes', () => {
  it('creates from one line (clear errors first), lists, shows redemptions and disables, audited', async () => {
    const home = await h.command(admin, 'admin')
    const list = await h.press(admin, home.messageId, findButton(home, 'a:promo:0'))
    const prompt = await h.press(admin, list.messageId, findButton(list, 'a:promon'))
    expect(plain(prompt.text)).toContain('New promo code')
    expect(plain((await h.text(admin, 'spring')).text)).toContain('could not read that line')
    expect(plain((await h.text(admin, 'SPRING 150 days=30')).text)).toContain('uses=N is required')
    expect(plain((await h.text(admin, 'SPRING 10% uses=5 days=30')).text)).toContain('needs a cap')
    expect(plain((await h.text(admin, 'SPRING 150 uses=5 days=900')).text)).toContain('days=N is required')
    expect(plain((await h.text(admin, 'S! 150 uses=5 days=30')).text)).toContain('3–32 Latin letters')
    const created = await h.text(admin, 'spring 150 uses=5 days=30')
    expect(plain(created.text)).toContain('Promo code created')
    expect(plain(created.text)).toContain('SPRING')
    expect(plain(created.text)).toContain('150 ₽ at once')
    expect(plain(created.text)).toContain('Uses: 0 of 5')
    expect(plain(created.text)).toContain('No redemptions yet')
    // the same code again
    const again = await createCode('SPRING 100 uses=5 days=30')
    expect(plain(again.text)).toContain('the code SPRING already exists')

    const user = await h.user()
    expect(plain((await h.command(user, 'promo', 'spring')).text)).toContain('Promo code SPRING applied: +150 ₽')

    const listed = await h.press(admin, (await h.command(admin, 'admin')).messageId, 'a:promo:0')
    expect(plain(listed.text)).toMatch(/SPRING: 150 ₽ at once · 1\/5 · until/)
    const details = await h.press(admin, listed.messageId, findButton(listed, /^a:promov:/))
    expect(plain(details.text)).toContain('Redemptions: 1 · credited 150 ₽')
    expect(plain(details.text)).toContain(`${user} · 150 ₽ credited`)
    const disabled = await h.press(admin, details.messageId, findButton(details, /^a:promox:/))
    expect(plain(disabled.text)).toContain('Promo code disabled')
    expect(plain(disabled.text)).toContain('⛔ Disabled')

    const other = await h.user()
    expect(plain((await h.command(other, 'promo', 'SPRING')).text)).toContain('Promo code SPRING is no longer active')
    const audit = await db().adminAuditLog.findMany({
      where: { action: { in: ['promo.create', 'promo.disable'] } },
      orderBy: { id: 'asc' },
    })
    expect(audit.map((a) => a.action)).toEqual(['promo.create', 'promo.disable'])
    expect(audit[0]!.details).toMatchObject({ code: 'SPRING', kind: 'fixed', amountKopecks: 15_000, maxUses: 5 })
  })
})

describe('redeeming', () => {
  it('credits once under concurrent and repeated updates: one entry, exact balance; then rate-limited', async () => {
    await createCode('TWICE 200 uses=100 days=7')
    const chat = await h.user()
    await h.command(chat, 'start')
    const before = await balanceOf(chat)
    // five /promo TWICE at once (as several replicas would get them), one of them delivered twice
    const repeated = promoUpdate(chat, 'twice')
    const responses = await Promise.all([
      ...Array.from({ length: 4 }, () => postUpdate(promoUpdate(chat, 'TWICE'))),
      postUpdate(repeated),
      postUpdate(repeated),
    ])
    // the copy that arrives while its original is being handled is told to come back later (503)
    expect(responses.slice(0, 5).map((r) => r.status)).toEqual(Array(5).fill(200))
    expect([200, 503]).toContain(responses[5]!.status)
    // ...and when Telegram retries it, it was handled already
    expect((await postUpdate(repeated)).status).toBe(200)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect(await balanceOf(chat)).toBe(before + 20_000)
    const entries = await db().ledgerEntry.findMany({ where: { userId: BigInt(chat), kind: 'promo' } })
    expect(entries).toHaveLength(1)
    expect(entries[0]!.amountKopecks).toBe(20_000)
    const texts = botTexts(chat)
    expect(texts.filter((t) => t.includes('Promo code TWICE applied'))).toHaveLength(1)
    expect(texts.filter((t) => t.includes('You have already used promo code TWICE'))).toHaveLength(4)
    // five attempts counted in this window: the sixth is refused before the code is looked at
    expect(plain((await h.command(chat, 'promo', 'NOSUCH')).text)).toContain('Too many promo code attempts')
    expect((await db().promoCode.findUniqueOrThrow({ where: { code: 'TWICE' } })).uses).toBe(1)
  })

  it('says why a code is refused: unknown, expired, used up, already used, new users only', async () => {
    await createCode('ONCE 50 uses=1 days=7')
    await createCode('OLD 50 uses=10 days=7')
    await db().promoCode.update({ where: { code: 'OLD' }, data: { expiresAt: new Date(Date.now() - 60_000) } })
    const chat = await h.user()
    await h.command(chat, 'start')
    await createCode('NEWBIE 75 uses=10 days=7 new')
    const start = await balanceOf(chat)

    expect(plain((await h.command(chat, 'promo', 'nope-nope')).text)).toContain('There is no promo code NOPE-NOPE')
    expect(plain((await h.command(chat, 'promo', 'old')).text)).toContain('Promo code OLD has expired')
    // this user was here before NEWBIE was created
    expect(plain((await h.command(chat, 'promo', 'NEWBIE')).text)).toContain('Promo code NEWBIE is only for new users')
    // the balance screen's button asks for the code; the next text is it
    const balance = await h.command(chat, 'balance')
    const asked = await h.press(chat, balance.messageId, findButton(balance, 'promo'))
    expect(plain(asked.text)).toContain('Send your promo code')
    expect(plain((await h.text(chat, 'once')).text)).toContain('Promo code ONCE applied: +50 ₽')
    expect(await balanceOf(chat)).toBe(start + 5_000)

    const second = await h.user()
    await h.command(second, 'start')
    // /promo alone asks; a text that cannot be a code goes on as usual (not taken as one)
    expect(plain((await h.command(second, 'promo')).text)).toContain('Send your promo code')
    expect(plain((await h.text(second, 'a cat in a hat')).text)).not.toContain('promo code')
    expect(plain((await h.command(second, 'promo', 'ONCE')).text)).toContain('Promo code ONCE has run out')

    // a newcomer through the deep link gets the new-users code with their welcome
    const newcomer = h.tg.control.createUser({ first_name: 'New', language_code: 'en' }).id
    await h.command(newcomer, 'start', 'p_newbie')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect(botTexts(newcomer).some((t) => t.includes('Promo code NEWBIE applied: +75 ₽'))).toBe(true)
    expect(plain((await h.command(newcomer, 'start', 'p_newbie')).text)).toBeTruthy()
    expect(botTexts(newcomer).some((t) => t.includes('You have already used promo code NEWBIE'))).toBe(true)
    expect(await db().ledgerEntry.count({ where: { userId: BigInt(newcomer), kind: 'promo' } })).toBe(1)
    // refusals wrote nothing
    expect(await db().promoRedemption.count({ where: { userId: BigInt(second) } })).toBe(0)
    expect(await balanceOf(chat)).toBe(start + 5_000)
  })
})

describe('the wait for a typed code', () => {
  const triesOf = async (chat: number) => h.gateway.deps.redis.keys(`${h.config.QUEUE_PREFIX}:promo-tries:${chat}:*`)

  it('ends with any other button or command: a one-word prompt for a comparison is not taken for a code', async () => {
    await createCode('WAITS 40 uses=10 days=7')
    const chat = await h.user()
    await h.command(chat, 'start')
    const before = await balanceOf(chat)

    // asked by the balance screen's button, then a comparison: its one-word prompt is the comparison's
    const balance = await h.command(chat, 'balance')
    await h.press(chat, balance.messageId, findButton(balance, 'promo'))
    let picker = await h.command(chat, 'compare')
    const next = findButton(picker, callbacks.compareNext.match)
    const draftId = callbacks.compareNext.unpack(next)!.draftId
    for (const slug of ['nano-banana', 'imagen4-fast'])
      picker = await h.press(chat, picker.messageId, callbacks.compareToggle.pack({ draftId, slug }))
    expect(plain((await h.press(chat, picker.messageId, next)).text)).toContain('Write the prompt')
    const priced = await h.text(chat, 'waits')
    expect(plain(priced.text)).not.toContain('Promo code')
    findButton(priced, callbacks.compareConfirm.match)

    // /promo alone, then another command: the next word is not a code
    expect(plain((await h.command(chat, 'promo')).text)).toContain('Send your promo code')
    await h.command(chat, 'help')
    expect(plain((await h.text(chat, 'waits')).text)).not.toContain('Promo code')
    // /promo alone, then another button (the asking screen's Balance)
    const asked = await h.command(chat, 'promo')
    await h.press(chat, asked.messageId, findButton(asked, callbacks.balance.match))
    expect(plain((await h.text(chat, 'waits')).text)).not.toContain('Promo code')

    // none of these used an attempt or redeemed anything
    expect(await triesOf(chat)).toEqual([])
    expect(await balanceOf(chat)).toBe(before)
    // and the button still asks for the code: the next word is redeemed
    const again = await h.command(chat, 'balance')
    await h.press(chat, again.messageId, findButton(again, 'promo'))
    expect(plain((await h.text(chat, 'waits')).text)).toContain('Promo code WAITS applied: +40 ₽')
    expect(await balanceOf(chat)).toBe(before + 4_000)
  })
})

describe('a percent code', () => {
  it('shows on the top-up screen, is credited with the Stars payment, and is reversed with its refund', async () => {
    await createCode('BONUS10 10% max=5 uses=10 days=7')
    const chat = await h.user()
    await h.command(chat, 'start')
    const start = await balanceOf(chat)
    const redeemed = await h.command(chat, 'promo', 'bonus10')
    expect(plain(redeemed.text)).toContain('+10% on your next Stars top-up, up to 5 ₽')
    expect(await balanceOf(chat)).toBe(start)

    const topup = await h.command(chat, 'topup')
    expect(plain(topup.text)).toContain('+10% on this top-up, up to 5 ₽ (promo code BONUS10)')
    const invoice = await h.press(chat, topup.messageId, findButton(topup, 'p:50'))
    expect((await h.tg.control.payInvoice(chat, invoice.messageId)).status).toBe('paid')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    // 50 ⭐ = 60 ₽; 10% = 6 ₽, capped at 5 ₽
    expect(await balanceOf(chat)).toBe(start + 6_000 + 500)
    expect(botTexts(chat).some((t) => t.includes('Promo code bonus: +5 ₽'))).toBe(true)
    const payment = await db().starsPayment.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    const bonus = await db().ledgerEntry.findFirstOrThrow({ where: { userId: BigInt(chat), kind: 'promo' } })
    expect(bonus).toMatchObject({ amountKopecks: 500, paymentId: payment.id })
    expect(plain((await h.command(chat, 'topup')).text)).not.toContain('on this top-up')

    // the admin refunds the payment: the top-up and its bonus go back together
    const home = await h.command(admin, 'admin')
    await h.press(admin, home.messageId, 'a:user')
    const card = await h.text(admin, String(chat))
    const confirm = await h.press(admin, card.messageId, findButton(card, /^a:rf:/))
    expect(plain(confirm.text)).toContain('The promo code bonus of this top-up is taken back too: 5 ₽')
    const done = await h.press(admin, confirm.messageId, findButton(confirm, /^a:rfy:/))
    expect(plain(done.text)).toContain('Refunded 50 ⭐')
    expect(plain(done.text)).toContain('taken back too: 5 ₽')
    expect(h.tg.control.calls({ method: 'refundStarPayment' }).filter((c) => c.params.user_id === chat)).toHaveLength(1)
    expect(await balanceOf(chat)).toBe(start)
    const promoEntries = await db().ledgerEntry.findMany({
      where: { userId: BigInt(chat), kind: 'promo' },
      orderBy: { id: 'asc' },
    })
    expect(promoEntries.map((e) => e.amountKopecks)).toEqual([500, -500])
    expect(await db().ledgerEntry.count({ where: { userId: BigInt(chat), kind: 'topup_refund' } })).toBe(1)
    const redemption = await db().promoRedemption.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(redemption.status).toBe('reversed')
  })
})
