import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { latestFxRate, refundGeneration } from '@kiebot/db'
import { callbackData, enqueueGeneration, readKieCredits, SCHEDULED_JOBS } from '@kiebot/jobs'
import type { RunningWorker } from '../src/app'
import { checkKieCredits, cleanOldJobs, reconcileLedger, refreshFx } from '../src/scheduled/jobs'
import { renderStatus } from '@kiebot/telegram'
import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
} from './support/harness'
import { startWorkerHere } from './support/in-process'

// Scheduled jobs: the sweeper (outbox), FX refresh, Kie balance watch, ledger
// reconciliation, retention; plus the status message's Cancel button and a cancel that
// beats the worker.
let h: Harness
let cbr: Server
let inProcess: RunningWorker
const ADMIN_ID = 555_000_002

beforeAll(async () => {
  h = await startHarness()
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  h.telegram.control.createUser({ id: ADMIN_ID, first_name: 'Admin' })
  cbr = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/javascript' })
    res.end(
      JSON.stringify({
        Date: '2026-11-26T11:30:00+03:00',
        Valute: { USD: { CharCode: 'USD', Nominal: 1, Value: 95.5 } },
      }),
    )
  })
  await new Promise<void>((resolve) => cbr.listen(0, '127.0.0.1', resolve))
  const cbrUrl = `http://127.0.0.1:${(cbr.address() as AddressInfo).port}/daily_json.js`
  // the catalog sync scheduled too (its first run reads the emulator's catalog in the background; nothing here uses the models it changes)
  const env = {
    ADMIN_IDS: String(ADMIN_ID),
    FX_CBR_JSON_URL: cbrUrl,
    KIE_CREDITS_ALERT_BELOW: '100',
    JOB_RETENTION_HOURS: '1',
    SCHEDULE_CATALOG_MS: '86400000',
  }
  await spawnWorker(h, env)
  inProcess = await startWorkerHere(h, { ...env, WORKER_QUEUES: 'telegram' })
}, 60_000)
afterAll(async () => {
  await new Promise((resolve) => cbr.close(resolve))
  await h.close()
})

describe('scheduled jobs', () => {
  it('registers one job scheduler per scheduled job', async () => {
    const schedulers = await h.queues.scheduled.getJobSchedulers()
    expect(schedulers.map((s) => s.key).sort()).toEqual(Object.values(SCHEDULED_JOBS).sort())
  })

  it('sweeper: a confirmed generation the gateway could not enqueue is enqueued and completed', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    const done = await waitForGeneration(h, id, ended, 20_000)
    expect(done.status).toBe('succeeded')
    expect(done.enqueuedAt).not.toBeNull()
    expect(kieTasksOf(h, id)).toHaveLength(1)
  })

  it('sweeper: a generation refunded by a settle that died before its final message gets the message, once', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    // the settle step's refund committed; the process died before it enqueued the final status
    await refundGeneration(h.db, id, { status: 'failed', failureCode: 'kie_failed' })
    await h.db.generation.update({ where: { id }, data: { completedAt: new Date(Date.now() - 60_000) } })
    const row = await waitForGeneration(h, id, (g) => g.notifiedAt !== null, 15_000)
    const message = () => h.telegram.control.transcript(user.chatId).find((m) => m.messageId === row.statusMessageId)!
    expect(message().text).toMatch(/failed.*returned to your balance/)
    // later sweeps owe nothing more: no second edit
    const edits = message().edits.length
    await new Promise((r) => setTimeout(r, 2500))
    expect(message().edits.length).toBe(edits)
    expect(sentTo(h, user.chatId).filter((m) => /returned to your balance/.test(m.text ?? ''))).toHaveLength(1)
  })

  it('FX refresh stores the Central Bank rate in the history', async () => {
    expect(await refreshFx(inProcess.ctx)).toMatchObject({ rubPerUsd: 95.5, source: 'cbr-json', stored: true })
    expect(await latestFxRate(h.db)).toMatchObject({ rubPerUsd: 95.5, source: 'cbr-json' })
  })

  it('Kie balance: stored in Redis for the admin stats, admins alerted when low', async () => {
    h.kie.control.setCredits(42)
    expect(await checkKieCredits(inProcess.ctx)).toEqual({ credits: 42 })
    expect(await readKieCredits(h.redis, h.prefix)).toMatchObject({ credits: 42 })
    await waitFor('the low-balance alert', async () =>
      sentTo(h, ADMIN_ID).some((m) => /balance is low: 42 credits/.test(m.text ?? '')),
    )
    h.kie.control.setCredits(10_000)
  })

  it('ledger reconciliation alerts the admins about a balance that differs from its ledger', async () => {
    const user = await createUser(h)
    expect(await reconcileLedger(inProcess.ctx)).toEqual({ mismatches: 0 })
    await h.db.$executeRaw`UPDATE users SET balance_kopecks = balance_kopecks + 100 WHERE id = ${BigInt(user.id)}`
    expect(await reconcileLedger(inProcess.ctx)).toEqual({ mismatches: 1 })
    await waitFor('the mismatch alert', async () =>
      sentTo(h, ADMIN_ID).some((m) => m.text?.includes(`user ${user.id}`)),
    )
    await h.db.$executeRaw`UPDATE users SET balance_kopecks = balance_kopecks - 100 WHERE id = ${BigInt(user.id)}`
  })

  it('retention removes finished jobs older than JOB_RETENTION_HOURS', async () => {
    const job = await h.queues.scheduled.add('old', {}, { jobId: 'old-finished-job' })
    const old = Date.now() - 2 * 3600_000
    await h.redis.lrem(h.queues.scheduled.toKey('wait'), 0, job.id!)
    await h.redis.zadd(h.queues.scheduled.toKey('completed'), old, job.id!)
    await h.redis.hset(h.queues.scheduled.toKey(job.id!), 'finishedOn', old, 'processedOn', old)
    const result = await cleanOldJobs(inProcess.ctx)
    expect(result.removed).toBeGreaterThanOrEqual(1)
    expect(await h.queues.scheduled.getJob('old-finished-job')).toBeUndefined()
  })
})

describe('status message and cancel', () => {
  it('renders Cancel only while queued, Repeat and Menu after a failure', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    const queued = await h.db.generation.findUniqueOrThrow({ where: { id } })
    expect(
      renderStatus(queued, 'ru')
        .keyboard.flat()
        .map((b) => b.callback_data),
    ).toEqual([callbackData.cancelGeneration(id)])
    expect(renderStatus({ ...queued, status: 'running', step: 'follow' }, 'en').keyboard).toEqual([])
    expect(
      renderStatus({ ...queued, status: 'failed', step: 'done', failureCode: 'kie_failed' }, 'en')
        .keyboard.flat()
        .map((b) => b.callback_data),
    ).toEqual([callbackData.repeat(id), callbackData.menu()])
    await refundGeneration(h.db, id, { status: 'cancelled', fromStatuses: ['queued'] })
  })

  it('a generation cancelled by the gateway before the worker reached it is never sent to Kie', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    expect(await refundGeneration(h.db, id, { status: 'cancelled', fromStatuses: ['queued'] })).toMatchObject({
      refunded: true,
    })
    await enqueueGeneration(h.queues.generation, id) // the job was already in Redis
    await waitFor('the job to finish', async () => (await h.queues.generation.getJobState(id)) === 'completed')
    expect(kieTasksOf(h, id)).toHaveLength(0)
    const row = await h.db.generation.findUniqueOrThrow({ where: { id } })
    expect(row.status).toBe('cancelled')
    expect(await ledgerOf(h, id)).toEqual({ charge: -row.priceKopecks, refund: row.priceKopecks, entries: 2 })
  })
})
