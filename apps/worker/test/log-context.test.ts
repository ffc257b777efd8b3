import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  spawnWorker,
  startHarness,
  waitForGeneration,
  type Harness,
} from './support/harness'

// Every entry a job logs names its generation and its job (a child logger per job: no
// AsyncLocalStorage), also where several jobs of different generations run at once in
// one process, and in the delivery queue's jobs as in the generation queue's.
let h: Harness
let worker: Awaited<ReturnType<typeof spawnWorker>>

beforeAll(async () => {
  h = await startHarness()
  worker = await spawnWorker(h)
}, 60_000)
afterAll(async () => {
  await worker?.stop('SIGTERM')
  await h.close()
})

type Entry = Record<string, unknown> & { message: string }
const entries = (): Entry[] =>
  worker
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Entry)

it("a job's log entries carry its generation and job ids, with several generations at once", async () => {
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 50, completeMs: 100 })
  const users = await Promise.all([1, 2, 3, 4].map(() => createUser(h)))
  // the first result's send meets a 429: the delivery job logs its wait
  h.telegram.control.rateLimitNext({ method: 'sendPhoto', chatId: users[0]!.chatId, retryAfter: 1 })
  const ids = await Promise.all(
    users.map((user) => createGeneration(h, user, { slug: 'nano-banana', params: { prompt: 'a lighthouse at dusk' } })),
  )
  for (const id of ids) expect((await waitForGeneration(h, id, ended, 30_000)).status).toBe('succeeded')

  for (const id of ids) {
    const [task] = kieTasksOf(h, id)
    const created = entries().filter((e) => e.message === 'kie task created' && e.kieTaskId === task!.taskId)
    // the generation job's id is the generation's
    expect(created).toEqual([expect.objectContaining({ generationId: id, jobId: id })])
    const succeeded = entries().filter((e) => e.message === 'kie task succeeded' && e.kieTaskId === task!.taskId)
    expect(succeeded).toEqual([expect.objectContaining({ generationId: id, jobId: id })])
  }
  // the delivery queue's job: the generation's id and a job id of its own
  const waited = entries().filter((e) => e.message === 'telegram 429: waiting')
  expect(waited).toEqual([expect.objectContaining({ generationId: ids[0], method: 'sendPhoto' })])
  expect(typeof waited[0]!.jobId).toBe('string')
  expect(waited[0]!.jobId).not.toBe(ids[0])
  // the process's own entries name no generation
  expect(entries().find((e) => e.message === 'worker started')).not.toHaveProperty('generationId')
})
