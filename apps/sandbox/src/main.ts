import { startSandbox } from './sandbox'

// The sandbox process of `pnpm start` without tokens (scripts/start.js sets these).
async function main(): Promise<void> {
  const env = process.env
  const botToken = env.SANDBOX_BOT_TOKEN
  const kieApiKey = env.SANDBOX_KIE_API_KEY ?? env.KIE_API_KEY
  if (!botToken || !kieApiKey) {
    process.stderr.write('sandbox: SANDBOX_BOT_TOKEN and SANDBOX_KIE_API_KEY (or KIE_API_KEY) are required\n')
    process.exit(78)
  }
  const sandbox = await startSandbox({
    port: Number(env.SANDBOX_PORT ?? 8080),
    host: env.SANDBOX_HOST ?? '127.0.0.1',
    botToken,
    kieApiKey,
    rubPerUsd: env.SANDBOX_RUB_PER_USD ? Number(env.SANDBOX_RUB_PER_USD) : undefined,
  })
  process.stdout.write(`sandbox listening on ${sandbox.url} (Telegram at /, Kie.ai at /kie, CBR at /cbr)\n`)
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
