import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { Prisma, PrismaClient } from '../prisma-client'
import { registerPool, SQL_TRANSACTION_TIMEOUT_MS } from './sql'

export type Db = PrismaClient
export type Tx = Prisma.TransactionClient

export interface DbOptions {
  /** connections in this process's pool (pg default 10) */
  poolSize?: number
  /** the longest wait for a free connection, in ms (default 10 s); then the call fails as an outage */
  connectionWaitMs?: number
  /** the fast path's statements as named prepared statements (default true; sql.ts, StatementNames) */
  namedStatements?: boolean
}

/**
 * A Prisma client over the pg driver adapter (the only setup that works offline here). The
 * pool is ours, so the fast path (sql.ts) runs on the same connections; `$disconnect` ends it.
 */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  // nothing waits for a connection forever: a pool that stays full for this long is an outage
  // (the same bound as `inTransaction`'s maxWait), reported as one (the gateway answers 503)
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionWaitMs ?? CONNECTION_WAIT_MS,
    // TCP keep-alive: a server gone without a reset is noticed on an idle or waiting connection
    keepAlive: true,
  })
  // an idle connection the server closed (a restart, a failover): pg drops it and the next query opens another
  pool.on('error', () => undefined)
  const db = new PrismaClient({ adapter: new PrismaPg(pool) })
  registerPool(db, pool, { namedStatements: options.namedStatements })
  const disconnect = db.$disconnect.bind(db)
  let ended: Promise<void> | undefined
  db.$disconnect = async () => {
    await disconnect()
    ended ??= pool.end()
    await ended
  }
  return db
}

/** The longest wait for a connection of the pool. */
const CONNECTION_WAIT_MS = 10_000

/**
 * Prisma's interactive transaction, for the money functions that use the query builder in
 * theirs (payments, promo codes, admin adjustments), with limits suited to short money
 * transactions: they only touch the database (never the network), so a few seconds is
 * plenty even when many wait for the same user row. The ones written in SQL (a generation's
 * reservation, refund and measured price, one-time grants) run in `inSqlTransaction`
 * (sql.ts), which costs about 1.5 ms of CPU less a call.
 */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(fn, { maxWait: CONNECTION_WAIT_MS, timeout: SQL_TRANSACTION_TIMEOUT_MS })
}

/**
 * The driver adapter's error under a failed raw statement (`$queryRaw`: Prisma's P2010 carries
 * it in its meta, not as a cause): its kind (`ConnectionClosed`...) and Postgres's SQLSTATE.
 */
export function driverErrorOf(error: unknown): { kind?: unknown; originalCode?: unknown } | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: unknown } } } | null)?.meta
  const cause = meta?.driverAdapterError?.cause
  return cause && typeof cause === 'object' ? cause : undefined
}

/**
 * The Postgres error code (SQLSTATE) of a raw statement's failure: pg's own error (the fast
 * path, `inSqlTransaction`), or a Prisma raw query's (`$queryRaw`, P2010), which carries the
 * driver's original code. A query-builder call maps it to a code of Prisma's (P2002, P2003).
 */
function postgresCode(error: unknown): string | undefined {
  if (error instanceof pg.DatabaseError) return error.code
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2010') return undefined
  const code = driverErrorOf(error)?.originalCode
  return typeof code === 'string' ? code : undefined
}

const prismaCode = (error: unknown) => (error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined)

/** A unique key taken, by a query-builder call or a raw statement (ledger.ts posts in SQL). */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2002' || postgresCode(error) === '23505'
}

/** A row names a parent that does not exist (e.g. a generation of an unknown user). */
export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2003' || postgresCode(error) === '23503'
}
