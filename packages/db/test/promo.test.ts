import { randomUUID } from 'node:crypto'
import {
  abortPaymentRefund,
  beginPaymentRefund,
  createPromoCode,
  creditStarsPayment,
  disablePromoCode,
  finishPaymentRefund,
  ledgerKeys,
  MoneyError,
  postOrThrow,
  pendingPromoBonus,
  promoDetails,
  redeemPromoCode,
  type Db,
  type PromoSpec,
} from '@kiebot/db'
import { fundedUser } from './support/users'
import { useTestDb } from './support/database'

// Promo codes against a real database: a code counted once per user under concurrency,
// "used up" exact under concurrency, refusals that write nothing, the percent bonus credited
// with the next top-up and taken back with its refund (or given back when the refund is refused).

const testDb = useTestDb({ poolSize: 20, checkLedger: true })
let db: Db
let nextUserId = 5000n
const ADMIN = 77n
const DAY = 86_400_000

beforeAll(() => {
  db = testDb.db
})

const newUser = (kopecks = 0): Promise<bigint> => fundedUser(db, nextUserId++, kopecks)

async function code(spec: PromoSpec, options: { maxUses?: number; days?: number; newUsersOnly?: boolean } = {}) {
  const name = `T${randomUUID().slice(0, 8).toUpperCase()}`
  const created = await createPromoCode(db, {
    adminId: ADMIN,
    code: name.toLowerCase(),
    spec,
    maxUses: options.maxUses ?? 100,
    expiresAt: new Date(Date.now() + (options.days ?? 7) * DAY),
    newUsersOnly: options.newUsersOnly ?? false,
  })
  if (!created.ok) throw new Error(created.error)
  return created.promo
}

const balance = async (id: bigint) => (await db.user.findUniqueOrThrow({ where: { id } })).balanceKopecks

async function pay(userId: bigint, kopecks: number, chargeId = `ch-${randomUUID()}`) {
  const order = await db.topupOrder.create({ data: { id: randomUUID(), userId, packId: 'p', stars: 50, kopecks } })
  const result = await creditStarsPayment(db, {
    telegramPaymentChargeId: chargeId,
    userId,
    orderId: order.id,
    currency: 'XTR',
    totalAmount: 50,
  })
  if (!result.credited) throw new Error('not credited')
  return result
}

describe('creating codes', () => {
  it('checks every bound and refuses a code taken, audited once', async () => {
    const base = { adminId: ADMIN, maxUses: 10, expiresAt: new Date(Date.now() + DAY), newUsersOnly: false }
    const fixed = (amountKopecks: number) => ({ kind: 'fixed' as const, amountKopecks })
    expect(await createPromoCode(db, { ...base, code: 'ab', spec: fixed(100) })).toEqual({
      ok: false,
      error: 'bad_code',
    })
    expect(await createPromoCode(db, { ...base, code: 'BAD CODE', spec: fixed(100) })).toMatchObject({ ok: false })
    expect(await createPromoCode(db, { ...base, code: 'GOOD1', spec: fixed(0) })).toEqual({
      ok: false,
      error: 'bad_amount',
    })
    expect(
      await createPromoCode(db, { ...base, code: 'GOOD1', spec: { kind: 'percent', percent: 101, capKopecks: 100 } }),
    ).toEqual({ ok: false, error: 'bad_percent' })
    expect(
      await createPromoCode(db, { ...base, code: 'GOOD1', spec: { kind: 'percent', percent: 10, capKopecks: 0 } }),
    ).toEqual({ ok: false, error: 'bad_cap' })
    expect(await createPromoCode(db, { ...base, code: 'GOOD1', maxUses: 0, spec: fixed(100) })).toEqual({
      ok: false,
      error: 'bad_uses',
    })
    expect(
      await createPromoCode(db, { ...base, code: 'GOOD1', expiresAt: new Date(Date.now() - 1), spec: fixed(100) }),
    ).toEqual({ ok: false, error: 'bad_expiry' })
    const made = await createPromoCode(db, { ...base, code: 'good1', spec: fixed(100) })
    expect(made).toMatchObject({ ok: true, promo: { code: 'GOOD1' } })
    expect(await createPromoCode(db, { ...base, code: 'GOOD1', spec: fixed(200) })).toEqual({
      ok: false,
      error: 'code_taken',
    })
    expect(await db.adminAuditLog.count({ where: { action: 'promo.create' } })).toBe(1)
  })
})

describe('redeeming a fixed code', () => {
  it('credits once per user under concurrent redemptions: one redemption, one entry, exact balance', async () => {
    const promo = await code({ kind: 'fixed', amountKopecks: 15_000 })
    const user = await newUser()
    const results = await Promise.all(
      Array.from({ length: 8 }, () => redeemPromoCode(db, { userId: user, code: promo.code })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(7).fill('already_used'))
    expect(await balance(user)).toBe(15_000)
    expect(await db.ledgerEntry.count({ where: { userId: user, kind: 'promo' } })).toBe(1)
    expect((await db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).uses).toBe(1)
  })

  it('never counts more uses than allowed, many users at once', async () => {
    const promo = await code({ kind: 'fixed', amountKopecks: 100 }, { maxUses: 3 })
    const users = await Promise.all(Array.from({ length: 10 }, () => newUser()))
    const results = await Promise.all(users.map((userId) => redeemPromoCode(db, { userId, code: promo.code })))
    expect(results.filter((r) => r.ok)).toHaveLength(3)
    expect(results.filter((r) => !r.ok && r.reason === 'used_up')).toHaveLength(7)
    expect((await db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).uses).toBe(3)
    expect(await db.ledgerEntry.count({ where: { kind: 'promo', userId: { in: users } } })).toBe(3)
  })

  it('refuses unknown, expired, disabled and new-users-only codes, writing nothing', async () => {
    const user = await newUser()
    expect(await redeemPromoCode(db, { userId: user, code: 'NO-SUCH-CODE' })).toEqual({ ok: false, reason: 'unknown' })
    expect(await redeemPromoCode(db, { userId: user, code: 'bad code!' })).toEqual({ ok: false, reason: 'unknown' })
    const expired = await code({ kind: 'fixed', amountKopecks: 100 })
    await db.promoCode.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await redeemPromoCode(db, { userId: user, code: expired.code })).toEqual({ ok: false, reason: 'expired' })
    const off = await code({ kind: 'fixed', amountKopecks: 100 })
    expect(await disablePromoCode(db, { adminId: ADMIN, promoId: off.id })).toBe(true)
    expect(await disablePromoCode(db, { adminId: ADMIN, promoId: off.id })).toBe(false)
    expect(await redeemPromoCode(db, { userId: user, code: off.code })).toEqual({ ok: false, reason: 'disabled' })
    const fresh = await code({ kind: 'fixed', amountKopecks: 100 }, { newUsersOnly: true })
    // this user came before the code
    expect(await redeemPromoCode(db, { userId: user, code: fresh.code })).toEqual({
      ok: false,
      reason: 'new_users_only',
    })
    const newcomer = await newUser()
    expect(await redeemPromoCode(db, { userId: newcomer, code: fresh.code })).toMatchObject({ ok: true })
    expect(await balance(user)).toBe(0)
    expect(await db.promoRedemption.count({ where: { userId: user } })).toBe(0)
    expect((await db.promoCode.findUniqueOrThrow({ where: { id: expired.id } })).uses).toBe(0)
  })
})

describe('a percent code', () => {
  it('waits for the next top-up, is credited with it (capped), once, and shown while pending', async () => {
    const promo = await code({ kind: 'percent', percent: 10, capKopecks: 500 })
    const user = await newUser()
    expect(await redeemPromoCode(db, { userId: user, code: promo.code })).toMatchObject({
      ok: true,
      kind: 'percent',
      percent: 10,
    })
    expect(await pendingPromoBonus(db, user)).toEqual({ code: promo.code, percent: 10, capKopecks: 500 })
    // a second percent code while one waits
    const other = await code({ kind: 'percent', percent: 20, capKopecks: 500 })
    expect(await redeemPromoCode(db, { userId: user, code: other.code })).toEqual({
      ok: false,
      reason: 'bonus_pending',
    })
    expect(await balance(user)).toBe(0)
    const first = await pay(user, 6_000) // 10% = 600, capped at 500
    expect(first.promoBonusKopecks).toBe(500)
    expect(first.balanceAfter).toBe(6_500)
    expect(await pendingPromoBonus(db, user)).toBeNull()
    const second = await pay(user, 6_000) // the next top-up: no bonus
    expect(second.promoBonusKopecks).toBe(0)
    expect(await balance(user)).toBe(12_500)
    const details = await promoDetails(db, promo.id)
    expect(details).toMatchObject({ counts: { applied: 1, pending: 0 }, creditedKopecks: 500 })
  })

  it('is taken back with its refunded top-up; a refused refund gives both back', async () => {
    const promo = await code({ kind: 'percent', percent: 10, capKopecks: 10_000 })
    const user = await newUser()
    await redeemPromoCode(db, { userId: user, code: promo.code })
    const { payment } = await pay(user, 6_000)
    expect(await balance(user)).toBe(6_600)

    // refused by Telegram: top-up and bonus back
    const tried = await beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN })
    if (!tried.ready) throw new Error('not ready')
    expect(tried.promoKopecks).toBe(600)
    expect(tried.balanceAfter).toBe(0)
    await abortPaymentRefund(db, { paymentId: payment.id, attempt: tried.attempt, adminId: ADMIN, reason: 'no' })
    expect(await balance(user)).toBe(6_600)

    const begun = await beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN })
    if (!begun.ready) throw new Error('not ready')
    await finishPaymentRefund(db, payment.id, { adminId: ADMIN })
    expect(await balance(user)).toBe(0)
    const redemption = await db.promoRedemption.findFirstOrThrow({ where: { userId: user } })
    expect(redemption.status).toBe('reversed')
    const promoEntries = await db.ledgerEntry.findMany({
      where: { userId: user, kind: 'promo' },
      orderBy: { id: 'asc' },
    })
    expect(promoEntries.map((e) => e.amountKopecks)).toEqual([600, -600, 600, -600])
  })

  it('a unique key other than the charge id tripping in the top-up is an error, never a dropped top-up', async () => {
    const promo = await code({ kind: 'percent', percent: 10, capKopecks: 10_000 })
    const user = await newUser()
    await redeemPromoCode(db, { userId: user, code: promo.code })
    // the bonus's ledger key is taken already (a fault): the top-up's transaction trips on it
    await db.$transaction((tx) =>
      postOrThrow(tx, { userId: user, kind: 'promo', amountKopecks: 100, key: ledgerKeys.promo(promo.id, user) }),
    )
    const order = await db.topupOrder.create({
      data: { id: randomUUID(), userId: user, packId: 'p', stars: 50, kopecks: 6_000 },
    })
    const input = { telegramPaymentChargeId: `ch-${randomUUID()}`, userId: user, orderId: order.id }
    await expect(creditStarsPayment(db, { ...input, currency: 'XTR', totalAmount: 50 })).rejects.toMatchObject({
      code: 'already_posted',
    })
    // nothing written, nothing reported as a duplicate: the payment is not recorded, the balance as it was
    expect(await db.starsPayment.count({ where: { userId: user } })).toBe(0)
    expect(await balance(user)).toBe(100)
    // a real duplicate (the same charge id credited before) is still one
    await db.promoRedemption.updateMany({ where: { userId: user }, data: { status: 'applied' } })
    expect(await creditStarsPayment(db, { ...input, currency: 'XTR', totalAmount: 50 })).toMatchObject({
      credited: true,
    })
    expect(await creditStarsPayment(db, { ...input, currency: 'XTR', totalAmount: 50 })).toEqual({
      credited: false,
      duplicate: true,
    })
    expect(await balance(user)).toBe(6_100)
  })

  it('refuses a refund when the user spent the top-up and its bonus, debiting nothing', async () => {
    const promo = await code({ kind: 'percent', percent: 50, capKopecks: 10_000 })
    const user = await newUser()
    await redeemPromoCode(db, { userId: user, code: promo.code })
    const { payment } = await pay(user, 1_000) // +500 bonus
    // spend the bonus: what is left covers the top-up but not top-up + bonus
    await db.$transaction((tx) =>
      postOrThrow(tx, { userId: user, kind: 'charge', amountKopecks: -200, key: `spend:${user}` }),
    )
    expect(await balance(user)).toBe(1_300)
    await expect(beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN })).rejects.toBeInstanceOf(MoneyError)
    expect(await balance(user)).toBe(1_300)
    expect((await db.starsPayment.findUniqueOrThrow({ where: { id: payment.id } })).refund).toBe('none')
  })
})
