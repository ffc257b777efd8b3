/** startTelegramEmulator: the emulator on its own HTTP server (tests, the CLI). */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTelegramEmulator, type TelegramEmulatorOptions } from './app'
import type { TelegramEmulatorControl } from './control'

export interface StartTelegramEmulatorOptions extends TelegramEmulatorOptions {
  /** default 0: a free port */
  port?: number
  /** default 127.0.0.1 */
  host?: string
}

export interface RunningTelegramEmulator {
  /** what telegraf calls apiRoot, e.g. http://127.0.0.1:41234 */
  url: string
  control: TelegramEmulatorControl
  /** stops deliveries and timers, cuts open connections (long polls, event streams), closes the server */
  close(): Promise<void>
}

export async function startTelegramEmulator(options: StartTelegramEmulatorOptions = {}): Promise<RunningTelegramEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = options
  const emulator = createTelegramEmulator(rest)
  const server = createServer(emulator.app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const hostForUrl = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    url: `http://${hostForUrl}:${address.port}`,
    control: emulator.control,
    close: () =>
      new Promise<void>((resolve) => {
        emulator.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
