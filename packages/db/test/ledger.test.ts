import {
  createDb,
  ensureUser,
  findBalanceMismatches,
  inTransaction,
  MoneyError,
  post,
  postOrThrow,
  type Db,
} from '@kiebot/db'
import { createTestDatabase, type TestDatabase } from '@kiebot/testing'

// The one money primitive: a conditional balance update and its ledger entry, or a typed refusal.
let database: TestDatabase
let db: Db
let nextUserId = 5000n

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
})

afterAll(async () => {
  await db.$disconnect()
  await database.drop()
})

afterEach(async () => {
  expect(await findBalanceMismatches(db)).toEqual([])
})

async function newUser(): Promise<bigint> {
  const id = nextUserId++
  await ensureUser(db, { id, firstName: 'Ledger', languageCode: 'en' })
  return id
}

const balanceOf = async (id: bigint) => (await db.user.findUniqueOrThrow({ where: { id } })).balanceKopecks

describe('post', () => {
  it('credits and debits with one entry each, returning the new balance', async () => {
    const userId = await newUser()
    expect(
      await inTransaction(db, (tx) =>
        post(tx, { userId, kind: 'bonus', amountKopecks: 700, key: `t:${userId}:1`, reason: 'test' }),
      ),
    ).toEqual({ ok: true, balanceAfter: 700 })
    expect(
      await inTransaction(db, (tx) =>
        post(tx, { userId, kind: 'adjust', amountKopecks: -200, key: `t:${userId}:2`, adminId: 1n, reason: 'test' }),
      ),
    ).toEqual({ ok: true, balanceAfter: 500 })
    const entries = await db.ledgerEntry.findMany({ where: { userId }, orderBy: { id: 'asc' } })
    expect(entries.map((e) => [e.kind, e.amountKopecks, e.balanceAfter, e.idempotencyKey])).toEqual([
      ['bonus', 700, 700, `t:${userId}:1`],
      ['adjust', -200, 500, `t:${userId}:2`],
    ])
  })

  it('refuses a debit below zero, an unknown user and a key posted before, writing nothing', async () => {
    const userId = await newUser()
    await inTransaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 100, key: `t:${userId}:seed` }))
    expect(
      await inTransaction(db, (tx) =>
        post(tx, { userId, kind: 'adjust', amountKopecks: -101, key: `t:${userId}:over` }),
      ),
    ).toEqual({ ok: false, error: 'insufficient_funds' })
    expect(
      await inTransaction(db, (tx) =>
        post(tx, { userId: 999_999_999n, kind: 'bonus', amountKopecks: 1, key: 't:nobody' }),
      ),
    ).toEqual({ ok: false, error: 'user_not_found' })
    expect(
      await inTransaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 100, key: `t:${userId}:seed` })),
    ).toEqual({ ok: false, error: 'already_posted' })
    expect(await balanceOf(userId)).toBe(100)
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(1)
  })

  it('postOrThrow raises the refusal as a MoneyError, rolling back the business row with it', async () => {
    const userId = await newUser()
    const attempt = inTransaction(db, async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { banned: true } })
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
      await inTransaction(db, (tx) => post(tx, { userId, kind: 'refund', amountKopecks: 0, key: `t:${userId}:zero` })),
    ).toEqual({ ok: true, balanceAfter: 0 })
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(0)
  })

  it('under concurrency one key is posted once', async () => {
    const userId = await newUser()
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        inTransaction(db, (tx) => post(tx, { userId, kind: 'bonus', amountKopecks: 50, key: `t:${userId}:race` })),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.ok)).toHaveLength(1)
    expect(await balanceOf(userId)).toBe(50)
  })
})
