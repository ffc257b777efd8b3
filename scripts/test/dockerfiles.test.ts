import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { createTestDatabase, freePort, spawnApp, testRedisUrl, type TestDatabase } from '@kiebot/testing'

// No Docker engine runs here: the commands the Dockerfiles run are run outside Docker
// instead, read from the Dockerfiles themselves: `pnpm deploy --prod` of the app into
// a folder, the CMD started from that folder alone, and the HEALTHCHECK answering.
// (`pnpm install --frozen-lockfile` and `pnpm build` ran before the tests.)

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
  deploy: string[]
  cmd: string[]
  healthcheck: string[]
  env: Record<string, string>
}

function recipe(dockerfile: string): Recipe {
  const text = fs.readFileSync(path.join(root, dockerfile), 'utf8').replace(/\\\n/g, ' ')
  const deploy = /pnpm deploy (--filter=\S+) --prod (\S+)/.exec(text)
  const cmd = /^CMD (\[.*\])$/m.exec(text)
  const healthcheck = /HEALTHCHECK .*?CMD (\[.*\])/.exec(text)
  const env = /^ENV NODE_ENV=production (\w+)=(\d+)$/m.exec(text)
  if (!deploy || !cmd || !healthcheck || !env)
    throw new Error(`${dockerfile}: deploy, CMD, HEALTHCHECK or ENV not found`)
  return {
    deploy: ['deploy', deploy[1]!, '--prod'],
    cmd: JSON.parse(cmd[1]!) as string[],
    healthcheck: JSON.parse(healthcheck[1]!) as string[],
    env: { NODE_ENV: 'production', [env[1]!]: env[2]! },
  }
}

describe.each(['Dockerfile.gateway', 'Dockerfile.worker'])('%s', (dockerfile) => {
  it('deploys the app alone with production dependencies, starts it, and the healthcheck passes', async () => {
    const steps = recipe(dockerfile)
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kiebot-deploy-'))
    try {
      fs.rmSync(out, { recursive: true })
      await execFileAsync('pnpm', [...steps.deploy, out], { cwd: root, maxBuffer: 16 * 1024 * 1024 })
      // Only production dependencies: no test tooling in the image.
      expect(fs.existsSync(path.join(out, 'node_modules', 'jest'))).toBe(false)
      expect(fs.existsSync(path.join(out, 'node_modules', 'typescript'))).toBe(false)
      expect(fs.existsSync(path.join(out, 'dist', 'main.js'))).toBe(true)

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
      }
      // The CMD, from the deployed folder (its modules resolve there, nothing from the repo).
      const [command, ...args] = steps.cmd
      expect(command).toBe('node')
      const app = spawnApp(path.relative(root, path.join(out, args[0]!)), env)
      try {
        await app.waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 30_000 })
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
