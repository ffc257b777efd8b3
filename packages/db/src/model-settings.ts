import type { ModelSetting } from '../prisma-client'
import type { Db } from './client'
import { recordAudit } from './audit'
import { AUDIT_ACTIONS } from './keys'
import { sqlRows } from './sql'

/** Admin settings of one model (no row = enabled, registry price). */
export interface ModelAdminSettings {
  enabled: boolean
  /** shaped as the pricing package's PriceOverride */
  override: { markup: number | null; fixedPriceKopecks: number | null }
}

export interface ModelSettingsChange {
  enabled?: boolean
  markupOverride?: number | null
  fixedPriceKopecks?: number | null
}

/** A settings row as the price book keeps it (also read by catalog.ts's one-model read). */
export function toSettings(
  row: Pick<ModelSetting, 'enabled' | 'markupOverride' | 'fixedPriceKopecks'>,
): ModelAdminSettings {
  return {
    enabled: row.enabled,
    override: { markup: row.markupOverride?.toNumber() ?? null, fixedPriceKopecks: row.fixedPriceKopecks },
  }
}

/** Every model's admin settings (read on the fast path: the price book reads them on every Confirm). */
export async function modelSettings(db: Db): Promise<Map<string, ModelAdminSettings>> {
  const rows = await sqlRows<Pick<ModelSetting, 'modelId' | 'enabled' | 'markupOverride' | 'fixedPriceKopecks'>>(
    db,
    `SELECT model_id AS "modelId", enabled, markup_override AS "markupOverride",
       fixed_price_kopecks AS "fixedPriceKopecks"
     FROM model_settings`,
    [],
  )
  return new Map(rows.map((r) => [r.modelId, toSettings(r)]))
}

/** Changes a model's admin settings and audits the change in one transaction. */
export async function updateModelSettings(
  db: Db,
  adminId: bigint,
  modelId: string,
  change: ModelSettingsChange,
): Promise<ModelAdminSettings> {
  return db.$transaction(async (tx) => {
    const data = {
      ...(change.enabled !== undefined && { enabled: change.enabled }),
      ...(change.markupOverride !== undefined && { markupOverride: change.markupOverride?.toFixed(3) ?? null }),
      ...(change.fixedPriceKopecks !== undefined && { fixedPriceKopecks: change.fixedPriceKopecks }),
      updatedBy: adminId,
    }
    const row = await tx.modelSetting.upsert({ where: { modelId }, create: { modelId, ...data }, update: data })
    await recordAudit(tx, { adminId, action: AUDIT_ACTIONS.modelSettings, details: { modelId, ...change } })
    return toSettings(row)
  })
}
