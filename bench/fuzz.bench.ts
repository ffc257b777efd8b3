import fs from 'node:fs'
import { callbackToken } from '@kiebot/kie'
import { freePort, spawnApp } from '@kiebot/testing'
import { fuzzKieCallback, fuzzUpdate, realUpdates, seededRandom } from '../apps/gateway/test/support/fuzz'
import {
  BOT_TOKEN,
  CALLBACK_SECRET,
  KIE_KEY,
  createGeneration,
  createUser,
  startHarness,
} from '../apps/worker/test/support/harness'

// Benchmark (not a timed test): BENCH_COUNT (default 10,000) hostile webhook updates and
// Kie callbacks (BENCH_SEED, default 1) against the built gateway started as a process,
// with the emulators, Postgres and Redis. Prints crashes, 5xx other than 503, handler
// exceptions logged and the gateway's memory (RSS). Run: see bench/README.md.

const WEBHOOK_SECRET = 'fuzz-webhook-secret_0123456789'

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

it('hostile updates and callbacks: no crash, no unexpected 5xx, no handler exception', async () => {
  const count = Number(process.env.BENCH_COUNT ?? 10_000)
  const rng = seededRandom(Number(process.env.BENCH_SEED ?? 1))
  const h = await startHarness()
  // Telegram's flood control is not what this measures (a 429 to a reply under this load
  // would be counted as a handler error): the emulator takes every reply.
  h.telegram.control.configure({ flood: { enabled: false } })
  const [port, opsPort] = [await freePort(), await freePort()]
  const gateway = spawnApp('apps/gateway/dist/main.js', {
    NODE_ENV: 'production',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    DATABASE_URL: h.database.url,
    REDIS_URL: h.redisUrl,
    QUEUE_PREFIX: h.prefix,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: h.telegram.url,
    BOT_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    KIE_API_KEY: KIE_KEY,
    KIE_CALLBACK_SECRET: CALLBACK_SECRET,
    GATEWAY_PORT: String(port),
    GATEWAY_OPS_PORT: String(opsPort),
    FX_DEFAULT_RUB_PER_USD: '90',
    USER_UPDATES_PER_MINUTE: '1000000',
  })
  try {
    await gateway.waitForHttp(`http://127.0.0.1:${opsPort}/readyz`, { timeoutMs: 30_000 })
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(h)))
    const generations: string[] = []
    for (const user of users.slice(0, 10)) generations.push(await createGeneration(h, user, { slug: 'nano-banana' }))

    const base = `http://127.0.0.1:${port}`
    const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
      try {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          signal: AbortSignal.timeout(30_000),
        })
        await res.arrayBuffer()
        return res.status
      } catch {
        return 0
      }
    }
    const webhook = (body: string) =>
      post('/telegram/webhook', body, { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET })

    // warm-up with real updates, so the memory baseline is the running gateway's
    let updateId = 1
    for (const user of users)
      for (const update of realUpdates(user.id, updateId++).slice(0, 3))
        await webhook(JSON.stringify({ ...update, update_id: updateId++ }))
    const rssBefore = rssMb(gateway.child.pid!)

    const checkpoints: string[] = []
    const statuses = new Map<number, number>()
    const kinds = new Map<string, number>()
    const cases = Array.from({ length: count }, (_, i) => i)
    const started = Date.now()
    const run = async () => {
      for (let i = cases.shift(); i !== undefined; i = cases.shift()) {
        if (i > 0 && i % Math.max(1, Math.floor(count / 5)) === 0)
          checkpoints.push(`${i}: ${rssMb(gateway.child.pid!).toFixed(0)}`)
        let status: number
        if (rng() < 0.2) {
          const generationId = generations[Math.floor(rng() * generations.length)]!
          const fuzz = fuzzKieCallback(rng, `task-${i}`)
          kinds.set(`callback ${fuzz.kind}`, (kinds.get(`callback ${fuzz.kind}`) ?? 0) + 1)
          const token = rng() < 0.9 ? callbackToken(generationId, CALLBACK_SECRET) : 'forged'
          status = await post(`/kie/callback/${generationId}?token=${token}`, fuzz.body)
        } else {
          const user = users[Math.floor(rng() * users.length)]!
          const fuzz = fuzzUpdate(rng, user.id, 1_000_000 + i)
          kinds.set(`update ${fuzz.kind}`, (kinds.get(`update ${fuzz.kind}`) ?? 0) + 1)
          status = await webhook(fuzz.body)
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      }
    }
    await Promise.all(Array.from({ length: 8 }, run))
    const seconds = (Date.now() - started) / 1000
    // a few idle seconds, so the after figure is not garbage still waiting for a collection
    await new Promise((r) => setTimeout(r, 5000))
    const alive = gateway.child.exitCode === null && gateway.child.signalCode === null
    const rssAfter = alive ? rssMb(gateway.child.pid!) : NaN

    const entries = gateway
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; message: string })
    const handlerErrors = entries.filter((e) => e.level === 'error')
    const refused = entries.filter((e) => e.message === 'malformed update acknowledged and ignored').length
    const unexpected5xx = [...statuses].filter(([s]) => s >= 500 && s !== 503).reduce((n, [, c]) => n + c, 0)
    const noAnswer = statuses.get(0) ?? 0
    console.log(
      [
        `hostile requests:          ${count} in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s, 8 at a time)`,
        `mix:                       ${[...kinds]
          .sort()
          .map(([k, c]) => `${k} ${c}`)
          .join(', ')}`,
        `answers:                   ${[...statuses]
          .sort((a, b) => a[0] - b[0])
          .map(([s, c]) => `${s === 0 ? 'none' : s} ×${c}`)
          .join(', ')}`,
        `gateway crashes:           ${alive ? 0 : 1}`,
        `5xx other than 503:        ${unexpected5xx} (no answer: ${noAnswer})`,
        `handler exceptions logged: ${handlerErrors.length}${handlerErrors.length ? ` (${[...new Set(handlerErrors.map((e) => e.message))].slice(0, 5).join('; ')})` : ''}`,
        `malformed updates refused: ${refused} (acknowledged, logged once each)`,
        `gateway RSS:               ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after (${(rssAfter - rssBefore).toFixed(0)} MB); during (requests: MB) ${checkpoints.join(', ')}`,
      ].join('\n'),
    )
    expect(alive).toBe(true)
    expect(unexpected5xx + noAnswer).toBe(0)
    expect(handlerErrors).toEqual([])
  } finally {
    await gateway.stop('SIGTERM')
    await h.close()
  }
}, 3_600_000)
