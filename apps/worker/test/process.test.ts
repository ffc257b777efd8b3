import {
  createTestDatabase,
  freePort,
  holdPort,
  spawnApp,
  testRedisUrl,
  type AppProcess,
  type TestDatabase,
} from '@kiebot/testing'

// The worker as a real process (built by `pnpm build`, which `pnpm test` runs first).
let database: TestDatabase
let app: AppProcess | undefined

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await app?.stop('SIGKILL')
  await database.drop()
})

/** What the worker needs to start, serving on `port`. */
const envOn = (port: number) => ({
  DATABASE_URL: database.url,
  REDIS_URL: testRedisUrl(),
  TELEGRAM_BOT_TOKEN: '123456789:AAF-test-token-abcdefghijklmnop',
  PUBLIC_URL: 'http://127.0.0.1:1',
  KIE_API_KEY: 'kie-test-key',
  KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
  WORKER_PORT: String(port),
})

describe('worker process', () => {
  it('serves readiness and metrics on WORKER_PORT and stops cleanly on SIGTERM', async () => {
    const port = await freePort()
    app = spawnApp('apps/worker/dist/main.js', envOn(port))
    const base = `http://127.0.0.1:${port}`
    expect(await (await app.waitForHttp(`${base}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok' },
    })
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('service="worker"')
    expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null })
  })

  it('exits when its port is taken, instead of running without answering there', async () => {
    const held = await holdPort()
    try {
      const taken = spawnApp('apps/worker/dist/main.js', envOn(held.port))
      const { code } = await taken.exited
      expect(code).toBe(1)
      expect(taken.output()).toContain('worker failed to start')
      expect(taken.output()).toContain('EADDRINUSE')
      expect(taken.output()).not.toContain('worker started')
    } finally {
      await held.release()
    }
  })

  it('refuses to start without its configuration, naming what is missing', async () => {
    const bare = spawnApp('apps/worker/dist/main.js', {})
    const { code } = await bare.exited
    expect(code).toBe(78)
    expect(bare.output()).toContain('Invalid configuration for worker')
    expect(bare.output()).toContain('  - PUBLIC_URL: missing')
  })
})
