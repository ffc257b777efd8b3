import { cancelQueuedGeneration } from '@kiebot/db'
import { enqueueTelegram, statusJobId } from '@kiebot/jobs'
import { Coordination } from '../src/coordination'
import { DELIVERY_PRIORITY } from '../src/telegram/progress'
import {
  createGeneration,
  createUser,
  ended,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// The delivery queue's order and budget: in a backlog results go out before the status edits
// and chat actions queued ahead of them; a stale edit or action sends nothing and spends no
// budget; the send budget and the per-chat spacing hold at the emulator.
let h: Harness

beforeAll(async () => {
  h = await startHarness()
}, 60_000)
afterAll(() => h.close())

/**
 * Sends that reached the emulator within a budget of `perSecond`: in any 950 ms at most the
 * budget, its one step of slack, and one for the time between a grant and the request's arrival
 * here (on a loaded machine two grants a step apart can arrive together). The exact grant rate is
 * checked in Redis ("never more than the budget and one in any second").
 */
function expectWithinBudget(times: number[], perSecond: number): void {
  for (const at of times) expect(times.filter((t) => t >= at && t < at + 950).length).toBeLessThanOrEqual(perSecond + 2)
}

/** Sends and edits, the calls Telegram's flood control counts (the emulator's rule). */
const counted = (method: string) =>
  (method.startsWith('send') || method.startsWith('edit')) && method !== 'sendChatAction'

describe('send slot (Redis)', () => {
  it('a chat that must wait spends no budget; a spent budget keeps no chat slot', async () => {
    const coordination = new Coordination(h.redis, `${h.prefix}-slots`)
    const [a, b, c, d] = ['1001', '1002', '1003', '1004']
    // 2 a second: a step of 500 ms, one step of slack
    expect(await coordination.takeSendSlot(a, 60_000, 2)).toEqual({ wait: null, ms: 0 })
    // chat a is spaced for a minute: refused as the chat's, and the budget is untouched
    for (let i = 0; i < 5; i++) expect((await coordination.takeSendSlot(a, 60_000, 2)).wait).toBe('chat')
    expect((await coordination.takeSendSlot(b, 60_000, 2)).wait).toBeNull()
    // two sends at once spent it: the budget's, and chat c's slot stays free
    const spent = await coordination.takeSendSlot(c, 60_000, 2)
    expect(spent.wait).toBe('budget')
    expect(spent.ms).toBeGreaterThan(0)
    expect(spent.ms).toBeLessThanOrEqual(500)
    await new Promise((r) => setTimeout(r, spent.ms + 20))
    expect((await coordination.takeSendSlot(c, 60_000, 2)).wait).toBeNull()
    expect((await coordination.takeSendSlot(d, 60_000, 2)).wait).toBe('budget')
  })

  it('never more than the budget and one in any second, the budget on average, however many ask at once', async () => {
    const coordination = new Coordination(h.redis, `${h.prefix}-window`)
    const granted: number[] = []
    const started = Date.now()
    let chat = 0
    while (Date.now() - started < 3000) {
      const asks = await Promise.all(Array.from({ length: 20 }, () => coordination.takeSendSlot(String(++chat), 1, 5)))
      for (const ask of asks) if (ask.wait === null) granted.push(Date.now())
      await new Promise((r) => setTimeout(r, 10))
    }
    // 5 a second for 3 s, plus the step of slack at the start
    expect(granted.length).toBeGreaterThanOrEqual(14)
    expect(granted.length).toBeLessThanOrEqual(17)
    for (const at of granted) expect(granted.filter((t) => t >= at && t < at + 950).length).toBeLessThanOrEqual(6)
  })
})

describe('delivery order under a backlog', () => {
  it('results go before the status edits (and their chat actions) queued ahead of them; stale ones send nothing', async () => {
    h.kie.control.setCallbacks('on')
    h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: 3_600_000 })
    // the pipeline alone first: every message waits in the telegram queue
    const pipeline = await spawnWorker(h, { WORKER_QUEUES: 'generation' })
    const delivering: TestUser[] = []
    const live: TestUser[] = []
    // more results than the telegram worker's concurrency (10): the first jobs it takes are all results
    for (let i = 0; i < 12; i++) delivering.push(await createUser(h))
    for (let i = 0; i < 4; i++) live.push(await createUser(h))
    const ids = new Map<TestUser, string>()
    for (const user of [...delivering, ...live]) ids.set(user, await createGeneration(h, user, { slug: 'nano-banana' }))
    for (const id of ids.values()) await waitForGeneration(h, id, (g) => g.kieTaskId !== null && g.step === 'follow')
    for (const user of delivering) {
      const row = await h.db.generation.findUniqueOrThrow({ where: { id: ids.get(user)! } })
      h.kie.control.completeNow(row.kieTaskId!)
    }
    for (const user of delivering) await waitForGeneration(h, ids.get(user)!, (g) => g.step === 'deliver')
    const results = await waitFor('the result jobs', async () => {
      const jobs = await h.queues.telegram.getJobs(['wait'])
      return jobs.filter((j) => j.name === 'result').length === delivering.length ? jobs : null
    })
    // what waits: the results (no priority), status edits and chat actions (with the enqueue's priorities)
    const queued = await h.queues.telegram.getJobs(['wait', 'prioritized', 'delayed'])
    const status = queued.filter((j) => j.name === 'status' && !String(j.id).includes('-t'))
    for (const job of results.filter((j) => j.name === 'result')) expect(job.opts.priority ?? 0).toBe(0)
    expect(status.length).toBeGreaterThanOrEqual(8)
    for (const job of status) expect(job.opts.priority).toBe(DELIVERY_PRIORITY.status)
    // the chat action "typing" goes with the render asked for once the task exists: no job of its own
    expect(status.filter((j) => j.data.kind === 'status' && j.data.action === 'typing').length).toBeGreaterThanOrEqual(
      8,
    )
    expect(queued.filter((j) => j.name === 'action')).toEqual([])
    // they were queued before the results (FIFO would send them first)
    const firstResult = Math.min(...results.filter((j) => j.name === 'result').map((j) => j.timestamp))
    expect(status.filter((j) => j.timestamp < firstResult).length).toBeGreaterThanOrEqual(8)
    // the chat actions are older than Telegram shows one for by the time the queue runs
    await new Promise((r) => setTimeout(r, 5_500))
    h.telegram.control.clearCalls()
    // a slow budget, so that the order shows: 4 sends a second
    await spawnWorker(h, { WORKER_QUEUES: 'telegram', TELEGRAM_SENDS_PER_SECOND: '4' })
    for (const user of delivering) await waitForGeneration(h, ids.get(user)!, ended, 60_000)
    for (const user of live)
      await waitFor(
        'the live status edits',
        async () =>
          h.telegram.control
            .calls()
            .some(
              (c) =>
                c.method === 'editMessageText' &&
                c.ok &&
                c.chatId === user.chatId &&
                /generating/.test(String(c.params.text)),
            ),
        30_000,
      )
    const calls = h.telegram.control.calls()
    const photos = calls.filter((c) => c.method === 'sendPhoto' && c.ok)
    expect(photos).toHaveLength(delivering.length)
    const liveChats = new Set(live.map((u) => u.chatId))
    const liveEdits = calls.filter((c) => c.method === 'editMessageText' && liveChats.has(c.chatId!))
    expect(liveEdits.length).toBeGreaterThanOrEqual(live.length)
    // Once the budget is contended every result goes before every live status edit: at most the
    // two tokens free at the very start (a send and the budget's one step of slack, taken while the
    // results still probe their URLs) went to live edits, and none came between the results.
    const firstPhoto = Math.min(...photos.map((c) => c.seq))
    const lastPhoto = Math.max(...photos.map((c) => c.seq))
    expect(liveEdits.filter((c) => c.seq < lastPhoto).length).toBeLessThanOrEqual(2)
    for (const edit of liveEdits) expect(edit.seq < firstPhoto || edit.seq > lastPhoto).toBe(true)
    // stale chat actions were dropped (and results waiting for the budget show none); no "sending it…"
    // edit was made while the result was due
    expect(calls.filter((c) => c.method === 'sendChatAction')).toHaveLength(0)
    for (const user of delivering) {
      const edits = calls.filter((c) => c.method === 'editMessageText' && c.chatId === user.chatId)
      expect(edits.map((c) => String(c.params.text))).not.toContainEqual(expect.stringContaining('sending it'))
      // the final status (✅) followed the result
      const photo = photos.find((c) => c.chatId === user.chatId)!
      expect(edits.some((c) => c.seq > photo.seq && /✅/.test(String(c.params.text)))).toBe(true)
    }
    // the budget held (4 a second), none refused
    expectWithinBudget(
      calls.filter((c) => counted(c.method)).map((c) => c.startedAt),
      4,
    )
    expect(calls.filter((c) => c.error?.error_code === 429)).toHaveLength(0)
    await pipeline.stop('SIGTERM')
  }, 150_000)
})

describe('send budget and per-chat spacing', () => {
  it('at most TELEGRAM_SENDS_PER_SECOND at the emulator, one send per chat interval, every message once', async () => {
    const users: TestUser[] = []
    for (let i = 0; i < 8; i++) users.push(await createUser(h))
    h.telegram.control.clearCalls()
    const texts: { chatId: number; text: string }[] = []
    for (let n = 0; n < 4; n++)
      for (const user of users) {
        const text = `note ${user.id} #${n}`
        texts.push({ chatId: user.chatId, text })
        await enqueueTelegram(h.queues.telegram, { kind: 'text', chatId: String(user.chatId), text })
      }
    // the worker of the previous test runs the queue: 4 sends a second, 250 ms between a chat's sends
    await waitFor(
      'every text',
      async () => texts.every(({ chatId, text }) => sentTo(h, chatId).some((m) => m.text === text)),
      60_000,
    )
    for (const { chatId, text } of texts) expect(sentTo(h, chatId).filter((m) => m.text === text)).toHaveLength(1)
    // the live generations of the previous test tick meanwhile: counted too
    const calls = h.telegram.control.calls().filter((c) => counted(c.method))
    const times = calls.map((c) => c.startedAt)
    expectWithinBudget(times, 4)
    const notes = calls.filter((c) => /^note /.test(String(c.params.text ?? ''))).map((c) => c.startedAt)
    for (const user of users) {
      const own = calls.filter((c) => c.chatId === user.chatId).map((c) => c.startedAt)
      for (let i = 1; i < own.length; i++) expect(own[i]! - own[i - 1]!).toBeGreaterThanOrEqual(240)
    }
    // 32 sends at 4 a second: about 8 s, not much less (the budget) and not much more (no token wasted)
    const span = (Math.max(...notes) - Math.min(...notes)) / 1000
    expect(span).toBeGreaterThanOrEqual(6.5)
    expect(span).toBeLessThan(14)
    expect(calls.filter((c) => c.error?.error_code === 429)).toHaveLength(0)
  }, 90_000)
})

describe('a status render that waited its turn', () => {
  /** The texts of the accepted edits of one message, in order. */
  const editsOf = (chatId: number, messageId: number) =>
    h.telegram.control
      .calls()
      .filter((c) => c.method === 'editMessageText' && c.ok && c.chatId === chatId && c.params.message_id === messageId)
      .map((c) => String(c.params.text))

  it('does not land after the final word: a row that moved on while it waited is rendered again', async () => {
    // one telegram worker, of its own (the budget's line is per process), and no pipeline: the generation stays queued
    await Promise.all(h.workers.splice(0).map((w) => w.stop('SIGTERM')))
    await spawnWorker(h, { WORKER_QUEUES: 'telegram', TELEGRAM_SENDS_PER_SECOND: '4' })
    const user = await createUser(h)
    const generationId = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    const row = await h.db.generation.findUniqueOrThrow({ where: { id: generationId } })
    const messageId = row.statusMessageId!
    // other users' queued generations, whose renders wait in the line before this one's
    const others: string[] = []
    for (let i = 0; i < 4; i++)
      others.push(await createGeneration(h, await createUser(h), { slug: 'nano-banana', skipEnqueue: true }))
    // the cluster's send budget spent for the next 4 s (the script's own key and clock): every send waits in place
    const [seconds, micros] = await h.redis.time()
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)
    await h.redis.set(`${h.prefix}:tg:budget`, String(now + 4000), 'PX', 10_000)
    h.telegram.control.clearCalls()
    const render = async (id: string, tag: string, priority: number) => {
      await enqueueTelegram(
        h.queues.telegram,
        { kind: 'status', generationId: id },
        { jobId: statusJobId(id, tag), priority },
      )
      const job = (await h.queues.telegram.getJob(statusJobId(id, tag)))!
      await waitFor('the render to run', async () => (await job.getState()) === 'active')
      return job
    }
    // the other renders, then one of the queued row (a tick's): each now waits for the budget, in that order
    for (const id of others) await render(id, 'tick-test', DELIVERY_PRIORITY.status)
    const stale = await render(generationId, 'tick-test', DELIVERY_PRIORITY.status)
    await new Promise((r) => setTimeout(r, 500))
    // the race is set: the render read the queued row and still waits, nothing was edited yet
    expect(await stale.getState()).toBe('active')
    expect(editsOf(user.chatId, messageId)).toEqual([])
    // meanwhile the row reaches its end, and its final render (a priority before the tick's) is asked for
    expect((await cancelQueuedGeneration(h.db, generationId)).refunded).toBe(true)
    const final = await render(generationId, 'final', DELIVERY_PRIORITY.finalStatus)
    // done, each removed as a render is
    const gone = async (id: string) => (await h.queues.telegram.getJob(id)) === undefined
    await waitFor('both renders', async () => (await gone(stale.id!)) && (await gone(final.id!)), 30_000)
    await waitForGeneration(h, generationId, (g) => g.notifiedAt !== null)
    const edits = editsOf(user.chatId, messageId)
    // the message shows the final word, and the queued row was never rendered over it (nor at all:
    // the waiting render read the row again and rendered the cancellation)
    expect(edits.length).toBeGreaterThanOrEqual(1)
    expect(edits.at(-1)).toMatch(/cancel/i)
    expect(edits.filter((text) => /queued/.test(text))).toEqual([])
  }, 60_000)

  it('nor after a slow chat action: a render that took longer than the status slot reads the row again', async () => {
    // the worker of the test above (telegram only): the generation stays queued
    const user = await createUser(h)
    const generationId = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    const messageId = (await h.db.generation.findUniqueOrThrow({ where: { id: generationId } })).statusMessageId!
    h.telegram.control.clearCalls()
    // the render's chat action hangs for 1.5 s, after its read of the queued row and before its status slot
    h.telegram.control.addLatency({ method: 'sendChatAction', chatId: user.chatId, ms: 1500, times: 1 })
    await enqueueTelegram(
      h.queues.telegram,
      { kind: 'status', generationId, action: 'typing' },
      { jobId: statusJobId(generationId, 'tick-action'), priority: DELIVERY_PRIORITY.status },
    )
    const hanging = (await h.queues.telegram.getJob(statusJobId(generationId, 'tick-action')))!
    await waitFor('the render to run', async () => (await hanging.getState()) === 'active')
    // it read the row and called sendChatAction within moments of starting (the emulator records a
    // call when it ends); the cancel comes well inside the 1.5 s
    await new Promise((r) => setTimeout(r, 300))
    expect((await cancelQueuedGeneration(h.db, generationId)).refunded).toBe(true)
    await enqueueTelegram(
      h.queues.telegram,
      { kind: 'status', generationId },
      { jobId: statusJobId(generationId, 'final'), priority: DELIVERY_PRIORITY.finalStatus },
    )
    // the final word goes out while the chat action still hangs
    await waitForGeneration(h, generationId, (g) => g.notifiedAt !== null)
    expect(h.telegram.control.calls({ method: 'sendChatAction' })).toEqual([])
    await waitFor(
      'the hanging render done',
      async () => (await h.queues.telegram.getJob(statusJobId(generationId, 'tick-action'))) === undefined,
      30_000,
    )
    const edits = editsOf(user.chatId, messageId)
    expect(edits.length).toBeGreaterThanOrEqual(1)
    expect(edits.at(-1)).toMatch(/cancel/i)
    expect(edits.filter((text) => /queued/.test(text))).toEqual([])
  }, 60_000)
})
