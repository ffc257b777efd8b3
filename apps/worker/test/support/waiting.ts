import { wakeGeneration } from '@kiebot/jobs'
import {
  createGeneration,
  createUser,
  ended,
  spawnWorker,
  waitFor,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './harness'

export interface WaitingFigures {
  count: number
  concurrency: number
  /** from the first confirm to every task created at Kie */
  submitAllMs: number
  /** jobs in BullMQ states while every generation waits on Kie */
  active: number
  delayed: number
  waiting: number
  /** a new generation, completed by Kie at once, from confirm to delivered */
  newWorkMs: number
  /** confirm -> Kie task created, for a new generation while the others wait */
  probeSubmitMs: number
}

/**
 * `count` generations whose Kie tasks run for an hour, on a worker with a small
 * generation concurrency: they must all be submitted and then wait as delayed jobs
 * (no slot held), while a new generation still goes through at once.
 */
export async function waitingOnKie(
  h: Harness,
  options: { count: number; concurrency: number; users?: number; pollMinMs?: number; pollMaxMs?: number },
): Promise<WaitingFigures> {
  h.kie.control.setRateLimit(null)
  h.kie.control.setCallbacks('off')
  h.kie.control.setTimeline({ queuingMs: 100, generatingMs: 200, completeMs: 3_600_000 })
  h.telegram.control.configure({ flood: { enabled: false } })
  await spawnWorker(h, {
    WORKER_GENERATION_CONCURRENCY: String(options.concurrency),
    KIE_CREATE_LIMIT: '1000000',
    KIE_CREATE_WINDOW_MS: '1000',
    KIE_POLL_MIN_MS: String(options.pollMinMs ?? 3000),
    KIE_POLL_MAX_MS: String(options.pollMaxMs ?? 30_000),
    TELEGRAM_SENDS_PER_SECOND: '1000',
    TELEGRAM_CHAT_INTERVAL_MS: '1',
    LOG_LEVEL: 'warn',
  })
  const users: TestUser[] = []
  for (let i = 0; i < (options.users ?? 20); i++) users.push(await createUser(h, { kopecks: 20_000_000 }))
  const started = Date.now()
  for (let i = 0; i < options.count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, options.count - i) }, (_, k) =>
        createGeneration(h, users[(i + k) % users.length]!, { slug: 'nano-banana' }),
      ),
    )
  }
  await waitFor(
    'every task created at Kie',
    async () => (await h.db.generation.count({ where: { step: 'follow' } })) === options.count,
    Math.max(60_000, options.count * 30),
  )
  const submitAllMs = Date.now() - started
  await new Promise((r) => setTimeout(r, 500))
  // jobs that waited once are 'prioritized' (they yield to new ones): still waiting for a slot
  const counts = await h.queues.generation.getJobCounts('active', 'delayed', 'wait', 'prioritized')

  const probeStarted = Date.now()
  const probe = await createGeneration(h, users[0]!, { slug: 'nano-banana' })
  const row = await waitForGeneration(h, probe, (g) => g.kieTaskId !== null, 30_000)
  const probeSubmitMs = Date.now() - probeStarted
  // The probe's task ends and its callback arrives (the gateway wakes the job); the other
  // tasks get no callback, so they are followed by polling within the cluster's budget.
  h.kie.control.completeNow(row.kieTaskId!)
  await wakeGeneration(h.queues.generation, probe, { kieCallback: true, kieTaskId: row.kieTaskId! })
  const done = await waitForGeneration(h, probe, ended, 60_000)
  if (done.status !== 'succeeded') throw new Error(`probe generation ended ${done.status}`)
  return {
    count: options.count,
    concurrency: options.concurrency,
    submitAllMs,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    newWorkMs: Date.now() - probeStarted,
    probeSubmitMs,
  }
}
