import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Client } from 'pg'
import { createDb, reserveFunds, type Db } from '@kiebot/db'
import { getModel } from '@kiebot/models'
import { freePort } from '@kiebot/testing'
import {
  createGeneration,
  createUser,
  ended,
  ledgerOf,
  spawnWorker,
  startHarness,
  waitForGeneration,
  type Harness,
} from './support/harness'

// Behind PgBouncer in transaction mode (a real pgbouncer, started here in front of the test
// database): the worker's whole pipeline (Prisma over the pg driver adapter, interactive money
// transactions, raw queries) and concurrent reservations work with no session state.
let h: Harness
let bouncer: ChildProcess
let dir: string
let viaBouncer: Db
let bouncerUrl: string

const binary = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? 'pgbouncer'

async function listening(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`pgbouncer did not listen on ${port}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  h = await startHarness()
  const direct = new URL(h.database.url)
  const port = await freePort()
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiebot-pgbouncer-'))
  const user = decodeURIComponent(direct.username || 'postgres')
  await writeFile(path.join(dir, 'userlist.txt'), `"${user}" ""\n`)
  await writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${direct.hostname} port=${direct.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      // few server connections for many clients: transactions of different clients share them
      'default_pool_size = 4',
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits',
      // the admin console (SHOW POOLS), to see the traffic really went through
      `admin_users = ${user}`,
      '',
    ].join('\n'),
  )
  await chmod(dir, 0o755)
  // pgbouncer refuses to run as root: then as the postgres user
  const asUser = process.getuid?.() === 0 ? ['-u', 'postgres'] : []
  bouncer = spawn(binary, [...asUser, path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  bouncer.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  await listening(port, 10_000).catch((error: Error) => {
    throw new Error(`${error.message}: ${errors}`)
  })
  const url = new URL(h.database.url)
  url.port = String(port)
  bouncerUrl = url.toString()
  viaBouncer = createDb(bouncerUrl, { poolSize: 8 })
  await spawnWorker(h, { DATABASE_URL: bouncerUrl, WORKER_GENERATION_CONCURRENCY: '10' })
}, 60_000)

afterAll(async () => {
  await viaBouncer?.$disconnect()
  await h?.close()
  bouncer?.kill('SIGKILL')
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('behind PgBouncer in transaction mode', () => {
  /** pgbouncer's console: SHOW POOLS / SHOW STATS rows of the test database */
  async function console_(command: 'POOLS' | 'STATS'): Promise<Record<string, unknown> | undefined> {
    const url = new URL(bouncerUrl)
    url.pathname = '/pgbouncer'
    const client = new Client({ connectionString: url.toString() })
    await client.connect()
    try {
      const result = await client.query(`SHOW ${command}`)
      return (result.rows as Record<string, unknown>[]).find((r) => r.database === h.database.name)
    } finally {
      await client.end()
    }
  }

  it('the worker and the test reach Postgres through a transaction-mode pool', async () => {
    await viaBouncer.$queryRaw`SELECT 1`
    expect(await console_('POOLS')).toMatchObject({ pool_mode: 'transaction' })
  })

  it('runs generations end to end and reserves money concurrently, exactly', async () => {
    const user = await createUser(h, { kopecks: 100_000 })
    const ids = await Promise.all(Array.from({ length: 8 }, () => createGeneration(h, user, { slug: 'nano-banana' })))
    const done = await Promise.all(ids.map((id) => waitForGeneration(h, id, ended, 40_000)))
    expect(done.map((g) => g.status)).toEqual(ids.map(() => 'succeeded'))
    for (const g of done) expect(await ledgerOf(h, g.id)).toEqual({ charge: -g.priceKopecks, refund: 0, entries: 1 })

    // money through PgBouncer: 20 reservations of one user at once, each an interactive transaction
    const model = getModel('nano-banana')!
    const before = await viaBouncer.user.findUniqueOrThrow({ where: { id: BigInt(user.id) } })
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        reserveFunds(viaBouncer, {
          generationId: crypto.randomUUID(),
          userId: BigInt(user.id),
          chatId: BigInt(user.chatId),
          modelId: model.slug,
          params: { prompt: 'p' },
          price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 1_000 },
          deadlineAt: new Date(Date.now() + 60_000),
        }),
      ),
    )
    const reserved = results.filter((r) => r.status === 'fulfilled').length
    expect(reserved).toBeGreaterThan(0)
    const after = await viaBouncer.user.findUniqueOrThrow({ where: { id: BigInt(user.id) } })
    expect(before.balanceKopecks - after.balanceKopecks).toBe(reserved * 1_000)
    // every one of them a transaction through PgBouncer
    expect(Number((await console_('STATS'))?.total_xact_count ?? 0)).toBeGreaterThan(ids.length * 5 + reserved)
    const ledger = await viaBouncer.ledgerEntry.aggregate({
      _sum: { amountKopecks: true },
      where: { userId: BigInt(user.id) },
    })
    expect(ledger._sum.amountKopecks).toBe(after.balanceKopecks)
  }, 90_000)
})
