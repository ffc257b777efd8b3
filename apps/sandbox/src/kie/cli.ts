/**
 * Standalone Kie.ai emulator.
 *   node dist/kie/cli.js [port]
 * Environment: KIE_EMULATOR_PORT (default 8790), KIE_EMULATOR_HOST (default 127.0.0.1),
 * KIE_EMULATOR_API_KEY (default "kie-emulator-key"), KIE_EMULATOR_HMAC_KEY (optional webhook
 * HMAC key), KIE_EMULATOR_PUBLIC_URL (optional base URL put into file links),
 * KIE_EMULATOR_CREDITS (optional starting balance).
 */
import { startKieEmulator } from './server'

function portFrom(argv: string[], env: NodeJS.ProcessEnv): number {
  const flag = argv.indexOf('--port')
  const raw = flag >= 0 ? argv[flag + 1] : (argv.find((arg) => /^\d+$/.test(arg)) ?? env.KIE_EMULATOR_PORT)
  const port = Number(raw ?? 8790)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${raw}`)
  return port
}

async function main(): Promise<void> {
  const env = process.env
  const emulator = await startKieEmulator({
    port: portFrom(process.argv.slice(2), env),
    host: env.KIE_EMULATOR_HOST ?? '127.0.0.1',
    ...(env.KIE_EMULATOR_API_KEY ? { apiKey: env.KIE_EMULATOR_API_KEY } : {}),
    webhookHmacKey: env.KIE_EMULATOR_HMAC_KEY || null,
    publicUrl: env.KIE_EMULATOR_PUBLIC_URL || null,
    ...(env.KIE_EMULATOR_CREDITS ? { credits: Number(env.KIE_EMULATOR_CREDITS) } : {}),
  })
  process.stdout.write(`Kie emulator listening on ${emulator.url} (control: ${emulator.url}/_control/state)\n`)
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`kie emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
