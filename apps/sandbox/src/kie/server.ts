import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createKieEmulator, type KieEmulatorOptions } from './app'
import type { KieEmulatorControl } from './control'

export interface StartKieEmulatorOptions extends KieEmulatorOptions {
  /** default 0: a free port */
  port?: number
  /** default 127.0.0.1 */
  host?: string
}

export interface RunningKieEmulator {
  /** base URL of the API (what the client calls baseUrl) */
  url: string
  /** base URL of the upload host; the same server */
  uploadUrl: string
  control: KieEmulatorControl
  /** stops timers and callbacks, cuts open (also hung) connections, closes the server */
  close(): Promise<void>
}

export async function startKieEmulator(options: StartKieEmulatorOptions = {}): Promise<RunningKieEmulator> {
  const { port = 0, host = '127.0.0.1', ...settings } = options
  const emulator = createKieEmulator(settings)
  const server = createServer(emulator.app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const hostForUrl = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  const url = `http://${hostForUrl}:${address.port}`
  return {
    url,
    uploadUrl: url,
    control: emulator.control,
    close: () =>
      new Promise<void>((resolve) => {
        emulator.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
