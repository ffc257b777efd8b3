import { defineAppConfig } from './env'
import {
  admins,
  commerce,
  database,
  gatewayHttp,
  kie,
  miniApp,
  pricing,
  publicUrl,
  redis,
  resultUrls,
  runtime,
  telegramApi,
  telegramUpdates,
  worker,
  workerHttp,
} from './pieces'

export const gatewayConfig = defineAppConfig('gateway', [
  runtime,
  database,
  redis,
  telegramApi,
  telegramUpdates,
  kie,
  admins,
  pricing,
  commerce,
  gatewayHttp,
  miniApp,
  resultUrls,
] as const)
export type GatewayConfig = ReturnType<typeof gatewayConfig.parse>

export const workerConfig = defineAppConfig('worker', [
  runtime,
  database,
  redis,
  telegramApi,
  publicUrl,
  kie,
  admins,
  pricing,
  workerHttp,
  worker,
  miniApp,
  resultUrls,
] as const)
export type WorkerConfig = ReturnType<typeof workerConfig.parse>
