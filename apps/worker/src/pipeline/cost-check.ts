import { recentReportedCosts, type Generation } from '@kiebot/db'
import { getModel, type ModelSpec } from '@kiebot/models'
import { alertAdmins } from '../alerts'
import type { WorkerContext } from '../context'

/** Kie's consumed credits may exceed the quote by this share (rounding, float noise) without counting. */
export const COST_TOLERANCE = 0.02
/** How many of a model's recent generations (in one mode) must overrun before admins hear of it. */
export const OVERRUNS_TO_ALERT = 3
/** How many recent reported generations of the model are looked at. */
export const RECENT_GENERATIONS = 20
const RECENT_WINDOW_MS = 7 * 24 * 3600_000
const ALERT_QUIET_MS = 24 * 3600_000

export function overran(quoted: number, consumed: number): boolean {
  return consumed > quoted * (1 + COST_TOLERANCE) + 0.001
}

/**
 * The mode of a generation: the values of the price inputs the user chose (resolution,
 * duration, a toggle...), not free texts nor measured file lengths, which make every
 * generation unique. "default" when the price reads none.
 */
export function priceMode(model: ModelSpec, params: unknown): string {
  const values = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {}
  const parts: string[] = []
  for (const key of model.priceInputs) {
    const field = model.fields.find((f) => f.key === key)
    if (!field || field.type === 'text' || !field.ask) continue
    const value = values[key]
    if (value === undefined || value === null || typeof value === 'object') continue
    parts.push(`${key}=${String(value)}`)
  }
  return parts.length > 0 ? parts.join(', ') : 'default'
}

/**
 * Run after a success is settled: when Kie reported more credits than were quoted, the
 * model's recent generations in the same mode are counted, and from OVERRUNS_TO_ALERT
 * overruns admins are told the model, the mode and the gap (once a day per model and mode).
 * One overrun alone is noise (a retry billed twice, a rounding); several are a price change.
 */
export async function checkCostOverrun(ctx: WorkerContext, generation: Generation): Promise<boolean> {
  const model = getModel(generation.modelId)
  if (!model) return false
  // A figure Kie reported is final once the row reached settle (nothing replaces a report), so the
  // row the settle step read has it; without one, a callback's report may have come since: read again.
  const row = generation.kieCreditsReported
    ? generation
    : await ctx.db.generation.findUnique({
        where: { id: generation.id },
        select: { kieCreditsReported: true, kieCreditsConsumed: true, priceCredits: true },
      })
  if (!row?.kieCreditsReported || row.kieCreditsConsumed === null) return false
  if (!overran(row.priceCredits.toNumber(), row.kieCreditsConsumed.toNumber())) return false
  const mode = priceMode(model, generation.params)
  const recent = await recentReportedCosts(ctx.db, model.slug, {
    limit: RECENT_GENERATIONS,
    since: new Date(Date.now() - RECENT_WINDOW_MS),
  })
  const sameMode = recent.filter((cost) => priceMode(model, cost.params) === mode)
  const overruns = sameMode.filter((cost) => overran(cost.quotedCredits, cost.consumedCredits))
  ctx.logger.warn('kie consumed more credits than quoted', {
    model: model.slug,
    mode,
    quoted: row.priceCredits.toNumber(),
    consumed: row.kieCreditsConsumed.toNumber(),
    overruns: overruns.length,
    of: sameMode.length,
  })
  if (overruns.length < OVERRUNS_TO_ALERT) return false
  const quoted = overruns.reduce((sum, cost) => sum + cost.quotedCredits, 0) / overruns.length
  const consumed = overruns.reduce((sum, cost) => sum + cost.consumedCredits, 0) / overruns.length
  const round = (n: number) => Math.round(n * 1000) / 1000
  return alertAdmins(ctx, {
    key: `cost-overrun:${model.slug}:${mode}`,
    message: 'alert.kie_cost_overrun',
    params: {
      model: `${model.name.en} (${model.slug})`,
      mode,
      overruns: overruns.length,
      recent: sameMode.length,
      quoted: round(quoted),
      consumed: round(consumed),
      gap: round(consumed - quoted),
      percent: quoted > 0 ? Math.round(((consumed - quoted) / quoted) * 100) : 100,
    },
    quietMs: ALERT_QUIET_MS,
  })
}
