#!/usr/bin/env node
// `pnpm start`: runs the product.
// - With TELEGRAM_BOT_TOKEN set (environment or .env): gateway + worker for real,
//   configured entirely by the environment (see .env.example).
// - Without it: the local sandbox. Emulators of Telegram and Kie.ai, the gateway
//   and a worker, wired together on this machine with generated secrets. The chat page's
//   address is printed once every app answers its health check (the page works at once).
// Both: PostgreSQL and Redis must answer (scripts/services.sh starts or installs
// them on Debian), the database is created if missing and migrated, apps are built.
// Ctrl-C stops everything.
'use strict'
const { spawn, spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')

function loadDotEnv() {
  const file = path.join(root, '.env')
  if (!fs.existsSync(file)) return
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim())
    if (match && process.env[match[1]] === undefined && match[2] !== '') process.env[match[1]] = match[2]
  }
}

function fail(message) {
  console.error(`\nstart: ${message}`)
  process.exit(1)
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  return result.status === 0
}

function ensureServices(sandbox) {
  // a real deployment, or the compose sandbox service, points at its own servers
  if (!sandbox || process.env.SKIP_LOCAL_SERVICES === '1') return
  if (run('bash', [path.join(root, 'scripts/services.sh')])) return
  fail(
    'PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not running and could not be started.\n' +
      '  Debian: apt-get install -y postgresql redis-server\n' +
      '          pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
      '          redis-server --daemonize yes --bind 127.0.0.1 --port 6379\n' +
      '  or point DATABASE_URL and REDIS_URL at running servers.',
  )
}

/** Fails with a clear message when Redis does not accept connections. */
async function ensureRedis(redisUrl) {
  const net = require('node:net')
  const url = new URL(redisUrl)
  const port = Number(url.port || 6379)
  const ok = await new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port, timeout: 3000 }, () => {
      socket.end()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
    socket.on('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
  if (!ok) fail(`cannot connect to Redis at ${url.hostname}:${port}. Is it running? Is REDIS_URL right?`)
}

async function ensureDatabase(databaseUrl) {
  const { Client } = require(require.resolve('pg', { paths: [root] }))
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  const admin = new URL(databaseUrl)
  admin.pathname = '/postgres'
  const client = new Client({ connectionString: admin.toString() })
  try {
    await client.connect()
  } catch (error) {
    fail(`cannot connect to PostgreSQL at ${url.host} (${error.message}). Is it running? Is DATABASE_URL right?`)
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rowCount === 0) {
      console.log(`start: creating database ${name}`)
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
    }
  } finally {
    await client.end()
  }
}

function sandboxEnvironment() {
  const secret = (bytes) => crypto.randomBytes(bytes).toString('base64url')
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8080)
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? 3000)
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  const kieApiKey = 'sandbox-' + secret(16)
  return {
    NODE_ENV: 'development',
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kiebot_sandbox',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'kb-sandbox',
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_BOT_TOKEN: '7000000001:SANDBOX-' + secret(24),
    TELEGRAM_API_ROOT: sandboxUrl,
    BOT_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: secret(24),
    PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
    // the Mini App (the gateway's /app/) loads the sandbox's WebApp stand-in instead of Telegram's script
    WEBAPP_SCRIPT_URL: `${sandboxUrl}/telegram-web-app.js`,
    // the emulator accepts http:// web_app buttons (Telegram does not)
    WEBAPP_ALLOW_HTTP: 'true',
    KIE_API_KEY: kieApiKey,
    SANDBOX_KIE_API_KEY: kieApiKey,
    KIE_BASE_URL: `${sandboxUrl}/kie`,
    KIE_UPLOAD_BASE_URL: `${sandboxUrl}/kie`,
    KIE_CALLBACK_SECRET: secret(24),
    FX_CBR_JSON_URL: `${sandboxUrl}/cbr/daily_json.js`,
    FX_CBR_XML_URL: `${sandboxUrl}/cbr/XML_daily.asp`,
    FX_DEFAULT_RUB_PER_USD: '90',
    // the sandbox user starts with 500 ₽, credited through the ledger like any bonus
    WELCOME_BONUS_KOPECKS: '50000',
    // the page's default user (100000001) is a regular user; its admin switch opens this one
    ADMIN_IDS: '100000002',
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_OPS_PORT: process.env.GATEWAY_OPS_PORT ?? '3002',
    WORKER_PORT: process.env.WORKER_PORT ?? '3001',
    // the emulated Kie's result files are on this machine
    RESULT_URL_HOSTS: '127.0.0.1,localhost',
    RESULT_URL_ALLOW_PRIVATE: 'true',
  }
}

/** true when GET url answers 2xx within a second */
async function answers(url, check = () => true) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    return response.ok && check(await response.json().catch(() => null))
  } catch {
    return false
  }
}

/**
 * Waits until every app of the sandbox is ready: the emulators (the sandbox's /healthz), the
 * gateway (its /readyz, and its webhook registered with the emulated Telegram) and the worker
 * (/readyz). Names what is still missing every 30 s; resolves false if a child exited meanwhile.
 */
async function waitUntilReady(env, children) {
  const sandbox = `http://127.0.0.1:${env.SANDBOX_PORT}`
  const checks = [
    ['the emulators', () => answers(`${sandbox}/healthz`)],
    [
      'the gateway',
      async () =>
        (await answers(`http://127.0.0.1:${env.GATEWAY_OPS_PORT}/readyz`)) &&
        (await answers(`${sandbox}/_control/telegram/webhook`, (body) =>
          Boolean(body && body.result && body.result.url),
        )),
    ],
    ['the worker', () => answers(`http://127.0.0.1:${env.WORKER_PORT}/readyz`)],
  ]
  const started = Date.now()
  let told = started
  for (;;) {
    if (children.some(({ child }) => child.exitCode !== null || child.signalCode !== null)) return false
    const missing = []
    for (const [name, check] of checks) if (!(await check())) missing.push(name)
    if (missing.length === 0) return true
    if (Date.now() - told >= 30_000) {
      told = Date.now()
      console.log(`start: still waiting for ${missing.join(', ')} (${Math.round((told - started) / 1000)} s)`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function startChild(name, entry, env, children) {
  const file = path.join(root, entry)
  if (!fs.existsSync(file)) fail(`${entry} is missing: the build did not produce it`)
  const child = spawn(process.execPath, [file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = `[${name}] `
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = ''
    stream.on('data', (chunk) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop()
      for (const line of lines) process.stdout.write(prefix + line + '\n')
    })
  }
  children.push({ name, child })
  return child
}

async function main() {
  loadDotEnv()
  const sandbox = !process.env.TELEGRAM_BOT_TOKEN
  ensureServices(sandbox)
  // with real tokens the operator's product: production unless NODE_ENV says otherwise
  const env = sandbox ? { ...process.env, ...sandboxEnvironment() } : { NODE_ENV: 'production', ...process.env }
  if (!env.DATABASE_URL) fail('DATABASE_URL is not set (see .env.example)')
  if (!env.REDIS_URL) fail('REDIS_URL is not set (see .env.example)')
  await ensureRedis(env.REDIS_URL)

  console.log('start: building')
  if (!run('pnpm', ['build'], { stdio: ['ignore', 'ignore', 'inherit'] })) fail('the build failed')
  await ensureDatabase(env.DATABASE_URL)
  console.log('start: applying migrations')
  if (
    !run(process.execPath, [path.join(root, 'scripts/prisma.js'), 'migrate', 'deploy'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  )
    fail('migrations failed')

  const children = []
  let stopping = false
  const stopAll = (code) => {
    if (stopping) return
    stopping = true
    console.log('\nstart: stopping')
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM')
    const force = setTimeout(() => {
      for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL')
    }, 10_000)
    force.unref()
    Promise.all(children.map(({ child }) => child.exitCode !== null || new Promise((r) => child.once('exit', r)))).then(
      () => process.exit(code),
    )
  }
  process.on('SIGINT', () => stopAll(0))
  process.on('SIGTERM', () => stopAll(0))

  if (sandbox) {
    startChild('sandbox', 'apps/sandbox/dist/main.js', env, children)
    env.TELEGRAM_BOT_TOKEN = env.SANDBOX_BOT_TOKEN
  }
  startChild('gateway', 'apps/gateway/dist/main.js', env, children)
  startChild('worker', 'apps/worker/dist/main.js', env, children)
  for (const { name, child } of children)
    child.once('exit', (code, signal) => {
      if (stopping) return
      console.error(`start: ${name} exited (${signal ?? code}); stopping the rest`)
      stopAll(1)
    })

  if (sandbox) {
    console.log('start: waiting for the emulators, the gateway and the worker')
    if (!(await waitUntilReady(env, children))) return // a child exited: stopAll runs
    console.log(
      `\nstart: sandbox running. Chat page: http://127.0.0.1:${env.SANDBOX_PORT}/  ` +
        `gateway: ${env.PUBLIC_URL}/healthz  worker: http://127.0.0.1:${env.WORKER_PORT}/healthz  (Ctrl-C stops everything)\n`,
    )
  }
}

main().catch((error) => fail(error.stack ?? String(error)))
