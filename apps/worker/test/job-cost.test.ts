import { generationJobId, wakeGeneration } from '@kiebot/jobs'
import { Job } from 'bullmq'
import { WAITED_PRIORITY } from '../src/pipeline/processor'
import {
  createGeneration,
  createUser,
  kieTasksOf,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
} from './support/harness'
import { startWorkerHere } from './support/in-process'

// What a waiting generation costs the queue: its job gets the "waited" priority once (not at
// every poll), and a wake-up takes it back once; the real worker (in this process, so BullMQ's
// calls can be counted), the Kie emulator and Redis.
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await startWorkerHere(h, {
    WORKER_QUEUES: 'generation',
    KIE_POLL_MIN_MS: '150',
    KIE_POLL_MAX_MS: '200',
    KIE_CREATE_LIMIT: '1000000',
    KIE_CREATE_WINDOW_MS: '1000',
  })
}, 60_000)
afterAll(() => h.close())

it('a generation polled many times changes its job priority once, and a wake-up takes it back', async () => {
  h.kie.control.setCallbacks('off')
  h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: 3_600_000 })
  const changes = jest.spyOn(Job.prototype, 'changePriority')
  try {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const jobId = generationJobId(id)
    const task = await waitFor('the Kie task', async () => kieTasksOf(h, id)[0])
    const polls = () => h.kie.control.requests({ method: 'GET' }).filter((r) => r.query.taskId === task.taskId).length
    await waitFor('the task polled 6 times', async () => polls() >= 6, 20_000)
    const ofThisJob = () => changes.mock.instances.filter((job) => (job as unknown as Job).id === jobId).length
    expect(ofThisJob()).toBe(1)
    const job = await h.queues.generation.getJob(jobId)
    expect(Number(job?.priority)).toBe(WAITED_PRIORITY)
    // the task ends and its callback wakes the job: its priority goes back to the top, once
    h.kie.control.completeNow(task.taskId)
    await wakeGeneration(h.queues.generation, id, { kieCallback: true })
    // (no delivery queue in this process: the row stops at deliver, its job asleep until the result is sent)
    await waitForGeneration(h, id, (g) => g.step === 'deliver', 20_000)
    expect(ofThisJob()).toBeLessThanOrEqual(3)
  } finally {
    changes.mockRestore()
  }
}, 60_000)

it('a generation waiting for a slow delivery re-checks it as a poll: its priority goes down once', async () => {
  h.kie.control.setCallbacks('on')
  h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: 0 })
  const changes = jest.spyOn(Job.prototype, 'changePriority')
  try {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const jobId = generationJobId(id)
    // lowerings only: the callback's wake-up moves the job to the front (priority 0, lifo) once too
    const ofThisJob = () =>
      changes.mock.instances.filter(
        (job, i) =>
          (job as unknown as Job).id === jobId &&
          (changes.mock.calls[i]![0] as { priority?: number }).priority === WAITED_PRIORITY,
      ).length
    // no delivery queue in this process: the result is never sent, and the job re-checks every
    // KIE_POLL_MAX_MS (200 ms here); once the row has not moved for half of that, it sleeps as a poll
    await waitForGeneration(h, id, (g) => g.step === 'deliver', 20_000)
    await waitFor(
      'the job behind new work',
      async () => Number((await h.queues.generation.getJob(jobId))?.priority) === WAITED_PRIORITY,
    )
    // five more re-checks: each is a moment 'active' between sleeps, so the job is caught asleep
    // (delayed, never completed or failed) by waiting for that state, not by reading it once
    await new Promise((r) => setTimeout(r, 1000))
    await waitFor(
      'the job asleep between re-checks',
      async () => (await h.queues.generation.getJobState(jobId)) === 'delayed',
    )
    expect(ofThisJob()).toBe(1)
  } finally {
    changes.mockRestore()
  }
}, 60_000)
