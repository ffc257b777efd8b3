import type { LedgerKind, Prisma } from '../prisma-client'
import type { Db } from './client'
import { sqlRows } from './sql'

// The user's statement: the latest ledger entries, each with the generation it paid for (the
// balance screen and the Mini App's balance page). Read on the fast path: one statement.

export interface StatementEntry {
  id: bigint
  kind: LedgerKind
  amountKopecks: number
  createdAt: Date
  /** the generation a charge or refund was for */
  generation: { modelId: string; params: Prisma.JsonValue } | null
}

/** Entries newest first (by id), `skip` then at most `take`. */
export async function statementEntries(
  db: Db,
  userId: bigint,
  page: { skip?: number; take: number },
): Promise<StatementEntry[]> {
  const rows = await sqlRows<Omit<StatementEntry, 'generation'> & { modelId: string | null; params: Prisma.JsonValue }>(
    db,
    `SELECT e.id, e.kind::text AS kind, e.amount_kopecks AS "amountKopecks", e.created_at AS "createdAt",
       g.model_id AS "modelId", g.params
     FROM ledger_entries e LEFT JOIN generations g ON g.id = e.generation_id
     WHERE e.user_id = $1 ORDER BY e.id DESC OFFSET $2 LIMIT $3`,
    [userId, page.skip ?? 0, page.take],
  )
  return rows.map(({ modelId, params, ...entry }) => ({
    ...entry,
    generation: modelId === null ? null : { modelId, params },
  }))
}
