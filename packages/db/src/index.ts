export { createDb, inTransaction, isUniqueViolation, type Db, type DbOptions, type Tx } from './client'
export { MoneyError, type MoneyErrorCode } from './errors'
export { ensureUser, languageFor, type TelegramProfile } from './users'
export {
  ACTIVE_STATUSES,
  adjustBalance,
  creditStarsPayment,
  findBalanceMismatches,
  grantOnce,
  ledgerKeys,
  refundGeneration,
  reserveFunds,
  type AdjustInput,
  type AdjustResult,
  type BalanceMismatch,
  type BonusInput,
  type EndedWithoutResult,
  type PriceSnapshot,
  type RefundInput,
  type RefundResult,
  type ReserveInput,
  type ReserveResult,
  type StarsPaymentInput,
  type StarsPaymentResult,
} from './money'
export { Prisma } from '../prisma-client'
export type * from '../prisma-client'
export { latestFxRate, recordFxRate, type StoredFxRate } from './fx'
export * from './generation-steps'
export { isModelEnabled, modelSettings, updateModelSettings, type ModelAdminSettings, type ModelSettingsChange } from './model-settings'
export { abortPaymentRefund, beginPaymentRefund, finishPaymentRefund, paymentRefundKey, type BeginRefundResult } from './payment-refunds'
