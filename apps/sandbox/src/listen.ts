import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { listenOn } from '@kiebot/ops'

export interface Listening {
  /** http://host:port (0.0.0.0 shown as 127.0.0.1, IPv6 bracketed) */
  url: string
  /** stops `stop()`'s work, cuts open connections (long polls, hangs, streams), closes */
  close(): Promise<void>
}

/** Serves `app` on host:port (0 = a free port) until closed; `stop` runs first on close. */
export async function listen(app: RequestListener, port: number, host: string, stop: () => void): Promise<Listening> {
  const server = await listenOn(app, port, host)
  const address = server.address() as AddressInfo
  const hostForUrl = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    url: `http://${hostForUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        stop()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
