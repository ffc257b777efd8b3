import { startHarness } from '../apps/worker/test/support/harness'
import { waitingOnKie } from '../apps/worker/test/support/waiting'

// Benchmark (not a timed test): BENCH_COUNT generations (default 10,000) waiting on Kie
// with a small generation concurrency (BENCH_CONCURRENCY, default 4). Prints how long
// submitting them took, where their jobs sit while they wait, and how fast a new
// generation still goes through. Run: see bench/README.md.
it('generations waiting on Kie do not occupy worker slots', async () => {
  const h = await startHarness()
  try {
    const figures = await waitingOnKie(h, {
      count: Number(process.env.BENCH_COUNT ?? 10_000),
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
      users: 100,
    })
    console.log(
      [
        `generations waiting on Kie: ${figures.count} (generation concurrency ${figures.concurrency})`,
        `all submitted to Kie in:    ${(figures.submitAllMs / 1000).toFixed(1)} s (${Math.round((figures.count * 1000) / figures.submitAllMs)}/s)`,
        `jobs while waiting:         active ${figures.active}, delayed ${figures.delayed}, waiting ${figures.waiting}`,
        `new generation submitted:   ${(figures.probeSubmitMs / 1000).toFixed(2)} s after confirm`,
        `new generation delivered:   ${(figures.newWorkMs / 1000).toFixed(2)} s after confirm (its callback wakes it)`,
      ].join('\n'),
    )
    expect(figures.active).toBeLessThanOrEqual(figures.concurrency)
  } finally {
    await h.close()
  }
}, 3_600_000)
