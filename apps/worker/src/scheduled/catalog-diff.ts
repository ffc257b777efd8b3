import {
  roundFactorUp,
  type CatalogOfferingChange,
  type CatalogOfferingState,
  type CatalogSnapshotModel,
} from '@kiebot/db'
import { exampleParams, measuredFields, missingRequiredInputs, validateParams, type ModelSpec } from '@kiebot/models'

/** What a good sync found, as stored with its run and shown on the admin Catalog screen. */
export interface CatalogReport {
  /** offerings hidden by this run */
  hidden: { slug: string; kieModel: string; reason: 'unlisted' | 'schema'; missingFields: string[] }[]
  /** offerings this run found hidden already (they stay hidden until an admin re-enables them) */
  stillHidden: { slug: string; kieModel: string; reason: string; listedAgain: boolean; missingFields: string[] }[]
  /** prices raised because Kie charges more than the registry assumed (factor = quoted / registry credits) */
  repriced: { slug: string; fromFactor: number; toFactor: number }[]
  /** Kie charges less: a lower factor waiting for an admin's tap */
  proposed: { slug: string; currentFactor: number; proposedFactor: number }[]
  /** Kie models the registry does not offer (not sold) */
  newModels: { model: string; provider: string | null; taskTypes: string[]; priceText: string | null }[]
  /** listed offerings whose schema requires fields the registry does not send */
  schemaChanges: { slug: string; kieModel: string; missingFields: string[] }[]
  /** listed offerings none of whose Kie price entries could be matched to a registry mode */
  unpriced: string[]
}

export interface CatalogDiff {
  report: CatalogReport
  changes: CatalogOfferingChange[]
}

/** Registry credits of the mode a Kie price entry names; null when the entry names no valid mode. */
export function registryCreditsFor(model: ModelSpec, params: Record<string, unknown>): number | null {
  const keys = new Set(model.fields.map((f) => f.key))
  if (Object.keys(params).some((key) => !keys.has(key))) return null
  // A price per second or per pixel of the user's file: an entry that does not name the
  // quantity cannot be compared with a registry price that depends on it (filling in the
  // field's default, the maximum, would make Kie look 60 times cheaper).
  if (measuredFields(model).some((f) => params[f.key] === undefined)) return null
  const checked = validateParams(model, { ...exampleParams(model), ...params })
  if (!checked.ok) return null
  try {
    const credits = model.credits(checked.params)
    return credits > 0 ? credits : null
  } catch {
    return null
  }
}

/**
 * Kie's price / the registry's, the highest over the modes Kie prices (rounded up to 4
 * decimals): registry credits × this factor ≥ Kie's credits in every matched mode. Null when
 * no entry could be matched. `siblings` are the offerings of the same Kie model: an entry
 * that one of them prices differently does not say which offering it is for (Veo's three
 * extend tiers, told apart only by the task they extend), so it is not matched.
 */
export function neededFactor(
  model: ModelSpec,
  entries: CatalogSnapshotModel['priceEntries'],
  siblings: readonly ModelSpec[] = [model],
): number | null {
  let factor: number | null = null
  for (const entry of entries ?? []) {
    if (entry.credits === null) continue
    const registry = registryCreditsFor(model, entry.params)
    if (registry === null) continue
    if (
      siblings.some((other) => other !== model && ![null, registry].includes(registryCreditsFor(other, entry.params)))
    )
      continue
    factor = Math.max(factor ?? 0, entry.credits / registry)
  }
  return factor === null ? null : roundFactorUp(factor)
}

/**
 * The diff of a good snapshot against the registry, and the changes it makes: hides what Kie
 * no longer lists or whose schema the registry no longer satisfies, raises prices Kie raised,
 * proposes the ones Kie lowered. Offerings already hidden stay as they are.
 */
export function diffCatalog(
  registry: readonly ModelSpec[],
  snapshot: readonly CatalogSnapshotModel[],
  offerings: ReadonlyMap<string, CatalogOfferingState>,
): CatalogDiff {
  const report: CatalogReport = {
    hidden: [],
    stillHidden: [],
    repriced: [],
    proposed: [],
    newModels: [],
    schemaChanges: [],
    unpriced: [],
  }
  const changes: CatalogOfferingChange[] = []
  const byId = new Map(snapshot.map((m) => [m.kieModel, m]))
  const registryIds = new Set(registry.map((m) => m.kieModel))

  for (const model of registry) {
    const listed = byId.get(model.kieModel)
    const state = offerings.get(model.slug)
    const siblings = registry.filter((m) => m.kieModel === model.kieModel)
    const missing = listed ? missingRequiredInputs(siblings, listed.requiredFields) : []
    if (listed && missing.length > 0)
      report.schemaChanges.push({ slug: model.slug, kieModel: model.kieModel, missingFields: missing })

    if (state?.hiddenReason) {
      report.stillHidden.push({
        slug: model.slug,
        kieModel: model.kieModel,
        reason: state.hiddenReason,
        listedAgain: listed !== undefined && missing.length === 0,
        missingFields: missing,
      })
    } else if (!listed) {
      // a model its vendor retired is hidden by the registry flag itself and comes back when Kie lists it
      if (model.upstreamRetired === undefined) {
        report.hidden.push({ slug: model.slug, kieModel: model.kieModel, reason: 'unlisted', missingFields: [] })
        changes.push({ modelId: model.slug, hide: { reason: 'unlisted', missingFields: [] } })
      }
      if (state?.proposedFactor != null) changes.push({ modelId: model.slug, proposedFactor: null })
      continue
    } else if (missing.length > 0) {
      report.hidden.push({ slug: model.slug, kieModel: model.kieModel, reason: 'schema', missingFields: missing })
      changes.push({ modelId: model.slug, hide: { reason: 'schema', missingFields: missing } })
    }
    if (!listed) continue

    const needed = neededFactor(model, listed.priceEntries, siblings)
    if (needed === null) {
      report.unpriced.push(model.slug)
      // a drop proposed by an earlier sync is no longer backed by what Kie says now
      if (state?.proposedFactor != null) changes.push({ modelId: model.slug, proposedFactor: null })
      continue
    }
    const current = state?.creditFactor ?? 1
    if (needed > current) {
      report.repriced.push({ slug: model.slug, fromFactor: current, toFactor: needed })
      changes.push({ modelId: model.slug, creditFactor: needed, proposedFactor: null })
    } else if (needed < current) {
      report.proposed.push({ slug: model.slug, currentFactor: current, proposedFactor: needed })
      if (state?.proposedFactor !== needed) changes.push({ modelId: model.slug, proposedFactor: needed })
    } else if (state?.proposedFactor != null) {
      changes.push({ modelId: model.slug, proposedFactor: null })
    }
  }

  for (const m of snapshot) {
    if (!registryIds.has(m.kieModel))
      report.newModels.push({ model: m.kieModel, provider: m.provider, taskTypes: m.taskTypes, priceText: m.priceText })
  }
  return { report, changes }
}
