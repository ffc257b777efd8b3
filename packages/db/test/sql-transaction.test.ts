import {
  createDb,
  ensureUser,
  findBalanceMismatches,
  inSqlTransaction,
  post,
  Prisma,
  TransactionTimeoutError,
  type Db,
} from '@kiebot/db'
import { createTestDatabase, gate, waitForBlockedBackend, type TestDatabase } from '@kiebot/testing'

// The transaction the generation's money functions run in (sql.ts): BEGIN, statements, COMMIT
// on a connection of the pool, against the real Postgres. What it must never do: keep half of
// its work, hang, or hand a broken connection to the next caller.
let database: TestDatabase
let db: Db
let nextUserId = 7000n

beforeAll(async () => {
  database = await createTestDatabase()
  // one connection: every call below reuses it, so a connection left broken or mid-transaction shows
  db = createDb(database.url, { poolSize: 1, connectionWaitMs: 300 })
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
  await ensureUser(db, { id, firstName: 'Sql', languageCode: 'en' })
  return id
}

const balanceOf = async (id: bigint) => (await db.user.findUniqueOrThrow({ where: { id } })).balanceKopecks
const entriesOf = (userId: bigint) => db.ledgerEntry.count({ where: { userId } })
const bonus = (userId: bigint, key: string) => ({ userId, kind: 'bonus' as const, amountKopecks: 100, key })

it('commits every statement together, and a throw rolls back every one', async () => {
  const userId = await newUser()
  await inSqlTransaction(db, async (tx) => {
    await post(tx, bonus(userId, `s:${userId}:1`))
    await post(tx, bonus(userId, `s:${userId}:2`))
  })
  expect(await balanceOf(userId)).toBe(200)
  const failed = inSqlTransaction(db, async (tx) => {
    await post(tx, bonus(userId, `s:${userId}:3`))
    await tx.$queryRaw`UPDATE users SET banned = true WHERE id = ${userId}::bigint`
    throw new Error('changed my mind')
  })
  await expect(failed).rejects.toThrow('changed my mind')
  expect(await balanceOf(userId)).toBe(200)
  expect(await entriesOf(userId)).toBe(2)
  expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).banned).toBe(false)
})

it('a failed statement rolls the transaction back and leaves the connection usable', async () => {
  const userId = await newUser()
  const failed = inSqlTransaction(db, async (tx) => {
    await post(tx, bonus(userId, `s:${userId}:1`))
    await tx.$queryRaw`SELECT 1 / 0`
  })
  await expect(failed).rejects.toMatchObject({ code: '22012' }) // division_by_zero, Postgres's own error
  expect(await balanceOf(userId)).toBe(0)
  // the one connection of the pool is back, out of the aborted transaction
  await inSqlTransaction(db, (tx) => post(tx, bonus(userId, `s:${userId}:2`)))
  expect(await balanceOf(userId)).toBe(100)
})

it('takes Prisma.sql statements with their fragments, as Prisma does', async () => {
  const rows = await inSqlTransaction(db, (tx) =>
    tx.$queryRaw<{ n: number; list: string[] }[]>(
      Prisma.sql`SELECT ${Prisma.sql`${41}::int + ${1}::int`} AS n, ${['a', 'b']}::text[] AS list`,
    ),
  )
  expect(rows).toEqual([{ n: 42, list: ['a', 'b'] }])
})

it('a transaction past its time rolls back at its next statement', async () => {
  const userId = await newUser()
  const late = inSqlTransaction(
    db,
    async (tx) => {
      await post(tx, bonus(userId, `s:${userId}:1`))
      await new Promise((r) => setTimeout(r, 300))
      await post(tx, bonus(userId, `s:${userId}:2`))
    },
    { timeoutMs: 200 },
  )
  await expect(late).rejects.toBeInstanceOf(TransactionTimeoutError)
  expect(await balanceOf(userId)).toBe(0)
  expect(await entriesOf(userId)).toBe(0)
})

it('a statement stuck behind a lock is cancelled at the time limit, not waited for', async () => {
  const userId = await newUser()
  // a second client holds the user's row (the test's own connection, outside the product's pool)
  const holder = createDb(database.url, { poolSize: 1 })
  try {
    const release = gate()
    const locked = gate<number>()
    const holding = inSqlTransaction(holder, async (tx) => {
      const [own] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::bigint FOR UPDATE`
      locked.open(own!.pid)
      await release.wait
    })
    const pid = await locked.wait
    const started = Date.now()
    const stuck = inSqlTransaction(db, (tx) => post(tx, bonus(userId, `s:${userId}:1`)), { timeoutMs: 500 })
    await waitForBlockedBackend(pid)
    await expect(stuck).rejects.toMatchObject({ code: '57014' }) // query_canceled: statement_timeout
    expect(Date.now() - started).toBeLessThan(5_000)
    release.open()
    await holding
    expect(await balanceOf(userId)).toBe(0)
  } finally {
    await holder.$disconnect()
  }
})

it('a connection killed mid-transaction is dropped, and the next call gets a new one', async () => {
  const userId = await newUser()
  const killed = inSqlTransaction(db, async (tx) => {
    await post(tx, bonus(userId, `s:${userId}:1`))
    const [own] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
    const admin = createDb(database.url, { poolSize: 1 })
    try {
      await admin.$queryRaw`SELECT pg_terminate_backend(${own!.pid}::int)`
    } finally {
      await admin.$disconnect()
    }
    await post(tx, bonus(userId, `s:${userId}:2`))
  })
  await expect(killed).rejects.toThrow()
  expect(await balanceOf(userId)).toBe(0)
  await inSqlTransaction(db, (tx) => post(tx, bonus(userId, `s:${userId}:3`)))
  expect(await balanceOf(userId)).toBe(100)
})

it('a pool that stays full fails the wait after the connection timeout instead of hanging', async () => {
  const userId = await newUser()
  const release = gate()
  const entered = gate()
  const holding = inSqlTransaction(db, async () => {
    entered.open()
    await release.wait
  })
  await entered.wait
  const started = Date.now()
  await expect(inSqlTransaction(db, (tx) => post(tx, bonus(userId, `s:${userId}:1`)))).rejects.toThrow(
    /timeout exceeded when trying to connect/,
  )
  expect(Date.now() - started).toBeLessThan(3_000)
  release.open()
  await holding
  expect(await balanceOf(userId)).toBe(0)
})
