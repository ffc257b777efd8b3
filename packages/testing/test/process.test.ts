import { freePort, spawnApp } from '../src'

// The test harness's own process helper: a wait for an app's HTTP that fails says why.
describe('waitForHttp', () => {
  it('names the socket error when nothing listens (fetch alone says "fetch failed")', async () => {
    const port = await freePort()
    // a live process that never listens on the port
    const app = spawnApp('packages/testing/test/fixtures/idle.cjs', {})
    try {
      await expect(app.waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 500 })).rejects.toThrow(
        /did not answer 200 in time \(fetch failed: .*ECONNREFUSED/,
      )
    } finally {
      await app.stop('SIGKILL')
    }
  })
})
