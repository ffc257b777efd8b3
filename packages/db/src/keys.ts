// Every ledger idempotency key and every admin audit action, in one place. Callers never
// build these strings: the ledger's unique key is what makes a repeated money call a
// no-op, so a key spelled twice in two ways is money counted twice. The keys are stored
// in production rows: their spelling never changes (test/keys.test.ts pins each one).

/** The id of one admin action (their Telegram id and the update that carried it). */
export const adminActionKey = (adminId: bigint, updateId: number) => `${adminId}:${updateId}`

export const ledgerKeys = {
  /** a generation's price, reserved at Confirm */
  charge: (generationId: string) => `gen:${generationId}:charge`,
  /** a generation that ended without a result: the whole price back */
  refund: (generationId: string) => `gen:${generationId}:refund`,
  /** the part of the charge given back when the measured files cost less than reserved */
  measuredRefund: (generationId: string) => `gen:${generationId}:measured-refund`,
  /** a Stars payment credited */
  topup: (chargeId: string) => `topup:${chargeId}`,
  /** the referrer's reward for a referee's payment */
  referral: (chargeId: string) => `referral:${chargeId}`,
  /** the referral reward of a payment taken back when the payment is refunded */
  referralReversal: (chargeId: string) => `referral:${chargeId}:reversed`,
  /** the welcome bonus, once per user */
  welcome: (userId: bigint) => `welcome:${userId}`,
  /** an admin's balance adjustment, once per admin action (`adminActionKey`) */
  adjust: (actionKey: string) => `adjust:${actionKey}`,
  /** the debit of a Stars payment being refunded; attempt n > 0 after n undone attempts */
  paymentRefund: (chargeId: string, attempt = 0) => `topup-refund:${chargeId}${attempt > 0 ? `:${attempt}` : ''}`,
  /** that debit given back when Telegram refused the refund for good */
  paymentRefundUndone: (chargeId: string, attempt: number) => `${ledgerKeys.paymentRefund(chargeId, attempt)}:undone`,
  /** a promo code's credit to one user: the fixed amount, or a percent code's bonus on a top-up (once per code and user) */
  promo: (codeId: string, userId: bigint) => `promo:${codeId}:${userId}`,
  /** a percent bonus taken back with its payment's refund (the refund's attempt, as `paymentRefund`) */
  promoReversal: (chargeId: string, attempt: number) => `${ledgerKeys.paymentRefund(chargeId, attempt)}:promo`,
  /** that bonus given back when Telegram refused the refund for good */
  promoReversalUndone: (chargeId: string, attempt: number) =>
    `${ledgerKeys.paymentRefundUndone(chargeId, attempt)}:promo`,
} as const

export type LedgerKeyKind = keyof typeof ledgerKeys

/** What an admin did, as stored in `admin_audit_log.action`. */
export const AUDIT_ACTIONS = {
  balanceAdjust: 'balance.adjust',
  paymentRefund: 'payment.refund',
  paymentRefundUndone: 'payment.refund_undone',
  referralReverse: 'referral.reverse',
  userBan: 'user.ban',
  userUnban: 'user.unban',
  broadcast: 'broadcast',
  catalogSync: 'catalog.sync',
  catalogLowerPrice: 'catalog.lower_price',
  catalogReenable: 'catalog.reenable',
  generationResend: 'generation.resend',
  modelSettings: 'model.settings',
  promoCreate: 'promo.create',
  promoDisable: 'promo.disable',
} as const

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS]
