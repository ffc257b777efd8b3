/** startTelegramEmulator: the emulator on its own HTTP server (tests, the CLI). */
import { listen } from '../listen'
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

export async function startTelegramEmulator(
  options: StartTelegramEmulatorOptions = {},
): Promise<RunningTelegramEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = options
  const emulator = createTelegramEmulator(rest)
  const server = await listen(emulator.app, port, host, () => emulator.close())
  return { url: server.url, control: emulator.control, close: server.close }
}
