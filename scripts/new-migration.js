#!/usr/bin/env node
// Creates prisma/migrations/<timestamp>_<name>/migration.sql from the difference
// between the last committed prisma/schema.prisma and the working copy.
// `prisma migrate dev` cannot run offline here (docs/database.md explains why).
// Usage: pnpm db:migration <name>
'use strict'
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm db:migration <name>   (name: lowercase letters, digits, _)')
  process.exit(2)
}
const root = path.resolve(__dirname, '..')
const migrations = path.join(root, 'prisma', 'migrations')
const isFirst = !fs.readdirSync(migrations).some((d) => /^\d{14}_/.test(d))

let from = ['--from-empty']
if (!isFirst) {
  const previous = execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root })
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'schema.prisma')
  fs.writeFileSync(file, previous)
  from = ['--from-schema-datamodel', file]
}
const env = { ...process.env, CHECKPOINT_DISABLE: '1' }
env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres'
let sql = execFileSync(
  process.execPath,
  [
    require.resolve('prisma/build/index.js'),
    'migrate',
    'diff',
    ...from,
    '--to-schema-datamodel',
    'prisma/schema.prisma',
    '--script',
  ],
  { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
)
if (isFirst) sql += '\n' + fs.readFileSync(path.join(root, 'prisma', 'manual.sql'), 'utf8')
else console.error('If prisma/manual.sql changed, add the same change to this migration by hand.')
if (!sql.trim() || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
  console.error('schema.prisma has no changes since HEAD: no migration written')
  process.exit(1)
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)
const dir = path.join(migrations, `${stamp}_${name}`)
fs.mkdirSync(dir)
fs.writeFileSync(path.join(dir, 'migration.sql'), sql)
console.log(path.relative(root, path.join(dir, 'migration.sql')))
