import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { Client } from 'pg'
import { createEmptyDatabase, migrateDatabase, repoRoot, runPrismaCli, type TestDatabase } from '@kiebot/testing'

const execFileAsync = promisify(execFile)

// Drift test: the migrations must produce exactly what schema.prisma (plus
// prisma/manual.sql, the constraints Prisma cannot express) describes.
// Database A: every migration applied with `prisma migrate deploy`.
// Database B: `prisma migrate diff --from-empty --to-schema-datamodel` + manual.sql.
// Their `pg_dump --schema-only` must be identical.

async function schemaDump(url: string): Promise<string> {
  const { stdout } = await execFileAsync(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', '--exclude-table=_prisma_migrations', url],
    {
      maxBuffer: 32 * 1024 * 1024,
    },
  )
  // Comments, session settings and pg_dump's per-run random \restrict keys are noise.
  const noise = [/^--/, /^SET /, /^SELECT pg_catalog\.set_config/, /^\\(un)?restrict /]
  const lines = stdout.split('\n').filter((line) => line.trim() !== '' && !noise.some((pattern) => pattern.test(line)))
  return sortColumns(lines).join('\n')
}

/**
 * A column added by a later migration sits at the end of its table, while the schema lists
 * it where it reads best: the order of columns is not part of the schema, so the column
 * lines of each CREATE TABLE are compared sorted (each without its trailing comma).
 */
function sortColumns(lines: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!)
    if (!/^CREATE TABLE /.test(lines[i]!)) continue
    const body: string[] = []
    while (i + 1 < lines.length && lines[i + 1] !== ');') body.push(lines[++i]!.replace(/,$/, ''))
    const columns = body.filter((line) => !/^\s+CONSTRAINT /.test(line)).sort()
    out.push(...columns, ...body.filter((line) => /^\s+CONSTRAINT /.test(line)))
  }
  return out
}

async function execSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

describe('migrations', () => {
  const databases: TestDatabase[] = []
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()))
  })

  it('produce exactly the schema described by schema.prisma and manual.sql', async () => {
    const [migrated, fromSchema] = await Promise.all([createEmptyDatabase('drift_a'), createEmptyDatabase('drift_b')])
    databases.push(migrated, fromSchema)

    await migrateDatabase(migrated.url)
    const schemaSql = await runPrismaCli(
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      fromSchema.url,
    )
    await execSql(fromSchema.url, schemaSql)
    await execSql(fromSchema.url, fs.readFileSync(path.join(repoRoot, 'prisma', 'manual.sql'), 'utf8'))

    const [a, b] = await Promise.all([schemaDump(migrated.url), schemaDump(fromSchema.url)])
    expect(a).toContain('CREATE TABLE public.ledger_entries')
    expect(a).toContain('users_balance_non_negative')
    expect(a).toContain('ledger_entries_no_update_delete')
    expect(a).toEqual(b)
  })

  it('every migration folder has a migration.sql and the lock file names postgresql', () => {
    const dir = path.join(repoRoot, 'prisma', 'migrations')
    const folders = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory())
    expect(folders.length).toBeGreaterThan(0)
    for (const folder of folders) {
      expect(folder).toMatch(/^\d{14}_[a-z0-9_]+$/)
      expect(fs.existsSync(path.join(dir, folder, 'migration.sql'))).toBe(true)
    }
    expect(fs.readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"')
  })
})
