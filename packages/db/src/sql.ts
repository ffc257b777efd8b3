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
 * Bigints go as text (pg sends them exactly); a Date as its UTC time (a timestamp without time
 * zone ignores the zone given, and pg would send the process's local time); the rest as pg sends it.
 */
function param(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
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
  return poolOf(db).query({ text, values: values.map(param), types: TYPES })
}
