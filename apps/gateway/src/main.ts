import { gatewayConfig, loadConfigOrExit } from '@kiebot/config'
import { createLogger, registerSecret, registerUrlPassword } from '@kiebot/logger'
import { installGracefulShutdown } from '@kiebot/ops'
import { createGateway } from './server'

// Gateway process entry: configuration is parsed once, here; on failure the
// process prints one message listing every bad variable and exits.
const config = loadConfigOrExit(gatewayConfig)
for (const secret of [
  config.TELEGRAM_BOT_TOKEN,
  config.KIE_API_KEY,
  ...(config.KIE_API_KEYS ?? []).map((k) => k.key),
  config.KIE_CALLBACK_SECRET,
  config.KIE_WEBHOOK_HMAC_KEY,
  ...(config.KIE_WEBHOOK_HMAC_KEYS ?? []).map((k) => k.key),
  config.TELEGRAM_WEBHOOK_SECRET,
  config.ADMIN_DASHBOARD_PASSWORD,
])
  registerSecret(secret)
for (const url of [config.DATABASE_URL, config.REDIS_URL]) registerUrlPassword(url)
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL, format: config.LOG_FORMAT })

const gateway = createGateway(config, logger)
installGracefulShutdown({
  deadlineMs: 8000,
  log: (message, meta) => logger.info(message, meta),
  steps: [{ name: 'gateway', run: () => gateway.stop() }],
})
gateway.start().catch((error: unknown) => {
  logger.error('gateway failed to start', { error })
  process.exit(1)
})
