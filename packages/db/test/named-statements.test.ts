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

  it('a transaction a changed plan failed runs again, once per statement that failed', async () => {
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
    // the first run failed on named_b's statement, the second on named_c's, the third ran
    expect(runs).toBe(3)
    runs = 0
    await both()
    expect(runs).toBe(1)
  })

  it('a server connection that lost what the connection prepared (a pooler that keeps none) ends the naming', async () => {
    const db = oneConnection()
    await ensureUser(db, { id: 8_100_000_002n, firstName: 'Pooled', languageCode: 'en' })
    expect((await findUser(db, 8_100_000_002n))?.firstName).toBe('Pooled')
    expect((await prepared(db)).length).toBeGreaterThan(0)
    // as a server connection that never saw this client's statements
    await db.$executeRawUnsafe('DEALLOCATE ALL')
    expect((await findUser(db, 8_100_000_002n))?.firstName).toBe('Pooled')
    expect(await prepared(db)).toEqual([])
    expect((await findUser(db, 8_100_000_002n))?.firstName).toBe('Pooled')
    expect(await prepared(db)).toEqual([])

    // in a transaction: it runs again, unnamed
    const tx = oneConnection()
    const read = () => inSqlTransaction(tx, (t) => t.$queryRaw<{ n: number }[]>`SELECT 41 + 1 AS n`)
    expect(await read()).toEqual([{ n: 42 }])
    await tx.$executeRawUnsafe('DEALLOCATE ALL')
    expect(await read()).toEqual([{ n: 42 }])
    expect(await prepared(tx)).toEqual([])
  })
})
