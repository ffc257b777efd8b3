import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import {
  createTestDatabase,
  freePort,
  imageNodeOptions,
  spawnApp,
  testRedisUrl,
  type TestDatabase,
} from '@kiebot/testing'
import { exposedSeries, typesOfExposition, usedMetrics } from './support/observability'

// No Docker engine runs here: the commands the Dockerfiles run are run outside Docker
// instead, read from the Dockerfiles themselves: scripts/deploy.js (`pnpm deploy --prod`
// of the app, pruned) into a folder, the CMD started from that folder alone, and the
// HEALTHCHECK answering. (`pnpm install --frozen-lockfile` and `pnpm build` ran before the tests.)

const execFileAsync = promisify(execFile)
const root = path.resolve(__dirname, '..', '..')
let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.drop()
})

interface Recipe {
  app: string
  deploy: string[]
  runtime: string
  cmd: string[]
  healthcheck: string[]
  env: Record<string, string>
  nodeOptions: string
}

function recipe(dockerfile: string): Recipe {
  const text = fs.readFileSync(path.join(root, dockerfile), 'utf8').replace(/\\\n/g, ' ')
  const deploy = /node (scripts\/deploy\.js) (\w+) \/out\b/.exec(text)
  const runtime = /^FROM \S+ AS runtime$([\s\S]*)/m.exec(text)
  const cmd = /^CMD (\[.*\])$/m.exec(text)
  const healthcheck = /HEALTHCHECK .*?CMD (\[.*\])/.exec(text)
  const env = /^ENV NODE_ENV=production (\w+)=(\d+)$/m.exec(text)
  if (!deploy || !runtime || !cmd || !healthcheck || !env)
    throw new Error(`${dockerfile}: deploy, runtime stage, CMD, HEALTHCHECK or ENV not found`)
  return {
    app: deploy[2]!,
    deploy: [deploy[1]!, deploy[2]!],
    runtime: runtime[1]!,
    cmd: JSON.parse(cmd[1]!) as string[],
    healthcheck: JSON.parse(healthcheck[1]!) as string[],
    env: { NODE_ENV: 'production', [env[1]!]: env[2]! },
    nodeOptions: imageNodeOptions(deploy[2] as 'gateway' | 'worker').join(' '),
  }
}

/** Every file under dir, symlinks not followed. */
function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(full)
    else if (entry.isFile()) yield full
  }
}

describe.each(['Dockerfile.gateway', 'Dockerfile.worker'])('%s', (dockerfile) => {
  it('builds its own app and its runtime stage copies the pruned deploy folder only: no package manager, no build', () => {
    const steps = recipe(dockerfile)
    expect(`Dockerfile.${steps.app}`).toBe(dockerfile)
    // scripts/image-size.js measures exactly this folder (it calls the same deploy function)
    const copies = [...steps.runtime.matchAll(/^COPY (.*)$/gm)].map((m) => m[1])
    // ...and, from the node image, only its node binary (no npm, corepack or headers)
    expect(copies).toEqual([
      '--from=build /usr/local/bin/node /usr/local/bin/node',
      '--from=build --chown=node:node /out ./',
    ])
    expect(fs.readFileSync(path.join(root, dockerfile), 'utf8')).toMatch(/^FROM \$\{RUNTIME_IMAGE\} AS runtime$/m)
    expect(fs.readFileSync(path.join(root, dockerfile), 'utf8')).toMatch(/^ARG RUNTIME_IMAGE=debian:bookworm-slim$/m)
    expect(steps.runtime).toMatch(/useradd .*\bnode$/m)
    expect(steps.runtime).not.toMatch(/\b(pnpm|npm|npx|tsc|turbo)\b/)
  })

  it('deploys the app alone with production dependencies, starts it, and the healthcheck passes', async () => {
    const steps = recipe(dockerfile)
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kiebot-deploy-'))
    try {
      fs.rmSync(out, { recursive: true })
      await execFileAsync('node', [...steps.deploy, out], { cwd: root, maxBuffer: 16 * 1024 * 1024 })
      // What the image holds: the app's build and its production dependencies, nothing else.
      expect(fs.readdirSync(out).sort()).toEqual(['dist', 'node_modules', 'package.json'])
      expect(fs.existsSync(path.join(out, 'dist', 'main.js'))).toBe(true)
      // No test tooling, compiler or type packages, not even as a peer of a production dependency.
      const store = fs.readdirSync(path.join(out, 'node_modules', '.pnpm'))
      expect(
        store.filter((key) => /^(jest|ts-jest|typescript|@types\+|prisma@|eslint|@kiebot\+sandbox)/.test(key)),
      ).toEqual([])
      expect(fs.existsSync(path.join(out, 'node_modules', 'typescript'))).toBe(false)
      const files = [...filesUnder(path.join(out, 'node_modules'))]
      expect(
        files.filter((f) => /\.d\.[cm]?ts$/.test(f) || /[/\\]@kiebot[/\\][^/\\]+[/\\](src|test)[/\\]/.test(f)),
      ).toEqual([])
      // The generated Prisma client and its query compiler ship (the readiness check below runs a query).
      expect(files.some((f) => f.endsWith(path.join('prisma-client', 'query_compiler_fast_bg.wasm-base64.js')))).toBe(
        true,
      )

      const port = String(await freePort())
      const portVariable = Object.keys(steps.env).find((k) => k.endsWith('_PORT'))!
      const env = {
        ...steps.env,
        [portVariable]: port,
        // the gateway's internal ops port (the worker ignores it)
        GATEWAY_OPS_PORT: String(await freePort()),
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl(),
        TELEGRAM_BOT_TOKEN: '123456789:AAF-test-token-abcdefghijklmnop',
        TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}`,
        BOT_MODE: 'polling',
        PUBLIC_URL: 'http://127.0.0.1:1',
        KIE_API_KEY: 'kie-test-key',
        KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
        QUEUE_PREFIX: `kbt-deploy-${process.pid}`,
        // the image's heap cap: node takes it from the environment and V8 holds to it
        NODE_OPTIONS: steps.nodeOptions,
      }
      const limit = spawnSync(process.execPath, ['-p', 'require("v8").getHeapStatistics().heap_size_limit'], {
        env: { PATH: process.env.PATH, NODE_OPTIONS: steps.nodeOptions },
        encoding: 'utf8',
      })
      expect(limit.status).toBe(0)
      // 256 MB of old space plus the young generation's semi-spaces
      expect(Number(limit.stdout) / 2 ** 20).toBeGreaterThanOrEqual(256)
      expect(Number(limit.stdout) / 2 ** 20).toBeLessThan(400)
      // The CMD, from the deployed folder (its modules resolve there, nothing from the repo).
      const [command, ...args] = steps.cmd
      expect(command).toBe('node')
      const app = spawnApp(path.relative(root, path.join(out, args[0]!)), env)
      try {
        await app.waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 30_000 })
        // /readyz and /metrics: the gateway's internal ops port, the worker's only port
        const ops = `http://127.0.0.1:${steps.app === 'gateway' ? env.GATEWAY_OPS_PORT : port}`
        const ready = await app.waitForHttp(`${ops}/readyz`, { timeoutMs: 30_000 })
        expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } })
        // every metric of this app that the alert rules and the dashboard read is exposed
        const exposed = exposedSeries(typesOfExposition(await (await fetch(`${ops}/metrics`)).text()))
        const mine = [...usedMetrics().keys()].filter((name) => name.startsWith(`${steps.app}_`))
        expect(mine.length).toBeGreaterThan(5)
        expect(mine.filter((name) => !exposed.has(name))).toEqual([])
        for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds'])
          expect(exposed.has(name)).toBe(true)
        const [hcCommand, ...hcArgs] = steps.healthcheck
        const check = spawnSync(hcCommand === 'node' ? process.execPath : hcCommand!, hcArgs, {
          env: { ...env, PATH: process.env.PATH },
          timeout: 10_000,
        })
        expect({ status: check.status, stderr: check.stderr.toString() }).toEqual({ status: 0, stderr: '' })
        // the gateway ships the Mini App's built page (packages/webapp's dist/, without its build tools)
        if (dockerfile === 'Dockerfile.gateway') {
          expect(fs.existsSync(path.join(out, 'node_modules', 'vite'))).toBe(false)
          const page = await fetch(`http://127.0.0.1:${port}/app/`)
          expect(page.status).toBe(200)
          expect(await page.text()).toContain('/app/assets/')
        }
      } finally {
        await app.stop('SIGTERM')
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true })
    }
  }, 120_000)
})
