export {
  createDb,
  inTransaction,
  driverErrorOf,
  isForeignKeyViolation,
  isUniqueViolation,
  type Db,
  type DbOptions,
  type Tx,
} from './client'
export { adminActionKey, AUDIT_ACTIONS, ledgerKeys, type AuditAction, type LedgerKeyKind } from './keys'
export { isAlreadyPosted, post, postOrThrow, type PostError, type Posting, type PostResult } from './ledger'
export { statementEntries, type StatementEntry } from './statement'
export { inSqlTransaction, SQL_TRANSACTION_TIMEOUT_MS, TransactionTimeoutError, type SqlTx } from './sql'
export { recordAudit, type AuditEntry } from './audit'
export { MoneyError, type MoneyErrorCode } from './errors'
export {
  ensureUser,
  findUser,
  LAST_SEEN_RESOLUTION_MS,
  languageFor,
  markWelcomed,
  refreshUser,
  type TelegramProfile,
} from './users'
export {
  adjustBalance,
  creditStarsPayment,
  findBalanceMismatches,
  grantOnce,
  cancelQueuedGeneration,
  refundGeneration,
  reserveFunds,
  reserveGroup,
  comparePartId,
  MAX_COMPARE_PARTS,
  settleMeasuredPrice,
  type ReserveGroupInput,
  type ReserveGroupPart,
  type ReserveGroupResult,
  type AdjustInput,
  type AdjustResult,
  type BalanceMismatch,
  type BonusInput,
  type PriceSnapshot,
  type RefundInput,
  type RefundResult,
  type ReserveInput,
  type ReserveResult,
  type MeasuredPriceInput,
  type MeasuredPriceResult,
  type StarsPaymentInput,
  type StarsPaymentResult,
} from './money'
export { Prisma } from '../prisma-client'
export type * from '../prisma-client'
export { latestFxRate, recordFxRate, type StoredFxRate } from './fx'
export * from './generation-transitions'
export { modelSettings, updateModelSettings, type ModelAdminSettings, type ModelSettingsChange } from './model-settings'
export { pinnedModels, recentModelUse, setModelPinned } from './popularity'
export {
  abortPaymentRefund,
  beginPaymentRefund,
  finishPaymentRefund,
  paymentRefundKey,
  REFUND_LEASE_MS,
  releasePaymentRefund,
  type BeginRefundResult,
  type FinishRefundResult,
} from './payment-refunds'
export { marginByModel, recentReportedCosts, type ModelMargin, type ReportedCost } from './costs'
export {
  applyProposedFactor,
  modelGate,
  modelStateNow,
  catalogOfferings,
  latestCatalogSync,
  latestGoodCatalog,
  listedKieModels,
  recordCatalogFailure,
  recordCatalogSnapshot,
  reenableCatalogOffering,
  roundFactorUp,
  type CatalogAdminResult,
  type CatalogHiddenReason,
  type CatalogOfferingChange,
  type ModelStateNow,
  type CatalogOfferingState,
  type CatalogSnapshotModel,
  type CatalogSyncRow,
  type GoodCatalog,
} from './catalog'
export { addFavorite, listFavorites, MAX_FAVORITES, removeFavorite, type FavoriteKey } from './favorites'
export {
  MODEL_CHOICES_PER_USER,
  modelChoice,
  rememberModelChoice,
  setAutoConfirm,
  setCurrentModel,
} from './user-choices'
export {
  claimCompareDelivery,
  compareGroupEnded,
  compareStats,
  COMPARE_DELIVERY_LEASE_MS,
  findOwedCompareDeliveries,
  loadCompareGroup,
  markCompareDelivered,
  type CompareGroupWithParts,
  type CompareStats,
} from './compare'
export {
  appliedPromoBonus,
  createPromoCode,
  disablePromoCode,
  listPromoCodes,
  normalizePromoCode,
  pendingPromoBonus,
  promoBonusKopecks,
  promoDetails,
  redeemPromoCode,
  PROMO_CODE_PATTERN,
  PROMO_LIMITS,
  PROMO_PAGE_SIZE,
  PROMO_REDEMPTIONS_SHOWN,
  type CreatePromoInput,
  type CreatePromoResult,
  type PromoDetails,
  type PromoInputError,
  type PromoSpec,
  type RedeemRefusal,
  type RedeemResult,
} from './promo'
