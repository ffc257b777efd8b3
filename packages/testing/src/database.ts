import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Client } from 'pg'
import { repoRoot, runPrismaCli } from './prisma-cli'

export interface TestDatabase {
  name: string
  url: string
  /** Drops the database (terminating any connection left open). */
  drop(): Promise<void>
}

/** Server-level connection used to create and drop databases. */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
}

function urlFor(database: string): string {
  const url = new URL(adminDatabaseUrl())
  url.pathname = `/${database}`
  return url.toString()
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function migrationsFingerprint(): string {
  const dir = path.join(repoRoot, 'prisma', 'migrations')
  const hash = createHash('sha256')
  for (const entry of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, entry, 'migration.sql')
    if (fs.existsSync(file)) hash.update(entry).update(fs.readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

/** An empty database with a unique name. */
export async function createEmptyDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `kbt_${label}_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`))
  return handle(name)
}

function handle(name: string): TestDatabase {
  return {
    name,
    url: urlFor(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  }
}

/** Applies every migration with `prisma migrate deploy`, as production does. */
export async function migrateDatabase(url: string): Promise<void> {
  await runPrismaCli(['migrate', 'deploy'], url)
}

/**
 * A fresh, fully migrated database for one test file. Migrations run once per
 * migration set into a template database; each test database is a copy of it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = `kbt_template_${migrationsFingerprint()}`
  await withAdmin(async (c) => {
    // One process builds the template; the others wait on the lock.
    await c.query('SELECT pg_advisory_lock(726354)')
    try {
      const { rows } = await c.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [template])
      if (rows[0]?.datistemplate !== true) {
        await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`)
        await c.query(`CREATE DATABASE "${template}"`)
        await migrateDatabase(urlFor(template))
        await c.query(`ALTER DATABASE "${template}" IS_TEMPLATE true`)
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(726354)')
    }
  })
  const name = `kbt_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`))
  return handle(name)
}

/**
 * Waits until a backend is blocked by `blockerPid` (a lock the blocker's open transaction
 * holds, `pg_blocking_pids`) and returns that backend's pid; fails after `timeoutMs`. For a
 * test that holds a row and must know the statement under test now waits for it.
 */
export async function waitForBlockedBackend(blockerPid: number, timeoutMs = 5_000): Promise<number> {
  return withAdmin(async (client) => {
    for (const until = Date.now() + timeoutMs; ;) {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid)) LIMIT 1',
        [blockerPid],
      )
      if (rows[0]) return rows[0].pid
      if (Date.now() > until) throw new Error(`no backend blocked by ${blockerPid} within ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 25))
    }
  })
}
