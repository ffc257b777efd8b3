export {
  ConfigError,
  defineAppConfig,
  loadConfigOrExit,
  piece,
  type AppConfigSchema,
  type ConfigPiece,
  type ConfigProblem,
  type Env,
} from './env'
export * as pieces from './pieces'
export {
  BOT_TOKEN_PATTERN,
  kieKeyPool,
  kieWebhookHmacKeys,
  KIE_KEY_LABEL_PATTERN,
  QUEUE_PREFIX_PATTERN,
  WEBHOOK_SECRET_PATTERN,
  type KieKey,
} from './pieces'
export { gatewayConfig, workerConfig, type GatewayConfig, type WorkerConfig } from './apps'
export { miniAppUrl } from './mini-app'
