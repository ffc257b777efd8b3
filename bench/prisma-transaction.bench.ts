import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { createDb, ensureUser, grantOnce, inSqlTransaction, inTransaction, reserveFunds } from '@kiebot/db'
import { createTestDatabase } from '@kiebot/testing'
import { fixed, table } from './support/measure'

// Benchmark (not a timed test): what Confirm's reservation costs this process, and how much of
// it is Prisma's interactive transaction and raw-statement path rather than the statements.
// In one run, on one fresh database, each BENCH_COUNT times (default 3,000) at BENCH_CONCURRENCY
// (default 10) at once:
// - `reserveFunds` as Confirm calls it (three raw statements; in `inSqlTransaction` since session 13);
// - the same shape with nothing in it: Prisma's `inTransaction` around three `tx.$queryRaw` of `SELECT $1`;
// - that shape in `inSqlTransaction`, the transaction the generation's money functions run in;
// - that shape on a pg pool of its own, the driver under Prisma's adapter (BEGIN, three SELECTs, COMMIT);
// - three `SELECT $1` on the pg pool with no transaction.
// Prints CPU ms of this process and wall ms per call. Run: see bench/README.md.

// pg is the db package's dependency, not the root's
const pg = require(
  require.resolve('pg', { paths: [path.join(__dirname, '..', 'packages', 'db')] }),
) as typeof import('pg')

it('the reservation transaction, against its shape in Prisma and in pg', async () => {
  const count = Number(process.env.BENCH_COUNT ?? 3000)
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10)
  const database = await createTestDatabase()
  const db = createDb(database.url)
  const pool = new pg.Pool({ connectionString: database.url, max: 10 })
  try {
    // one user per lane, funded for every reservation it makes
    const users: bigint[] = []
    for (let lane = 0; lane < concurrency; lane++) {
      const id = BigInt(9_100_000 + lane)
      await ensureUser(db, { id, firstName: 'Bench', languageCode: 'en' })
      await grantOnce(db, {
        userId: id,
        kind: 'bonus',
        amountKopecks: 1_000 * count,
        idempotencyKey: `bench:${id}`,
        reason: 'bench',
      })
      users.push(id)
    }
    const variants: [string, (lane: number, i: number) => Promise<unknown>][] = [
      [
        'reserveFunds (Confirm)',
        (lane) =>
          reserveFunds(db, {
            generationId: randomUUID(),
            userId: users[lane]!,
            chatId: users[lane]!,
            modelId: 'nano-banana',
            params: { prompt: 'a fox in the snow' },
            price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
            deadlineAt: new Date(Date.now() + 3_600_000),
          }),
      ],
      [
        'Prisma transaction, 3 raw SELECTs',
        (_, i) =>
          inTransaction(db, async (tx) => {
            for (let s = 0; s < 3; s++) await tx.$queryRaw`SELECT ${i + s}::int AS n`
          }),
      ],
      [
        'inSqlTransaction, 3 raw SELECTs',
        (_, i) =>
          inSqlTransaction(db, async (tx) => {
            for (let s = 0; s < 3; s++) await tx.$queryRaw`SELECT ${i + s}::int AS n`
          }),
      ],
      [
        'pg transaction, 3 SELECTs',
        async (_, i) => {
          const client = await pool.connect()
          try {
            await client.query('BEGIN')
            for (let s = 0; s < 3; s++) await client.query('SELECT $1::int AS n', [i + s])
            await client.query('COMMIT')
          } finally {
            client.release()
          }
        },
      ],
      [
        'pg, 3 SELECTs, no transaction',
        async (_, i) => {
          for (let s = 0; s < 3; s++) await pool.query('SELECT $1::int AS n', [i + s])
        },
      ],
    ]
    const rows: (string | number)[][] = [['', 'calls', 'CPU ms a call', 'wall ms a call', 'calls/s']]
    for (const [name, call] of variants) {
      // warm-up: plans cached, connections open
      await Promise.all(Array.from({ length: concurrency }, (_, lane) => call(lane, 0)))
      let next = 0
      const cpuBefore = process.cpuUsage()
      const started = performance.now()
      await Promise.all(
        Array.from({ length: concurrency }, async (_, lane) => {
          for (let i = next++; i < count; i = next++) await call(lane, i)
        }),
      )
      const wallMs = performance.now() - started
      const cpu = process.cpuUsage(cpuBefore)
      rows.push([
        name,
        count,
        fixed((cpu.user + cpu.system) / 1000 / count, 3),
        fixed((wallMs * concurrency) / count, 2),
        fixed((count * 1000) / wallMs, 0),
      ])
    }
    console.log([`${count} calls each, ${concurrency} at once, one process`, table(rows)].join('\n'))
    expect(await db.generation.count()).toBe(count + concurrency)
  } finally {
    await pool.end()
    await db.$disconnect()
    await database.drop()
  }
}, 3_600_000)
