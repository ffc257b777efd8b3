import net from 'node:net'
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

describe('freePort', () => {
  it('picks ports below the ephemeral range, free to listen on', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()))
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000)
      expect(port).toBeLessThan(30_000)
    }
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(ports[0], resolve))
    await new Promise((resolve) => server.close(resolve))
  })
})
