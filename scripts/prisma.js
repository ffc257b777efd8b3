#!/usr/bin/env node
// Runs the Prisma CLI the way it works offline (docs/database.md): no update checks,
// and a DATABASE_URL always set, because without one `prisma generate` falls back
// to downloading a native engine. `generate` never connects, so a placeholder does.
'use strict'
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const args = process.argv.slice(2)
const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' }
if (!env.DATABASE_URL) {
  if (args[0] !== 'generate') {
    console.error(`prisma ${args.join(' ')}: set DATABASE_URL to the database to use`)
    process.exit(2)
  }
  env.DATABASE_URL = 'postgresql://placeholder@127.0.0.1:1/not-used-by-generate'
}
const cli = require.resolve('prisma/build/index.js', { paths: [path.resolve(__dirname, '..')] })
const result = spawnSync(process.execPath, [cli, ...args], {
  stdio: 'inherit',
  env,
  cwd: path.resolve(__dirname, '..'),
})
process.exit(result.status ?? 1)
