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
  type TestUser,
} from './support/harness'
import { enqueueGeneration, generationJobId, wakeGeneration } from '@kiebot/jobs'
import { cancelQueuedGeneration, updateModelSettings } from '@kiebot/db'
import { buildCreateRequest, callbackUrlFor, KieClient } from '@kiebot/kie'
import { getModel } from '@kiebot/models'
import { CALLBACK_SECRET, KIE_KEY } from './support/harness'
import type { WorkerContext } from '../src/context'
import { submitGraceMs } from '../src/pipeline/submit'

// How the worker follows Kie: callbacks wake the job, polling is the fallback, Kie
// failures and deadlines refund once, 402/429/5xx/lost answers are handled without a
// second paid task. One worker process; slow polling (4 s), so a fast finish proves the
// callback woke the job.
let h: Harness
let user: TestUser
const ADMIN_ID = 555_000_001
const CREATE = '/api/v1/jobs/createTask'

beforeAll(async () => {
  h = await startHarness()
  h.telegram.control.createUser({ id: ADMIN_ID, first_name: 'Admin' })
  user = await createUser(h)
  await spawnWorker(h, {
    KIE_POLL_MIN_MS: '4000',
    KIE_POLL_MAX_MS: '4000',
    KIE_CREATE_TIMEOUT_MS: '1000',
    KIE_SUBMIT_GRACE_MS: '2500',
    KIE_CREATE_WINDOW_MS: '1000',
    ADMIN_IDS: String(ADMIN_ID),
  })
}, 60_000)
afterAll(() => h.close())
beforeEach(() => {
  h.kie.control.setTimeline({ queuingMs: 30, generatingMs: 80, completeMs: 300 })
  h.kie.control.setCallbacks('on')
})

/** The generation's status message now (a final outcome moves it to a new message at the bottom). */
const statusText = async (g: { id: string }) => {
  const row = await h.db.generation.findUnique({ where: { id: g.id }, select: { statusMessageId: true } })
  return h.telegram.control.transcript(user.chatId).find((m) => m.messageId === row?.statusMessageId)?.text ?? ''
}
const photosFor = (id: string) =>
  sentTo(h, user.chatId).filter(
    (m) =>
      m.kind === 'photo' &&
      m.message.reply_markup?.inline_keyboard
        .flat()
        .some((b) => 'callback_data' in b && b.callback_data === `rp:${id}`),
  )
const statusInfoCalls = () => h.kie.control.requests({ path: '/api/v1/jobs/recordInfo' }).length

describe('callbacks and polling', () => {
  it('a callback that comes before the first poll finishes the job at once', async () => {
    h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: 0 })
    const started = Date.now()
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended)
    expect(done.status).toBe('succeeded')
    expect(Date.now() - started).toBeLessThan(3500)
    expect(h.callbacks.filter((c) => c.generationId === id).length).toBeGreaterThanOrEqual(1)
    expect(photosFor(id)).toHaveLength(1)
  })

  it('a callback after the first poll wakes the sleeping job (no wait for the next poll)', async () => {
    h.kie.control.setTimeline({ queuingMs: 100, generatingMs: 300, completeMs: 1200 })
    const before = statusInfoCalls()
    const started = Date.now()
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended)
    expect(done.status).toBe('succeeded')
    expect(Date.now() - started).toBeLessThan(3800) // the next poll would only come after 4 s
    expect(statusInfoCalls() - before).toBe(2) // the first poll (still running) and the woken one
    expect(photosFor(id)).toHaveLength(1)
  })

  it('a callback delivered twice delivers the result once', async () => {
    h.kie.control.setCallbacks('duplicate')
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended)
    expect(done.status).toBe('succeeded')
    await waitFor('the second callback', async () => h.callbacks.filter((c) => c.generationId === id).length >= 2)
    await new Promise((r) => setTimeout(r, 500))
    expect(photosFor(id)).toHaveLength(1)
    expect(kieTasksOf(h, id)).toHaveLength(1)
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
  })

  it('without any callback, polling finishes the job', async () => {
    h.kie.control.setCallbacks('off')
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done.status).toBe('succeeded')
    expect(h.callbacks.filter((c) => c.generationId === id)).toHaveLength(0)
    expect(photosFor(id)).toHaveLength(1)
  })
})

describe('failures', () => {
  it('a failed Kie task is refunded once and the user told why', async () => {
    h.kie.control.forceNextOutcome({ outcome: 'fail', failCode: '500', failMessage: 'Internal error' })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended)
    expect(done).toMatchObject({ status: 'failed', failureCode: 'kie_failed', failureReason: 'Internal error' })
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: done.priceKopecks, entries: 2 })
    // the reason by its category, never Kie's own words
    await waitFor('the failure on the status message', async () =>
      /generation failed on the service’s side.*returned to your balance/.test(await statusText(done)),
    )
    expect(await statusText(done)).not.toContain('Internal error')
    expect(photosFor(id)).toHaveLength(0)
  })

  it('past its deadline a generation is refunded once (timed_out)', async () => {
    h.kie.control.setTimeline({ queuingMs: 100, generatingMs: 200, completeMs: 60_000 })
    const id = await createGeneration(h, user, { slug: 'nano-banana', deadlineMs: 1500 })
    const done = await waitForGeneration(h, id, ended)
    expect(done).toMatchObject({ status: 'timed_out', failureCode: 'deadline' })
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: done.priceKopecks, entries: 2 })
    await waitFor('the timeout on the status message', async () => /took too long/.test(await statusText(done)))
  })

  it('a create answered 5xx is retried and makes exactly one task', async () => {
    h.kie.control.failNext(1, { status: 500, pathPrefix: CREATE })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 20_000)
    expect(done.status).toBe('succeeded')
    expect(kieTasksOf(h, id)).toHaveLength(1)
  })

  it('a 429 on create slows the queue down instead of failing the job', async () => {
    const before = h.kie.control.requests({ path: CREATE }).length
    h.kie.control.rateLimitNext(2, { pathPrefix: CREATE })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 20_000)
    expect(done.status).toBe('succeeded')
    expect(h.kie.control.requests({ path: CREATE }).length - before).toBe(3)
    expect(kieTasksOf(h, id)).toHaveLength(1)
  })

  it('a create whose answer is lost is never re-sent: the callback names the task', async () => {
    const before = h.kie.control.requests({ path: CREATE }).length
    h.kie.control.hang({ count: 1, pathPrefix: CREATE, phase: 'after' })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 20_000)
    expect(done.status).toBe('succeeded')
    expect(h.kie.control.requests({ path: CREATE }).length - before).toBe(1)
    expect(kieTasksOf(h, id)).toHaveLength(1)
    expect(done.kieTaskId).toBe(kieTasksOf(h, id)[0]!.taskId)
    expect(photosFor(id)).toHaveLength(1)
  })

  // The real gateway's callback endpoint also stores the task id it names in the row
  // (kieTaskId) before waking the job; reconciliation must accept a row that already has it.
  const gatewayRecordsCallbackTask = async (id: string, wake: boolean) => {
    const task = await waitFor('the task Kie created', async () => kieTasksOf(h, id)[0])
    await h.db.generation.updateMany({
      where: { id, status: { in: ['queued', 'running'] }, kieTaskId: null },
      data: { kieTaskId: task.taskId },
    })
    if (wake) await wakeGeneration(h.queues.generation, id, { kieCallback: true, kieTaskId: task.taskId })
    return task.taskId
  }

  it('a lost create answer whose callback the gateway recorded in the row (and woke the job) finishes', async () => {
    h.kie.control.setCallbacks('off')
    h.kie.control.hang({ count: 1, pathPrefix: CREATE, phase: 'after' })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const taskId = await gatewayRecordsCallbackTask(id, true)
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done).toMatchObject({ status: 'succeeded', kieTaskId: taskId })
    expect(kieTasksOf(h, id)).toHaveLength(1)
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
    h.kie.control.releaseHangs()
  })

  it('a lost create answer whose callback was recorded in the row but whose wake-up was lost finishes', async () => {
    h.kie.control.setCallbacks('off')
    h.kie.control.hang({ count: 1, pathPrefix: CREATE, phase: 'after' })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const taskId = await gatewayRecordsCallbackTask(id, false)
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done).toMatchObject({ status: 'succeeded', kieTaskId: taskId })
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
    h.kie.control.releaseHangs()
  })

  it('a create whose answer is lost and no callback comes is refunded after the grace period', async () => {
    const before = h.kie.control.requests({ path: CREATE }).length
    h.kie.control.hang({ count: 1, pathPrefix: CREATE, phase: 'before' })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 20_000)
    expect(done).toMatchObject({ status: 'failed', failureCode: 'submit_unknown', kieTaskId: null })
    expect(h.kie.control.requests({ path: CREATE }).length - before).toBe(1)
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: done.priceKopecks, entries: 2 })
    h.kie.control.releaseHangs()
  })

  it('402: refund, admins alerted, submissions paused until credits return', async () => {
    h.kie.control.setCredits(0)
    const first = await createGeneration(h, user, { slug: 'nano-banana' })
    const refunded = await waitForGeneration(h, first, ended)
    expect(refunded).toMatchObject({ status: 'failed', failureCode: 'kie_no_credits' })
    expect(await ledgerOf(h, first)).toMatchObject({ refund: refunded.priceKopecks })
    await waitFor('the admin alert', async () => sentTo(h, ADMIN_ID).some((m) => /402/.test(m.text ?? '')))

    const creates = h.kie.control.requests({ path: CREATE }).length
    const second = await createGeneration(h, user, { slug: 'nano-banana' })
    await new Promise((r) => setTimeout(r, 1500))
    expect(h.kie.control.requests({ path: CREATE }).length).toBe(creates) // paused: nothing sent
    expect((await h.db.generation.findUniqueOrThrow({ where: { id: second } })).status).toBe('queued')

    h.kie.control.setCredits(10_000)
    const done = await waitForGeneration(h, second, ended, 20_000)
    expect(done.status).toBe('succeeded')
    await waitFor('the resume alert', async () => sentTo(h, ADMIN_ID).some((m) => /resumed/.test(m.text ?? '')))
  })

  const enqueue = async (id: string) => {
    await enqueueGeneration(h.queues.generation, id)
    await h.db.generation.update({ where: { id }, data: { enqueuedAt: new Date() } })
  }
  const createSlotsOf = async (id: string) =>
    (await h.redis.zrange(`${h.prefix}:kie:creates:k1`, '0', '-1')).filter((member) => member.startsWith(`${id}:`))

  it('a queued generation that already names a Kie task reads that task: no create slot, no second task', async () => {
    h.kie.control.setCallbacks('off')
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    // Kie made the task (its create answer said otherwise); an older gateway bound it to the queued row
    const model = getModel('nano-banana')!
    const request = buildCreateRequest(
      model,
      { prompt: 'A red fox sitting in fresh snow at sunrise' },
      { callBackUrl: callbackUrlFor(h.publicUrl, id, CALLBACK_SECRET) },
    )
    const taskId = await new KieClient({ apiKey: KIE_KEY, baseUrl: h.kie.url }).createTask(request)
    await h.db.generation.update({ where: { id }, data: { kieTaskId: taskId } })
    // this generation's creates (its callback URL names it): an earlier test's generation may
    // still make one meanwhile
    const createsOf = () =>
      h.kie.control.requests({ path: CREATE }).filter((r) => JSON.stringify(r.body).includes(id)).length
    expect(createsOf()).toBe(1)
    await enqueue(id)
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done).toMatchObject({ status: 'succeeded', kieTaskId: taskId })
    expect(createsOf()).toBe(1)
    expect(await createSlotsOf(id)).toEqual([])
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
  })

  /** A generation enqueued while the only key rests (what a 429 does to it: no create slot for 1.5 s), once its job sleeps. */
  const waitingForASlot = async () => {
    // the hold first: the sweeper's outbox may enqueue a queued row as soon as it exists
    await h.redis.set(`${h.prefix}:kie:hold:k1`, '1', 'PX', 1500)
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    const creates = h.kie.control.requests({ path: CREATE }).length
    await enqueue(id)
    const enqueued = await h.db.generation.findUniqueOrThrow({ where: { id } })
    await waitFor(
      'the job asleep for a slot',
      async () => (await h.queues.generation.getJobState(generationJobId(id))) === 'delayed',
    )
    return { id, creates, enqueued }
  }

  it('a generation that finds no create slot free waits queued, its row untouched, then goes out once', async () => {
    const { id, creates, enqueued } = await waitingForASlot()
    // nothing was written for the attempt that found no slot (no queued -> running -> queued)
    expect(await h.db.generation.findUniqueOrThrow({ where: { id } })).toEqual(enqueued)
    expect(enqueued).toMatchObject({ status: 'queued', submitAttempt: null, submitUnknownAt: null, kieKey: null })
    expect(h.kie.control.requests({ path: CREATE }).length).toBe(creates)
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done).toMatchObject({ status: 'succeeded', kieKey: 'k1' })
    expect(h.kie.control.requests({ path: CREATE }).length - creates).toBe(1)
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
  })

  it('a generation waiting for a create slot can still be cancelled: refunded once, never sent to Kie', async () => {
    const { id, creates } = await waitingForASlot()
    const cancelled = await cancelQueuedGeneration(h.db, id)
    expect(cancelled.refunded).toBe(true)
    // the slot frees up and the job runs again: it finds the row ended and sends nothing
    await waitFor(
      'the job gone',
      async () => (await h.queues.generation.getJob(generationJobId(id)))?.finishedOn,
      15_000,
    )
    expect(h.kie.control.requests({ path: CREATE }).length).toBe(creates)
    const row = await h.db.generation.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ status: 'cancelled', kieTaskId: null, submitAttempt: null })
    expect(await ledgerOf(h, id)).toEqual({ charge: -row.priceKopecks, refund: row.priceKopecks, entries: 2 })
  })

  it('a create attempt whose worker died before sending it is submitted again at once (not held for the grace period)', async () => {
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    // what a worker killed between queued -> running and the send leaves behind
    await h.db.generation.update({
      where: { id },
      data: { status: 'running', submitAttempt: 'attempt-of-a-dead-worker', submitUnknownAt: null },
    })
    const creates = h.kie.control.requests({ path: CREATE }).length
    await enqueue(id)
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done.status).toBe('succeeded')
    expect(h.kie.control.requests({ path: CREATE }).length - creates).toBe(1)
    expect(kieTasksOf(h, id)).toHaveLength(1)
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
  })

  it('a model an admin disabled after the confirm is refunded at submit (model_unavailable), nothing sent to Kie', async () => {
    // disabled before the row exists: the sweeper's outbox enqueues a queued row within a second,
    // so a row made first could be submitted before the admin's change (the worker reads the
    // settings at submit, which is what this checks)
    await updateModelSettings(h.db, BigInt(ADMIN_ID), 'nano-banana', { enabled: false })
    try {
      const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
      const creates = h.kie.control.requests({ path: CREATE }).length
      await enqueue(id)
      const done = await waitForGeneration(h, id, ended, 15_000)
      expect(done).toMatchObject({ status: 'failed', failureCode: 'model_unavailable', kieTaskId: null })
      expect(h.kie.control.requests({ path: CREATE }).length).toBe(creates)
      expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: done.priceKopecks, entries: 2 })
      await waitFor('the reason on the status message', async () =>
        /no longer available|недоступна/i.test(await statusText(done)),
      )
    } finally {
      await updateModelSettings(h.db, BigInt(ADMIN_ID), 'nano-banana', { enabled: true })
    }
  })

  it('an unanswered create waits for its callback in proportion to the model, at most KIE_SUBMIT_GRACE_MS', () => {
    const ctx = { config: { KIE_SUBMIT_GRACE_MS: 600_000 } } as WorkerContext
    expect(submitGraceMs(ctx, getModel('nano-banana'))).toBe(2 * 60_000 + 30_000) // an image: 2.5 min, not 10
    expect(submitGraceMs(ctx, getModel('veo-3-1-fast'))).toBe(2 * 4 * 60_000 + 30_000) // a video: 8.5 min
    expect(submitGraceMs({ config: { KIE_SUBMIT_GRACE_MS: 2500 } } as WorkerContext, getModel('nano-banana'))).toBe(
      2500,
    )
  })
})
