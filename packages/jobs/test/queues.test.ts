import { Worker } from 'bullmq'
import { Redis } from 'ioredis'
import {
  createQueues,
  enqueueGeneration,
  enqueueTelegram,
  EVENTS_MAX_LEN,
  KEEP_FINISHED_JOBS,
  resultJobId,
  wakeGeneration,
  type Queues,
} from '@kiebot/jobs'
import { testRedisUrl, uniquePrefix } from '@kiebot/testing'

// Real Redis, a unique prefix: the queue helpers both apps use.
const id = '7f3c2a8e-4b1d-4c7a-9e2f-0a1b2c3d4e5f'
let queues: Queues
const prefix = uniquePrefix('jobs')

const workerConnection = () => {
  const url = new URL(testRedisUrl())
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null }
}

beforeAll(() => {
  const url = new URL(testRedisUrl())
  queues = createQueues({
    connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
    prefix,
  })
})
afterAll(async () => {
  await queues.generation.obliterate({ force: true })
  await queues.telegram.obliterate({ force: true })
  await queues.close()
})

describe('queue helpers', () => {
  it('enqueueGeneration adds one job per generation, whatever the number of calls', async () => {
    await enqueueGeneration(queues.generation, id)
    await enqueueGeneration(queues.generation, id)
    expect(await queues.generation.getJobCounts('wait', 'delayed', 'active')).toEqual({
      wait: 1,
      delayed: 0,
      active: 0,
    })
    const job = await queues.generation.getJob(id)
    expect(job?.data).toEqual({ generationId: id })
    expect(job?.opts.attempts).toBeGreaterThan(1)
  })

  it('wakeGeneration promotes a delayed job and records the callback task id', async () => {
    const other = '6e2b1a7d-3a0c-4b69-8d1e-9f0a1b2c3d4e'
    await queues.generation.add('generation', { generationId: other }, { jobId: other, delay: 60_000 })
    expect(await queues.generation.getJobState(other)).toBe('delayed')
    expect(await wakeGeneration(queues.generation, other, { kieCallback: true, kieTaskId: 'task-1' })).toBe('promoted')
    expect(await queues.generation.getJobState(other)).toBe('waiting')
    const woken = await queues.generation.getJob(other)
    expect(woken?.data).toMatchObject({ generationId: other, kieTaskId: 'task-1' })
    // a Kie callback's wake-up is kept apart from the others (a run past follow has served it)
    expect(woken?.data.kieWokenAt).toBeGreaterThan(Date.now() - 10_000)
    expect(woken?.data.wokenAt).toBeUndefined()
    // not delayed any more: the wake-up is noted in the data for the run to see
    expect(await wakeGeneration(queues.generation, other)).toBe('noted')
    const noted = await queues.generation.getJob(other)
    expect(noted?.data.wokenAt).toBeGreaterThan(Date.now() - 10_000)
    expect(noted?.data.kieWokenAt).toBe(woken?.data.kieWokenAt)
  })

  it('a woken generation is taken before the new generations and the polls already waiting', async () => {
    const ids = [
      '1a2b3c4d-0000-4000-8000-000000000001',
      '1a2b3c4d-0000-4000-8000-000000000002',
      '1a2b3c4d-0000-4000-8000-000000000003',
    ]
    const woken = '1a2b3c4d-0000-4000-8000-00000000000a'
    // a poll that waited once (priority 10, as the processor leaves it) and is due, then two new generations
    await queues.generation.add('generation', { generationId: ids[0]! }, { jobId: ids[0]!, priority: 10 })
    await enqueueGeneration(queues.generation, ids[1]!)
    await enqueueGeneration(queues.generation, ids[2]!)
    await queues.generation.add('generation', { generationId: woken }, { jobId: woken, delay: 60_000, priority: 10 })
    expect(await wakeGeneration(queues.generation, woken)).toBe('promoted')
    // BullMQ takes the wait list from its right end (jobs without a priority before prioritized ones)
    const order: string[] = []
    const worker = new Worker(
      queues.generation.name,
      async (job) => {
        // the earlier tests' jobs are in this queue too
        if ([woken, ...ids].includes(job.id!)) order.push(job.id!)
      },
      { connection: workerConnection(), prefix, concurrency: 1 },
    )
    try {
      for (let i = 0; i < 100 && order.length < 4; i++) await new Promise((r) => setTimeout(r, 50))
    } finally {
      await worker.close()
    }
    expect(order).toEqual([woken, ids[1], ids[2], ids[0]])
  })

  it('wakeGeneration takes a waited priority back', async () => {
    const fresh = '3c9a8b7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d'
    const waited = '2b8a7c6d-5e4f-4b3a-8c1d-0e9f8a7b6c5d'
    await queues.generation.add('generation', { generationId: fresh }, { jobId: fresh, delay: 60_000 })
    await queues.generation.add('generation', { generationId: waited }, { jobId: waited, delay: 60_000 })
    await (await queues.generation.getJob(waited))!.changePriority({ priority: 10 })
    expect(await wakeGeneration(queues.generation, fresh)).toBe('promoted')
    expect(await wakeGeneration(queues.generation, waited)).toBe('promoted')
    for (const woken of [fresh, waited]) {
      expect(Number((await queues.generation.getJob(woken))?.priority)).toBe(0)
      expect(await queues.generation.getJobState(woken)).toBe('waiting')
    }
  })

  it('wakeGeneration of an unknown generation reports it missing', async () => {
    expect(await wakeGeneration(queues.generation, '00000000-0000-4000-8000-000000000000')).toBe('missing')
  })

  it('enqueueTelegram validates the job and dedupes by jobId', async () => {
    await enqueueTelegram(queues.telegram, { kind: 'text', chatId: '42', text: 'hi' }, { jobId: 'once' })
    await enqueueTelegram(queues.telegram, { kind: 'text', chatId: '42', text: 'hi' }, { jobId: 'once' })
    expect(await queues.telegram.getWaitingCount()).toBe(1)
    await expect(enqueueTelegram(queues.telegram, { kind: 'text', chatId: 'x', text: '' } as never)).rejects.toThrow()
  })

  it('a job carries no retention of its own (the worker keeps finished jobs), and a finished result job stays readable', async () => {
    const generationId = '5d1c0b6e-2f9a-4a58-9c0d-8e9f0a1b2c3d'
    await enqueueTelegram(queues.telegram, { kind: 'result', generationId }, { jobId: resultJobId(generationId) })
    const added = await queues.telegram.getJob(resultJobId(generationId))
    // BullMQ stores each job's options in its hash: retention there cost ~100 bytes a job
    expect(added?.opts).not.toHaveProperty('removeOnComplete')
    expect(added?.opts).not.toHaveProperty('removeOnFail')
    expect(added?.opts.attempts).toBeGreaterThan(1)
    const url = new URL(testRedisUrl())
    const connection = new Redis({ host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null })
    const worker = new Worker(queues.telegram.name, async () => 'sent', {
      connection,
      prefix,
      ...KEEP_FINISHED_JOBS.telegram,
    })
    try {
      await waitUntil(async () => (await queues.telegram.getJobState(resultJobId(generationId))) === 'completed')
      // the delivery step reads a finished result job's state: it must still be there
      const finished = await queues.telegram.getJob(resultJobId(generationId))
      expect(finished?.returnvalue).toBe('sent')
    } finally {
      await worker.close()
      connection.disconnect()
    }
  })

  it("a queue's event stream stays short (nothing reads it)", async () => {
    for (let i = 0; i < 40; i++)
      await Promise.all(
        Array.from({ length: 50 }, (_, k) =>
          enqueueTelegram(queues.telegram, { kind: 'text', chatId: '42', text: `hi ${i * 50 + k}` }),
        ),
      )
    const url = new URL(testRedisUrl())
    const redis = new Redis({ host: url.hostname, port: Number(url.port || 6379) })
    try {
      // 2,000 adds write 4,000 events; BullMQ trims approximately (whole stream nodes of 100)
      const length = await redis.xlen(`${prefix}:${queues.telegram.name}:events`)
      expect(length).toBeLessThanOrEqual(EVENTS_MAX_LEN + 200)
    } finally {
      redis.disconnect()
    }
  })
})

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}
