import { generationJobId, wakeGeneration } from '@kiebot/jobs'
import { Job, Queue } from 'bullmq'
import { createGeneration, createUser, startHarness, waitFor, waitForGeneration, type Harness } from './support/harness'
import { startWorkerHere } from './support/in-process'

// A wake-up that lands while the generation's job runs: the run promotes itself when it sleeps,
// unless what woke it is a Kie callback and the run has read the task to its end (the row past
// follow). The real worker (generation queue only, in this process: BullMQ's calls can be
// counted and the wake-up put inside the run), the Kie emulator and Redis. With no delivery
// queue the row stays at deliver and its job sleeps there for KIE_POLL_MAX_MS (30 s).
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await startWorkerHere(h, {
    WORKER_QUEUES: 'generation',
    KIE_POLL_MIN_MS: '3000',
    KIE_POLL_MAX_MS: '30000',
    KIE_CREATE_LIMIT: '1000000',
    KIE_CREATE_WINDOW_MS: '1000',
  })
  // the task ends at once and nobody calls back: the test's wake-up is the only one
  h.kie.control.setCallbacks('off')
  h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: 0 })
}, 60_000)
afterAll(() => h.close())

/**
 * A generation whose job is woken (`kieCallback` or not) inside the run that takes it to
 * deliver, just before that run hands the result over; returns how many times the job went to
 * sleep by the time `settleMs` has passed since it first slept.
 */
async function wokenDuringDelivery(kieCallback: boolean, settleMs: number): Promise<number> {
  const user = await createUser(h)
  const id = await createGeneration(h, user, { slug: 'nano-banana' })
  const jobId = generationJobId(id)
  const add = Queue.prototype.add
  const adds = jest.spyOn(Queue.prototype, 'add').mockImplementation(async function (this: Queue, ...args) {
    const [name, data] = args as [string, { generationId?: string }]
    if (name === 'result' && data.generationId === id)
      expect(await wakeGeneration(h.queues.generation, id, kieCallback ? { kieCallback: true } : {})).toBe('noted')
    return add.apply(this, args)
  })
  const sleeps = jest.spyOn(Job.prototype, 'moveToDelayed')
  try {
    const ofThisJob = () => sleeps.mock.instances.filter((job) => (job as unknown as Job).id === jobId).length
    await waitForGeneration(h, id, (g) => g.step === 'deliver')
    await waitFor('the job asleep', async () => ofThisJob() >= 1)
    await new Promise((r) => setTimeout(r, settleMs))
    return ofThisJob()
  } finally {
    adds.mockRestore()
    sleeps.mockRestore()
  }
}

it("a Kie callback's wake-up that lands during the run reading the result costs no second run", async () => {
  expect(await wokenDuringDelivery(true, 1500)).toBe(1)
}, 60_000)

it('another wake-up that lands during that run runs the job again at once', async () => {
  // (the deliver step's own sleep is 30 s: a second sleep within seconds is the self-promotion)
  const sleeps = await wokenDuringDelivery(false, 1500)
  expect(sleeps).toBe(2)
}, 60_000)
