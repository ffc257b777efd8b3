import pg from 'pg'
import { Prisma } from '../prisma-client'

// The fast path beside Prisma: plain SQL on the same pg pool the Prisma adapter uses, for the
// few statements that run on every update or every generation step. Prisma's client engine
// compiles each call to a plan at run time (about 0.6 ms of CPU for a one-row read here,
// against 0.07 ms for the same statement sent by pg: see bench/README.md, "Profiles"), which
// is most of what a hot read costs. Everything else (transactions, money, admin screens)
// stays on Prisma. A statement here returns the same JavaScript values Prisma would (a test
// compares them row for row), so callers cannot tell which path read a row.

const pools = new WeakMap<object, pg.Pool>()

/** Called by createDb: the pool its Prisma adapter runs on. */
export function registerPool(db: object, pool: pg.Pool): void {
  pools.set(db, pool)
}

/** The pg pool under this client (the one createDb made). */
export function poolOf(db: object): pg.Pool {
  const pool = pools.get(db)
  if (!pool) throw new Error('this Prisma client was not made by createDb: no pool for the fast path')
  return pool
}

const OID = { int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184 } as const

/**
 * Values as Prisma gives them: int8 → bigint, numeric → Prisma.Decimal, and a timestamp
 * without time zone (Prisma's DateTime columns) read as UTC whatever the process's TZ;
 * the rest as pg parses them (text, booleans, int4, jsonb, arrays of these).
 */
const TYPES = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as (value: string) => unknown
    switch (oid) {
      case OID.int8:
        return (value) => BigInt(value)
      case OID.numeric:
        return (value) => new Prisma.Decimal(value)
      case OID.timestamp:
        return (value) => new Date(`${value.replace(' ', 'T')}Z`)
      default:
        return pg.types.getTypeParser(oid, 'text') as (value: string) => unknown
    }
  },
}

/**
 * Bigints and Decimals go as text (pg sends them exactly); a Date as its UTC time (a timestamp
 * without time zone ignores the zone given, and pg would send the process's local time), in an
 * array too; the rest as pg sends it.
 */
function param(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  // pg would send a Decimal as JSON (quoted), and an array's dates in local time: as Prisma's raw queries do
  if (Prisma.Decimal.isDecimal(value)) return value.toString()
  if (Array.isArray(value)) return value.map(param)
  return value
}

/**
 * Rows of one statement (`$1`... placeholders), typed by the caller. Never inside a Prisma
 * transaction. Prisma reads a NULL list column as []: select such a column as
 * `COALESCE(col, '{}')`.
 */
export async function sqlRows<T>(db: object, text: string, values: readonly unknown[]): Promise<T[]> {
  return (await query(db, text, values)).rows as T[]
}

/** The number of rows a statement changed (an UPDATE without RETURNING). Never inside a Prisma transaction. */
export async function sqlCount(db: object, text: string, values: readonly unknown[]): Promise<number> {
  return (await query(db, text, values)).rowCount ?? 0
}

function query(db: object, text: string, values: readonly unknown[]) {
  return run(poolOf(db), text, values)
}

/** One statement on the pool or on a client of it, its values and results as Prisma's. */
function run(on: pg.Pool | pg.PoolClient, text: string, values: readonly unknown[]) {
  return on.query({ text, values: values.map(param), types: TYPES })
}

/**
 * What a money function's statements need of a transaction: `$queryRaw` with Prisma's call
 * shape (a tagged template, or a `Prisma.sql` statement with its fragments). A Prisma
 * interactive transaction has it, and so has `inSqlTransaction`'s, so `post` and the
 * transitions written in SQL run in either.
 */
export interface SqlTx {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>
}

/** The longest a money transaction may run, and each of its statements (here and Prisma's `inTransaction`). */
export const SQL_TRANSACTION_TIMEOUT_MS = 15_000

/** How long past its time a transaction's connection may stay silent before it is cut (at most the time itself). */
const WATCHDOG_GRACE_MS = 5_000

/** The socket under a pg client (not in pg's types): cut by the watchdog. */
function socketOf(client: pg.PoolClient): { destroy(): void } | undefined {
  return (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream
}

/** Thrown by a statement of a transaction past its time (it rolls back). */
export class TransactionTimeoutError extends Error {
  constructor(ms: number) {
    super(`the transaction ran longer than ${ms} ms and was rolled back`)
    this.name = 'TransactionTimeoutError'
  }
}

/**
 * `fn` in one transaction on a connection of the fast path's pool: BEGIN, its statements,
 * COMMIT; a throw rolls it back, and a connection that broke is dropped from the pool, not
 * reused. Prisma's interactive transaction costs about 1.5 ms of CPU more for the same round
 * trips (bench/prisma-transaction.bench.ts), so the money functions whose statements are all
 * SQL run here. Bounded as Prisma's: each statement by `statement_timeout`, the whole by the
 * same time (a statement after it, or the COMMIT, fails and the work rolls back); the wait
 * for a connection by the pool's connection timeout (createDb).
 */
export async function inSqlTransaction<T>(
  db: object,
  fn: (tx: SqlTx) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? SQL_TRANSACTION_TIMEOUT_MS
  const client = await poolOf(db).connect()
  // a connection that dies while checked out emits 'error' (the pool listens only to idle ones):
  // unheard, it would end the process; its query fails anyway, and the connection is dropped below
  let lost: Error | undefined
  const onError = (error: Error) => (lost = error)
  client.on('error', onError)
  const deadline = Date.now() + timeoutMs
  // the server bounds each statement; a connection gone silent (a failover without a reset) would
  // keep its statement, the COMMIT or the ROLLBACK waiting on TCP: past the time and a grace, the
  // socket is destroyed, the pending statement fails and the connection is dropped below
  const watchdog = setTimeout(
    () => {
      lost ??= new TransactionTimeoutError(timeoutMs)
      socketOf(client)?.destroy()
    },
    timeoutMs + Math.min(timeoutMs, WATCHDOG_GRACE_MS),
  )
  watchdog.unref()
  const inTime = () => {
    if (Date.now() > deadline) throw new TransactionTimeoutError(timeoutMs)
  }
  const tx: SqlTx = {
    async $queryRaw<R>(strings: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<R> {
      // a template's strings are an array; a Prisma.sql statement is not (Sql is a type only, at run time)
      const statement = Array.isArray(strings)
        ? Prisma.sql(strings as TemplateStringsArray, ...(values as Prisma.Sql['values']))
        : (strings as Prisma.Sql)
      inTime()
      return (await run(client, statement.text, statement.values)).rows as R
    },
  }
  let broken: Error | undefined
  try {
    // one round trip: the simple protocol takes the three statements at once. The server ends a
    // transaction left idle that long (its client gone silent: the watchdog below cut it), so the
    // row locks it holds do not outlive it
    const ms = Math.max(1, Math.ceil(timeoutMs))
    await client.query(
      `BEGIN; SET LOCAL statement_timeout = ${ms}; SET LOCAL idle_in_transaction_session_timeout = ${ms}`,
    )
    const result = await fn(tx)
    inTime()
    // a failed statement whose error `fn` caught leaves the transaction aborted: Postgres answers
    // the COMMIT with a ROLLBACK, which must not pass for success
    const committed = await client.query('COMMIT')
    if (committed.command !== 'COMMIT') throw new Error('the transaction had failed and was rolled back')
    return result
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
    )
    throw error
  } finally {
    clearTimeout(watchdog)
    client.off('error', onError)
    // with an error, pg closes the connection instead of handing it to the next caller
    client.release(broken ?? lost)
  }
}
