import { startHarness, type Harness } from './support/harness'
import { waitingOnKie } from './support/waiting'

// Generations waiting on Kie hold no worker slot: 200 of them on a worker with
// concurrency 2 are all submitted, sit as delayed jobs, and new work still passes.
// (bench/worker-waiting.bench.ts runs the same with 10,000 and prints the figures.)
let h: Harness

beforeAll(async () => {
  h = await startHarness()
}, 60_000)
afterAll(() => h.close())

it('200 generations waiting on Kie leave a concurrency-2 worker free for new work', async () => {
  // The first poll of a task comes 30 s after it was created (not the default 3 s), so "asleep
  // as a delayed job" does not depend on how fast a busy machine submits the 200.
  const figures = await waitingOnKie(h, { count: 200, concurrency: 2, pollMinMs: 30_000, pollMaxMs: 60_000 })
  expect(figures.active).toBeLessThanOrEqual(2)
  expect(figures.delayed + figures.waiting + figures.active).toBe(200)
  // most sleep as delayed jobs: polls are spread within the cluster's budget
  expect(figures.delayed).toBeGreaterThanOrEqual(100)
  // new work is taken ahead of the polls of waiting tasks
  expect(figures.probeSubmitMs).toBeLessThan(5_000)
  expect(figures.newWorkMs).toBeLessThan(10_000)
}, 120_000)
