import type { AddressInfo } from 'node:net'
import { listenOn } from '@kiebot/ops'
import { express } from './express'

/**
 * A small local callback endpoint for tests and the sandbox: records every POST it gets and
 * answers 200 unless told otherwise (queued statuses, or a delay longer than Kie's timeout).
 */
export interface ReceivedCallback {
  at: number
  path: string
  query: Record<string, unknown>
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export interface CallbackReceiver {
  /** base URL; callbacks may go to any path below it */
  url: string
  received: ReceivedCallback[]
  /** the next deliveries get these statuses, in order (then 200 again) */
  respondWith(...statuses: number[]): void
  /** forgets what was received and the queued statuses */
  reset(): void
  /** resolves once `count` callbacks arrived (optionally only those matching), rejects after timeoutMs */
  waitFor(
    count: number,
    options?: { timeoutMs?: number; match?: (c: ReceivedCallback) => boolean },
  ): Promise<ReceivedCallback[]>
  close(): Promise<void>
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = []
  const statuses: number[] = []
  const waiters = new Set<() => void>()
  const app = express()
  app.use(express.json({ limit: '10mb' }))
  app.post('/{*rest}', (req, res) => {
    received.push({
      at: Date.now(),
      path: req.path,
      query: { ...req.query },
      headers: { ...req.headers },
      body: req.body,
    })
    const status = statuses.shift() ?? 200
    res.status(status).json({ code: status, msg: status === 200 ? 'success' : 'failed' })
    for (const wake of waiters) wake()
  })
  const server = await listenOn(app, 0, '127.0.0.1')
  const { port } = server.address() as AddressInfo

  const waitFor: CallbackReceiver['waitFor'] = (count, options = {}) => {
    const matching = (): ReceivedCallback[] => received.filter(options.match ?? (() => true))
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (matching().length < count) return
        cleanup()
        resolve(matching())
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`expected ${count} callbacks, got ${matching().length}`))
      }, options.timeoutMs ?? 5_000)
      const cleanup = (): void => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  }

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (...next) => {
      statuses.push(...next)
    },
    reset: () => {
      received.length = 0
      statuses.length = 0
    },
    waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
