import type { StarsPayment } from '../prisma-client'
import { inTransaction, type Db } from './client'
import { MoneyError } from './errors'

// Refunding a Stars payment (admin): the rubles it credited are debited once, then
// Telegram's refundStarPayment is called (retried until it succeeds or says
// CHARGE_ALREADY_REFUNDED), then the payment is marked refunded. The debit comes
// first so that a user cannot spend money whose Stars are on their way back. When
// Telegram refuses for good, the attempt is undone (money back, payment refundable
// again); each attempt has its own ledger keys.

export const paymentRefundKey = (chargeId: string, attempt = 0) => `topup-refund:${chargeId}${attempt > 0 ? `:${attempt}` : ''}`

export type BeginRefundResult =
  | { ready: true; payment: StarsPayment; debited: boolean; balanceAfter: number }
  | { ready: false; reason: 'not_found' | 'already_refunded' }

/**
 * Debits the payment's rubles (never below zero: `insufficient_funds` when the
 * user has spent them) and marks the refund requested, in one transaction with the
 * audit entry. A refund already requested is ready again without a second debit.
 */
export async function beginPaymentRefund(db: Db, input: { paymentId: string; adminId: bigint }): Promise<BeginRefundResult> {
  return inTransaction(db, async (tx) => {
    // The row lock serialises two admins (or two presses) refunding the same payment.
    await tx.$queryRaw`SELECT id FROM stars_payments WHERE id = ${input.paymentId}::uuid FOR UPDATE`
    const payment = await tx.starsPayment.findUnique({ where: { id: input.paymentId } })
    if (!payment) return { ready: false, reason: 'not_found' }
    if (payment.refund === 'refunded') return { ready: false, reason: 'already_refunded' }
    if (payment.refund === 'requested') {
      const user = await tx.user.findUniqueOrThrow({ where: { id: payment.userId } })
      return { ready: true, payment, debited: false, balanceAfter: user.balanceKopecks }
    }
    const rows = await tx.$queryRaw<{ balance_kopecks: number }[]>`
      UPDATE users SET balance_kopecks = balance_kopecks - ${payment.kopecks}
      WHERE id = ${payment.userId} AND balance_kopecks >= ${payment.kopecks}
      RETURNING balance_kopecks`
    const balanceAfter = rows[0]?.balance_kopecks
    if (balanceAfter === undefined) throw new MoneyError('insufficient_funds', 'the user has already spent the money of this payment')
    await tx.ledgerEntry.create({
      data: {
        userId: payment.userId,
        kind: 'topup_refund',
        amountKopecks: -payment.kopecks,
        balanceAfter,
        idempotencyKey: paymentRefundKey(payment.telegramPaymentChargeId, await tx.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'topup_refund' } })),
        paymentId: payment.id,
        adminId: input.adminId,
        reason: 'Stars payment refunded',
      },
    })
    const updated = await tx.starsPayment.update({ where: { id: payment.id }, data: { refund: 'requested' } })
    await tx.adminAuditLog.create({
      data: { adminId: input.adminId, action: 'payment.refund', targetUserId: payment.userId, details: { paymentId: payment.id, chargeId: payment.telegramPaymentChargeId, kopecks: payment.kopecks, stars: payment.stars } },
    })
    return { ready: true, payment: updated, debited: true, balanceAfter }
  })
}

/** Telegram confirmed the refund (or said it was already done). */
export async function finishPaymentRefund(db: Db, paymentId: string): Promise<void> {
  await db.starsPayment.updateMany({ where: { id: paymentId, refund: 'requested' }, data: { refund: 'refunded', refundedAt: new Date() } })
}

/**
 * Telegram refused the refund for good: the debit is given back (an adjustment entry
 * tied to the payment) and the payment can be refunded again later. Once only: a
 * payment no longer `requested` is left alone.
 */
export async function abortPaymentRefund(db: Db, input: { paymentId: string; adminId: bigint; reason: string }): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const reverted = await tx.starsPayment.updateManyAndReturn({ where: { id: input.paymentId, refund: 'requested' }, data: { refund: 'none' } })
    const payment = reverted[0]
    if (!payment) return false
    const attempts = await tx.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'topup_refund' } })
    const rows = await tx.$queryRaw<{ balance_kopecks: number }[]>`
      UPDATE users SET balance_kopecks = balance_kopecks + ${payment.kopecks} WHERE id = ${payment.userId} RETURNING balance_kopecks`
    await tx.ledgerEntry.create({
      data: {
        userId: payment.userId,
        kind: 'adjust',
        amountKopecks: payment.kopecks,
        balanceAfter: rows[0]!.balance_kopecks,
        idempotencyKey: `${paymentRefundKey(payment.telegramPaymentChargeId, attempts - 1)}:undone`,
        paymentId: payment.id,
        adminId: input.adminId,
        reason: `Stars refund refused by Telegram: ${input.reason}`.slice(0, 500),
      },
    })
    await tx.adminAuditLog.create({ data: { adminId: input.adminId, action: 'payment.refund_undone', targetUserId: payment.userId, details: { paymentId: payment.id, reason: input.reason } } })
    return true
  })
}
