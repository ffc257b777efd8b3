import { spawn, type ChildProcess } from 'node:child_process'
import { findBalanceMismatches } from '@kiebot/db'
import { freePort } from '@kiebot/testing'
import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// Redis restarted mid-run, without persistence: every queue, job and scheduler is gone.
// The generations are in Postgres, so the sweeper re-adds their jobs and each resumes
// from its row: all complete, each with one task, one charge and one result.
// This file runs its own redis-server (the machine's one is shared with other tests).
let h: Harness
let redisProcess: ChildProcess
let port: number

function startRedis(): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000
    const probe = () => {
      const socket = require('node:net').connect(port, '127.0.0.1') as import('node:net').Socket
      socket.once('connect', () => {
        socket.destroy()
        resolve(child)
      })
      socket.once('error', () =>
        Date.now() > deadline ? reject(new Error('redis-server did not start')) : setTimeout(probe, 100),
      )
    }
    probe()
  })
}

beforeAll(async () => {
  port = await freePort()
  redisProcess = await startRedis()
  h = await startHarness({ redisUrl: `redis://127.0.0.1:${port}` })
}, 60_000)
afterAll(async () => {
  await h.close()
  redisProcess.kill('SIGKILL')
})

describe('Redis restarted mid-run', () => {
  it('every generation in flight still completes once', async () => {
    h.kie.control.setTimeline({ queuingMs: 100, generatingMs: 200, completeMs: 4000 })
    h.kie.control.setCallbacks('off')
    const worker = await spawnWorker(h, { SCHEDULE_SWEEPER_MS: '1000' })
    const users: TestUser[] = []
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const user = await createUser(h)
      users.push(user)
      ids.push(await createGeneration(h, user, { slug: 'nano-banana' }))
    }
    for (const id of ids) await waitForGeneration(h, id, (g) => g.step === 'follow')

    redisProcess.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 1000))
    redisProcess = await startRedis()

    for (const [index, id] of ids.entries()) {
      const done = await waitForGeneration(h, id, ended, 45_000)
      expect(done.status).toBe('succeeded')
      expect(kieTasksOf(h, id)).toHaveLength(1)
      expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
      expect(sentTo(h, users[index]!.chatId).filter((m) => m.kind === 'photo')).toHaveLength(1)
    }
    expect(await findBalanceMismatches(h.db)).toEqual([])
    // the jobs were lost with Redis and put back by the sweeper
    expect(worker.output().match(/re-added by the sweeper/g)?.length).toBeGreaterThanOrEqual(ids.length)
  }, 90_000)
})
