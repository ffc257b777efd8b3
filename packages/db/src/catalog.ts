import { Prisma } from '../prisma-client'
import type { Db } from './client'
import { recordAudit } from './audit'
import { AUDIT_ACTIONS } from './keys'
import { toSettings, type ModelAdminSettings } from './model-settings'
import { sqlRows } from './sql'

/** Why the sync hid an offering. */
export type CatalogHiddenReason = 'unlisted' | 'schema'

/** What the catalog sync decided for one offering (no row: factor 1, shown). */
export interface CatalogOfferingState {
  creditFactor: number
  proposedFactor: number | null
  hiddenReason: CatalogHiddenReason | null
  hiddenAt: Date | null
  missingFields: string[]
}

export interface CatalogSnapshotModel {
  kieModel: string
  provider: string | null
  taskTypes: string[]
  priceText: string | null
  priceEntries: { params: Record<string, unknown>; credits: number | null; description: string | null }[] | null
  requiredFields: string[]
  enums: Record<string, unknown[]> | null
}

/** A change the sync makes to one offering (fields not given are left alone). */
export interface CatalogOfferingChange {
  modelId: string
  creditFactor?: number
  proposedFactor?: number | null
  hide?: { reason: CatalogHiddenReason; missingFields: string[] }
}

export interface CatalogSyncRow {
  id: bigint
  startedAt: Date
  fetchedAt: Date | null
  ok: boolean
  error: string | null
  report: unknown
}

/** The latest good snapshot: which Kie models were listed, and when. */
export interface GoodCatalog {
  sync: CatalogSyncRow
  models: CatalogSnapshotModel[]
  listed: Set<string>
}

const FACTOR_DIGITS = 4

function toState(row: {
  creditFactor: Prisma.Decimal
  proposedFactor: Prisma.Decimal | null
  hiddenReason: string | null
  hiddenAt: Date | null
  missingFields: string[]
}): CatalogOfferingState {
  return {
    creditFactor: row.creditFactor.toNumber(),
    proposedFactor: row.proposedFactor?.toNumber() ?? null,
    hiddenReason: row.hiddenReason as CatalogHiddenReason | null,
    hiddenAt: row.hiddenAt,
    missingFields: row.missingFields,
  }
}

/** A factor with 4 decimals, rounded up (the price it gives never falls below Kie's). */
export function roundFactorUp(factor: number): number {
  return Math.ceil(Math.round(factor * 10 ** (FACTOR_DIGITS + 2)) / 100) / 10 ** FACTOR_DIGITS
}

/** Every offering's state (read on the fast path: the price book reads it on every Confirm). */
export async function catalogOfferings(db: Db): Promise<Map<string, CatalogOfferingState>> {
  const rows = await sqlRows<Parameters<typeof toState>[0] & { modelId: string }>(
    db,
    `SELECT model_id AS "modelId", credit_factor AS "creditFactor", proposed_factor AS "proposedFactor",
       hidden_reason AS "hiddenReason", hidden_at AS "hiddenAt",
       COALESCE(missing_fields, '{}') AS "missingFields"
     FROM catalog_offerings`,
    [],
  )
  return new Map(rows.map((r) => [r.modelId, toState(r)]))
}

/**
 * What the submit step reads of one model before Kie is paid: whether an admin left it enabled
 * (no settings row: enabled), why the catalog sync hid it if it did, and its credit factor (no
 * offering row: shown, factor 1). One statement on the fast path: every submit reads it.
 */
export async function modelGate(
  db: Db,
  modelId: string,
): Promise<{ enabled: boolean; hiddenReason: CatalogHiddenReason | null; creditFactor: number }> {
  const rows = await sqlRows<{
    enabled: boolean
    hiddenReason: CatalogHiddenReason | null
    creditFactor: Prisma.Decimal | null
  }>(
    db,
    `SELECT COALESCE(s.enabled, true) AS enabled, o.hidden_reason AS "hiddenReason", o.credit_factor AS "creditFactor"
     FROM (SELECT $1::text AS model_id) m
     LEFT JOIN model_settings s ON s.model_id = m.model_id
     LEFT JOIN catalog_offerings o ON o.model_id = m.model_id`,
    [modelId],
  )
  const row = rows[0]!
  return { enabled: row.enabled, hiddenReason: row.hiddenReason, creditFactor: row.creditFactor?.toNumber() ?? 1 }
}

/** One model as the database holds it now: what Confirm reads before it charges. */
export interface ModelStateNow {
  /** its admin settings row (null: none, enabled at the registry's price) */
  settings: ModelAdminSettings | null
  /** what the catalog sync decided for it (null: no row, factor 1, shown) */
  offering: CatalogOfferingState | null
  /** whether Kie's latest good catalog lists `kieModel` (null: no good sync yet) */
  listed: boolean | null
}

/**
 * Confirm's read of one model, in one statement on the fast path: its admin settings, its
 * catalog offering and whether the latest good catalog lists its Kie model. It replaces
 * re-reading the three tables whole (model_settings, catalog_offerings and the latest
 * snapshot's catalog_models) on every Confirm.
 */
export async function modelStateNow(db: Db, modelId: string, kieModel: string): Promise<ModelStateNow> {
  const rows = await sqlRows<{
    hasSettings: boolean
    enabled: boolean | null
    markupOverride: Prisma.Decimal | null
    fixedPriceKopecks: number | null
    hasOffering: boolean
    creditFactor: Prisma.Decimal | null
    proposedFactor: Prisma.Decimal | null
    hiddenReason: string | null
    hiddenAt: Date | null
    missingFields: string[]
    synced: boolean
    listed: boolean
  }>(
    db,
    `WITH latest AS (SELECT id FROM catalog_syncs WHERE ok ORDER BY id DESC LIMIT 1)
     SELECT s.model_id IS NOT NULL AS "hasSettings", s.enabled, s.markup_override AS "markupOverride",
       s.fixed_price_kopecks AS "fixedPriceKopecks",
       o.model_id IS NOT NULL AS "hasOffering", o.credit_factor AS "creditFactor",
       o.proposed_factor AS "proposedFactor", o.hidden_reason AS "hiddenReason", o.hidden_at AS "hiddenAt",
       COALESCE(o.missing_fields, '{}') AS "missingFields",
       EXISTS (SELECT 1 FROM latest) AS synced,
       EXISTS (SELECT 1 FROM latest JOIN catalog_models c ON c.sync_id = latest.id AND c.kie_model = $2) AS listed
     FROM (SELECT $1::text AS model_id) m
     LEFT JOIN model_settings s ON s.model_id = m.model_id
     LEFT JOIN catalog_offerings o ON o.model_id = m.model_id`,
    [modelId, kieModel],
  )
  const row = rows[0]!
  return {
    settings: row.hasSettings
      ? toSettings({
          enabled: row.enabled!,
          markupOverride: row.markupOverride,
          fixedPriceKopecks: row.fixedPriceKopecks,
        })
      : null,
    offering: row.hasOffering ? toState({ ...row, creditFactor: row.creditFactor! }) : null,
    listed: row.synced ? row.listed : null,
  }
}

/** A failed or unreadable run: recorded, nothing else changes (the last good snapshot stays). */
export async function recordCatalogFailure(db: Db, input: { startedAt: Date; error: string }): Promise<bigint> {
  const row = await db.catalogSync.create({
    data: { startedAt: input.startedAt, ok: false, error: input.error.slice(0, 2000) },
  })
  return row.id
}

/**
 * A good run: its snapshot, its report and its changes to offerings in one transaction;
 * older snapshots go (their run rows stay, for the history).
 */
export async function recordCatalogSnapshot(
  db: Db,
  input: {
    startedAt: Date
    fetchedAt: Date
    models: CatalogSnapshotModel[]
    report: unknown
    changes: CatalogOfferingChange[]
  },
): Promise<bigint> {
  return db.$transaction(async (tx) => {
    const sync = await tx.catalogSync.create({
      data: {
        startedAt: input.startedAt,
        fetchedAt: input.fetchedAt,
        ok: true,
        report: input.report as Prisma.InputJsonValue,
      },
    })
    await tx.catalogModel.createMany({
      data: input.models.map((m) => ({
        syncId: sync.id,
        kieModel: m.kieModel,
        provider: m.provider,
        taskTypes: m.taskTypes,
        priceText: m.priceText,
        priceEntries: m.priceEntries === null ? Prisma.DbNull : (m.priceEntries as Prisma.InputJsonValue),
        requiredFields: m.requiredFields,
        enums: m.enums === null ? Prisma.DbNull : (m.enums as Prisma.InputJsonValue),
      })),
      skipDuplicates: true,
    })
    await tx.catalogModel.deleteMany({ where: { syncId: { lt: sync.id } } })
    for (const change of input.changes) {
      const data = {
        ...(change.creditFactor !== undefined && { creditFactor: change.creditFactor.toFixed(FACTOR_DIGITS) }),
        ...(change.proposedFactor !== undefined && {
          proposedFactor: change.proposedFactor?.toFixed(FACTOR_DIGITS) ?? null,
        }),
        ...(change.hide && {
          hiddenReason: change.hide.reason,
          hiddenAt: input.fetchedAt,
          missingFields: change.hide.missingFields,
        }),
      }
      await tx.catalogOffering.upsert({
        where: { modelId: change.modelId },
        create: { modelId: change.modelId, missingFields: [], ...data },
        update: data,
      })
    }
    return sync.id
  })
}

function toSyncRow(row: CatalogSyncRow): CatalogSyncRow {
  return {
    id: row.id,
    startedAt: row.startedAt,
    fetchedAt: row.fetchedAt,
    ok: row.ok,
    error: row.error,
    report: row.report,
  }
}

/** The newest run, good or not. */
export async function latestCatalogSync(db: Db): Promise<CatalogSyncRow | null> {
  const row = await db.catalogSync.findFirst({ orderBy: { id: 'desc' } })
  return row ? toSyncRow(row) : null
}

/** The newest good run and its snapshot; null before the first good run. */
export async function latestGoodCatalog(db: Db): Promise<GoodCatalog | null> {
  const sync = await db.catalogSync.findFirst({
    where: { ok: true },
    orderBy: { id: 'desc' },
    include: { models: true },
  })
  if (!sync) return null
  const models = sync.models.map((m) => ({
    kieModel: m.kieModel,
    provider: m.provider,
    taskTypes: m.taskTypes,
    priceText: m.priceText,
    priceEntries: m.priceEntries as CatalogSnapshotModel['priceEntries'],
    requiredFields: m.requiredFields,
    enums: m.enums as CatalogSnapshotModel['enums'],
  }))
  return { sync: toSyncRow(sync), models, listed: new Set(models.map((m) => m.kieModel)) }
}

/** Kie model ids the latest good run listed (null before the first good run): one statement, on the fast path. */
export async function listedKieModels(db: Db): Promise<Set<string> | null> {
  const rows = await sqlRows<{ syncId: bigint; kieModel: string | null }>(
    db,
    `WITH latest AS (SELECT id FROM catalog_syncs WHERE ok ORDER BY id DESC LIMIT 1)
     SELECT latest.id AS "syncId", m.kie_model AS "kieModel"
     FROM latest LEFT JOIN catalog_models m ON m.sync_id = latest.id`,
    [],
  )
  if (rows.length === 0) return null
  return new Set(rows.flatMap((r) => (r.kieModel === null ? [] : [r.kieModel])))
}

export type CatalogAdminResult = 'done' | 'nothing'

/** An admin's one tap: the proposed lower factor becomes the price (audited in the same transaction). */
export async function applyProposedFactor(db: Db, adminId: bigint, modelId: string): Promise<CatalogAdminResult> {
  return db.$transaction(async (tx) => {
    const row = await tx.catalogOffering.findUnique({ where: { modelId } })
    if (!row || row.proposedFactor === null) return 'nothing'
    await tx.catalogOffering.update({
      where: { modelId },
      data: { creditFactor: row.proposedFactor, proposedFactor: null },
    })
    await recordAudit(tx, {
      adminId,
      action: AUDIT_ACTIONS.catalogLowerPrice,
      details: { modelId, from: row.creditFactor.toNumber(), to: row.proposedFactor.toNumber() },
    })
    return 'done'
  })
}

/** An admin shows a hidden offering again (the caller checked that Kie lists it and its schema fits). */
export async function reenableCatalogOffering(db: Db, adminId: bigint, modelId: string): Promise<CatalogAdminResult> {
  return db.$transaction(async (tx) => {
    const row = await tx.catalogOffering.findUnique({ where: { modelId } })
    if (!row || row.hiddenReason === null) return 'nothing'
    await tx.catalogOffering.update({
      where: { modelId },
      data: { hiddenReason: null, hiddenAt: null, missingFields: [] },
    })
    await recordAudit(tx, {
      adminId,
      action: AUDIT_ACTIONS.catalogReenable,
      details: { modelId, reason: row.hiddenReason },
    })
    return 'done'
  })
}
