import { randomUUID } from 'node:crypto'
import {
  creditStarsPayment,
  ensureUser,
  inSqlTransaction,
  inTransaction,
  isUniqueViolation,
  MoneyError,
  post,
  postOrThrow,
  reserveFunds,
  type Db,
  type SqlTx,
} from '@kiebot/db'
import { gate, waitForBlockedBackend } from '@kiebot/testing'
import { useTestDb } from './support/database'

// The one money primitive: a conditional balance update and its ledger entry, or a typed refusal.
const testDb = useTestDb({ checkLedger: true })
let db: Db
let nextUserId = 5000n

beforeAll(() => {
  db = testDb.db
})

async function newUser(): Promise<bigint> {
  const id = nextUserId++
  await ensureUser(db, { id, firstName: 'Ledger', languageCode: 'en' })
  return id
}

const balanceOf = async (id: bigint) => (await db.user.findUniqueOrThrow({ where: { id } })).balanceKopecks

// `post` is one statement, so it runs in either kind of transaction: the money functions of a
// generation use the SQL one, those of payments and promo codes Prisma's
const TRANSACTIONS: [string, <T>(db: Db, fn: (tx: SqlTx) => Promise<T>) => Promise<T>][] = [
  ['a SQL transaction', (db, fn) => inSqlTransaction(db, fn)],
  ["Prisma's interactive transaction", (db, fn) => inTransaction(db, fn)],
]

describe.each(TRANSACTIONS)('post in %s', (_kind, transaction) => {
  it('credits and debits with one entry each, returning the new balance', async () => {
    const userId = await newUser()
    expect(
      await transaction(db, (tx) =>
        post(tx, { userId, kind: 'bonus', amountKopecks: 700, key: `t:${userId}:1`, reason: 'test' }),
      ),
    ).toEqual({ ok: true, balanceAfter: 700 })
    expect(
      await transaction(db, (tx) =>
        post(tx, { userId, kind: 'adjust', amountKopecks: -200, key: `t:${userId}:2`, adminId: 1n, reason: 'test' }),
      ),
    ).toEqual({ ok: true, balanceAfter: 500 })
    const entries = await db.ledgerEntry.findMany({ where: { userId }, orderBy: { id: 'asc' } })
    expect(entries.map((e) => [e.kind, e.amountKopecks, e.balanceAfter, e.idempotencyKey])).toEqual([
      ['bonus', 700, 700, `t:${userId}:1`],
      ['adjust', -200, 500, `t:${userId}:2`],
    ])
    expect(entries.map((e) => [e.adminId, e.reason, e.generationId, e.paymentId])).toEqual([
      [null, 'test', null, null],
      [1n, 'test', null, null],
    ])
    // written in UTC, as Prisma writes its DateTime columns: read back as the moment it was made
    for (const e of entries) expect(Math.abs(e.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('links the entry to its payment and its generation', async () => {
    const userId = await newUser()
    const order = await db.topupOrder.create({
      data: { id: randomUUID(), userId, packId: 'p100', stars: 100, kopecks: 1000 },
    })
    const paid = await creditStarsPayment(db, {
      telegramPaymentChargeId: `charge-${order.id}`,
      providerPaymentChargeId: null,
      userId,
      orderId: order.id,
      currency: 'XTR',
      totalAmount: 100,
    })
    expect(paid.credited).toBe(true)
    const payment = await db.starsPayment.findUniqueOrThrow({
      where: { telegramPaymentChargeId: `charge-${order.id}` },
    })
    const generationId = randomUUID()
    await reserveFunds(db, {
      generationId,
      userId,
      chatId: userId,
      modelId: 'm',
      params: {},
      price: { credits: 1, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 300 },
      deadlineAt: new Date(Date.now() + 60_000),
    })
    const entries = await db.ledgerEntry.findMany({ where: { userId }, orderBy: { id: 'asc' } })
    expect(entries.map((e) => [e.kind, e.amountKopecks, e.balanceAfter, e.paymentId, e.generationId])).toEqual([
      ['topup', 1000, 1000, payment.id, null],
      ['charge', -300, 700, null, generationId],
    ])
  })

  it('refuses a debit below zero, an unknown user and a key posted before, writing nothing', async () => {
    const userId = await newUser()
    await transaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 100, key: `t:${userId}:seed` }))
    expect(
      await transaction(db, (tx) => post(tx, { userId, kind: 'adjust', amountKopecks: -101, key: `t:${userId}:over` })),
    ).toEqual({ ok: false, error: 'insufficient_funds' })
    expect(
      await transaction(db, (tx) =>
        post(tx, { userId: 999_999_999n, kind: 'bonus', amountKopecks: 1, key: 't:nobody' }),
      ),
    ).toEqual({ ok: false, error: 'user_not_found' })
    expect(
      await transaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 100, key: `t:${userId}:seed` })),
    ).toEqual({ ok: false, error: 'already_posted' })
    expect(await balanceOf(userId)).toBe(100)
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(1)
  })

  it('postOrThrow raises the refusal as a MoneyError, rolling back the business row with it', async () => {
    const userId = await newUser()
    const attempt = transaction(db, async (tx) => {
      await tx.$queryRaw`UPDATE users SET banned = true WHERE id = ${userId}::bigint`
      return postOrThrow(
        tx,
        { userId, kind: 'adjust', amountKopecks: -1, key: `t:${userId}:x` },
        { insufficient_funds: 'nothing to take' },
      )
    })
    await expect(attempt).rejects.toEqual(new MoneyError('insufficient_funds', 'nothing to take'))
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).banned).toBe(false)
  })

  it('a zero amount writes no entry and returns the balance', async () => {
    const userId = await newUser()
    expect(
      await transaction(db, (tx) => post(tx, { userId, kind: 'refund', amountKopecks: 0, key: `t:${userId}:zero` })),
    ).toEqual({ ok: true, balanceAfter: 0 })
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(0)
  })

  it('a posting of a key another transaction is posting waits, then fails on the unique key, moving nothing', async () => {
    const userId = await newUser()
    const key = `t:${userId}:crossed`
    const release = gate()
    const posted = gate<number>()
    const first = transaction(db, async (tx) => {
      const [own] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
      const result = await post(tx, { userId, kind: 'bonus', amountKopecks: 50, key })
      posted.open(own!.pid)
      await release.wait
      return result
    })
    const pid = await posted.wait
    // the second finds the key free in its snapshot (the first has not committed) and waits for the row
    const second = transaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 50, key }))
    await waitForBlockedBackend(pid)
    release.open()
    expect(await first).toEqual({ ok: true, balanceAfter: 50 })
    const lost = await second.then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(isUniqueViolation(lost)).toBe(true)
    expect(await balanceOf(userId)).toBe(50)
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(1)
  })

  it('under concurrency one key is posted once', async () => {
    const userId = await newUser()
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        transaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 50, key: `t:${userId}:race` })),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.ok)).toHaveLength(1)
    // each loser saw the key posted, or lost the insert's race: a unique violation callers know
    for (const r of results) {
      if (r.status === 'rejected') expect(isUniqueViolation(r.reason)).toBe(true)
      else if (!r.value.ok) expect(r.value.error).toBe('already_posted')
    }
    expect(await balanceOf(userId)).toBe(50)
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(1)
  })
})
