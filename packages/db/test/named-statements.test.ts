import { createDb, findUser, ensureUser, inSqlTransaction, type Db } from '@kiebot/db'
import { sqlRows } from '../src/sql'
import { createTestDatabase, type TestDatabase } from '@kiebot/testing'

// The fast path's statements go as named prepared statements (parsed and planned once a
// connection), and give their names up where a name would fail them: a migration that changes
// the columns under a prepared `SELECT *`, or a pooler whose server connections do not keep
// what a connection prepared. Each database client here has one connection, so every statement
// of a test runs on the connection the previous one prepared on.
let database: TestDatabase
const clients: Db[] = []

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await Promise.all(clients.map((db) => db.$disconnect()))
  await database.drop()
})

function oneConnection(options: { namedStatements?: boolean } = {}): Db {
  const db = createDb(database.url, { poolSize: 1, ...options })
  clients.push(db)
  return db
}

/** What the client's one connection holds prepared. */
async function prepared(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ statement: string }[]>('SELECT statement FROM pg_prepared_statements')
  return rows.map((r) => r.statement)
}

describe('named statements', () => {
  it('a fast-path statement is prepared once on a connection and reused; none when turned off', async () => {
    const db = oneConnection()
    await ensureUser(db, { id: 8_100_000_001n, firstName: 'Named', languageCode: 'en' })
    expect((await findUser(db, 8_100_000_001n))?.firstName).toBe('Named')
    expect((await findUser(db, 8_100_000_001n))?.firstName).toBe('Named')
    const userReads = (await prepared(db)).filter((s) => /^SELECT id, username/.test(s))
    expect(userReads).toHaveLength(1)
    const off = oneConnection({ namedStatements: false })
    expect((await findUser(off, 8_100_000_001n))?.firstName).toBe('Named')
    expect(await prepared(off)).toEqual([])
  })

  it('a migration that adds a column under a prepared SELECT * leaves the statement working, unnamed', async () => {
    const db = oneConnection()
    await db.$executeRawUnsafe('CREATE TABLE named_a (a int)')
    await db.$executeRawUnsafe('INSERT INTO named_a VALUES (1)')
    expect(await sqlRows(db, 'SELECT * FROM named_a', [])).toEqual([{ a: 1 }])
    expect(await prepared(db)).toContain('SELECT * FROM named_a')
    await db.$executeRawUnsafe('ALTER TABLE named_a ADD COLUMN b int DEFAULT 7')
    expect(await sqlRows(db, 'SELECT * FROM named_a', [])).toEqual([{ a: 1, b: 7 }])
    expect(await sqlRows(db, 'SELECT * FROM named_a', [])).toEqual([{ a: 1, b: 7 }])
  })

  it('a transaction a changed plan failed runs again, on a new connection', async () => {
    const db = oneConnection()
    await db.$executeRawUnsafe('CREATE TABLE named_b (a int)')
    await db.$executeRawUnsafe('CREATE TABLE named_c (a int)')
    await db.$executeRawUnsafe('INSERT INTO named_b VALUES (1)')
    await db.$executeRawUnsafe('INSERT INTO named_c VALUES (2)')
    let runs = 0
    const both = () =>
      inSqlTransaction(db, async (tx) => {
        runs++
        const b = await tx.$queryRaw<unknown[]>`SELECT * FROM named_b`
        const c = await tx.$queryRaw<unknown[]>`SELECT * FROM named_c`
        return [...b, ...c]
      })
    expect(await both()).toEqual([{ a: 1 }, { a: 2 }])
    expect(runs).toBe(1)
    await db.$executeRawUnsafe('ALTER TABLE named_b ADD COLUMN b int DEFAULT 7')
    await db.$executeRawUnsafe('ALTER TABLE named_c ADD COLUMN c int DEFAULT 8')
    runs = 0
    expect(await both()).toEqual([
      { a: 1, b: 7 },
      { a: 2, c: 8 },
    ])
    // the first run failed on named_b's statement; the second ran on a new connection, where
    // both statements were prepared afresh
    expect(runs).toBe(2)
    runs = 0
    await both()
    expect(runs).toBe(1)
  })

  it('a write whose prepared plan changed under it applies once, on the pool and in a transaction', async () => {
    const db = oneConnection()
    await db.$executeRawUnsafe('CREATE TABLE named_w (id int PRIMARY KEY, n int)')
    await db.$executeRawUnsafe('INSERT INTO named_w VALUES (1, 0), (2, 0)')
    const bump = (id: number) => sqlRows(db, 'UPDATE named_w SET n = n + 1 WHERE id = $1 RETURNING *', [id])
    let runs = 0
    const bumpInTransaction = (id: number) =>
      inSqlTransaction(db, async (tx) => {
        runs++
        return tx.$queryRaw<unknown[]>`UPDATE named_w SET n = n + 10 WHERE id = ${id} RETURNING *`
      })
    expect(await bump(1)).toEqual([{ id: 1, n: 1 }])
    expect(await bumpInTransaction(2)).toEqual([{ id: 2, n: 10 }])
    // in a transaction: its first run failed before the update, the second applied it
    await db.$executeRawUnsafe('ALTER TABLE named_w ADD COLUMN note text')
    runs = 0
    expect(await bumpInTransaction(2)).toEqual([{ id: 2, n: 20, note: null }])
    expect(runs).toBe(2)
    // on the pool (prepared again on the new connection, then the columns change under it)
    expect(await bump(1)).toEqual([{ id: 1, n: 2, note: null }])
    await db.$executeRawUnsafe('ALTER TABLE named_w ADD COLUMN tag text')
    expect(await bump(1)).toEqual([{ id: 1, n: 3, note: null, tag: null }])
    expect(await db.$queryRawUnsafe('SELECT id, n FROM named_w ORDER BY id')).toEqual([
      { id: 1, n: 3 },
      { id: 2, n: 20 },
    ])
  })

  it('a transaction that fails for another reason runs once', async () => {
    const db = oneConnection()
    await db.$executeRawUnsafe('CREATE TABLE named_u (id int PRIMARY KEY)')
    let runs = 0
    const insert = () =>
      inSqlTransaction(db, async (tx) => {
        runs++
        return tx.$queryRaw`INSERT INTO named_u VALUES (1) RETURNING id`
      })
    await insert()
    runs = 0
    await expect(insert()).rejects.toMatchObject({ code: '23505' })
    expect(runs).toBe(1)
  })

  it('turned off, a transaction prepares nothing either', async () => {
    const off = oneConnection({ namedStatements: false })
    expect(await inSqlTransaction(off, (tx) => tx.$queryRaw`SELECT 40 + 2 AS n`)).toEqual([{ n: 42 }])
    expect(await prepared(off)).toEqual([])
  })

  it('a statement the server connection lost runs again unnamed on a new connection, and naming goes on', async () => {
    const db = oneConnection()
    await ensureUser(db, { id: 8_100_000_002n, firstName: 'Pooled', languageCode: 'en' })
    expect((await findUser(db, 8_100_000_002n))?.firstName).toBe('Pooled')
    // as pg after a value it could not serialise: it closed the statement, and still counts it prepared
    await db.$executeRawUnsafe('DEALLOCATE ALL')
    expect((await findUser(db, 8_100_000_002n))?.firstName).toBe('Pooled')
    expect((await findUser(db, 8_100_000_002n))?.firstName).toBe('Pooled')
    expect((await prepared(db)).some((s) => /^SELECT id, username/.test(s))).toBe(true)

    // in a transaction: it runs again, and the connection that failed is not reused
    let runs = 0
    const read = () =>
      inSqlTransaction(db, (tx) => {
        runs++
        return tx.$queryRaw<{ n: number }[]>`SELECT 41 + 1 AS n`
      })
    expect(await read()).toEqual([{ n: 42 }])
    await db.$executeRawUnsafe('DEALLOCATE ALL')
    runs = 0
    expect(await read()).toEqual([{ n: 42 }])
    expect(runs).toBe(2)
    runs = 0
    expect(await read()).toEqual([{ n: 42 }])
    expect(runs).toBe(1)
  })

  it('server connections that keep losing what was prepared (a pooler that keeps none) end the naming, with a warning', async () => {
    const db = oneConnection()
    await ensureUser(db, { id: 8_100_000_003n, firstName: 'Bounced', languageCode: 'en' })
    const warn = jest.spyOn(process, 'emitWarning')
    try {
      for (let i = 0; i < 3; i++) {
        expect((await findUser(db, 8_100_000_003n))?.firstName).toBe('Bounced')
        expect(await prepared(db)).not.toEqual([])
        await db.$executeRawUnsafe('DEALLOCATE ALL')
        expect((await findUser(db, 8_100_000_003n))?.firstName).toBe('Bounced')
      }
      expect((await findUser(db, 8_100_000_003n))?.firstName).toBe('Bounced')
      expect(await inSqlTransaction(db, (tx) => tx.$queryRaw`SELECT 1 AS one`)).toEqual([{ one: 1 }])
      expect(await prepared(db)).toEqual([])
      expect(warn.mock.calls.map(([, options]) => (options as { code?: string } | undefined)?.code)).toEqual([
        'KIEBOT_NAMED_STATEMENTS_OFF',
      ])
    } finally {
      warn.mockRestore()
    }
  })
})
