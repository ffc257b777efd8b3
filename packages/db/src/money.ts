import { createHash, randomUUID } from 'node:crypto'
import type { Generation, GenerationStatus, Prisma, StarsPayment } from '../prisma-client'
import { inTransaction, isForeignKeyViolation, isUniqueViolation, type Db, type Tx } from './client'
import { MoneyError } from './errors'
import {
  ACTIVE_STATUSES,
  countActive,
  endWithoutResult,
  lockUnmeasured,
  openGeneration,
  readGeneration,
  recordMeasuredPrice,
  type EndedWithoutResult,
} from './generation-transitions'
import { AUDIT_ACTIONS, ledgerKeys } from './keys'
import { isAlreadyPosted, post, postOrThrow } from './ledger'
import { recordAudit } from './audit'
import { applyPendingPromo } from './promo'
import { inSqlTransaction } from './sql'

// Every money function, each ONE transaction that touches only the database: change the
// business row (a generation, a payment, an order...), then `post` (ledger.ts: the
// conditional balance update and the ledger entry under its idempotency key from keys.ts).
// A retried or duplicated call finds the key taken and changes nothing.

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

function assertAmount(kopecks: number): void {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) throw new MoneyError('invalid_amount', `invalid amount ${kopecks}`)
}

/** A reservation's first insert naming a user that does not exist (foreign key) fails as `user_not_found`. */
const unknownUser =
  (userId: bigint) =>
  (error: unknown): never => {
    throw isForeignKeyViolation(error) ? new MoneyError('user_not_found', `user ${userId} not found`) : error
  }

/** A duplicate: a unique key (generation id, payment charge id) or a ledger key taken before. */
const isDuplicate = (error: unknown) => isUniqueViolation(error) || isAlreadyPosted(error)

export interface ReserveInput {
  generationId: string
  userId: bigint
  chatId: bigint
  modelId: string
  params: Prisma.InputJsonValue
  price: PriceSnapshot
  deadlineAt: Date
  /** the message that becomes the generation's status message (the confirmation the user pressed) */
  statusMessageId?: number
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
 * Confirm: creates the generation (status queued), debits the price (never below zero)
 * with its charge entry, all or nothing. The user row lock taken by the debit serialises
 * concurrent confirms of one user, so the balance check and the active-generations limit
 * (counted after the lock, the new row included) hold under any concurrency.
 */
export async function reserveFunds(db: Db, input: ReserveInput): Promise<ReserveResult> {
  assertAmount(input.price.kopecks)
  try {
    return await inSqlTransaction(db, async (tx) => {
      const { generationId, price, maxActive, ...row } = input
      const generation = await openGeneration(tx, { id: generationId, price, ...row }).catch(unknownUser(input.userId))
      const balanceAfter = await postOrThrow(
        tx,
        {
          userId: input.userId,
          kind: 'charge',
          amountKopecks: -price.kopecks,
          key: ledgerKeys.charge(generationId),
          generationId,
        },
        { insufficient_funds: 'balance does not cover the price' },
      )
      if (maxActive !== undefined) {
        const others = (await countActive(tx, input.userId)) - 1
        if (others >= maxActive)
          throw new MoneyError('too_many_active_generations', `${others} generations in progress`)
      }
      return { generation, balanceAfter, duplicate: false }
    })
  } catch (error) {
    if (!isDuplicate(error)) throw error
    const generation = await db.generation.findUnique({ where: { id: input.generationId } })
    if (!generation) throw error
    const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } })
    return { generation, balanceAfter: user.balanceKopecks, duplicate: true }
  }
}

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
  let refunded: RefundResult | null
  try {
    refunded = await inSqlTransaction(db, async (tx) => {
      const generation = await endWithoutResult(tx, generationId, {
        status: input.status,
        fromStatuses: input.fromStatuses ?? ACTIVE_STATUSES,
        ...(input.failureCode !== undefined ? { failureCode: input.failureCode } : {}),
        ...(input.failureReason !== undefined ? { failureReason: input.failureReason } : {}),
      })
      if (!generation) return null
      const amount = generation.priceKopecks
      const balanceAfter = await postOrThrow(tx, {
        userId: generation.userId,
        kind: 'refund',
        amountKopecks: amount,
        key: ledgerKeys.refund(generationId),
        generationId,
        reason: input.failureCode ?? input.status,
      })
      return { refunded: true, amountKopecks: amount, balanceAfter, generation }
    })
  } catch (error) {
    if (!isDuplicate(error)) throw error
    refunded = null
  }
  // not refunded now (the row had left those statuses, or a concurrent call refunded it): the
  // status it is in, read after the transaction, which wrote nothing
  return refunded ?? { refunded: false, currentStatus: (await readGeneration(db, generationId))?.status ?? null }
}

/**
 * The user's Cancel: refunded once, and only while the row is queued (no create can be on its
 * way to Kie). The one definition (the status message's Cancel, /cancel of a comparison's parts).
 */
export function cancelQueuedGeneration(db: Db, generationId: string): Promise<RefundResult> {
  return refundGeneration(db, generationId, {
    status: 'cancelled',
    failureCode: 'cancelled_by_user',
    fromStatuses: ['queued'],
  })
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
export async function settleMeasuredPrice(
  db: Db,
  generationId: string,
  input: MeasuredPriceInput,
): Promise<MeasuredPriceResult> {
  assertAmount(input.kopecks)
  return inSqlTransaction(db, async (tx) => {
    const row = await lockUnmeasured(tx, generationId)
    if (!row) return { outcome: 'unchanged' }
    if (input.kopecks > row.priceKopecks) {
      await recordMeasuredPrice(tx, generationId, { measured: input.measured, kopecks: input.kopecks })
      return { outcome: 'higher', reservedKopecks: row.priceKopecks }
    }
    await recordMeasuredPrice(tx, generationId, {
      measured: input.measured,
      kopecks: input.kopecks,
      newPrice: { credits: input.credits },
    })
    const difference = row.priceKopecks - input.kopecks
    if (difference > 0)
      await postOrThrow(tx, {
        userId: row.userId,
        kind: 'refund',
        amountKopecks: difference,
        key: ledgerKeys.measuredRefund(generationId),
        generationId,
        reason: 'measured',
      })
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
  | {
      credited: true
      payment: StarsPayment
      balanceAfter: number
      referralRewardKopecks: number
      /** a pending percent promo code's bonus, credited with this top-up (included in balanceAfter) */
      promoBonusKopecks: number
    }
  | { credited: false; duplicate: true }

/**
 * successful_payment: credits the order's amount once per telegram_payment_charge_id
 * (a repeat is a no-op; an old invoice paid again is a new charge id and is
 * credited again), and pays the referral reward and a pending percent promo bonus in the same
 * transaction.
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
      const toppedUp = await postOrThrow(tx, {
        userId: input.userId,
        kind: 'topup',
        amountKopecks: order.kopecks,
        key: ledgerKeys.topup(input.telegramPaymentChargeId),
        paymentId: payment.id,
      })
      if (order.status === 'pending')
        await tx.topupOrder.update({ where: { id: order.id }, data: { status: 'paid', paidAt: new Date() } })
      const referralRewardKopecks = await payReferralReward(tx, input, order.kopecks, payment.id)
      const promoBonusKopecks = await applyPendingPromo(tx, payment)
      const balanceAfter = toppedUp + promoBonusKopecks
      return { credited: true, payment, balanceAfter, referralRewardKopecks, promoBonusKopecks }
    })
  } catch (error) {
    // a duplicate only when this charge id is recorded (an earlier or concurrent delivery of the
    // payment won): any other unique key or ledger key tripping inside is a fault, never a silent drop
    if (isDuplicate(error) && (await chargeRecorded(db, input.telegramPaymentChargeId)))
      return { credited: false, duplicate: true }
    throw error
  }
}

/** The payment of this charge id, with its top-up entry, is in the database. */
async function chargeRecorded(db: Db, chargeId: string): Promise<boolean> {
  const [payment, topup] = await Promise.all([
    db.starsPayment.findUnique({ where: { telegramPaymentChargeId: chargeId }, select: { id: true } }),
    db.ledgerEntry.findUnique({ where: { idempotencyKey: ledgerKeys.topup(chargeId) }, select: { id: true } }),
  ])
  return payment !== null && topup !== null
}

async function payReferralReward(
  tx: Tx,
  input: StarsPaymentInput,
  kopecks: number,
  paymentId: string,
): Promise<number> {
  const percent = input.referralPercent ?? 0
  if (percent <= 0) return 0
  const referee = await tx.user.findUniqueOrThrow({ where: { id: input.userId } })
  if (referee.referrerId === null || !referee.referralUntil || referee.referralUntil <= new Date()) return 0
  const reward = Math.floor((kopecks * Math.round(percent * 100)) / 10_000)
  if (reward <= 0) return 0
  await postOrThrow(tx, {
    userId: referee.referrerId,
    kind: 'referral',
    amountKopecks: reward,
    key: ledgerKeys.referral(input.telegramPaymentChargeId),
    paymentId,
    reason: `referee ${input.userId}`,
  })
  return reward
}

export interface AdjustInput {
  adminId: bigint
  userId: bigint
  /** signed: > 0 credits, < 0 debits (never below zero) */
  amountKopecks: number
  reason: string
  /** one per admin action (`adminActionKey(adminId, updateId)`), so a repeated submit changes nothing */
  idempotencyKey: string
}

export type AdjustResult = { applied: true; balanceAfter: number } | { applied: false; duplicate: true }

/** Admin balance adjustment with a mandatory reason, audited in the same transaction. */
export async function adjustBalance(db: Db, input: AdjustInput): Promise<AdjustResult> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks === 0)
    throw new MoneyError('invalid_amount', 'amount must be a non-zero whole number of kopecks')
  const reason = input.reason.trim()
  if (!reason) throw new MoneyError('reason_required', 'an adjustment needs a reason')
  const key = ledgerKeys.adjust(input.idempotencyKey)
  try {
    return await inTransaction(db, async (tx) => {
      const balanceAfter = await postOrThrow(
        tx,
        {
          userId: input.userId,
          kind: 'adjust',
          amountKopecks: input.amountKopecks,
          key,
          adminId: input.adminId,
          reason,
        },
        { insufficient_funds: 'the debit would take the balance below zero' },
      )
      await recordAudit(tx, {
        adminId: input.adminId,
        action: AUDIT_ACTIONS.balanceAdjust,
        targetUserId: input.userId,
        details: { amountKopecks: input.amountKopecks, reason, balanceAfter, idempotencyKey: key },
      })
      return { applied: true, balanceAfter }
    })
  } catch (error) {
    if (isDuplicate(error)) return { applied: false, duplicate: true }
    throw error
  }
}

export interface BonusInput {
  userId: bigint
  kind: 'bonus' | 'referral'
  amountKopecks: number
  /** e.g. `ledgerKeys.welcome(userId)`: once per key, ever */
  idempotencyKey: string
  reason: string
}

/** A one-time credit (welcome bonus and the like). Returns false when already granted. */
export async function grantOnce(db: Db, input: BonusInput): Promise<boolean> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks <= 0)
    throw new MoneyError('invalid_amount', 'a bonus must be a positive whole number of kopecks')
  try {
    const result = await inSqlTransaction(db, (tx) =>
      post(tx, {
        userId: input.userId,
        kind: input.kind,
        amountKopecks: input.amountKopecks,
        key: input.idempotencyKey,
        reason: input.reason,
      }),
    )
    if (result.ok) return true
    if (result.error === 'already_posted') return false
    throw new MoneyError(result.error, `user ${input.userId} not found`)
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
  return rows.map((r) => ({
    userId: r.user_id,
    balanceKopecks: r.balance_kopecks,
    ledgerSumKopecks: Number(r.ledger_sum),
  }))
}

export interface ReserveGroupPart {
  modelId: string
  params: Prisma.InputJsonValue
  price: PriceSnapshot
  deadlineAt: Date
}

export interface ReserveGroupInput {
  /** fixed when the comparison is opened, so a repeated Confirm reserves it once */
  groupId: string
  userId: bigint
  chatId: bigint
  prompt: string
  output: string
  parts: ReserveGroupPart[]
  /** refuse when the user already has this many units in progress (a comparison is one) */
  maxActive?: number
}

export interface ReserveGroupResult {
  parts: Generation[]
  balanceAfter: number
  /** the same group was reserved before: nothing charged this time */
  duplicate: boolean
}

/** The most parts one comparison may have. */
export const MAX_COMPARE_PARTS = 4

/**
 * The generation id of a comparison's part: derived from the group id and the part's place,
 * so every part's charge key (`ledgerKeys.charge`) is fixed by the group id.
 */
export function comparePartId(groupId: string, index: number): string {
  const hex = createHash('sha256').update(`compare:${groupId}:${index}`).digest('hex')
  // an RFC 4122 version 5 layout (name-based), so it reads as any other uuid
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * Confirm of a comparison: the group row, then every part as its own generation (queued) with
 * its own charge entry, all in ONE transaction: all parts reserved, or none. The user row lock
 * taken by the first debit serialises concurrent confirms, so the balance check covers the
 * total and the active limit (a comparison counts as one unit) holds under any concurrency.
 */
export async function reserveGroup(db: Db, input: ReserveGroupInput): Promise<ReserveGroupResult> {
  if (input.parts.length < 2 || input.parts.length > MAX_COMPARE_PARTS)
    throw new MoneyError('invalid_amount', `a comparison has 2-${MAX_COMPARE_PARTS} parts, not ${input.parts.length}`)
  for (const part of input.parts) assertAmount(part.price.kopecks)
  try {
    return await inSqlTransaction(db, async (tx) => {
      await tx.$queryRaw`
        INSERT INTO compare_groups (id, user_id, chat_id, prompt, output, created_at)
        VALUES (${input.groupId}::uuid, ${input.userId}::bigint, ${input.chatId}::bigint, ${input.prompt}::text,
          ${input.output}::text, statement_timestamp() AT TIME ZONE 'UTC')
        RETURNING id`.catch(unknownUser(input.userId))
      const parts: Generation[] = []
      let balanceAfter = 0
      for (const [index, part] of input.parts.entries()) {
        const generationId = comparePartId(input.groupId, index)
        parts.push(
          await openGeneration(tx, {
            id: generationId,
            userId: input.userId,
            chatId: input.chatId,
            modelId: part.modelId,
            params: part.params,
            price: part.price,
            deadlineAt: part.deadlineAt,
            groupId: input.groupId,
          }),
        )
        balanceAfter = await postOrThrow(
          tx,
          {
            userId: input.userId,
            kind: 'charge',
            amountKopecks: -part.price.kopecks,
            key: ledgerKeys.charge(generationId),
            generationId,
          },
          { insufficient_funds: 'balance does not cover the comparison' },
        )
      }
      if (input.maxActive !== undefined) {
        const others = (await countActive(tx, input.userId)) - 1
        if (others >= input.maxActive)
          throw new MoneyError('too_many_active_generations', `${others} generations in progress`)
      }
      return { parts, balanceAfter, duplicate: false }
    })
  } catch (error) {
    if (!isDuplicate(error)) throw error
    const parts = await db.generation.findMany({ where: { groupId: input.groupId }, orderBy: { id: 'asc' } })
    if (parts.length === 0) throw error
    const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } })
    return { parts, balanceAfter: user.balanceKopecks, duplicate: true }
  }
}
