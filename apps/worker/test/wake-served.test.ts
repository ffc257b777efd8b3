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
  // nobody calls back: the test's wake-up is the only one
  h.kie.control.setCallbacks('off')
}, 60_000)
afterAll(() => h.close())

/**
 * A generation whose job is woken (`kieCallback` or not) inside a run, right before that run
 * adds its `at` job: the result job (the row going to deliver: the task read to its end) or the
 * status render after the create (the row at follow, the task still running). Returns how many
 * times the job went to sleep by the time `settleMs` has passed since it first slept.
 */
async function wokenDuringRun(at: 'result' | 'status', kieCallback: boolean, settleMs = 1500): Promise<number> {
  // a task that ends at once (read to its end by the run that created it), or one that runs on
  h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: at === 'result' ? 0 : 3_600_000 })
  const user = await createUser(h)
  const id = await createGeneration(h, user, { slug: 'nano-banana' })
  const jobId = generationJobId(id)
  const wakes: string[] = []
  const add = Queue.prototype.add
  const adds = jest.spyOn(Queue.prototype, 'add').mockImplementation(async function (this: Queue, ...args) {
    const [name, data] = args as [string, { generationId?: string }]
    if (name === at && data.generationId === id && wakes.length === 0)
      wakes.push(await wakeGeneration(h.queues.generation, id, kieCallback ? { kieCallback: true } : {}))
    return add.apply(this, args)
  })
  const sleeps = jest.spyOn(Job.prototype, 'moveToDelayed')
  try {
    const ofThisJob = () => sleeps.mock.instances.filter((job) => (job as unknown as Job).id === jobId).length
    await waitForGeneration(h, id, (g) => g.step === (at === 'result' ? 'deliver' : 'follow'))
    await waitFor('the job asleep', async () => ofThisJob() >= 1)
    await new Promise((r) => setTimeout(r, settleMs))
    // the wake-up found the job running: it is noted in the data for the run to see
    expect(wakes).toEqual(['noted'])
    return ofThisJob()
  } finally {
    adds.mockRestore()
    sleeps.mockRestore()
  }
}

it("a Kie callback's wake-up that lands during the run reading the result costs no second run", async () => {
  expect(await wokenDuringRun('result', true)).toBe(1)
}, 60_000)

it('another wake-up that lands during that run runs the job again at once', async () => {
  // (the deliver step's own sleep is 30 s: a second sleep within seconds is the self-promotion)
  expect(await wokenDuringRun('result', false)).toBe(2)
}, 60_000)

it("a Kie callback's wake-up during a run that still follows a running task runs the job again at once", async () => {
  // (the follow step's own sleep is at least KIE_POLL_MIN_MS, 3 s: a second sleep within 1.5 s
  // is the self-promotion, which reads the task again)
  expect(await wokenDuringRun('status', true)).toBe(2)
}, 60_000)
