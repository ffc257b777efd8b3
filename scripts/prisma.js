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
const crypto = require('node:crypto')
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
  // Generated into a folder of its own, then swapped in whole, and only when the schema or the
  // CLI changed: Prisma 7 empties its output folder first, and `pnpm build` runs while other
  // processes load the client (the tests' `pnpm start` builds while other suites run).
  const dir = path.join(root, '.tmp', 'prisma7')
  const output = path.join(root, 'packages', 'db', 'prisma-client')
  const schema = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8')
  const cliPackage = require.resolve('prisma7/package.json', { paths: [root] })
  const stamp = crypto
    .createHash('sha256')
    .update(schema)
    .update(JSON.parse(fs.readFileSync(cliPackage, 'utf8')).version)
    .digest('hex')
  const stampFile = path.join(output, '.schema-stamp')
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : ''
  if (current === stamp && fs.existsSync(path.join(output, 'index.js'))) {
    console.log('prisma generate: the client is up to date with prisma/schema.prisma')
    process.exit(0)
  }
  const fresh = path.join(dir, 'client')
  fs.rmSync(fresh, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const copy = schema
    .replace(/^\s*url\s*=\s*env\("DATABASE_URL"\).*$/m, '')
    .replace(/^(\s*output\s*=\s*)"[^"]*"/m, '$1"./client"') // beside the copy (no machine's path in the client)
  if (copy === schema) throw new Error('prisma/schema.prisma: no datasource url or generator output to rewrite')
  fs.writeFileSync(path.join(dir, 'schema.prisma'), copy)
  fs.writeFileSync(path.join(dir, 'prisma.config.js'), "module.exports = { schema: 'schema.prisma' }\n")
  env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/true'
  const result = spawnSync(process.execPath, [require.resolve('prisma7/build/index.js', { paths: [root] }), ...args], {
    stdio: 'inherit',
    env,
    cwd: dir,
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
  fs.writeFileSync(path.join(fresh, '.schema-stamp'), `${stamp}\n`)
  const old = `${output}.old`
  fs.rmSync(old, { recursive: true, force: true })
  if (fs.existsSync(output)) fs.renameSync(output, old)
  fs.renameSync(fresh, output)
  fs.rmSync(old, { recursive: true, force: true })
} else {
  if (!env.DATABASE_URL) {
    console.error(`prisma ${args.join(' ')}: set DATABASE_URL to the database to use`)
    process.exit(2)
  }
  run(require.resolve('prisma/build/index.js', { paths: [root] }), args, root)
}
