export {
  createMetricsRegistry,
  createOpsApp,
  createOpsRouter,
  createPublicApp,
  useJsonErrors,
  type OpsLog,
  type OpsRouterOptions,
  type ReadinessCheck,
} from './health'
export { installGracefulShutdown, type ShutdownOptions, type ShutdownStep } from './shutdown'
export { listenOn } from './listen'
export { withDeadline } from './signals'
