import { Redis } from 'ioredis'
import { testRedisUrl, uniquePrefix } from '@kiebot/testing'
import { Coordination } from '../src/coordination'
import { nextTickAt, tickInterval } from '../src/telegram/progress'

// A live status message's clock: its generation's place on one sorted set in Redis, scored by
// the moment of its next tick (the next multiple of an interval that grows with the number of
// live generations). Every render moves the place; the clock of each worker process turns due
// places into status jobs, leasing each so that a tick taken by a process that dies fires again.

const BASE = 5_000
const SENDS = 28

describe('the status clock of a live generation', () => {
  it('keeps the interval within half the send budget, at the base interval times a power of two', () => {
    expect(tickInterval(BASE, 0, SENDS)).toBe(BASE)
    expect(tickInterval(BASE, 70, SENDS)).toBe(BASE)
    expect(tickInterval(BASE, 71, SENDS)).toBe(2 * BASE)
    for (const live of [1, 200, 1_000, 10_000, 100_000]) {
      const interval = tickInterval(BASE, live, SENDS)
      // all clocks together: at most half the budget
      expect((live / interval) * 1000).toBeLessThanOrEqual(SENDS / 2)
      expect(Number.isInteger(Math.log2(interval / BASE))).toBe(true)
      // and not slower than needed (half of it would be over the budget, unless it is the base)
      if (interval > BASE) expect((live / (interval / 2)) * 1000).toBeGreaterThan(SENDS / 2)
    }
  })
})

describe('the moment of the next tick', () => {
  it('is the first whole number of intervals since the creation strictly after now', () => {
    expect(nextTickAt(1_000, 1_000, 5_000)).toBe(6_000)
    expect(nextTickAt(1_000, 5_999, 5_000)).toBe(6_000)
    expect(nextTickAt(1_000, 6_000, 5_000)).toBe(11_000)
    // a moment of a longer interval (a power of two times the base) is a moment of the base one
    for (const now of [1_000, 7_777, 123_456]) expect((nextTickAt(1_000, now, 40_000) - 1_000) % 5_000).toBe(0)
  })
})

describe('the status clock in Redis', () => {
  let redis: Redis
  let clock: Coordination
  beforeAll(() => {
    redis = new Redis(testRedisUrl())
  })
  beforeEach(() => {
    clock = new Coordination(redis, uniquePrefix('clock'))
  })
  afterAll(() => redis.quit())

  it('holds one place per generation however many renders moved it; the latest render decides', async () => {
    const now = Date.now()
    for (let i = 0; i < 50; i++) await clock.setTick('g1', now + 60_000 + i)
    await clock.setTick('g1', now + 5_000)
    expect(await redis.zcard(`${clock.prefix}:tg:clock`)).toBe(1)
    expect(await clock.tickAt('g1')).toBe(now + 5_000)
    await clock.clearTick('g1')
    expect(await clock.tickAt('g1')).toBeNull()
  })

  it('gives each due tick to one taker, leases it, and gives it again when the lease ran out', async () => {
    const now = Date.now()
    const ids = Array.from({ length: 300 }, (_, i) => `g${i}`)
    for (const id of ids) await clock.setTick(id, now - 10)
    await clock.setTick('later', now + 60_000)
    // two processes take at once, in batches of 100: every due tick once, the later one not
    const [a, b] = await Promise.all([clock.takeDueTicks(100, 500), clock.takeDueTicks(100, 500)])
    const rest = await clock.takeDueTicks(500, 500)
    const taken = [...a, ...b, ...rest]
    expect(new Set(taken).size).toBe(300)
    expect(taken.sort()).toEqual([...ids].sort())
    // leased: not due again at once
    expect(await clock.takeDueTicks(500, 500)).toEqual([])
    for (const id of ids) expect(await clock.tickAt(id)).toBeGreaterThan(now)
    // a render moves its place past the lease; the others fall due again when it ends
    await clock.setTick('g0', Date.now() + 60_000)
    await new Promise((r) => setTimeout(r, 600))
    const again = await clock.takeDueTicks(500, 500)
    expect(again.sort()).toEqual(ids.filter((id) => id !== 'g0').sort())
  })
})
