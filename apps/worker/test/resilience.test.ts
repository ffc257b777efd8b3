import { findBalanceMismatches, finishDelivery } from '@kiebot/db'
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

// kill -9 of the worker at each step: the job resumes from the row, no second charge,
// no second Kie task, the result delivered once. Short locks (3 s) so a dead worker's
// job is taken over quickly.
let h: Harness
const CREATE = '/api/v1/jobs/createTask'

beforeAll(async () => {
  h = await startHarness()
}, 60_000)
afterAll(() => h.close())
// each case starts with no worker running
beforeEach(async () => {
  await Promise.all(h.workers.map((w) => w.stop('SIGTERM')))
})

async function expectDeliveredOnce(generationId: string, chatId: number) {
  const done = await waitForGeneration(h, generationId, ended, 30_000)
  expect(done).toMatchObject({ status: 'succeeded', undelivered: false })
  expect(kieTasksOf(h, generationId)).toHaveLength(1)
  expect(await ledgerOf(h, generationId)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
  expect(sentTo(h, chatId).filter((m) => m.kind === 'photo')).toHaveLength(1)
  // the final status message went out and is recorded as sent
  await waitForGeneration(h, generationId, (g) => g.notifiedAt !== null, 10_000)
  return done
}

/** A generation whose result job is queued, with its generation worker killed (SIGKILL) right then. */
async function atDeliverWithoutGenerationWorker() {
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  const user = await createUser(h)
  const generation = await spawnWorker(h, { WORKER_QUEUES: 'generation' })
  const id = await createGeneration(h, user, { slug: 'nano-banana' })
  await waitForGeneration(h, id, (g) => g.step === 'deliver')
  await waitFor('the result job', () => h.queues.telegram.getJob(`result-${id}`))
  // asleep, not holding its lock: killed now, it is no stalled job
  await waitFor('the generation job asleep', async () => (await h.queues.generation.getJobState(id)) === 'delayed')
  await generation.stop('SIGKILL')
  return { user, id }
}

describe('worker killed (SIGKILL) at each step', () => {
  it('submit: killed while createTask is in flight; the callback names the task, none is created again', async () => {
    const creates = h.kie.control.requests({ path: CREATE }).length
    h.kie.control.setTimeline({ queuingMs: 50, generatingMs: 100, completeMs: 1500 })
    h.kie.control.hang({ count: 1, pathPrefix: CREATE, phase: 'after' })
    const first = await spawnWorker(h, { KIE_CREATE_TIMEOUT_MS: '60000' })
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitForGeneration(h, id, (g) => g.status === 'running' && g.submitUnknownAt !== null)
    await waitFor('the task in the emulator', async () => kieTasksOf(h, id).length === 1)
    await first.stop('SIGKILL')
    h.kie.control.releaseHangs()
    await spawnWorker(h)
    await expectDeliveredOnce(id, user.chatId)
    expect(h.kie.control.requests({ path: CREATE }).length - creates).toBe(1)
  })

  it('submit: killed while createTask is in flight, production lock timings: running again and delivered within 30 s', async () => {
    const creates = h.kie.control.requests({ path: CREATE }).length
    h.kie.control.setTimeline({ queuingMs: 50, generatingMs: 100, completeMs: 1000 })
    h.kie.control.hang({ count: 1, pathPrefix: CREATE, phase: 'after' })
    // an empty value is the default (WORKER_LOCK_MS 10 s): what production runs
    const first = await spawnWorker(h, { WORKER_LOCK_MS: '', KIE_CREATE_TIMEOUT_MS: '120000' })
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitForGeneration(h, id, (g) => g.status === 'running' && g.submitUnknownAt !== null)
    await waitFor('the task in the emulator', async () => kieTasksOf(h, id).length === 1)
    // the other worker of the cluster is already running; the callback comes while the job is still locked
    await spawnWorker(h, { WORKER_LOCK_MS: '' })
    await first.stop('SIGKILL')
    const killedAt = Date.now()
    h.kie.control.releaseHangs()
    await expectDeliveredOnce(id, user.chatId)
    const recoveryMs = Date.now() - killedAt
    expect(recoveryMs).toBeLessThan(30_000)
    expect(h.kie.control.requests({ path: CREATE }).length - creates).toBe(1)
  }, 60_000)

  it('follow: killed while Kie works; the next worker polls the same task', async () => {
    h.kie.control.setTimeline({ queuingMs: 50, generatingMs: 100, completeMs: 3000 })
    h.kie.control.setCallbacks('off')
    const first = await spawnWorker(h)
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitForGeneration(h, id, (g) => g.step === 'follow')
    await first.stop('SIGKILL')
    await spawnWorker(h)
    await expectDeliveredOnce(id, user.chatId)
    h.kie.control.setCallbacks('on')
  })

  it('deliver: killed while the result waits out a Telegram 429; delivered once afterwards', async () => {
    h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
    const user = await createUser(h)
    h.telegram.control.rateLimitNext({ method: 'sendPhoto', chatId: user.chatId, retryAfter: 12, times: 1 })
    const first = await spawnWorker(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitForGeneration(h, id, (g) => g.step === 'deliver')
    await waitFor(
      'the 429',
      async () => h.telegram.control.calls({ method: 'sendPhoto', chatId: user.chatId, ok: false }).length > 0,
    )
    await first.stop('SIGKILL')
    await spawnWorker(h)
    await expectDeliveredOnce(id, user.chatId)
  })

  it('settle: with the generation worker dead, the delivery queue delivers and settles, and the sleeping job goes', async () => {
    const { user, id } = await atDeliverWithoutGenerationWorker()
    // no generation worker at all from here: the delivery settles the row itself
    const delivery = await spawnWorker(h, { WORKER_QUEUES: 'telegram' })
    await expectDeliveredOnce(id, user.chatId)
    await waitFor('the generation job gone', async () => (await h.queues.generation.getJob(id)) === undefined)
    await delivery.stop('SIGTERM')
  })

  it('settle: a result job run again after its worker died between the move to settle and the settle settles the row', async () => {
    const { user, id } = await atDeliverWithoutGenerationWorker()
    // what a delivery worker leaves when it dies right after moving the row (its result sent)
    expect(await finishDelivery(h.db, id, { undelivered: false })).not.toBeNull()
    const delivery = await spawnWorker(h, { WORKER_QUEUES: 'telegram' })
    const done = await waitForGeneration(h, id, ended, 15_000)
    expect(done).toMatchObject({ status: 'succeeded', step: 'done', undelivered: false })
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
    // nothing sent again: the row said the result had gone
    expect(sentTo(h, user.chatId).filter((m) => m.kind === 'photo')).toHaveLength(0)
    await waitFor('the generation job gone', async () => (await h.queues.generation.getJob(id)) === undefined)
    await delivery.stop('SIGTERM')
  })

  it('settle: when the delivery cannot settle, the row waits at settle and the woken generation job settles it', async () => {
    const { user, id } = await atDeliverWithoutGenerationWorker()
    // Postgres refuses this row's settle for a while (a trigger of this test's database)
    await h.db.$executeRawUnsafe(`CREATE FUNCTION refuse_settle() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = '${id}'::uuid AND NEW.status = 'succeeded' THEN RAISE EXCEPTION 'settle refused by the test'; END IF;
        RETURN NEW;
      END $$`)
    await h.db.$executeRawUnsafe(
      'CREATE TRIGGER refuse_settle BEFORE UPDATE ON generations FOR EACH ROW EXECUTE FUNCTION refuse_settle()',
    )
    try {
      const delivery = await spawnWorker(h, { WORKER_QUEUES: 'telegram' })
      const settling = await waitForGeneration(h, id, (g) => g.step === 'settle')
      expect(settling.status).toBe('running')
      expect(settling.telegramFileIds).toHaveLength(1)
      // woken (not removed): waiting for a generation worker
      await waitFor('the woken generation job', async () =>
        ['waiting', 'prioritized'].includes(await h.queues.generation.getJobState(id)),
      )
      await h.db.$executeRawUnsafe('DROP TRIGGER refuse_settle ON generations')
      // no sweeper: the woken job itself settles
      await spawnWorker(h, { WORKER_QUEUES: 'generation' })
      await expectDeliveredOnce(id, user.chatId)
      await delivery.stop('SIGTERM')
    } finally {
      await h.db.$executeRawUnsafe('DROP TRIGGER IF EXISTS refuse_settle ON generations')
      await h.db.$executeRawUnsafe('DROP FUNCTION IF EXISTS refuse_settle()')
    }
  })

  it('every balance still equals its ledger', async () => {
    expect(await findBalanceMismatches(h.db)).toEqual([])
  })
})
