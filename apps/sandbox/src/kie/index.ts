export { createKieEmulator, type KieEmulator, type KieEmulatorOptions } from './app'
export { startKieEmulator, type RunningKieEmulator, type StartKieEmulatorOptions } from './server'
export type { KieEmulatorControl, TaskSnapshot, FaultTarget } from './control'
export { DEFAULT_SETTINGS } from './state'
export type {
  KieEmulatorSettings,
  Timeline,
  FailCode,
  CallbackMode,
  ErrorMode,
  MessageKey,
  Outcome,
  RecordedRequest,
  CallbackAttempt,
  EmulatedState,
} from './state'
export { priceFor } from './price'
export { CATALOG, findMarketModel, flatEntry, type CatalogEntry, type FieldSpec } from './catalog'
export { startCallbackReceiver, type CallbackReceiver, type ReceivedCallback } from './callback-receiver'
