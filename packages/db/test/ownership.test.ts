import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

// One owner per row: balances and ledger entries are written only by `post`
// (packages/db/src/ledger.ts), `generations` rows only by the named transitions
// (packages/db/src/generation-transitions.ts). This scans every source file of apps/ and
// packages/ (and the benchmarks) for a write of either kind anywhere else.

const ROOT = join(__dirname, '..', '..', '..')
const SCANNED = ['apps', 'packages', 'bench', 'scripts']
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'prisma-client', 'coverage', '.turbo'])
const EXTENSIONS = /\.(ts|tsx|js|mjs|cjs)$/

/**
 * Tests set up their own fixtures (a row in a given state, a balance seeded) directly:
 * the test directories of the workspaces are exempt, by path, and nothing else.
 */
const FIXTURE_DIRS = [/^apps\/[^/]+\/test\//, /^packages\/[^/]+\/test\//]

const MONEY_MODULE = 'packages/db/src/ledger.ts'
const TRANSITIONS_MODULE = 'packages/db/src/generation-transitions.ts'

const MONEY_WRITES: [string, RegExp][] = [
  [
    'ledger entry written',
    /\bledgerEntry\s*\.\s*(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\s*\(/,
  ],
  ['balance in update data', /\bdata\s*:\s*\{[^{}]*\bbalanceKopecks\b/],
  ['raw balance UPDATE', /UPDATE\s+"?users"?\s+SET\b[^;`]*\bbalance_kopecks\b/i],
  ['raw ledger INSERT', /INSERT\s+INTO\s+"?ledger_entries\b/i],
]

const GENERATION_WRITES: [string, RegExp][] = [
  [
    'generation row written',
    /\bgeneration\s*\.\s*(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\s*\(/,
  ],
  ['raw generations UPDATE', /UPDATE\s+"?generations"?\s/i],
  ['raw generations INSERT', /INSERT\s+INTO\s+"?generations\b/i],
  ['raw generations DELETE', /DELETE\s+FROM\s+"?generations\b/i],
]

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(name) || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) sourceFiles(path, out)
    else if (EXTENSIONS.test(name)) out.push(path)
  }
  return out
}

function violations(file: string, text: string, rules: [string, RegExp][]): string[] {
  return rules.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${file}: ${what}`)
}

const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).map((path) => ({
  file: relative(ROOT, path).split(sep).join('/'),
  text: readFileSync(path, 'utf8'),
}))
const scanned = files.filter(({ file }) => !FIXTURE_DIRS.some((dir) => dir.test(file)))

describe('one owner per row (source scan)', () => {
  it('scans the sources of every app and package', () => {
    for (const expected of [
      MONEY_MODULE,
      TRANSITIONS_MODULE,
      'apps/gateway/src/features/generations/confirm.ts',
      'apps/worker/src/telegram/delivery.ts',
    ])
      expect(scanned.map((f) => f.file)).toContain(expected)
  })

  it('finds the writes it looks for (the patterns match real code)', () => {
    const samples = [
      `await tx.ledgerEntry.create({ data: { userId } })`,
      `db.user.update({ where: { id }, data: { balanceKopecks: { increment: 5 } } })`,
      'tx.$queryRaw`UPDATE users SET balance_kopecks = balance_kopecks - ${k} WHERE id = ${id}`',
      'tx.$executeRaw`INSERT INTO ledger_entries (user_id) VALUES (1)`',
    ]
    for (const sample of samples) expect(violations('sample', sample, MONEY_WRITES)).toHaveLength(1)
    const generationSamples = [
      `await deps.db.generation.update({ where: { id }, data: { enqueuedAt: new Date() } })`,
      `ctx.db.generation.updateMany({ where: { id }, data: { kieState } })`,
      "db.$executeRaw`UPDATE generations SET step = 'done'`",
    ]
    for (const sample of generationSamples) expect(violations('sample', sample, GENERATION_WRITES)).toHaveLength(1)
    // reads are not writes
    expect(
      violations('sample', `await db.generation.findUnique({ where: { id } }); balance: user.balanceKopecks`, [
        ...MONEY_WRITES,
        ...GENERATION_WRITES,
      ]),
    ).toEqual([])
  })

  it('writes balances and ledger entries only in the money primitive (post)', () => {
    const found = scanned
      .filter(({ file }) => file !== MONEY_MODULE)
      .flatMap(({ file, text }) => violations(file, text, MONEY_WRITES))
    expect(found).toEqual([])
  })

  it('writes generation rows only through the named transitions', () => {
    const found = scanned
      .filter(({ file }) => file !== TRANSITIONS_MODULE)
      .flatMap(({ file, text }) => violations(file, text, GENERATION_WRITES))
    expect(found).toEqual([])
  })

  it('defines the active statuses once', () => {
    const found = scanned.filter(
      ({ file, text }) => file !== TRANSITIONS_MODULE && /\[\s*'queued'\s*,\s*'running'\s*\]/.test(text),
    )
    expect(found.map((f) => f.file)).toEqual([])
  })
})
