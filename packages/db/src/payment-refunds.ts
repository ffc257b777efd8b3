import { randomUUID } from 'node:crypto'
import type { StarsPayment } from '../prisma-client'
import { inTransaction, type Db, type Tx } from './client'
import { recordAudit } from './audit'
import { AUDIT_ACTIONS, ledgerKeys } from './keys'
import { postOrThrow } from './ledger'
import { appliedPromoBonus, markPromoReversed } from './promo'

// Refunding a Stars payment (admin): the rubles it credited are debited once, then
// Telegram's refundStarPayment is called (retried until it succeeds or says
// CHARGE_ALREADY_REFUNDED), then the payment is marked refunded and the referral
// reward it earned is taken back. The debit comes first so that a user cannot spend
// money whose Stars are on their way back. When Telegram refuses for good, the
// attempt is undone (money back, payment refundable again); each attempt has its
// own ledger keys.
//
// Attempts: each begin gets an attempt id and a lease. While the lease runs no other
// attempt starts (two admins pressing at once: the second is told one is in
// progress), and only the attempt that owns the payment may undo the debit, so a
// refusal of one call can never give the rubles back while another call returned the
// Stars. The caller's Telegram call must time out well within the lease.

/** The ledger key of a payment refund's debit (attempt n after n undone ones). */
export const paymentRefundKey = ledgerKeys.paymentRefund

/** How long one attempt owns a payment (its Telegram call must end well before). */
export const REFUND_LEASE_MS = 60_000

export type BeginRefundResult =
  | {
      ready: true
      payment: StarsPayment
      attempt: string
      debited: boolean
      balanceAfter: number
      /** the promo bonus the payment's top-up came with, debited with it */
      promoKopecks: number
    }
  | { ready: false; reason: 'not_found' | 'already_refunded' | 'in_progress' }

/**
 * Debits the payment's rubles (never below zero: `insufficient_funds` when the
 * user has spent them) and marks the refund requested, in one transaction with the
 * audit entry. A refund already requested whose lease ran out (its call ended or
 * its process died) is ready again without a second debit, under a new attempt.
 */
export async function beginPaymentRefund(
  db: Db,
  input: { paymentId: string; adminId: bigint },
): Promise<BeginRefundResult> {
  return inTransaction(db, async (tx) => {
    // The row lock serialises two admins (or two presses) refunding the same payment.
    await tx.$queryRaw`SELECT id FROM stars_payments WHERE id = ${input.paymentId}::uuid FOR UPDATE`
    const payment = await tx.starsPayment.findUnique({ where: { id: input.paymentId } })
    if (!payment) return { ready: false, reason: 'not_found' }
    if (payment.refund === 'refunded') return { ready: false, reason: 'already_refunded' }
    const now = new Date()
    if (payment.refund === 'requested' && payment.refundLeaseUntil && payment.refundLeaseUntil > now)
      return { ready: false, reason: 'in_progress' }
    const attempt = randomUUID()
    const lease = { refundAttempt: attempt, refundLeaseUntil: new Date(now.getTime() + REFUND_LEASE_MS) }
    if (payment.refund === 'requested') {
      const user = await tx.user.findUniqueOrThrow({ where: { id: payment.userId } })
      const updated = await tx.starsPayment.update({ where: { id: payment.id }, data: lease })
      return {
        ready: true,
        payment: updated,
        attempt,
        debited: false,
        balanceAfter: user.balanceKopecks,
        promoKopecks: await appliedPromoBonus(tx, payment.id),
      }
    }
    const attempts = await tx.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'topup_refund' } })
    let balanceAfter = await postOrThrow(
      tx,
      {
        userId: payment.userId,
        kind: 'topup_refund',
        amountKopecks: -payment.kopecks,
        key: ledgerKeys.paymentRefund(payment.telegramPaymentChargeId, attempts),
        paymentId: payment.id,
        adminId: input.adminId,
        reason: 'Stars payment refunded',
      },
      { insufficient_funds: 'the user has already spent the money of this payment' },
    )
    // A promo bonus that came with this top-up goes back with it, under the same rule: the
    // user must still have both, or nothing is debited (the transaction rolls back).
    const promoKopecks = await appliedPromoBonus(tx, payment.id)
    if (promoKopecks > 0)
      balanceAfter = await postOrThrow(
        tx,
        {
          userId: payment.userId,
          kind: 'promo',
          amountKopecks: -promoKopecks,
          key: ledgerKeys.promoReversal(payment.telegramPaymentChargeId, attempts),
          paymentId: payment.id,
          adminId: input.adminId,
          reason: 'promo bonus of a refunded Stars payment',
        },
        { insufficient_funds: 'the user has already spent the money of this payment' },
      )
    const updated = await tx.starsPayment.update({ where: { id: payment.id }, data: { refund: 'requested', ...lease } })
    await recordAudit(tx, {
      adminId: input.adminId,
      action: AUDIT_ACTIONS.paymentRefund,
      targetUserId: payment.userId,
      details: {
        paymentId: payment.id,
        chargeId: payment.telegramPaymentChargeId,
        kopecks: payment.kopecks,
        stars: payment.stars,
        ...(promoKopecks > 0 ? { promoKopecks } : {}),
      },
    })
    return { ready: true, payment: updated, attempt, debited: true, balanceAfter, promoKopecks }
  })
}

export interface FinishRefundResult {
  /** false: the payment was not waiting for a refund (already finished) */
  finished: boolean
  /** referral reward taken back from the referrer */
  referralReversedKopecks: number
  /** the part of that reward the referrer had already spent (written off, audited) */
  referralShortfallKopecks: number
}

/**
 * Telegram confirmed the refund (or said it was already done): the payment is
 * refunded and, in the same transaction, the referral reward it paid is reversed
 * (never below zero: what the referrer already spent is written off and recorded in
 * the audit log). Whichever attempt's call succeeded: the Stars are back either way.
 */
export async function finishPaymentRefund(
  db: Db,
  paymentId: string,
  input: { adminId?: bigint } = {},
): Promise<FinishRefundResult> {
  return inTransaction(db, async (tx) => {
    const done = await tx.starsPayment.updateManyAndReturn({
      where: { id: paymentId, refund: 'requested' },
      data: { refund: 'refunded', refundedAt: new Date(), refundLeaseUntil: null },
    })
    const payment = done[0]
    if (!payment) return { finished: false, referralReversedKopecks: 0, referralShortfallKopecks: 0 }
    await markPromoReversed(tx, payment.id)
    return { finished: true, ...(await reverseReferralReward(tx, payment, input.adminId ?? null)) }
  })
}

async function reverseReferralReward(
  tx: Tx,
  payment: StarsPayment,
  adminId: bigint | null,
): Promise<{ referralReversedKopecks: number; referralShortfallKopecks: number }> {
  const reward = await tx.ledgerEntry.findUnique({
    where: { idempotencyKey: ledgerKeys.referral(payment.telegramPaymentChargeId) },
  })
  if (!reward || reward.amountKopecks <= 0) return { referralReversedKopecks: 0, referralShortfallKopecks: 0 }
  // Lock the referrer's row, then take back what is there, up to the reward.
  const [referrer] = await tx.$queryRaw<
    { balance_kopecks: number }[]
  >`SELECT balance_kopecks FROM users WHERE id = ${reward.userId} FOR UPDATE`
  const reversed = Math.min(reward.amountKopecks, referrer?.balance_kopecks ?? 0)
  const shortfall = reward.amountKopecks - reversed
  if (reversed > 0)
    await postOrThrow(tx, {
      userId: reward.userId,
      kind: 'referral',
      amountKopecks: -reversed,
      key: ledgerKeys.referralReversal(payment.telegramPaymentChargeId),
      paymentId: payment.id,
      adminId,
      reason:
        shortfall > 0
          ? `referee's payment refunded; ${shortfall} kopecks already spent, written off`
          : `referee's payment refunded`,
    })
  if (adminId !== null)
    await recordAudit(tx, {
      adminId,
      action: AUDIT_ACTIONS.referralReverse,
      targetUserId: reward.userId,
      details: {
        paymentId: payment.id,
        rewardKopecks: reward.amountKopecks,
        reversedKopecks: reversed,
        shortfallKopecks: shortfall,
      },
    })
  return { referralReversedKopecks: reversed, referralShortfallKopecks: shortfall }
}

/**
 * The attempt's Telegram call failed without a verdict (network, 5xx, timeout) and
 * has ended: its lease is released so that the admin's retry starts a new attempt
 * at once (the payment stays requested and debited).
 */
export async function releasePaymentRefund(db: Db, input: { paymentId: string; attempt: string }): Promise<void> {
  await db.starsPayment.updateMany({
    where: { id: input.paymentId, refund: 'requested', refundAttempt: input.attempt },
    data: { refundLeaseUntil: null },
  })
}

/**
 * Telegram refused the refund for good: the debit is given back (an adjustment entry
 * tied to the payment) and the payment can be refunded again later. Only by the
 * attempt that owns the payment, and once: a payment no longer `requested`, or taken
 * over by a newer attempt, is left alone.
 */
export async function abortPaymentRefund(
  db: Db,
  input: { paymentId: string; attempt: string; adminId: bigint; reason: string },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const reverted = await tx.starsPayment.updateManyAndReturn({
      where: { id: input.paymentId, refund: 'requested', refundAttempt: input.attempt },
      data: { refund: 'none', refundLeaseUntil: null },
    })
    const payment = reverted[0]
    if (!payment) return false
    const attempts = await tx.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'topup_refund' } })
    await postOrThrow(tx, {
      userId: payment.userId,
      kind: 'adjust',
      amountKopecks: payment.kopecks,
      key: ledgerKeys.paymentRefundUndone(payment.telegramPaymentChargeId, attempts - 1),
      paymentId: payment.id,
      adminId: input.adminId,
      reason: `Stars refund refused by Telegram: ${input.reason}`.slice(0, 500),
    })
    const promoDebit = await tx.ledgerEntry.findUnique({
      where: { idempotencyKey: ledgerKeys.promoReversal(payment.telegramPaymentChargeId, attempts - 1) },
    })
    if (promoDebit && promoDebit.amountKopecks < 0)
      await postOrThrow(tx, {
        userId: payment.userId,
        kind: 'promo',
        amountKopecks: -promoDebit.amountKopecks,
        key: ledgerKeys.promoReversalUndone(payment.telegramPaymentChargeId, attempts - 1),
        paymentId: payment.id,
        adminId: input.adminId,
        reason: 'promo bonus back: the Stars refund was refused',
      })
    await recordAudit(tx, {
      adminId: input.adminId,
      action: AUDIT_ACTIONS.paymentRefundUndone,
      targetUserId: payment.userId,
      details: { paymentId: payment.id, reason: input.reason },
    })
    return true
  })
}
