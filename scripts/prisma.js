#!/usr/bin/env node
// Runs the Prisma CLI the way it works offline (docs/database.md). Two CLIs:
// - `generate` runs Prisma 7's (the client is @prisma/client 7, whose client engine caches
//   query plans). It reads a copy of prisma/schema.prisma without the datasource `url`
//   (Prisma 7 refuses one) in .tmp/prisma7, and PRISMA_SCHEMA_ENGINE_BINARY names any
//   executable: generate never runs the schema engine, but without it the CLI would first
//   try to download one.
// - everything else (`migrate deploy`, `migrate diff`) runs Prisma 6.19's, which migrates
//   through the bundled WebAssembly schema engine (prisma.config.ts); Prisma 7's cannot here.
//   It needs a DATABASE_URL.
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const args = process.argv.slice(2)
const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' }

function run(cli, cliArgs, cwd) {
  const result = spawnSync(process.execPath, [cli, ...cliArgs], { stdio: 'inherit', env, cwd })
  process.exit(result.status ?? 1)
}

if (args[0] === 'generate') {
  const dir = path.join(root, '.tmp', 'prisma7')
  fs.mkdirSync(dir, { recursive: true })
  const schema = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8')
  const output = path.join(root, 'packages', 'db', 'prisma-client')
  const copy = schema
    .replace(/^\s*url\s*=\s*env\("DATABASE_URL"\).*$/m, '')
    .replace(/^(\s*output\s*=\s*)"[^"]*"/m, `$1${JSON.stringify(output)}`)
  if (copy === schema) throw new Error('prisma/schema.prisma: no datasource url or generator output to rewrite')
  fs.writeFileSync(path.join(dir, 'schema.prisma'), copy)
  fs.writeFileSync(path.join(dir, 'prisma.config.js'), "module.exports = { schema: 'schema.prisma' }\n")
  env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/true'
  run(require.resolve('prisma7/build/index.js', { paths: [root] }), args, dir)
} else {
  if (!env.DATABASE_URL) {
    console.error(`prisma ${args.join(' ')}: set DATABASE_URL to the database to use`)
    process.exit(2)
  }
  run(require.resolve('prisma/build/index.js', { paths: [root] }), args, root)
}
