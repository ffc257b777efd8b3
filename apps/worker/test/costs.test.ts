import { findBalanceMismatches } from '@kiebot/db'
import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// What Kie really charged: its consumed credits are stored beside the quoted ones and
// marked as reported (a fallback to the quote is not); a model Kie bills above the quote
// in several recent generations of one mode alerts the admins, once.
let h: Harness
let admin: TestUser
let workerPort: number

beforeAll(async () => {
  h = await startHarness()
  admin = await createUser(h)
  workerPort = (await spawnWorker(h, { ADMIN_IDS: String(admin.id) })).port
}, 60_000)
afterAll(() => h.close())
beforeEach(() => {
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
})

const pro = (resolution: string) => ({
  slug: 'nano-banana-pro',
  params: { prompt: 'A red fox in fresh snow', aspect_ratio: '1:1', resolution },
})

const overrunAlerts = () => sentTo(h, admin.chatId).filter((m) => /charges more than we quote/.test(m.text ?? ''))

async function run(user: TestUser, input: ReturnType<typeof pro> | { slug: string }) {
  const id = await createGeneration(h, user, input)
  return waitForGeneration(h, id, ended, 30_000)
}

describe('consumed credits', () => {
  it('stores what Kie reported (record creditsConsumed) and marks it as reported', async () => {
    h.kie.control.configure({ creditsFactor: { 'nano-banana-pro': 1.25 } })
    const user = await createUser(h)
    const done = await run(user, pro('1K'))
    expect(done.status).toBe('succeeded')
    const [task] = kieTasksOf(h, done.id)
    expect(task!.creditsConsumed).toBe(22.5)
    expect(done.priceCredits.toNumber()).toBe(18)
    expect(done.kieCreditsConsumed?.toNumber()).toBe(22.5)
    expect(done.kieCreditsReported).toBe(true)
    h.kie.control.configure({ creditsFactor: {} })
  })

  it('falls back to the quoted credits, marked as not reported, when Kie reports none (Veo records)', async () => {
    const user = await createUser(h)
    const done = await run(user, { slug: 'veo-3-1-fast' })
    expect(done.status).toBe('succeeded')
    expect(done.kieCreditsConsumed?.toNumber()).toBe(done.priceCredits.toNumber())
    expect(done.kieCreditsReported).toBe(false)
  })
})

/** A counter's value for one model on the worker's /metrics (0 before its first sample). */
async function counter(name: string, model: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`model="${model}"`))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

describe('margin metrics', () => {
  it("count a succeeded generation's price and Kie's cost at its own rates, per model", async () => {
    h.kie.control.configure({ creditsFactor: { 'nano-banana-pro': 0.8 } })
    const model = 'nano-banana-pro'
    const revenueBefore = await counter('worker_revenue_kopecks_total', model)
    const costBefore = await counter('worker_kie_cost_kopecks_total', model)
    const done = await run(await createUser(h), pro('1K'))
    expect(done.status).toBe('succeeded')
    const revenue = (await counter('worker_revenue_kopecks_total', model)) - revenueBefore
    const cost = (await counter('worker_kie_cost_kopecks_total', model)) - costBefore
    expect(revenue).toBe(done.priceKopecks)
    // Kie's reported 14.4 credits (not the quoted 18; under it, so no overrun counts), in kopecks at the generation's rates
    const expected = 14.4 * done.usdPerCredit.toNumber() * done.fxRate.toNumber() * 100
    expect(cost).toBeCloseTo(expected, 6)
    expect(cost).toBeGreaterThan(0)
    h.kie.control.configure({ creditsFactor: {} })
  })
})

describe('cost overrun alert', () => {
  it('does not fire for one overrun, fires after 3 in one mode with the model, the mode and the gap, and only once', async () => {
    // a fresh mode (4K): the overrun of the first test (1K) does not count here
    h.kie.control.configure({ creditsFactor: { 'nano-banana-pro': 1.5 } })
    const user = await createUser(h)
    const first = await run(user, pro('4K'))
    expect(first.kieCreditsConsumed?.toNumber()).toBe(36)
    // another mode's overrun does not add up with this one
    await run(user, pro('2K'))
    await new Promise((r) => setTimeout(r, 1500))
    expect(overrunAlerts()).toHaveLength(0)

    await run(user, pro('4K'))
    await new Promise((r) => setTimeout(r, 1500))
    expect(overrunAlerts()).toHaveLength(0)

    await run(user, pro('4K'))
    const deadline = Date.now() + 10_000
    while (overrunAlerts().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    const [alert] = overrunAlerts()
    expect(alert?.text).toContain('nano-banana-pro')
    expect(alert?.text).toContain('resolution=4K')
    expect(alert?.text).toContain('3 of its last 3')
    expect(alert?.text).toContain('36 credits consumed against 24 quoted (+12, +50%)')

    // a fourth overrun: same alert key, quiet for a day
    await run(user, pro('4K'))
    await new Promise((r) => setTimeout(r, 1500))
    expect(overrunAlerts()).toHaveLength(1)
    h.kie.control.configure({ creditsFactor: {} })
  })

  it('Kie billing exactly the quote raises nothing', async () => {
    const user = await createUser(h)
    for (let i = 0; i < 3; i++) await run(user, pro('1K'))
    await new Promise((r) => setTimeout(r, 1500))
    expect(overrunAlerts()).toHaveLength(1)
  })

  it('keeps every balance equal to its ledger', async () => {
    expect(await findBalanceMismatches(h.db)).toEqual([])
  })
})
