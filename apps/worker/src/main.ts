import { loadConfigOrExit, workerConfig } from '@kiebot/config'
import { createLogger, registerSecret, registerUrlPassword } from '@kiebot/logger'
import { installGracefulShutdown } from '@kiebot/ops'
import { startWorker } from './app'

// Worker process entry: configuration is parsed once, here; on failure the process
// prints one message listing every bad variable and exits.
const config = loadConfigOrExit(workerConfig)
for (const secret of [
  config.TELEGRAM_BOT_TOKEN,
  config.KIE_API_KEY,
  ...(config.KIE_API_KEYS ?? []).map((k) => k.key),
  config.KIE_CALLBACK_SECRET,
  config.KIE_WEBHOOK_HMAC_KEY,
  ...(config.KIE_WEBHOOK_HMAC_KEYS ?? []).map((k) => k.key),
])
  registerSecret(secret)
for (const url of [config.DATABASE_URL, config.REDIS_URL]) registerUrlPassword(url)
const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL, format: config.LOG_FORMAT })

startWorker(config, logger)
  .then((worker) => {
    installGracefulShutdown({
      deadlineMs: config.WORKER_SHUTDOWN_MS,
      log: (message, meta) => logger.info(message, meta),
      steps: worker.shutdownSteps,
    })
  })
  .catch((error: unknown) => {
    logger.error('worker failed to start', { error })
    process.exit(1)
  })
