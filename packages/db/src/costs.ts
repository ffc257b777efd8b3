import type { Db } from './client'

// What Kie really charged for succeeded generations (`kie_credits_consumed`), read for the
// cost-overrun check (worker) and the margin per model (admin stats). Reads only.

/** One succeeded generation whose consumed credits Kie reported. */
export interface ReportedCost {
  id: string
  params: unknown
  /** credits quoted (the price snapshot) */
  quotedCredits: number
  /** credits Kie reported as consumed */
  consumedCredits: number
  completedAt: Date
}

/** The model's newest succeeded generations with a cost reported by Kie, newest first. */
export async function recentReportedCosts(
  db: Db,
  modelId: string,
  options: { limit: number; since: Date },
): Promise<ReportedCost[]> {
  const rows = await db.generation.findMany({
    where: { modelId, status: 'succeeded', kieCreditsReported: true, completedAt: { gte: options.since } },
    orderBy: { completedAt: 'desc' },
    take: options.limit,
    select: { id: true, params: true, priceCredits: true, kieCreditsConsumed: true, completedAt: true },
  })
  return rows.map((row) => ({
    id: row.id,
    params: row.params,
    quotedCredits: row.priceCredits.toNumber(),
    consumedCredits: row.kieCreditsConsumed?.toNumber() ?? 0,
    completedAt: row.completedAt ?? new Date(0),
  }))
}

/** A model's money over one window: what users paid for its succeeded generations and what Kie cost. */
export interface ModelMargin {
  modelId: string
  generations: number
  revenueKopecks: number
  /** Kie's cost at each generation's own snapshot (USD per credit, FX) */
  kieCostKopecks: number
  marginKopecks: number
  /** generations whose cost Kie did not report (their quoted credits stand in) */
  estimated: number
}

/**
 * Margin per model of the generations that succeeded since `since`: revenue (the price
 * charged) minus Kie's cost, the credits Kie reported (else the quoted ones) at the
 * generation's snapshot rate, rounded up to the kopeck per generation (never flattering).
 */
export async function marginByModel(db: Db, since: Date): Promise<ModelMargin[]> {
  const rows = await db.$queryRaw<
    { model_id: string; generations: number; revenue: number; cost: number; estimated: number }[]
  >`
    SELECT model_id,
           COUNT(*)::int AS generations,
           SUM(price_kopecks)::float AS revenue,
           SUM(CEIL(COALESCE(kie_credits_consumed, price_credits) * usd_per_credit * fx_rate * 100))::float AS cost,
           COUNT(*) FILTER (WHERE NOT kie_credits_reported)::int AS estimated
    FROM generations
    WHERE status = 'succeeded' AND completed_at >= ${since}
    GROUP BY model_id`
  return rows
    .map((row) => ({
      modelId: row.model_id,
      generations: row.generations,
      revenueKopecks: Math.round(row.revenue),
      kieCostKopecks: Math.round(row.cost),
      marginKopecks: Math.round(row.revenue - row.cost),
      estimated: row.estimated,
    }))
    .sort((a, b) => b.revenueKopecks - a.revenueKopecks || a.modelId.localeCompare(b.modelId))
}
