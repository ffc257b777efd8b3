import { createHash } from 'node:crypto'
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
const statementNames = new WeakMap<pg.Pool, StatementNames>()

/**
 * Called by createDb: the pool its Prisma adapter runs on. `namedStatements`: the fast path's
 * statements go as named prepared statements (below), on by default.
 */
export function registerPool(db: object, pool: pg.Pool, options: { namedStatements?: boolean } = {}): void {
  pools.set(db, pool)
  statementNames.set(pool, new StatementNames(options.namedStatements ?? true))
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
  const pool = poolOf(db)
  return run(pool, namesOf(pool), text, values)
}

/** Statements named on a pool before this many distinct ones stay unnamed (a bound per connection). */
const MAX_NAMED_STATEMENTS = 200

/**
 * Which statements go as named prepared statements on one pool: Postgres parses and plans
 * each once a connection instead of at every call (a one-row read: about 90 µs of the
 * server's CPU unnamed, 30 named, and a quarter less of the client's: bench/README.md). A name
 * is the digest of its text. Two kinds of failure give a name up, and the statement runs
 * again unnamed (a named statement fails before it runs, so running it again is safe), on a
 * new connection (the one that failed is dropped, with what pg believed it held):
 * - a migration changed the columns a prepared `SELECT *` or `RETURNING *` returns (the server
 *   refuses to change a cached plan's result type): that text is never named again;
 * - the server connection does not hold what this connection prepared, or holds it already (a
 *   pooler in transaction mode that does not keep prepared statements, such as PgBouncer
 *   before 1.21 or with `max_prepared_statements = 0`): after FOREIGN_STATEMENT_LIMIT such
 *   failures the pool names nothing more (one alone can be pg's: after a value it could not
 *   serialise it closes the statement on the server and still counts it prepared).
 */
class StatementNames {
  private readonly names = new Map<string, string>()
  private readonly unnamed = new Set<string>()
  private foreignFailures = 0

  constructor(private enabled: boolean) {}

  nameOf(text: string): string | undefined {
    if (!this.enabled || this.unnamed.has(text)) return undefined
    let name = this.names.get(text)
    if (name === undefined && this.names.size < MAX_NAMED_STATEMENTS) {
      // the text's digest, not a counter: a name means one text in every process, so a server
      // connection a pooler hands from one process to another never runs another's statement
      name = `kb_${createHash('sha1').update(text).digest('hex')}`
      this.names.set(text, name)
    }
    return name
  }

  /** After a named statement failed: true when the name was the cause (then it is given up). */
  gaveUp(text: string, error: unknown): boolean {
    if (isPlanResultChange(error)) this.unnamed.add(text)
    else if (isForeignStatement(error) && ++this.foreignFailures === FOREIGN_STATEMENT_LIMIT) {
      this.enabled = false
      process.emitWarning(
        'named statements turned off: the database connections do not keep prepared statements ' +
          '(a pooler without max_prepared_statements?); docs/operations.md, PgBouncer',
        { code: 'KIEBOT_NAMED_STATEMENTS_OFF' },
      )
    }
    return isNameFailure(error)
  }
}

/** Failures of names on server connections that do not hold them, before a pool stops naming. */
const FOREIGN_STATEMENT_LIMIT = 3

function namesOf(pool: pg.Pool): StatementNames {
  return statementNames.get(pool) ?? new StatementNames(false)
}

const codeOf = (error: unknown) => (error instanceof pg.DatabaseError ? error.code : undefined)

/**
 * "cached plan must not change result type" (SQLSTATE 0A000, raised where a cached plan is
 * checked before it runs): the table's columns changed under a prepared plan. The routine names
 * it whatever the server's language; the message, where a server leaves routines out.
 */
function isPlanResultChange(error: unknown): boolean {
  if (codeOf(error) !== '0A000') return false
  const { routine, message } = error as pg.DatabaseError
  return routine === 'RevalidateCachedQuery' || /cached plan must not change result type/.test(message)
}

/** A prepared statement the server connection does not have (26000), or already has from someone else (42P05). */
function isForeignStatement(error: unknown): boolean {
  return codeOf(error) === '26000' || codeOf(error) === '42P05'
}

/** A failure a statement's name caused: the statement did not run. */
function isNameFailure(error: unknown): boolean {
  return isPlanResultChange(error) || isForeignStatement(error)
}

/**
 * One statement on the pool or on a client of it, its values and results as Prisma's, named
 * (see StatementNames). On the pool, a failure the name caused runs it again unnamed; in a
 * transaction that failure has aborted the transaction, so it is thrown (inSqlTransaction
 * runs the transaction again).
 */
async function run(on: pg.Pool | pg.PoolClient, names: StatementNames, text: string, values: readonly unknown[]) {
  const config = { text, values: values.map(param), types: TYPES }
  const name = names.nameOf(text)
  if (name === undefined) return on.query(config)
  try {
    return await on.query({ ...config, name })
  } catch (error) {
    if (!names.gaveUp(text, error) || !(on instanceof pg.Pool)) throw error
    return on.query(config)
  }
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
 *
 * `fn` may run more than once (up to MAX_TRANSACTION_ATTEMPTS times): when a statement's name
 * failed it (StatementNames), the transaction is run again from the start. So `fn` does only
 * database work through `tx`: no message, no job, nothing outside the transaction.
 */
export async function inSqlTransaction<T>(
  db: object,
  fn: (tx: SqlTx) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  const pool = poolOf(db)
  const names = namesOf(pool)
  const timeoutMs = options.timeoutMs ?? SQL_TRANSACTION_TIMEOUT_MS
  // a statement's name failed it (StatementNames): the transaction rolled back whole, and `fn`
  // only touches the database, so it runs again with that statement unnamed (a migration may
  // have changed the columns of more than one of its statements: each attempt gives up one)
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(pool, names, fn, timeoutMs)
    } catch (error) {
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isNameFailure(error)) throw error
    }
  }
}

/** Runs of one `inSqlTransaction` call when its statements' names fail it. */
const MAX_TRANSACTION_ATTEMPTS = 4

async function transaction<T>(
  pool: pg.Pool,
  names: StatementNames,
  fn: (tx: SqlTx) => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const client = await pool.connect()
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
      return (await run(client, names, statement.text, statement.values)).rows as R
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
    // what pg believes this connection holds prepared is wrong: the connection goes, as the
    // pool's own queries drop theirs after any failure
    if (isNameFailure(error)) broken ??= error as Error
    throw error
  } finally {
    clearTimeout(watchdog)
    client.off('error', onError)
    // with an error, pg closes the connection instead of handing it to the next caller
    client.release(broken ?? lost)
  }
}
