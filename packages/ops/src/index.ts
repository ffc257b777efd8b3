export { createMetricsRegistry, createOpsRouter, createServiceApp, type OpsRouterOptions, type ReadinessCheck } from './health'
export { installGracefulShutdown, type ShutdownOptions, type ShutdownStep } from './shutdown'
