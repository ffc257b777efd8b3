import { kiePausedKey, readKieKeys } from '@kiebot/jobs'
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
  KIE_KEY,
} from './support/harness'

// The Kie key pool against three emulated Kie accounts (one key, balance and create limit
// each; tasks scoped per account, as Kie does): creates spread over the keys beyond one
// account's ceiling, every task is read with the key that created it, and one key out of
// credits is paused (alert naming its label) while the others go on.
let h: Harness
const ADMIN_ID = 555_000_011
const KEYS = { a: KIE_KEY, b: 'kie-key-account-b', c: 'kie-key-account-c' }
const ACCOUNT = { a: 0, b: 1, c: 2 } as const
const PER_ACCOUNT = { creates: 2, windowMs: 1000 }
const CREATE = '/api/v1/jobs/createTask'

beforeAll(async () => {
  h = await startHarness({
    kie: {
      credits: 10_000,
      accounts: [
        { apiKey: KEYS.b, credits: 10_000 },
        { apiKey: KEYS.c, credits: 10_000 },
      ],
      // Kie's ceiling: 2 new tasks per second per account
      rateLimit: PER_ACCOUNT,
      timeline: { queuingMs: 20, generatingMs: 50, completeMs: 150 },
    },
  })
  h.telegram.control.createUser({ id: ADMIN_ID, first_name: 'Admin' })
  await spawnWorker(h, {
    KIE_API_KEY: '',
    KIE_API_KEYS: `a=${KEYS.a},b=${KEYS.b},c=${KEYS.c}`,
    KIE_CREATE_LIMIT: String(PER_ACCOUNT.creates),
    // a margin over Kie's window: Kie counts a create when it arrives, the worker before it leaves
    KIE_CREATE_WINDOW_MS: String(PER_ACCOUNT.windowMs + 150),
    ADMIN_IDS: String(ADMIN_ID),
    SCHEDULE_KIE_CREDITS_MS: '1000',
    KIE_CREDITS_ALERT_BELOW: '10',
  })
}, 60_000)
afterAll(() => h.close())

/** Most creates of `requests` inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

describe('the Kie key pool', () => {
  it('spreads creates over the keys beyond one account’s ceiling; each task is followed with its own key', async () => {
    h.kie.control.clearRequests()
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(h)))
    const ids: string[] = []
    for (const user of users)
      for (let i = 0; i < 3; i++) ids.push(await createGeneration(h, user, { slug: 'nano-banana' }))
    const rows = await Promise.all(ids.map((id) => waitForGeneration(h, id, ended, 40_000)))
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'succeeded'))

    const creates = h.kie.control.requests({ method: 'POST', path: CREATE })
    const tasks = h.kie.control.tasks()
    // each account took at most its limit per window (Kie answers 429 past it)...
    for (const account of Object.values(ACCOUNT)) {
      const times = tasks.filter((task) => task.account === account).map((task) => task.createTime)
      expect(times.length).toBeGreaterThan(0)
      expect(busiestWindow(times, PER_ACCOUNT.windowMs)).toBeLessThanOrEqual(PER_ACCOUNT.creates)
    }
    // ...while together they created more per second than one account may
    expect(
      busiestWindow(
        tasks.map((task) => task.createTime),
        PER_ACCOUNT.windowMs,
      ),
    ).toBeGreaterThan(PER_ACCOUNT.creates)
    // one task per generation; a create that still arrived early (429) went again, and those are few
    expect(tasks).toHaveLength(ids.length)
    expect(creates.length - tasks.length).toBeLessThanOrEqual(Math.ceil(ids.length / 4))

    for (const row of rows) {
      const [task] = kieTasksOf(h, row.id)
      expect(task).toBeDefined()
      // the row names the key, and it is the account that owns the task
      expect(ACCOUNT[row.kieKey as keyof typeof ACCOUNT]).toBe(task!.account)
      const reads = h.kie.control.requests().filter((r) => r.query.taskId === task!.taskId)
      for (const read of reads) expect(read.account).toBe(task!.account)
      expect(sentTo(h, Number(row.chatId)).some((m) => m.kind === 'photo')).toBe(true)
      expect(await ledgerOf(h, row.id)).toMatchObject({ refund: 0 })
    }
  }, 60_000)

  it('a key out of credits (402) is paused and named in the alert; the other keys take its work; it resumes once topped up', async () => {
    h.kie.control.setCredits(0, KEYS.b)
    h.kie.control.clearRequests()
    const user = await createUser(h)
    const ids: string[] = []
    for (let i = 0; i < 6; i++) ids.push(await createGeneration(h, user, { slug: 'nano-banana' }))
    const rows = await Promise.all(ids.map((id) => waitForGeneration(h, id, ended, 40_000)))
    // no generation is refunded for one key's empty balance: a 402 creates nothing, another key is tried
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'succeeded'))
    expect(rows.every((r) => r.kieKey === 'a' || r.kieKey === 'c')).toBe(true)
    expect(await h.redis.exists(kiePausedKey(h.prefix, 'b'))).toBe(1)
    const alert = await waitFor('the admin alert naming key b', async () =>
      sentTo(h, ADMIN_ID).find((m) => /402/.test(m.text ?? '') && /\bb\b/.test(m.text ?? '')),
    )
    // the label, never the key
    expect(alert.text).not.toContain(KEYS.b)
    const keys = await readKieKeys(h.redis, h.prefix)
    expect(keys.map((k) => k.label)).toEqual(['a', 'b', 'c'])
    expect(keys.find((k) => k.label === 'b')).toMatchObject({ credits: 0, paused: true })
    expect(keys.find((k) => k.label === 'a')).toMatchObject({ paused: false })

    // topped up: the credit watch (every second here) resumes the key and says so
    h.kie.control.setCredits(5_000, KEYS.b)
    await waitFor('key b resumed', async () => (await h.redis.exists(kiePausedKey(h.prefix, 'b'))) === 0, 20_000)
    await waitFor('the resumed alert', async () =>
      sentTo(h, ADMIN_ID).find((m) => /✅/.test(m.text ?? '') && /\bb\b/.test(m.text ?? '')),
    )
    const again = await Promise.all(Array.from({ length: 3 }, () => createGeneration(h, user, { slug: 'nano-banana' })))
    const done = await Promise.all(again.map((id) => waitForGeneration(h, id, ended, 30_000)))
    expect(done.map((r) => r.status)).toEqual(again.map(() => 'succeeded'))
    expect(done.some((r) => r.kieKey === 'b')).toBe(true)
  }, 90_000)
})
