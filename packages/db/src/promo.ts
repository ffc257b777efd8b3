import { randomUUID } from 'node:crypto'
import type { PromoCode, PromoRedemption, StarsPayment } from '../prisma-client'
import { inTransaction, isUniqueViolation, type Db, type Tx } from './client'
import { recordAudit } from './audit'
import { AUDIT_ACTIONS, ledgerKeys } from './keys'
import { isAlreadyPosted, postOrThrow } from './ledger'

// Promo codes. An admin creates a code (audited); a user redeems it once. A fixed code is
// "count the use + the redemption row + post" in one transaction; a percent code leaves a
// pending redemption (one per user) that the next credited Stars payment applies, in the
// payment's own transaction, as a ledger entry of its own; a refund of that payment takes
// the bonus back with the top-up (payment-refunds.ts). The use is counted by a conditional
// UPDATE (uses < max_uses, not expired, not disabled): "used up" holds under any
// concurrency, and the unique (code, user) and the ledger key make a second redemption of
// one user, concurrent or retried, change nothing.

/** The grammar of a code, after trimming and upper-casing what was typed. */
export const PROMO_CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/
/** Bounds of what an admin may create. */
export const PROMO_LIMITS = {
  /** a fixed code credits at most this */
  maxFixedKopecks: 1_000_000,
  /** a percent code's bonus is capped by at most this */
  maxCapKopecks: 1_000_000,
  maxUses: 1_000_000,
  maxDays: 366,
} as const
export const PROMO_PAGE_SIZE = 8
export const PROMO_REDEMPTIONS_SHOWN = 10

/** What was typed as a code, normalised; undefined when it cannot be one. */
export function normalizePromoCode(typed: string): string | undefined {
  const code = typed.trim().toUpperCase()
  return PROMO_CODE_PATTERN.test(code) ? code : undefined
}

export type PromoSpec =
  { kind: 'fixed'; amountKopecks: number } | { kind: 'percent'; percent: number; capKopecks: number }

export interface CreatePromoInput {
  adminId: bigint
  code: string
  spec: PromoSpec
  maxUses: number
  expiresAt: Date
  newUsersOnly: boolean
}

export type PromoInputError =
  'bad_code' | 'bad_amount' | 'bad_percent' | 'bad_cap' | 'bad_uses' | 'bad_expiry' | 'code_taken'

export type CreatePromoResult = { ok: true; promo: PromoCode } | { ok: false; error: PromoInputError }

const isInt = (n: number, min: number, max: number) => Number.isSafeInteger(n) && n >= min && n <= max

/** Checks the bounds (the same as the table's CHECKs, plus ours), then creates the code and its audit entry. */
export async function createPromoCode(db: Db, input: CreatePromoInput): Promise<CreatePromoResult> {
  const code = normalizePromoCode(input.code)
  if (!code) return { ok: false, error: 'bad_code' }
  const { spec } = input
  if (spec.kind === 'fixed' && !isInt(spec.amountKopecks, 1, PROMO_LIMITS.maxFixedKopecks))
    return { ok: false, error: 'bad_amount' }
  if (spec.kind === 'percent') {
    if (!isInt(spec.percent, 1, 100)) return { ok: false, error: 'bad_percent' }
    if (!isInt(spec.capKopecks, 1, PROMO_LIMITS.maxCapKopecks)) return { ok: false, error: 'bad_cap' }
  }
  if (!isInt(input.maxUses, 1, PROMO_LIMITS.maxUses)) return { ok: false, error: 'bad_uses' }
  const now = Date.now()
  const expires = input.expiresAt.getTime()
  if (!Number.isFinite(expires) || expires <= now || expires > now + PROMO_LIMITS.maxDays * 86_400_000)
    return { ok: false, error: 'bad_expiry' }
  try {
    const promo = await inTransaction(db, async (tx) => {
      const created = await tx.promoCode.create({
        data: {
          id: randomUUID(),
          code,
          kind: spec.kind,
          amountKopecks: spec.kind === 'fixed' ? spec.amountKopecks : null,
          percent: spec.kind === 'percent' ? spec.percent : null,
          capKopecks: spec.kind === 'percent' ? spec.capKopecks : null,
          maxUses: input.maxUses,
          expiresAt: input.expiresAt,
          newUsersOnly: input.newUsersOnly,
          createdBy: input.adminId,
        },
      })
      await recordAudit(tx, {
        adminId: input.adminId,
        action: AUDIT_ACTIONS.promoCreate,
        details: {
          promoId: created.id,
          code,
          ...spec,
          maxUses: input.maxUses,
          expiresAt: input.expiresAt.toISOString(),
          newUsersOnly: input.newUsersOnly,
        },
      })
      return created
    })
    return { ok: true, promo }
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: 'code_taken' }
    throw error
  }
}

/** Disables a code for new redemptions (pending bonuses stay owed); audited once. False when it was already off. */
export async function disablePromoCode(db: Db, input: { adminId: bigint; promoId: string }): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const done = await tx.promoCode.updateManyAndReturn({
      where: { id: input.promoId, disabledAt: null },
      data: { disabledAt: new Date() },
    })
    const promo = done[0]
    if (!promo) return false
    await recordAudit(tx, {
      adminId: input.adminId,
      action: AUDIT_ACTIONS.promoDisable,
      details: { promoId: promo.id, code: promo.code, uses: promo.uses },
    })
    return true
  })
}

/** One page of codes, newest first, and whether another follows. */
export async function listPromoCodes(db: Db, page: number): Promise<{ codes: PromoCode[]; more: boolean }> {
  const rows = await db.promoCode.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    skip: Math.max(0, Math.floor(page)) * PROMO_PAGE_SIZE,
    take: PROMO_PAGE_SIZE + 1,
  })
  return { codes: rows.slice(0, PROMO_PAGE_SIZE), more: rows.length > PROMO_PAGE_SIZE }
}

export interface PromoDetails {
  promo: PromoCode
  /** redemptions by status */
  counts: Record<PromoRedemption['status'], number>
  creditedKopecks: number
  /** the latest ones (PROMO_REDEMPTIONS_SHOWN) */
  latest: PromoRedemption[]
}

export async function promoDetails(db: Db, promoId: string): Promise<PromoDetails | null> {
  const promo = await db.promoCode.findUnique({ where: { id: promoId } })
  if (!promo) return null
  const groups = await db.promoRedemption.groupBy({
    by: ['status'],
    where: { codeId: promoId },
    _count: { _all: true },
    _sum: { creditedKopecks: true },
  })
  const counts = { credited: 0, pending: 0, applied: 0, reversed: 0 }
  let creditedKopecks = 0
  for (const g of groups) {
    counts[g.status] = g._count._all
    if (g.status === 'credited' || g.status === 'applied') creditedKopecks += g._sum.creditedKopecks ?? 0
  }
  const latest = await db.promoRedemption.findMany({
    where: { codeId: promoId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: PROMO_REDEMPTIONS_SHOWN,
  })
  return { promo, counts, creditedKopecks, latest }
}

export type RedeemRefusal =
  | 'unknown'
  | 'disabled'
  | 'expired'
  | 'used_up'
  | 'already_used'
  | 'new_users_only'
  /** a percent code while another one waits for the user's next top-up */
  | 'bonus_pending'

export type RedeemResult =
  | { ok: true; kind: 'fixed'; code: string; creditedKopecks: number; balanceAfter: number }
  | { ok: true; kind: 'percent'; code: string; percent: number; capKopecks: number }
  | { ok: false; reason: RedeemRefusal }

class Refused extends Error {
  constructor(readonly reason: RedeemRefusal) {
    super(reason)
  }
}

/**
 * A user redeems a code (what they typed). Once per user and code: concurrent presses and
 * retried updates find the redemption (or its ledger key) taken and change nothing.
 */
export async function redeemPromoCode(db: Db, input: { userId: bigint; code: string }): Promise<RedeemResult> {
  const code = normalizePromoCode(input.code)
  if (!code) return { ok: false, reason: 'unknown' }
  const promo = await db.promoCode.findUnique({ where: { code } })
  if (!promo) return { ok: false, reason: 'unknown' }
  const { userId } = input
  try {
    return await inTransaction(db, async (tx) => {
      // what the user can be told before anything is counted
      if (await tx.promoRedemption.findUnique({ where: { codeId_userId: { codeId: promo.id, userId } } }))
        throw new Refused('already_used')
      if (promo.newUsersOnly && !(await isNewUser(tx, userId, promo))) throw new Refused('new_users_only')
      if (promo.kind === 'percent' && (await tx.promoRedemption.count({ where: { userId, status: 'pending' } })) > 0)
        throw new Refused('bonus_pending')
      const counted = await tx.$queryRaw<{ id: string }[]>`
        UPDATE promo_codes SET uses = uses + 1
        WHERE id = ${promo.id}::uuid AND disabled_at IS NULL AND expires_at > (now() AT TIME ZONE 'UTC') AND uses < max_uses
        RETURNING id`
      if (counted.length === 0) throw new Refused(await whyNotCounted(tx, promo.id))
      const redemptionId = randomUUID()
      if (promo.kind === 'percent') {
        await tx.promoRedemption.create({
          data: { id: redemptionId, codeId: promo.id, userId, status: 'pending' },
        })
        return { ok: true, kind: 'percent', code, percent: promo.percent!, capKopecks: promo.capKopecks! } as const
      }
      const amount = promo.amountKopecks!
      await tx.promoRedemption.create({
        data: { id: redemptionId, codeId: promo.id, userId, status: 'credited', creditedKopecks: amount },
      })
      const balanceAfter = await postOrThrow(tx, {
        userId,
        kind: 'promo',
        amountKopecks: amount,
        key: ledgerKeys.promo(promo.id, userId),
        reason: `promo code ${code}`,
      })
      return { ok: true, kind: 'fixed', code, creditedKopecks: amount, balanceAfter } as const
    })
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason }
    if (isUniqueViolation(error) || isAlreadyPosted(error)) {
      // a concurrent redemption of this code by this user won (or another percent code's pending row)
      const mine = await db.promoRedemption.findUnique({ where: { codeId_userId: { codeId: promo.id, userId } } })
      return { ok: false, reason: mine ? 'already_used' : 'bonus_pending' }
    }
    throw error
  }
}

/** New: came to the bot after the code was created and has never paid with Stars. */
async function isNewUser(tx: Tx, userId: bigint, promo: PromoCode): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { createdAt: true } })
  if (!user || user.createdAt < promo.createdAt) return false
  return (await tx.starsPayment.count({ where: { userId } })) === 0
}

async function whyNotCounted(tx: Tx, promoId: string): Promise<RedeemRefusal> {
  const [row] = await tx.$queryRaw<{ disabled: boolean; expired: boolean }[]>`
    SELECT disabled_at IS NOT NULL AS disabled, expires_at <= (now() AT TIME ZONE 'UTC') AS expired FROM promo_codes WHERE id = ${promoId}::uuid`
  if (!row) return 'unknown'
  if (row.disabled) return 'disabled'
  if (row.expired) return 'expired'
  return 'used_up'
}

/** The percent bonus waiting for the user's next top-up, if any (the top-up screen shows it). */
export async function pendingPromoBonus(
  db: Db,
  userId: bigint,
): Promise<{ code: string; percent: number; capKopecks: number } | null> {
  const pending = await db.promoRedemption.findFirst({
    where: { userId, status: 'pending' },
    include: { code: true },
  })
  if (!pending || pending.code.percent === null || pending.code.capKopecks === null) return null
  return { code: pending.code.code, percent: pending.code.percent, capKopecks: pending.code.capKopecks }
}

/** A percent of a top-up's rubles, rounded down, capped. */
export function promoBonusKopecks(topupKopecks: number, percent: number, capKopecks: number): number {
  return Math.min(capKopecks, Math.floor((topupKopecks * percent) / 100))
}

/**
 * Inside a Stars payment's credit (money.ts): the user's pending percent bonus is applied to
 * this payment, as its own ledger entry tied to the payment. Returns what was credited.
 */
export async function applyPendingPromo(tx: Tx, payment: StarsPayment): Promise<number> {
  const [pending] = await tx.$queryRaw<{ id: string; code_id: string }[]>`
    SELECT id, code_id FROM promo_redemptions
    WHERE user_id = ${payment.userId} AND status = 'pending' FOR UPDATE`
  if (!pending) return 0
  const promo = await tx.promoCode.findUniqueOrThrow({ where: { id: pending.code_id } })
  if (promo.percent === null || promo.capKopecks === null) return 0
  const bonus = promoBonusKopecks(payment.kopecks, promo.percent, promo.capKopecks)
  if (bonus <= 0) return 0
  await tx.promoRedemption.update({
    where: { id: pending.id },
    data: { status: 'applied', creditedKopecks: bonus, paymentId: payment.id, appliedAt: new Date() },
  })
  await postOrThrow(tx, {
    userId: payment.userId,
    kind: 'promo',
    amountKopecks: bonus,
    key: ledgerKeys.promo(promo.id, payment.userId),
    paymentId: payment.id,
    reason: `promo code ${promo.code}: ${promo.percent}% of the top-up`,
  })
  return bonus
}

/** The percent bonus a payment's top-up came with (applied, not reversed), if any. */
export async function appliedPromoBonus(db: Db | Tx, paymentId: string): Promise<number> {
  const applied = await db.promoRedemption.findFirst({ where: { paymentId, status: 'applied' } })
  return applied?.creditedKopecks ?? 0
}

/** A payment's refund finished: its bonus, debited with the refund, is recorded as reversed. */
export async function markPromoReversed(tx: Tx, paymentId: string): Promise<void> {
  await tx.promoRedemption.updateMany({
    where: { paymentId, status: 'applied' },
    data: { status: 'reversed', reversedAt: new Date() },
  })
}
