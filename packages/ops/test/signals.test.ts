import http from 'node:http'
import type { AddressInfo } from 'node:net'
import v8 from 'node:v8'
import vm from 'node:vm'
import { withDeadline } from '@kiebot/ops'

// A deadline still fires when the garbage collector runs while the request waits (Node 20 collects
// a timeout signal that only AbortSignal.any refers to, and the request then never ends).
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

let server: http.Server
let url: string

beforeAll(async () => {
  // a server that never answers
  server = http.createServer(() => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

it('aborts a fetch at its deadline while the garbage collector runs, and with the signals it follows', async () => {
  // without the fix the first fetch never ends (the server does not answer): the test's own time
  // limit fails it; with it, the deadline's TimeoutError ends it
  const collecting = setInterval(gc, 50)
  try {
    const error = await fetch(url, { signal: withDeadline(300, new AbortController().signal) }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('TimeoutError')
    // the signal it follows aborts it too, long before the deadline
    const caller = new AbortController()
    const pending = fetch(url, { signal: withDeadline(600_000, caller.signal) }).catch((e: unknown) => e)
    setTimeout(() => caller.abort(), 100)
    expect(((await pending) as Error).name).toBe('AbortError')
  } finally {
    clearInterval(collecting)
  }
}, 30_000)
