import { createDb, ensureUser, inSqlTransaction, post, Prisma, TransactionTimeoutError, type Db } from '@kiebot/db'
import { gate, startTcpProxy, waitForBlockedBackend } from '@kiebot/testing'
import { useTestDb } from './support/database'

// The transaction the generation's money functions run in (sql.ts): BEGIN, statements, COMMIT
// on a connection of the pool, against the real Postgres. What it must never do: keep half of
// its work, hang, or hand a broken connection to the next caller.
// one connection: every call below reuses it, so a connection left broken or mid-transaction shows
const testDb = useTestDb({ poolSize: 1, connectionWaitMs: 300, checkLedger: true })
let db: Db
let nextUserId = 7000n

beforeAll(() => {
  db = testDb.db
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
  // values as Prisma's raw queries send them: a Decimal as its digits, bigints and dates in arrays
  const at = new Date('2026-12-01T10:20:30.456Z')
  const typed = await inSqlTransaction(
    db,
    (tx) =>
      tx.$queryRaw<{ d: Prisma.Decimal; big: bigint; time: Date }[]>`
      SELECT ${new Prisma.Decimal('12.345')}::numeric AS d, (${[1n, 2n ** 62n]}::bigint[])[2] AS big,
        (${[at]}::timestamp[])[1] AS time`,
  )
  expect(typed).toEqual([{ d: new Prisma.Decimal('12.345'), big: 2n ** 62n, time: at }])
})

it('a transaction whose failed statement was caught does not pass its COMMIT for success', async () => {
  const userId = await newUser()
  const swallowed = inSqlTransaction(db, async (tx) => {
    await post(tx, bonus(userId, `s:${userId}:1`))
    await tx.$queryRaw`SELECT 1 / 0`.catch(() => undefined)
  })
  await expect(swallowed).rejects.toThrow('the transaction had failed and was rolled back')
  expect(await balanceOf(userId)).toBe(0)
})

it('a connection gone silent mid-transaction is cut after the time limit, not waited on', async () => {
  const userId = await newUser()
  const proxy = await startTcpProxy(Number(new URL(testDb.url).port || 5432), new URL(testDb.url).hostname)
  const url = new URL(testDb.url)
  url.host = `127.0.0.1:${proxy.port}`
  const behind = createDb(url.toString(), { poolSize: 1 })
  try {
    const started = Date.now()
    const silent = inSqlTransaction(
      behind,
      async (tx) => {
        await post(tx, bonus(userId, `s:${userId}:1`))
        proxy.freeze()
        await tx.$queryRaw`SELECT 1`
      },
      { timeoutMs: 300 },
    )
    await expect(silent).rejects.toThrow()
    // the deadline and its grace (here as long as the time itself), not TCP's minutes
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await balanceOf(userId)).toBe(0)
    // the pool opens a new connection for the next call (the proxy forwards new ones)
    await inSqlTransaction(behind, (tx) => post(tx, bonus(userId, `s:${userId}:2`)))
    expect(await balanceOf(userId)).toBe(100)
  } finally {
    await behind.$disconnect()
    await proxy.close()
  }
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
  const holder = createDb(testDb.url, { poolSize: 1 })
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
    const admin = createDb(testDb.url, { poolSize: 1 })
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
