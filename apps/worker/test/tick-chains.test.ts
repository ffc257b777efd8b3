import { nextTickAt, tickInterval } from '../src/telegram/progress'

// A live status message's clock is a chain of delayed jobs, one per moment (the job id names
// the moment). Every render of the message schedules the next moment under the interval of that
// instant, which grows with the number of live generations. These check that however that
// number moves, one generation keeps one chain: moments of a longer interval are moments of a
// shorter one, so chains started under different intervals meet and merge.

const BASE = 5_000
const SENDS = 28

/** A small deterministic generator (the same run every time). */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

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

  it('comes back to one pending tick once the live count settles, however it moved and whatever rendered', () => {
    const next = random(7)
    const createdAt = 1_000_000
    let live = 0
    const pending = new Set<number>()
    let maxPending = 0
    // renders of other kinds (a stage change, the sweeper's owed status) at random moments
    const renders = Array.from({ length: 400 }, () => createdAt + Math.floor(next() * 3_600_000)).sort((a, b) => a - b)
    const schedule = (now: number) => pending.add(nextTickAt(createdAt, now, tickInterval(BASE, live, SENDS)))
    schedule(createdAt)
    let now = createdAt
    const runUntil = (end: number, moveCount: boolean) => {
      while (now < end) {
        const tick = Math.min(...pending)
        const render = renders.find((r) => r > now) ?? Infinity
        now = Math.min(tick, render, end)
        if (moveCount) live = Math.floor(next() * 20_000)
        if (now === tick) {
          pending.delete(tick)
          schedule(now)
        } else if (now === render) schedule(now)
        maxPending = Math.max(maxPending, pending.size)
      }
    }
    // the first hour: the live count jumps about at every step
    runUntil(createdAt + 3_600_000, true)
    const levels = Math.log2(tickInterval(BASE, 20_000, SENDS) / BASE) + 1
    expect(maxPending).toBeLessThanOrEqual(levels + 1)
    // then it settles: within two of the longest intervals, one chain is left
    live = 9_000
    runUntil(now + 2 * tickInterval(BASE, 20_000, SENDS), false)
    expect(pending.size).toBe(1)
  })
})
