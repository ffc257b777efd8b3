import {
  createTestDatabase,
  freePort,
  holdPort,
  spawnApp,
  testRedisUrl,
  type AppProcess,
  type TestDatabase,
} from '@kiebot/testing'

// The gateway as a real process (built by `pnpm build`, which `pnpm test` runs first).
const ENTRY = 'apps/gateway/dist/main.js'

let database: TestDatabase
const running: AppProcess[] = []

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')))
  await database.drop()
})

async function validEnv(overrides: Record<string, string> = {}) {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    TELEGRAM_BOT_TOKEN: '123456789:AAF-test-token-abcdefghijklmnop',
    BOT_MODE: 'polling',
    KIE_API_KEY: 'kie-test-key',
    KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
    GATEWAY_PORT: String(await freePort()),
    GATEWAY_OPS_PORT: String(await freePort()),
    LOG_FORMAT: 'json',
    ...overrides,
  }
}

describe('gateway process', () => {
  it('exits at start with one message listing every bad variable', async () => {
    const app = spawnApp(ENTRY, { BOT_MODE: 'webhook', TELEGRAM_BOT_TOKEN: 'garbage' })
    running.push(app)
    const { code } = await app.exited
    expect(code).toBe(78)
    const output = app.output()
    expect(output.match(/Invalid configuration/g)).toHaveLength(1)
    for (const variable of [
      'DATABASE_URL',
      'REDIS_URL',
      'TELEGRAM_BOT_TOKEN',
      'KIE_API_KEY',
      'KIE_CALLBACK_SECRET',
      'TELEGRAM_WEBHOOK_SECRET',
      'PUBLIC_URL',
    ])
      expect(output).toContain(`  - ${variable}: `)
    expect(output).not.toContain('garbage')
  })

  it('exits when its port is taken, naming the cause (Express 5 hands the error to its callback)', async () => {
    const held = await holdPort()
    try {
      const app = spawnApp(ENTRY, await validEnv({ GATEWAY_PORT: String(held.port) }))
      running.push(app)
      const { code } = await app.exited
      expect(code).toBe(1)
      expect(app.output()).toContain('gateway failed to start')
      expect(app.output()).toContain('EADDRINUSE')
      expect(app.output()).not.toContain('gateway listening')
    } finally {
      await held.release()
    }
  })

  it('serves /healthz publicly, /readyz and /metrics on the internal port only, and stops cleanly on SIGTERM', async () => {
    const env = await validEnv()
    const app = spawnApp(ENTRY, env)
    running.push(app)
    const base = `http://127.0.0.1:${env.GATEWAY_PORT}`
    const ops = `http://127.0.0.1:${env.GATEWAY_OPS_PORT}`
    expect(await (await app.waitForHttp(`${base}/healthz`)).json()).toEqual({ status: 'ok' })
    for (const path of ['/readyz', '/metrics']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ ok: false, error: 'not found' })
    }
    expect(await (await app.waitForHttp(`${ops}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await app.waitForHttp(`${ops}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok' },
    })
    const metrics = await (await fetch(`${ops}/metrics`)).text()
    expect(metrics).toContain('process_cpu_user_seconds_total{service="gateway"}')
    expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null })
    expect(app.output()).toContain('shutdown complete')
  })

  it('reports not ready (503) while Redis is unreachable, alive all the same', async () => {
    const env = await validEnv({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` })
    const app = spawnApp(ENTRY, env)
    running.push(app)
    await app.waitForHttp(`http://127.0.0.1:${env.GATEWAY_PORT}/healthz`)
    const ready = await app.waitForHttp(`http://127.0.0.1:${env.GATEWAY_OPS_PORT}/readyz`, { status: 503 })
    const body = (await ready.json()) as { checks: Record<string, string> }
    // which dependency, never the error's text (hosts, ports, credentials)
    expect(body).toEqual({ status: 'not ready', checks: { postgres: 'ok', redis: 'down' } })
  })
})
