import { createDb, ensureUser, inSqlTransaction, MoneyError, post, reserveFunds, type Db } from '@kiebot/db'
import { createTestDatabase, gate, rejectionOf, type TestDatabase } from '@kiebot/testing'
import { isInfrastructureError } from '../src/infra'

// The webhook answers 503 (Telegram delivers the update again) for an outage, and a business
// answer for the rest. The errors here are the real ones a real pool and Postgres throw.
let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url, { poolSize: 1, connectionWaitMs: 200 })
})

afterAll(async () => {
  await db.$disconnect()
  await database.drop()
})

it('a pool that stays full is an outage', async () => {
  const release = gate()
  const entered = gate()
  const holding = inSqlTransaction(db, async () => {
    entered.open()
    await release.wait
  })
  await entered.wait
  const error = await rejectionOf(inSqlTransaction(db, (tx) => tx.$queryRaw`SELECT 1`))
  release.open()
  await holding
  expect(isInfrastructureError(error)).toBe(true)
})

it('a connection Postgres ended in the middle of a transaction is an outage', async () => {
  const admin = createDb(database.url, { poolSize: 1 })
  try {
    const error = await rejectionOf(
      inSqlTransaction(db, async (tx) => {
        const [own] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
        await admin.$queryRaw`SELECT pg_terminate_backend(${own!.pid}::int)`
        await tx.$queryRaw`SELECT 1`
      }),
    )
    expect(isInfrastructureError(error)).toBe(true)
  } finally {
    await admin.$disconnect()
  }
})

it('a refusal, a broken statement and a taken key are not', async () => {
  await ensureUser(db, { id: 91n, firstName: 'Infra', languageCode: 'en' })
  const refusal = await rejectionOf(
    reserveFunds(db, {
      generationId: '00000000-0000-4000-8000-000000000091',
      userId: 91n,
      chatId: 91n,
      modelId: 'nano-banana',
      params: {},
      price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
      deadlineAt: new Date(Date.now() + 60_000),
    }),
  )
  expect(refusal).toBeInstanceOf(MoneyError)
  expect(isInfrastructureError(refusal)).toBe(false)
  expect(isInfrastructureError(await rejectionOf(inSqlTransaction(db, (tx) => tx.$queryRaw`SELECT 1 / 0`)))).toBe(false)
  await inSqlTransaction(db, (tx) => post(tx, { userId: 91n, kind: 'bonus', amountKopecks: 1, key: 'infra:91' }))
  const taken = await rejectionOf(
    inSqlTransaction(
      db,
      (tx) =>
        tx.$queryRaw`INSERT INTO ledger_entries (user_id, kind, amount_kopecks, balance_after, idempotency_key, created_at)
        VALUES (91, 'bonus', 1, 1, 'infra:91', now())`,
    ),
  )
  expect(isInfrastructureError(taken)).toBe(false)
})
