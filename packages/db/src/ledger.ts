import type { LedgerKind } from '../prisma-client'
import { MoneyError, type MoneyErrorCode } from './errors'
import type { SqlTx } from './sql'

// The one money primitive. A balance moves only here: a conditional update of the cached
// balance (never below zero; the table has the same CHECK) and, in the same statement and
// the caller's transaction, one ledger entry under a unique idempotency key.
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
 * Moves `amountKopecks` on the user's balance and appends the ledger entry, inside `tx` (a
 * SQL transaction or a Prisma one: the posting is one statement either way).
 * The debit takes the user's row lock, which serialises every money call of one user until
 * the transaction ends. A key already posted returns `already_posted` without touching the
 * balance; two concurrent postings of one key both pass that check, and the second one's
 * insert waits for the first and fails with a unique violation (the transaction rolls
 * back): callers treat both the same way. A zero amount only locks and reads the balance.
 */
export async function post(tx: SqlTx, entry: Posting): Promise<PostResult> {
  const amount = entry.amountKopecks
  if (!Number.isSafeInteger(amount)) throw new MoneyError('invalid_amount', `invalid amount ${amount}`)
  // One statement, one round trip (it was three: the key looked up, the balance updated, the
  // entry inserted, the last two through the query builder): the key's earlier entry, the
  // conditional balance update (skipped when the key is posted) and the entry appended from the
  // updated row. The CTEs share one snapshot, so `earlier` reads what the separate look-up read;
  // a concurrent posting of the key still ends in the unique violation described above, which
  // `isUniqueViolation` (client.ts) knows from a raw statement too.
  const rows = await tx.$queryRaw<{ balance_after: number | null; posted: boolean; user_exists: boolean }[]>`
    WITH earlier AS (
      SELECT 1 FROM ledger_entries WHERE ${amount}::int <> 0 AND idempotency_key = ${entry.key}::text
    ), moved AS (
      UPDATE users SET balance_kopecks = balance_kopecks + ${amount}::int
      WHERE id = ${entry.userId}::bigint AND balance_kopecks + ${amount}::int >= 0 AND NOT EXISTS (SELECT 1 FROM earlier)
      RETURNING balance_kopecks
    ), appended AS (
      INSERT INTO ledger_entries
        (user_id, kind, amount_kopecks, balance_after, idempotency_key, generation_id, payment_id, admin_id, reason, created_at)
      SELECT ${entry.userId}::bigint, ${entry.kind}::"LedgerKind", ${amount}::int, balance_kopecks, ${entry.key}::text,
        ${entry.generationId ?? null}::uuid, ${entry.paymentId ?? null}::uuid, ${entry.adminId ?? null}::bigint,
        ${entry.reason ?? null}::text, statement_timestamp() AT TIME ZONE 'UTC'
      FROM moved WHERE ${amount}::int <> 0
    )
    SELECT (SELECT balance_kopecks FROM moved) AS balance_after,
      EXISTS (SELECT 1 FROM earlier) AS posted,
      EXISTS (SELECT 1 FROM users WHERE id = ${entry.userId}::bigint) AS user_exists`
  const row = rows[0]!
  if (row.balance_after !== null) return { ok: true, balanceAfter: row.balance_after }
  if (row.posted) return { ok: false, error: 'already_posted' }
  return { ok: false, error: row.user_exists ? 'insufficient_funds' : 'user_not_found' }
}

/**
 * `post`, with a refusal raised as a `MoneyError` (so the caller's transaction rolls back
 * its business-row change too). `messages` gives each refusal the caller's wording.
 */
export async function postOrThrow(
  tx: SqlTx,
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
