/**
 * Standalone Telegram Bot API emulator.
 *   node dist/telegram/cli.js [--port N]
 * Environment: TELEGRAM_EMULATOR_PORT (default 8791), TELEGRAM_EMULATOR_HOST (default 127.0.0.1),
 * TELEGRAM_EMULATOR_BOT_TOKEN (optional: registered at start), TELEGRAM_EMULATOR_FLOOD=off (no flood control).
 */
import { startTelegramEmulator } from './server'

function portFrom(argv: string[], env: NodeJS.ProcessEnv): number {
  const flag = argv.indexOf('--port')
  const raw = flag >= 0 ? argv[flag + 1] : (argv.find((arg) => /^\d+$/.test(arg)) ?? env.TELEGRAM_EMULATOR_PORT)
  const port = Number(raw ?? 8791)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${raw}`)
  return port
}

async function main(): Promise<void> {
  const env = process.env
  const token = env.TELEGRAM_EMULATOR_BOT_TOKEN
  const emulator = await startTelegramEmulator({
    port: portFrom(process.argv.slice(2), env),
    host: env.TELEGRAM_EMULATOR_HOST ?? '127.0.0.1',
    ...(token ? { bots: [{ token }] } : {}),
    ...(env.TELEGRAM_EMULATOR_FLOOD === 'off' ? { flood: { enabled: false } } : {}),
  })
  process.stdout.write(
    `Telegram emulator listening on ${emulator.url} (control: ${emulator.url}/_control/telegram/state)\n`,
  )
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`telegram emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
