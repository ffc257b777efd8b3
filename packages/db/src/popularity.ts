import type { Db } from './client'
import { recordAudit } from './audit'
import { AUDIT_ACTIONS } from './keys'
import { sqlRows } from './sql'

// The catalog's "Popular" page: the models admins pinned, then the ones most used lately.

/** Slugs an admin pinned to the top of "Popular", oldest pin first. */
export async function pinnedModels(db: Db): Promise<string[]> {
  const rows = await sqlRows<{ modelId: string }>(
    db,
    `SELECT model_id AS "modelId" FROM model_settings WHERE pinned_at IS NOT NULL ORDER BY pinned_at, model_id`,
    [],
  )
  return rows.map((r) => r.modelId)
}

/** Pins or unpins a model (audited as a model settings change, in one transaction). */
export async function setModelPinned(db: Db, adminId: bigint, modelId: string, pinned: boolean): Promise<void> {
  const pinnedAt = pinned ? new Date() : null
  await db.$transaction(async (tx) => {
    await tx.modelSetting.upsert({
      where: { modelId },
      create: { modelId, pinnedAt, updatedBy: adminId },
      update: { pinnedAt, updatedBy: adminId },
    })
    await recordAudit(tx, { adminId, action: AUDIT_ACTIONS.modelSettings, details: { modelId, pinned } })
  })
}

/** Generations per model created since `since`, most used first (ties by slug). */
export async function recentModelUse(db: Db, since: Date): Promise<{ modelId: string; count: number }[]> {
  const rows = await db.generation.groupBy({
    by: ['modelId'],
    where: { createdAt: { gte: since } },
    _count: { _all: true },
  })
  return rows
    .map((r) => ({ modelId: r.modelId, count: r._count._all }))
    .sort((a, b) => b.count - a.count || a.modelId.localeCompare(b.modelId))
}
