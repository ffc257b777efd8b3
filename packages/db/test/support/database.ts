import { createDb, findBalanceMismatches, type Db, type DbOptions } from '@kiebot/db'
import { createTestDatabase, type TestDatabase } from '@kiebot/testing'

export interface TestDb {
  /** the client (made in the file's first beforeAll) */
  readonly db: Db
  /** the database's URL, for a second client or a child process */
  readonly url: string
  /** the database's name */
  readonly name: string
}

/**
 * This test file's own database (a copy of the migrated template) and a client on it, both gone
 * after the file. `checkLedger`: after every test each balance equals the sum of its ledger
 * entries, the money invariant.
 */
export function useTestDb(options: DbOptions & { checkLedger?: boolean } = {}): TestDb {
  const { checkLedger, ...dbOptions } = options
  let database: TestDatabase | undefined
  let db: Db | undefined
  beforeAll(async () => {
    database = await createTestDatabase()
    db = createDb(database.url, dbOptions)
  })
  afterAll(async () => {
    await db?.$disconnect()
    await database?.drop()
  })
  if (checkLedger)
    afterEach(async () => {
      expect(await findBalanceMismatches(db!)).toEqual([])
    })
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test database is made in beforeAll')
    return value
  }
  return {
    get db() {
      return made(db)
    },
    get url() {
      return made(database).url
    },
    get name() {
      return made(database).name
    },
  }
}
