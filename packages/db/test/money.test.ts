import { randomUUID } from 'node:crypto'
import {
  abortPaymentRefund,
  adjustBalance,
  beginPaymentRefund,
  finishPaymentRefund,
  releasePaymentRefund,
  creditStarsPayment,
  ensureUser,
  findBalanceMismatches,
  grantOnce,
  LAST_SEEN_RESOLUTION_MS,
  MoneyError,
  refreshUser,
  refundGeneration,
  reserveFunds,
  settleMeasuredPrice,
  type Db,
  type PriceSnapshot,
} from '@kiebot/db'
import { fundedUser } from './support/users'
import { useTestDb } from './support/database'

const testDb = useTestDb({ poolSize: 20, checkLedger: true })
let db: Db
let nextUserId = 1000n

beforeAll(() => {
  db = testDb.db
})

async function userWithBalance(kopecks: number, extra: { referrerId?: bigint; referralUntil?: Date } = {}) {
  const id = await fundedUser(db, nextUserId++, kopecks, 'ru')
  if (extra.referrerId)
    await db.user.update({
      where: { id },
      data: { referrerId: extra.referrerId, referralUntil: extra.referralUntil ?? null },
    })
  return id
}

const price = (kopecks: number): PriceSnapshot => ({
  credits: 6.5,
  usdPerCredit: 0.005,
  fxRubPerUsd: 92.5432,
  markup: 2,
  kopecks,
})

function reserve(userId: bigint, kopecks: number, extra: { generationId?: string; maxActive?: number } = {}) {
  return reserveFunds(db, {
    generationId: extra.generationId ?? randomUUID(),
    userId,
    chatId: userId,
    modelId: 'nano-banana',
    params: { prompt: 'a fox' },
    price: price(kopecks),
    deadlineAt: new Date(Date.now() + 600_000),
    maxActive: extra.maxActive,
  })
}

async function balanceOf(userId: bigint) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).balanceKopecks
}

describe('ensureUser', () => {
  it('creates once with the language from language_code, then refreshes names', async () => {
    const first = await ensureUser(db, { id: 777n, firstName: 'Анна', languageCode: 'ru-RU' })
    const again = await ensureUser(db, { id: 777n, firstName: 'Anna', username: 'anna', languageCode: 'en' })
    expect(first.created).toBe(true)
    expect(first.user.language).toBe('ru')
    expect(again.created).toBe(false)
    expect(again.user.firstName).toBe('Anna')
    expect(again.user.language).toBe('ru') // a chosen language is not overwritten
    expect(again.user.referralCode).toBe(first.user.referralCode)
    expect((await ensureUser(db, { id: 778n, languageCode: 'de' })).user.language).toBe('en')
  })

  it('writes the row only when something changed (a read per update, not a write)', async () => {
    const version = async () =>
      (await db.$queryRaw<{ xmin: string }[]>`SELECT xmin::text AS xmin FROM users WHERE id = 780`)[0]!.xmin
    await ensureUser(db, { id: 780n, firstName: 'Same', username: 'same', languageCode: 'en' })
    const created = await version()
    for (let i = 0; i < 5; i++)
      await ensureUser(db, { id: 780n, firstName: 'Same', username: 'same', languageCode: 'en' })
    expect(await version()).toBe(created)
    await ensureUser(db, { id: 780n, firstName: 'Renamed', username: 'same', languageCode: 'en' })
    const renamed = await version()
    expect(renamed).not.toBe(created)
    // last-seen moves once it is older than its resolution
    const user = await db.user.update({
      where: { id: 780n },
      data: { lastSeenAt: new Date(Date.now() - LAST_SEEN_RESOLUTION_MS - 1000) },
    })
    const stale = await version()
    const refreshed = await refreshUser(db, user, {
      id: 780n,
      firstName: 'Renamed',
      username: 'same',
      languageCode: 'en',
    })
    expect(refreshed.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(await version()).not.toBe(stale)
  })

  it('survives concurrent first contacts of the same user', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureUser(db, { id: 779n, firstName: 'X' })))
    expect(results.filter((r) => r.created)).toHaveLength(1)
  })
})

describe('reserveFunds', () => {
  it('debits, appends the charge entry and creates the queued generation with the price snapshot', async () => {
    const userId = await userWithBalance(10_000)
    const generationId = randomUUID()
    const result = await reserve(userId, 1_250, { generationId })
    expect(result.duplicate).toBe(false)
    expect(result.balanceAfter).toBe(8_750)
    expect(await balanceOf(userId)).toBe(8_750)
    const generation = await db.generation.findUniqueOrThrow({ where: { id: generationId } })
    expect(generation.status).toBe('queued')
    expect(generation.step).toBe('submit')
    expect(generation.priceKopecks).toBe(1_250)
    expect(generation.priceCredits.toString()).toBe('6.5')
    expect(generation.fxRate.toString()).toBe('92.5432')
    expect(generation.markup.toString()).toBe('2')
    const entries = await db.ledgerEntry.findMany({ where: { generationId } })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      kind: 'charge',
      amountKopecks: -1_250,
      balanceAfter: 8_750,
      idempotencyKey: `gen:${generationId}:charge`,
    })
  })

  it('refuses when the balance does not cover the price and writes nothing', async () => {
    const userId = await userWithBalance(999)
    await expect(reserve(userId, 1_000)).rejects.toMatchObject({ code: 'insufficient_funds' })
    expect(await balanceOf(userId)).toBe(999)
    expect(await db.generation.count({ where: { userId } })).toBe(0)
  })

  it('20 concurrent confirms on a balance that covers 3 create exactly 3 generations', async () => {
    const userId = await userWithBalance(3_000)
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => reserve(userId, 1_000)))
    const ok = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected')
    expect(ok).toHaveLength(3)
    expect(refused).toHaveLength(17)
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'insufficient_funds' })
    expect(await balanceOf(userId)).toBe(0)
    expect(await db.generation.count({ where: { userId } })).toBe(3)
  })

  it('confirming the same generation twice charges once', async () => {
    const userId = await userWithBalance(5_000)
    const generationId = randomUUID()
    const [a, b] = await Promise.all([
      reserve(userId, 2_000, { generationId }),
      reserve(userId, 2_000, { generationId }),
    ])
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true])
    expect(await balanceOf(userId)).toBe(3_000)
    expect(await db.ledgerEntry.count({ where: { generationId } })).toBe(1)
  })

  it('enforces the concurrent generations limit atomically', async () => {
    const userId = await userWithBalance(100_000)
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => reserve(userId, 100, { maxActive: 2 })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'too_many_active_generations' })
    expect(await balanceOf(userId)).toBe(99_800)
  })

  it('refuses an unknown user', async () => {
    await expect(reserve(999_999n, 100)).rejects.toMatchObject({ code: 'user_not_found' })
  })
})

describe('refundGeneration', () => {
  it('refunds exactly once under concurrent calls and records the reason', async () => {
    const userId = await userWithBalance(5_000)
    const { generation } = await reserve(userId, 1_500)
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        refundGeneration(db, generation.id, { status: 'failed', failureCode: 'kie_422', failureReason: 'bad prompt' }),
      ),
    )
    expect(results.filter((r) => r.refunded)).toHaveLength(1)
    expect(await balanceOf(userId)).toBe(5_000)
    const after = await db.generation.findUniqueOrThrow({ where: { id: generation.id } })
    expect(after).toMatchObject({ status: 'failed', step: 'done', failureCode: 'kie_422', failureReason: 'bad prompt' })
    expect(await db.ledgerEntry.count({ where: { generationId: generation.id, kind: 'refund' } })).toBe(1)
    const again = await refundGeneration(db, generation.id, { status: 'timed_out' })
    expect(again).toEqual({ refunded: false, currentStatus: 'failed' })
  })

  it('does not refund a generation that succeeded', async () => {
    const userId = await userWithBalance(5_000)
    const { generation } = await reserve(userId, 1_500)
    await db.generation.update({ where: { id: generation.id }, data: { status: 'succeeded', step: 'done' } })
    expect(await refundGeneration(db, generation.id, { status: 'failed' })).toEqual({
      refunded: false,
      currentStatus: 'succeeded',
    })
    expect(await balanceOf(userId)).toBe(3_500)
  })

  it('cancel refunds only while still queued', async () => {
    const userId = await userWithBalance(5_000)
    const queued = await reserve(userId, 1_000)
    const running = await reserve(userId, 1_000)
    await db.generation.update({ where: { id: running.generation.id }, data: { status: 'running' } })
    const cancelQueued = await refundGeneration(db, queued.generation.id, {
      status: 'cancelled',
      fromStatuses: ['queued'],
    })
    const cancelRunning = await refundGeneration(db, running.generation.id, {
      status: 'cancelled',
      fromStatuses: ['queued'],
    })
    expect(cancelQueued.refunded).toBe(true)
    expect(cancelRunning).toEqual({ refunded: false, currentStatus: 'running' })
    expect(await balanceOf(userId)).toBe(4_000)
  })

  it('answers for an unknown generation without moving money', async () => {
    expect(await refundGeneration(db, randomUUID(), { status: 'failed' })).toEqual({
      refunded: false,
      currentStatus: null,
    })
  })
})

describe('creditStarsPayment', () => {
  async function order(userId: bigint, stars = 100, kopecks = 15_000) {
    return db.topupOrder.create({ data: { id: randomUUID(), userId, packId: 'p100', stars, kopecks } })
  }
  const payment = (userId: bigint, orderId: string, chargeId: string, stars = 100) => ({
    telegramPaymentChargeId: chargeId,
    providerPaymentChargeId: null,
    userId,
    orderId,
    currency: 'XTR',
    totalAmount: stars,
  })

  it('credits once per telegram_payment_charge_id, even delivered concurrently', async () => {
    const userId = await userWithBalance(0)
    const o = await order(userId)
    const results = await Promise.all(
      Array.from({ length: 4 }, () => creditStarsPayment(db, payment(userId, o.id, 'charge-1'))),
    )
    expect(results.filter((r) => r.credited)).toHaveLength(1)
    expect(await balanceOf(userId)).toBe(15_000)
    expect(await db.starsPayment.count({ where: { userId } })).toBe(1)
    expect((await db.topupOrder.findUniqueOrThrow({ where: { id: o.id } })).status).toBe('paid')
  })

  it('an old invoice paid twice is two payments, each credited once', async () => {
    const userId = await userWithBalance(0)
    const o = await order(userId)
    expect((await creditStarsPayment(db, payment(userId, o.id, 'charge-a'))).credited).toBe(true)
    expect((await creditStarsPayment(db, payment(userId, o.id, 'charge-b'))).credited).toBe(true)
    expect((await creditStarsPayment(db, payment(userId, o.id, 'charge-b'))).credited).toBe(false)
    expect(await balanceOf(userId)).toBe(30_000)
  })

  it('refuses a payment that does not match its order, crediting nothing', async () => {
    const userId = await userWithBalance(0)
    const other = await userWithBalance(0)
    const o = await order(userId)
    await expect(creditStarsPayment(db, payment(userId, o.id, 'c-x', 99))).rejects.toMatchObject({
      code: 'payment_mismatch',
    })
    await expect(creditStarsPayment(db, { ...payment(userId, o.id, 'c-y'), currency: 'USD' })).rejects.toMatchObject({
      code: 'payment_mismatch',
    })
    await expect(creditStarsPayment(db, payment(other, o.id, 'c-z'))).rejects.toMatchObject({
      code: 'payment_mismatch',
    })
    await expect(creditStarsPayment(db, payment(userId, randomUUID(), 'c-w'))).rejects.toMatchObject({
      code: 'order_not_found',
    })
    expect(await balanceOf(userId)).toBe(0)
    expect(await db.starsPayment.count({ where: { userId } })).toBe(0)
  })

  it('pays the referral reward while the window is open, once per payment', async () => {
    const referrer = await userWithBalance(0)
    const referee = await userWithBalance(0, { referrerId: referrer, referralUntil: new Date(Date.now() + 86_400_000) })
    const o = await order(referee, 100, 15_001)
    const first = await creditStarsPayment(db, { ...payment(referee, o.id, 'ref-1'), referralPercent: 10 })
    await creditStarsPayment(db, { ...payment(referee, o.id, 'ref-1'), referralPercent: 10 })
    expect(first).toMatchObject({ credited: true, referralRewardKopecks: 1_500 })
    expect(await balanceOf(referrer)).toBe(1_500)

    const late = await userWithBalance(0, { referrerId: referrer, referralUntil: new Date(Date.now() - 1000) })
    const o2 = await order(late)
    expect(await creditStarsPayment(db, { ...payment(late, o2.id, 'ref-2'), referralPercent: 10 })).toMatchObject({
      referralRewardKopecks: 0,
    })
    expect(await balanceOf(referrer)).toBe(1_500)
  })
})

describe('Stars payment refunds', () => {
  const ADMIN = 1n
  async function paid(userId: bigint, chargeId: string, kopecks = 10_000, referralPercent = 0) {
    const o = await db.topupOrder.create({ data: { id: randomUUID(), userId, packId: 'p100', stars: 100, kopecks } })
    const result = await creditStarsPayment(db, {
      telegramPaymentChargeId: chargeId,
      userId,
      orderId: o.id,
      currency: 'XTR',
      totalAmount: 100,
      referralPercent,
    })
    if (!result.credited) throw new Error('not credited')
    return result.payment
  }
  async function referred() {
    const referrer = await userWithBalance(0)
    const referee = await userWithBalance(0, { referrerId: referrer, referralUntil: new Date(Date.now() + 86_400_000) })
    return { referrer, referee }
  }

  it('takes the referral reward back when the payment that earned it is refunded, once', async () => {
    const { referrer, referee } = await referred()
    const payment = await paid(referee, 'rr-1', 10_000, 5)
    expect(await balanceOf(referrer)).toBe(500)
    const begun = await beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN })
    expect(begun.ready).toBe(true)
    expect(await finishPaymentRefund(db, payment.id, { adminId: ADMIN })).toEqual({
      finished: true,
      referralReversedKopecks: 500,
      referralShortfallKopecks: 0,
    })
    expect(await finishPaymentRefund(db, payment.id, { adminId: ADMIN })).toMatchObject({
      finished: false,
      referralReversedKopecks: 0,
    })
    expect(await balanceOf(referee)).toBe(0)
    expect(await balanceOf(referrer)).toBe(0)
    const entry = await db.ledgerEntry.findUniqueOrThrow({ where: { idempotencyKey: 'referral:rr-1:reversed' } })
    expect(entry).toMatchObject({ userId: referrer, kind: 'referral', amountKopecks: -500, paymentId: payment.id })
  })

  it('a referrer who spent the reward goes to zero and the rest is written off in the audit log', async () => {
    const { referrer, referee } = await referred()
    const payment = await paid(referee, 'rr-2', 10_000, 5)
    await reserve(referrer, 300) // spends 3 of the 5 ₽ reward
    await beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN })
    expect(await finishPaymentRefund(db, payment.id, { adminId: ADMIN })).toEqual({
      finished: true,
      referralReversedKopecks: 200,
      referralShortfallKopecks: 300,
    })
    expect(await balanceOf(referrer)).toBe(0)
    const audit = await db.adminAuditLog.findFirstOrThrow({
      where: { action: 'referral.reverse', targetUserId: referrer },
    })
    expect(audit.details).toMatchObject({ rewardKopecks: 500, reversedKopecks: 200, shortfallKopecks: 300 })

    // Nothing left at all: no ledger entry (amounts are never zero), the whole reward is written off.
    const other = await referred()
    const second = await paid(other.referee, 'rr-3', 10_000, 5)
    await reserve(other.referrer, 500)
    await beginPaymentRefund(db, { paymentId: second.id, adminId: ADMIN })
    expect(await finishPaymentRefund(db, second.id, { adminId: ADMIN })).toEqual({
      finished: true,
      referralReversedKopecks: 0,
      referralShortfallKopecks: 500,
    })
    expect(await db.ledgerEntry.count({ where: { idempotencyKey: 'referral:rr-3:reversed' } })).toBe(0)
  })

  it('a refused attempt does not take the reward back; the payment stays refundable', async () => {
    const { referrer, referee } = await referred()
    const payment = await paid(referee, 'rr-4', 10_000, 5)
    const begun = await beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN })
    if (!begun.ready) throw new Error('not ready')
    expect(
      await abortPaymentRefund(db, {
        paymentId: payment.id,
        attempt: begun.attempt,
        adminId: ADMIN,
        reason: 'CHARGE_NOT_FOUND',
      }),
    ).toBe(true)
    expect(await balanceOf(referee)).toBe(10_000)
    expect(await balanceOf(referrer)).toBe(500)
  })

  it('two concurrent attempts: the second waits for the first, and a refusal never undoes a refund another call made', async () => {
    const userId = await userWithBalance(0)
    const payment = await paid(userId, 'rr-5')
    const [a, b] = await Promise.all([
      beginPaymentRefund(db, { paymentId: payment.id, adminId: ADMIN }),
      beginPaymentRefund(db, { paymentId: payment.id, adminId: 2n }),
    ])
    const ready = [a, b].filter((r) => r.ready)
    expect(ready).toHaveLength(1)
    expect([a, b].find((r) => !r.ready)).toEqual({ ready: false, reason: 'in_progress' })
    const first = ready[0]!
    if (!first.ready) throw new Error('unreachable')
    expect(await balanceOf(userId)).toBe(0)

    // The first call failed without a verdict (timeout): its lease ends, a retry takes over.
    await releasePaymentRefund(db, { paymentId: payment.id, attempt: first.attempt })
    const retry = await beginPaymentRefund(db, { paymentId: payment.id, adminId: 2n })
    if (!retry.ready) throw new Error('retry not ready')
    expect(retry.debited).toBe(false)
    // A late refusal of the first attempt cannot give the rubles back: the retry owns the payment.
    expect(
      await abortPaymentRefund(db, {
        paymentId: payment.id,
        attempt: first.attempt,
        adminId: ADMIN,
        reason: 'late refusal',
      }),
    ).toBe(false)
    expect(await balanceOf(userId)).toBe(0)
    expect((await finishPaymentRefund(db, payment.id, { adminId: 2n })).finished).toBe(true)
    expect(
      await abortPaymentRefund(db, {
        paymentId: payment.id,
        attempt: retry.attempt,
        adminId: 2n,
        reason: 'after the fact',
      }),
    ).toBe(false)
    expect(await db.starsPayment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ refund: 'refunded' })
    expect(await balanceOf(userId)).toBe(0)
    expect(await db.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'topup_refund' } })).toBe(1)
  })
})

describe('adjustBalance', () => {
  it('credits and debits with a reason, audited, once per idempotency key', async () => {
    const userId = await userWithBalance(1_000)
    const key = randomUUID()
    expect(
      await adjustBalance(db, { adminId: 1n, userId, amountKopecks: 500, reason: 'compensation', idempotencyKey: key }),
    ).toEqual({ applied: true, balanceAfter: 1_500 })
    expect(
      await adjustBalance(db, { adminId: 1n, userId, amountKopecks: 500, reason: 'compensation', idempotencyKey: key }),
    ).toEqual({ applied: false, duplicate: true })
    expect(
      await adjustBalance(db, {
        adminId: 1n,
        userId,
        amountKopecks: -1_200,
        reason: 'abuse',
        idempotencyKey: randomUUID(),
      }),
    ).toEqual({ applied: true, balanceAfter: 300 })
    const audit = await db.adminAuditLog.findMany({ where: { targetUserId: userId }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.details)).toMatchObject([
      { amountKopecks: 500, reason: 'compensation' },
      { amountKopecks: -1_200, reason: 'abuse' },
    ])
    const entries = await db.ledgerEntry.findMany({ where: { userId, kind: 'adjust' } })
    expect(entries.map((e) => [e.amountKopecks, e.adminId, e.reason])).toEqual([
      [500, 1n, 'compensation'],
      [-1_200, 1n, 'abuse'],
    ])
  })

  it('never takes a balance below zero and requires a reason', async () => {
    const userId = await userWithBalance(100)
    await expect(
      adjustBalance(db, { adminId: 1n, userId, amountKopecks: -101, reason: 'x', idempotencyKey: randomUUID() }),
    ).rejects.toMatchObject({ code: 'insufficient_funds' })
    await expect(
      adjustBalance(db, { adminId: 1n, userId, amountKopecks: 10, reason: '  ', idempotencyKey: randomUUID() }),
    ).rejects.toBeInstanceOf(MoneyError)
    await expect(
      adjustBalance(db, { adminId: 1n, userId, amountKopecks: 0, reason: 'x', idempotencyKey: randomUUID() }),
    ).rejects.toMatchObject({ code: 'invalid_amount' })
    expect(await balanceOf(userId)).toBe(100)
    expect(await db.adminAuditLog.count({ where: { targetUserId: userId } })).toBe(0)
  })
})

describe('grantOnce', () => {
  it('grants a welcome bonus once per key', async () => {
    const userId = await userWithBalance(0)
    const grants = await Promise.all(
      Array.from({ length: 3 }, () =>
        grantOnce(db, {
          userId,
          kind: 'bonus',
          amountKopecks: 5_000,
          idempotencyKey: `welcome:${userId}`,
          reason: 'welcome',
        }),
      ),
    )
    expect(grants.filter(Boolean)).toHaveLength(1)
    expect(await balanceOf(userId)).toBe(5_000)
  })
})

describe('database guards', () => {
  it('the CHECK constraint keeps balances non-negative even for direct SQL', async () => {
    const userId = await userWithBalance(10)
    await expect(db.$executeRaw`UPDATE users SET balance_kopecks = -1 WHERE id = ${userId}`).rejects.toThrow(
      /users_balance_non_negative/,
    )
  })

  it('the ledger is append-only', async () => {
    const userId = await userWithBalance(10)
    await expect(
      db.$executeRaw`UPDATE ledger_entries SET amount_kopecks = 1000 WHERE user_id = ${userId}`,
    ).rejects.toThrow(/append-only/)
    await expect(db.$executeRaw`DELETE FROM ledger_entries WHERE user_id = ${userId}`).rejects.toThrow(/append-only/)
  })

  it('the reconciliation query finds a balance that drifted from the ledger', async () => {
    const userId = await userWithBalance(10)
    await db.$executeRaw`UPDATE users SET balance_kopecks = 11 WHERE id = ${userId}`
    expect(await findBalanceMismatches(db)).toEqual([{ userId, balanceKopecks: 11, ledgerSumKopecks: 10 }])
    await db.$executeRaw`UPDATE users SET balance_kopecks = 10 WHERE id = ${userId}`
  })
})

describe('settleMeasuredPrice', () => {
  it('lower: the generation costs the measured price and the difference comes back once, even when raced', async () => {
    const userId = await userWithBalance(100_000)
    const { generation } = await reserve(userId, 75_600)
    const input = { measured: { video_seconds: 5 }, credits: 70, kopecks: 6_300 }
    const results = await Promise.all([1, 2, 3, 4].map(() => settleMeasuredPrice(db, generation.id, input)))
    expect(results.filter((r) => r.outcome === 'settled')).toEqual([{ outcome: 'settled', refundedKopecks: 69_300 }])
    expect(results.filter((r) => r.outcome === 'unchanged')).toHaveLength(3)
    expect(await balanceOf(userId)).toBe(100_000 - 6_300)
    const row = await db.generation.findUniqueOrThrow({ where: { id: generation.id } })
    expect(row).toMatchObject({ priceKopecks: 6_300, measured: { video_seconds: 5 }, measuredPriceKopecks: 6_300 })
    expect(row.priceCredits.toString()).toBe('70')
    // a later failure refunds what is still charged, no more: the user ends at zero cost
    await refundGeneration(db, generation.id, { status: 'failed', failureCode: 'kie_failed' })
    expect(await balanceOf(userId)).toBe(100_000)
  })

  it('equal: nothing moves but the measurement is recorded', async () => {
    const userId = await userWithBalance(10_000)
    const { generation } = await reserve(userId, 1_300)
    expect(
      await settleMeasuredPrice(db, generation.id, { measured: { video_seconds: 2 }, credits: 6.5, kopecks: 1_300 }),
    ).toEqual({ outcome: 'settled', refundedKopecks: 0 })
    expect(await balanceOf(userId)).toBe(10_000 - 1_300)
    expect(await db.ledgerEntry.count({ where: { generationId: generation.id } })).toBe(1)
  })

  it('higher: nothing more is charged; the measured price is recorded for the offer', async () => {
    const userId = await userWithBalance(10_000)
    const { generation } = await reserve(userId, 1_300)
    expect(
      await settleMeasuredPrice(db, generation.id, { measured: { video_seconds: 60 }, credits: 840, kopecks: 75_600 }),
    ).toEqual({ outcome: 'higher', reservedKopecks: 1_300 })
    expect(await balanceOf(userId)).toBe(10_000 - 1_300)
    const row = await db.generation.findUniqueOrThrow({ where: { id: generation.id } })
    expect(row).toMatchObject({ priceKopecks: 1_300, measuredPriceKopecks: 75_600, status: 'queued' })
    // measured once: a second call changes nothing
    expect(
      await settleMeasuredPrice(db, generation.id, { measured: { video_seconds: 1 }, credits: 1, kopecks: 100 }),
    ).toEqual({ outcome: 'unchanged' })
  })

  it('only while queued: a cancelled generation is not re-priced', async () => {
    const userId = await userWithBalance(10_000)
    const { generation } = await reserve(userId, 1_300)
    await refundGeneration(db, generation.id, { status: 'cancelled', fromStatuses: ['queued'] })
    expect(
      await settleMeasuredPrice(db, generation.id, { measured: { video_seconds: 1 }, credits: 1, kopecks: 100 }),
    ).toEqual({ outcome: 'unchanged' })
    expect(await balanceOf(userId)).toBe(10_000)
  })
})
