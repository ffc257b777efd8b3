import type { LedgerKind, Prisma } from '../prisma-client'
import type { Tx } from './client'
import { MoneyError, type MoneyErrorCode } from './errors'

// The one money primitive. A balance moves only here: a conditional update of the cached
// balance (never below zero; the table has the same CHECK) and, in the same statement
// order and the caller's transaction, one ledger entry under a unique idempotency key.
// Every money function is "change the business row + post" (money.ts,
// payment-refunds.ts); a source scan (test/ownership.test.ts) fails on any other balance
// write or ledger insert.

export interface Posting {
  userId: bigint
  kind: LedgerKind
  /** signed: > 0 credits, < 0 debits (never below zero); 0 moves nothing and writes no entry */
  amountKopecks: number
  /** from `ledgerKeys` (keys.ts); tests seed with keys of their own */
  key: string
  generationId?: string | null
  paymentId?: string | null
  adminId?: bigint | null
  reason?: string | null
}

/** Why a posting changed nothing (the transaction may go on: nothing was written). */
export type PostError = Extract<MoneyErrorCode, 'insufficient_funds' | 'user_not_found' | 'already_posted'>

export type PostResult = { ok: true; balanceAfter: number } | { ok: false; error: PostError }

/**
 * Moves `amountKopecks` on the user's balance and appends the ledger entry, inside `tx`.
 * The debit takes the user's row lock, which serialises every money call of one user until
 * the transaction ends. A key already posted returns `already_posted` without touching the
 * balance; two concurrent postings of one key both pass that check, and the second one's
 * insert waits for the first and fails with a unique violation (the transaction rolls
 * back): callers treat both the same way. A zero amount only locks and reads the balance.
 */
export async function post(tx: Tx, entry: Posting): Promise<PostResult> {
  const amount = entry.amountKopecks
  if (!Number.isSafeInteger(amount)) throw new MoneyError('invalid_amount', `invalid amount ${amount}`)
  if (amount !== 0) {
    const posted = await tx.ledgerEntry.findUnique({ where: { idempotencyKey: entry.key }, select: { id: true } })
    if (posted) return { ok: false, error: 'already_posted' }
  }
  const rows = await tx.$queryRaw<{ balance_kopecks: number }[]>`
    UPDATE users SET balance_kopecks = balance_kopecks + ${amount}
    WHERE id = ${entry.userId} AND balance_kopecks + ${amount} >= 0
    RETURNING balance_kopecks`
  const balanceAfter = rows[0]?.balance_kopecks
  if (balanceAfter === undefined) {
    const exists = await tx.user.count({ where: { id: entry.userId } })
    return { ok: false, error: exists ? 'insufficient_funds' : 'user_not_found' }
  }
  if (amount !== 0) {
    const data: Prisma.LedgerEntryUncheckedCreateInput = {
      userId: entry.userId,
      kind: entry.kind,
      amountKopecks: amount,
      balanceAfter,
      idempotencyKey: entry.key,
      generationId: entry.generationId ?? null,
      paymentId: entry.paymentId ?? null,
      adminId: entry.adminId ?? null,
      reason: entry.reason ?? null,
    }
    await tx.ledgerEntry.create({ data })
  }
  return { ok: true, balanceAfter }
}

/**
 * `post`, with a refusal raised as a `MoneyError` (so the caller's transaction rolls back
 * its business-row change too). `messages` gives each refusal the caller's wording.
 */
export async function postOrThrow(
  tx: Tx,
  entry: Posting,
  messages: Partial<Record<PostError, string>> = {},
): Promise<number> {
  const result = await post(tx, entry)
  if (result.ok) return result.balanceAfter
  throw new MoneyError(result.error, messages[result.error] ?? defaultMessage(result.error, entry))
}

function defaultMessage(error: PostError, entry: Posting): string {
  switch (error) {
    case 'insufficient_funds':
      return 'balance does not cover the amount'
    case 'user_not_found':
      return `user ${entry.userId} not found`
    case 'already_posted':
      return `${entry.key} already posted`
  }
}

/** A posting that lost to an earlier or concurrent one of the same key (nothing was written). */
export function isAlreadyPosted(error: unknown): boolean {
  return error instanceof MoneyError && error.code === 'already_posted'
}
