import { listen } from '../listen'
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
  const server = await listen(emulator.app, port, host, () => emulator.close())
  return { url: server.url, uploadUrl: server.url, control: emulator.control, close: server.close }
}
