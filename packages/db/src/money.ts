import { randomUUID } from 'node:crypto'
import type { Generation, GenerationStatus, Prisma, StarsPayment } from '../prisma-client'
import { inTransaction, isUniqueViolation, type Db, type Tx } from './client'
import { MoneyError } from './errors'

// Every balance change happens here, each in ONE transaction that touches only the
// database: a conditional update of the cached balance (never below zero, also a
// CHECK) plus one ledger entry under a unique idempotency key. A retried or
// duplicated call finds the key taken and changes nothing.

/** What was quoted and is charged, stored with the generation. */
export interface PriceSnapshot {
  credits: number
  usdPerCredit: number
  fxRubPerUsd: number
  markup: number
  kopecks: number
  /** an admin's fixed price: `kopecks` does not follow the parameters */
  fixed?: boolean
}

export const ledgerKeys = {
  charge: (generationId: string) => `gen:${generationId}:charge`,
  refund: (generationId: string) => `gen:${generationId}:refund`,
  /** the part of the charge given back when the measured files cost less than reserved */
  measuredRefund: (generationId: string) => `gen:${generationId}:measured-refund`,
  topup: (chargeId: string) => `topup:${chargeId}`,
  referral: (chargeId: string) => `referral:${chargeId}`,
  /** the referral reward of a payment taken back when the payment is refunded */
  referralReversal: (chargeId: string) => `referral:${chargeId}:reversed`,
}

/** Active = holding reserved money and a concurrency slot. */
export const ACTIVE_STATUSES: GenerationStatus[] = ['queued', 'running']

async function debit(tx: Tx, userId: bigint, kopecks: number): Promise<number | null> {
  const rows = await tx.$queryRaw<{ balance_kopecks: number }[]>`
    UPDATE users SET balance_kopecks = balance_kopecks - ${kopecks}
    WHERE id = ${userId} AND balance_kopecks >= ${kopecks}
    RETURNING balance_kopecks`
  return rows[0]?.balance_kopecks ?? null
}

async function credit(tx: Tx, userId: bigint, kopecks: number): Promise<number> {
  const rows = await tx.$queryRaw<{ balance_kopecks: number }[]>`
    UPDATE users SET balance_kopecks = balance_kopecks + ${kopecks}
    WHERE id = ${userId}
    RETURNING balance_kopecks`
  const balance = rows[0]?.balance_kopecks
  if (balance === undefined) throw new MoneyError('user_not_found', `user ${userId} not found`)
  return balance
}

function assertAmount(kopecks: number): void {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) throw new MoneyError('invalid_amount', `invalid amount ${kopecks}`)
}

export interface ReserveInput {
  generationId: string
  userId: bigint
  chatId: bigint
  modelId: string
  params: Prisma.InputJsonValue
  price: PriceSnapshot
  deadlineAt: Date
  /** refuse when the user already has this many queued or running generations */
  maxActive?: number
}

export interface ReserveResult {
  generation: Generation
  balanceAfter: number
  /** the same generation id was reserved before: nothing charged this time */
  duplicate: boolean
}

/**
 * Confirm: debits the price (never below zero), appends the charge entry and
 * creates the generation (status queued), all or nothing. The user row lock taken
 * by the debit serialises concurrent confirms of one user, so the balance check
 * and the active-generations limit hold under any concurrency.
 */
export async function reserveFunds(db: Db, input: ReserveInput): Promise<ReserveResult> {
  assertAmount(input.price.kopecks)
  try {
    return await inTransaction(db, async (tx) => {
      const balanceAfter = await debit(tx, input.userId, input.price.kopecks)
      if (balanceAfter === null) {
        const exists = await tx.user.count({ where: { id: input.userId } })
        throw exists
          ? new MoneyError('insufficient_funds', 'balance does not cover the price')
          : new MoneyError('user_not_found', `user ${input.userId} not found`)
      }
      if (input.maxActive !== undefined) {
        const active = await tx.generation.count({ where: { userId: input.userId, status: { in: ACTIVE_STATUSES } } })
        if (active >= input.maxActive) throw new MoneyError('too_many_active_generations', `${active} generations in progress`)
      }
      const generation = await tx.generation.create({
        data: {
          id: input.generationId,
          userId: input.userId,
          chatId: input.chatId,
          modelId: input.modelId,
          params: input.params,
          priceCredits: input.price.credits.toFixed(3),
          usdPerCredit: input.price.usdPerCredit.toFixed(6),
          fxRate: input.price.fxRubPerUsd.toFixed(4),
          markup: input.price.markup.toFixed(3),
          priceKopecks: input.price.kopecks,
          priceFixed: input.price.fixed ?? false,
          deadlineAt: input.deadlineAt,
        },
      })
      if (input.price.kopecks > 0) {
        await tx.ledgerEntry.create({
          data: {
            userId: input.userId,
            kind: 'charge',
            amountKopecks: -input.price.kopecks,
            balanceAfter,
            idempotencyKey: ledgerKeys.charge(input.generationId),
            generationId: input.generationId,
          },
        })
      }
      return { generation, balanceAfter, duplicate: false }
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const generation = await db.generation.findUnique({ where: { id: input.generationId } })
    if (!generation) throw error
    const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } })
    return { generation, balanceAfter: user.balanceKopecks, duplicate: true }
  }
}

export type EndedWithoutResult = Extract<GenerationStatus, 'failed' | 'cancelled' | 'timed_out'>

export interface RefundInput {
  status: EndedWithoutResult
  failureCode?: string
  failureReason?: string
  /** refund only from these statuses (default: queued or running); cancel uses ['queued'] */
  fromStatuses?: GenerationStatus[]
}

export type RefundResult =
  | { refunded: true; amountKopecks: number; balanceAfter: number; generation: Generation }
  | { refunded: false; currentStatus: GenerationStatus | null }

/**
 * Ends a generation without a result and gives the money back exactly once. The
 * status transition is a compare-and-set, and the ledger key is unique, so a
 * repeated or concurrent call refunds nothing more.
 */
export async function refundGeneration(db: Db, generationId: string, input: RefundInput): Promise<RefundResult> {
  const from = input.fromStatuses ?? ACTIVE_STATUSES
  try {
    return await inTransaction(db, async (tx) => {
      const ended = await tx.generation.updateManyAndReturn({
        where: { id: generationId, status: { in: from } },
        data: {
          status: input.status,
          step: 'done',
          failureCode: input.failureCode ?? null,
          failureReason: input.failureReason ?? null,
          completedAt: new Date(),
        },
      })
      const generation = ended[0]
      if (!generation) {
        const current = await tx.generation.findUnique({ where: { id: generationId }, select: { status: true } })
        return { refunded: false, currentStatus: current?.status ?? null }
      }
      const amount = generation.priceKopecks
      let balanceAfter: number
      if (amount > 0) {
        balanceAfter = await credit(tx, generation.userId, amount)
        await tx.ledgerEntry.create({
          data: {
            userId: generation.userId,
            kind: 'refund',
            amountKopecks: amount,
            balanceAfter,
            idempotencyKey: ledgerKeys.refund(generationId),
            generationId,
            reason: input.failureCode ?? input.status,
          },
        })
      } else {
        balanceAfter = (await tx.user.findUniqueOrThrow({ where: { id: generation.userId } })).balanceKopecks
      }
      return { refunded: true, amountKopecks: amount, balanceAfter, generation }
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const current = await db.generation.findUnique({ where: { id: generationId }, select: { status: true } })
    return { refunded: false, currentStatus: current?.status ?? null }
  }
}

export interface MeasuredPriceInput {
  /** what was measured in the user's files, by field key (e.g. video_seconds: 60) */
  measured: Record<string, number>
  /** the price of the files as they really are, priced with the generation's own snapshot */
  credits: number
  kopecks: number
}

export type MeasuredPriceResult =
  /** the true price is not above the reserved one: it is now the generation's price */
  | { outcome: 'settled'; refundedKopecks: number }
  /** the true price is above the reserved one: recorded, nothing charged; the caller ends the generation */
  | { outcome: 'higher'; reservedKopecks: number }
  /** the generation was measured before, or is no longer queued: nothing changed */
  | { outcome: 'unchanged' }

/**
 * The worker measured the user's files before paying Kie. At or below what was reserved,
 * the generation's price becomes the true one and the difference is refunded in the same
 * transaction; above it, the measurement and its price are recorded and nothing more is
 * charged (the caller refunds the generation and offers a Confirm at the true price). Once
 * per generation: `measured_at` is a compare-and-set and the refund key is unique.
 */
export async function settleMeasuredPrice(db: Db, generationId: string, input: MeasuredPriceInput): Promise<MeasuredPriceResult> {
  assertAmount(input.kopecks)
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<{ user_id: bigint; price_kopecks: number }[]>`
      SELECT user_id, price_kopecks FROM generations
      WHERE id = ${generationId}::uuid AND status = 'queued' AND measured_at IS NULL
      FOR UPDATE`
    const row = rows[0]
    if (!row) return { outcome: 'unchanged' }
    const measured = { measured: input.measured, measuredAt: new Date(), measuredPriceKopecks: input.kopecks }
    if (input.kopecks > row.price_kopecks) {
      await tx.generation.update({ where: { id: generationId }, data: measured })
      return { outcome: 'higher', reservedKopecks: row.price_kopecks }
    }
    await tx.generation.update({
      where: { id: generationId },
      data: { ...measured, priceKopecks: input.kopecks, priceCredits: input.credits.toFixed(3) },
    })
    const difference = row.price_kopecks - input.kopecks
    if (difference > 0) {
      const balanceAfter = await credit(tx, row.user_id, difference)
      await tx.ledgerEntry.create({
        data: {
          userId: row.user_id,
          kind: 'refund',
          amountKopecks: difference,
          balanceAfter,
          idempotencyKey: ledgerKeys.measuredRefund(generationId),
          generationId,
          reason: 'measured',
        },
      })
    }
    return { outcome: 'settled', refundedKopecks: difference }
  })
}

export interface StarsPaymentInput {
  telegramPaymentChargeId: string
  providerPaymentChargeId?: string | null
  userId: bigint
  /** the invoice payload: our TopupOrder id */
  orderId: string
  currency: string
  totalAmount: number
  /** percent of the top-up paid to the referrer while the referral window is open */
  referralPercent?: number
}

export type StarsPaymentResult =
  | { credited: true; payment: StarsPayment; balanceAfter: number; referralRewardKopecks: number }
  | { credited: false; duplicate: true }

/**
 * successful_payment: credits the order's amount once per telegram_payment_charge_id
 * (a repeat is a no-op; an old invoice paid again is a new charge id and is
 * credited again), and pays the referral reward in the same transaction.
 */
export async function creditStarsPayment(db: Db, input: StarsPaymentInput): Promise<StarsPaymentResult> {
  if (await db.starsPayment.findUnique({ where: { telegramPaymentChargeId: input.telegramPaymentChargeId } }))
    return { credited: false, duplicate: true }
  try {
    return await inTransaction(db, async (tx) => {
      const order = await tx.topupOrder.findUnique({ where: { id: input.orderId } })
      if (!order) throw new MoneyError('order_not_found', `order ${input.orderId} not found`)
      if (order.userId !== input.userId || input.currency !== 'XTR' || input.totalAmount !== order.stars)
        throw new MoneyError(
          'payment_mismatch',
          `payment ${input.totalAmount} ${input.currency} by ${input.userId} does not match order ${order.id} (${order.stars} XTR by ${order.userId})`,
        )
      const payment = await tx.starsPayment.create({
        data: {
          id: randomUUID(),
          telegramPaymentChargeId: input.telegramPaymentChargeId,
          providerPaymentChargeId: input.providerPaymentChargeId ?? null,
          userId: input.userId,
          orderId: order.id,
          stars: input.totalAmount,
          kopecks: order.kopecks,
        },
      })
      const balanceAfter = await credit(tx, input.userId, order.kopecks)
      await tx.ledgerEntry.create({
        data: {
          userId: input.userId,
          kind: 'topup',
          amountKopecks: order.kopecks,
          balanceAfter,
          idempotencyKey: ledgerKeys.topup(input.telegramPaymentChargeId),
          paymentId: payment.id,
        },
      })
      if (order.status === 'pending')
        await tx.topupOrder.update({ where: { id: order.id }, data: { status: 'paid', paidAt: new Date() } })
      const referralRewardKopecks = await payReferralReward(tx, input, order.kopecks, payment.id)
      return { credited: true, payment, balanceAfter, referralRewardKopecks }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { credited: false, duplicate: true }
    throw error
  }
}

async function payReferralReward(tx: Tx, input: StarsPaymentInput, kopecks: number, paymentId: string): Promise<number> {
  const percent = input.referralPercent ?? 0
  if (percent <= 0) return 0
  const referee = await tx.user.findUniqueOrThrow({ where: { id: input.userId } })
  if (referee.referrerId === null || !referee.referralUntil || referee.referralUntil <= new Date()) return 0
  const reward = Math.floor((kopecks * Math.round(percent * 100)) / 10_000)
  if (reward <= 0) return 0
  const balanceAfter = await credit(tx, referee.referrerId, reward)
  await tx.ledgerEntry.create({
    data: {
      userId: referee.referrerId,
      kind: 'referral',
      amountKopecks: reward,
      balanceAfter,
      idempotencyKey: ledgerKeys.referral(input.telegramPaymentChargeId),
      paymentId,
      reason: `referee ${input.userId}`,
    },
  })
  return reward
}

export interface AdjustInput {
  adminId: bigint
  userId: bigint
  /** signed: > 0 credits, < 0 debits (never below zero) */
  amountKopecks: number
  reason: string
  /** one per admin action, so a repeated submit changes nothing */
  idempotencyKey: string
}

export type AdjustResult = { applied: true; balanceAfter: number } | { applied: false; duplicate: true }

/** Admin balance adjustment with a mandatory reason, audited in the same transaction. */
export async function adjustBalance(db: Db, input: AdjustInput): Promise<AdjustResult> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks === 0)
    throw new MoneyError('invalid_amount', 'amount must be a non-zero whole number of kopecks')
  const reason = input.reason.trim()
  if (!reason) throw new MoneyError('reason_required', 'an adjustment needs a reason')
  const key = `adjust:${input.idempotencyKey}`
  try {
    return await inTransaction(db, async (tx) => {
      let balanceAfter: number
      if (input.amountKopecks > 0) {
        balanceAfter = await credit(tx, input.userId, input.amountKopecks)
      } else {
        const after = await debit(tx, input.userId, -input.amountKopecks)
        if (after === null) {
          const exists = await tx.user.count({ where: { id: input.userId } })
          throw exists
            ? new MoneyError('insufficient_funds', 'the debit would take the balance below zero')
            : new MoneyError('user_not_found', `user ${input.userId} not found`)
        }
        balanceAfter = after
      }
      await tx.ledgerEntry.create({
        data: {
          userId: input.userId,
          kind: 'adjust',
          amountKopecks: input.amountKopecks,
          balanceAfter,
          idempotencyKey: key,
          adminId: input.adminId,
          reason,
        },
      })
      await tx.adminAuditLog.create({
        data: {
          adminId: input.adminId,
          action: 'balance.adjust',
          targetUserId: input.userId,
          details: { amountKopecks: input.amountKopecks, reason, balanceAfter, idempotencyKey: key },
        },
      })
      return { applied: true, balanceAfter }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { applied: false, duplicate: true }
    throw error
  }
}

export interface BonusInput {
  userId: bigint
  kind: 'bonus' | 'referral'
  amountKopecks: number
  /** e.g. welcome:<user id>: once per key, ever */
  idempotencyKey: string
  reason: string
}

/** A one-time credit (welcome bonus and the like). Returns false when already granted. */
export async function grantOnce(db: Db, input: BonusInput): Promise<boolean> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks <= 0)
    throw new MoneyError('invalid_amount', 'a bonus must be a positive whole number of kopecks')
  try {
    await inTransaction(db, async (tx) => {
      const balanceAfter = await credit(tx, input.userId, input.amountKopecks)
      await tx.ledgerEntry.create({
        data: {
          userId: input.userId,
          kind: input.kind,
          amountKopecks: input.amountKopecks,
          balanceAfter,
          idempotencyKey: input.idempotencyKey,
          reason: input.reason,
        },
      })
    })
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

export interface BalanceMismatch {
  userId: bigint
  balanceKopecks: number
  ledgerSumKopecks: number
}

/** Users whose cached balance differs from the sum of their ledger entries (should be none). */
export async function findBalanceMismatches(db: Db): Promise<BalanceMismatch[]> {
  const rows = await db.$queryRaw<{ user_id: bigint; balance_kopecks: number; ledger_sum: bigint }[]>`
    SELECT u.id AS user_id, u.balance_kopecks, COALESCE(SUM(l.amount_kopecks), 0)::bigint AS ledger_sum
    FROM users u LEFT JOIN ledger_entries l ON l.user_id = u.id
    GROUP BY u.id, u.balance_kopecks
    HAVING u.balance_kopecks <> COALESCE(SUM(l.amount_kopecks), 0)`
  return rows.map((r) => ({ userId: r.user_id, balanceKopecks: r.balance_kopecks, ledgerSumKopecks: Number(r.ledger_sum) }))
}
