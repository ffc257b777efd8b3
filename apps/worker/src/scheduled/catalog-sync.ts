import { setTimeout as sleep } from 'node:timers/promises'
import {
  catalogOfferings,
  latestFxRate,
  recordCatalogFailure,
  recordCatalogSnapshot,
  type CatalogSnapshotModel,
} from '@kiebot/db'
import { isKieError, type KieCatalogModel } from '@kiebot/kie'
import { getModel, listModels, scaleCredits, type ModelSpec } from '@kiebot/models'
import { formatRub, quote } from '@kiebot/pricing'
import { alertAdmins } from '../alerts'
import type { WorkerContext } from '../context'
import { diffCatalog, type CatalogReport } from './catalog-diff'

/** One sync at a time for the cluster (a manual run and the daily one never pace against each other). */
const LOCK = 'catalog-sync-running'
const LOCK_MS = 30 * 60_000
/** a 429 anyway (another client on the account): wait this long, at most this often, then the run fails */
const RATE_LIMITED_WAIT_MS = 5_000
const RATE_LIMITED_TRIES = 3
/**
 * A listing that would hide more than this share of the offerings at once is not trusted
 * (a truncated or wrong answer must never empty the catalog): the run fails and alerts.
 */
const MAX_HIDDEN_SHARE = 0.25

export class CatalogSyncError extends Error {
  override readonly name = 'CatalogSyncError'
}

/** Spaces calls `intervalMs` apart (Kie's catalog budget is shared by the four endpoints). */
function pacer(intervalMs: number): <T>(call: () => Promise<T>) => Promise<T> {
  let last = 0
  return async (call) => {
    for (let attempt = 1; ; attempt++) {
      const wait = last + intervalMs - Date.now()
      if (wait > 0) await sleep(wait)
      last = Date.now()
      try {
        return await call()
      } catch (error) {
        if (!(isKieError(error) && error.code === 429 && attempt < RATE_LIMITED_TRIES)) throw error
        await sleep(RATE_LIMITED_WAIT_MS)
      }
    }
  }
}

/**
 * Reads Kie's catalog (the list, then /price and /schema of each model the registry offers),
 * stores the snapshot, diffs it against the registry and acts (hide, raise, propose), then
 * tells the admins. Any failed or unreadable answer fails the whole run: nothing is hidden or
 * re-priced, the last good snapshot stays, the admins are alerted.
 */
export async function syncCatalog(ctx: WorkerContext): Promise<Record<string, unknown>> {
  if (!(await ctx.coordination.claim(LOCK, LOCK_MS))) return { skipped: 'another sync is running' }
  const startedAt = new Date()
  try {
    const registry = listModels()
    let snapshot: CatalogSnapshotModel[]
    try {
      snapshot = await readCatalog(ctx, registry)
    } catch (error) {
      return await failed(ctx, startedAt, error)
    }
    const offerings = await catalogOfferings(ctx.db)
    const { report, changes } = diffCatalog(registry, snapshot, offerings)
    if (report.hidden.length > registry.length * MAX_HIDDEN_SHARE) {
      return await failed(
        ctx,
        startedAt,
        new CatalogSyncError(
          `the listing would hide ${report.hidden.length} of ${registry.length} offerings at once: not trusted`,
        ),
      )
    }
    const fetchedAt = new Date()
    const syncId = await recordCatalogSnapshot(ctx.db, { startedAt, fetchedAt, models: snapshot, report, changes })
    await alertChanges(ctx, report, syncId)
    return {
      syncId: syncId.toString(),
      listed: snapshot.length,
      hidden: report.hidden.length,
      repriced: report.repriced.length,
      proposed: report.proposed.length,
      newModels: report.newModels.length,
    }
  } finally {
    await ctx.coordination.release(LOCK)
  }
}

async function readCatalog(ctx: WorkerContext, registry: readonly ModelSpec[]): Promise<CatalogSnapshotModel[]> {
  const paced = pacer(ctx.config.KIE_CATALOG_INTERVAL_MS)
  const listed: KieCatalogModel[] = await paced(() => ctx.kie.listModels())
  if (listed.length === 0) throw new CatalogSyncError('Kie listed no models')
  const offered = new Set(registry.map((m) => m.kieModel))
  const snapshot: CatalogSnapshotModel[] = []
  const seen = new Set<string>()
  for (const entry of listed) {
    if (seen.has(entry.model)) continue
    seen.add(entry.model)
    const model: CatalogSnapshotModel = {
      kieModel: entry.model,
      provider: entry.provider,
      taskTypes: entry.taskTypes,
      priceText: entry.pricingDesc,
      priceEntries: null,
      requiredFields: [],
      enums: null,
    }
    if (offered.has(entry.model)) {
      const prices = await paced(() => ctx.kie.getModelPrice(entry.model))
      const schema = await paced(() => ctx.kie.getModelSchema(entry.model))
      model.priceEntries = prices.map((p) => ({ params: p.params, credits: p.credits, description: p.description }))
      model.requiredFields = schema.required
      model.enums = schema.enums
    }
    snapshot.push(model)
  }
  return snapshot
}

async function failed(ctx: WorkerContext, startedAt: Date, error: unknown): Promise<Record<string, unknown>> {
  const message = error instanceof Error ? error.message : String(error)
  ctx.logger.warn('catalog sync failed: nothing changed, the last good snapshot stays', { error: message })
  const syncId = await recordCatalogFailure(ctx.db, { startedAt, error: message })
  await alertAdmins(ctx, {
    key: 'catalog-sync-failed',
    message: 'alert.catalog_sync_failed',
    params: { error: message.slice(0, 300) },
    quietMs: 6 * 3600_000,
  })
  return { syncId: syncId.toString(), failed: message }
}

/** The dearest mode's price of an offering at a factor, in rubles (today's FX, the global markup). */
async function priceText(ctx: WorkerContext, slug: string, factor: number): Promise<string> {
  const model = getModel(slug)
  const fx = (await latestFxRate(ctx.db))?.rubPerUsd ?? ctx.config.FX_DEFAULT_RUB_PER_USD
  if (!model || fx === undefined) return `×${factor}`
  const credits = scaleCredits(model.creditRange().max, factor)
  return formatRub(quote({ credits, fxRubPerUsd: fx, markup: ctx.config.PRICING_MARKUP }).kopecks, 'en')
}

async function alertChanges(ctx: WorkerContext, report: CatalogReport, syncId: bigint): Promise<void> {
  const key = `catalog-${syncId}`
  if (report.hidden.length > 0) {
    const list = report.hidden
      .map((h) => (h.reason === 'schema' ? `${h.slug} (${h.missingFields.join(', ')})` : h.slug))
      .join(', ')
    await alertAdmins(ctx, { key: `${key}-hidden`, message: 'alert.catalog_hidden', params: { list } })
  }
  for (const r of report.repriced) {
    const [from, to] = await Promise.all([priceText(ctx, r.slug, r.fromFactor), priceText(ctx, r.slug, r.toFactor)])
    await alertAdmins(ctx, {
      key: `${key}-repriced-${r.slug}`,
      message: 'alert.catalog_repriced',
      params: { model: r.slug, from, to },
    })
  }
  if (report.proposed.length > 0) {
    await alertAdmins(ctx, {
      key: `${key}-proposed`,
      message: 'alert.catalog_cheaper',
      params: { list: report.proposed.map((p) => p.slug).join(', ') },
    })
  }
  if (report.newModels.length > 0) {
    await alertAdmins(ctx, {
      key: `${key}-new`,
      message: 'alert.catalog_new',
      params: { count: report.newModels.length },
    })
  }
}
