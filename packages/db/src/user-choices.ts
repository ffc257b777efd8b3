import type { Db } from './client'

/** How many models' choices are kept per user (the most recently used). */
export const MODEL_CHOICES_PER_USER = 20

function asOptions(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/**
 * The options the user ran this model with (they replace the remembered ones). Keeps the
 * user's MODEL_CHOICES_PER_USER most recently used models.
 */
export async function rememberModelChoice(
  db: Db,
  userId: bigint,
  modelId: string,
  options: Record<string, unknown>,
): Promise<void> {
  const usedAt = new Date()
  await db.$transaction([
    db.userModelChoice.upsert({
      where: { userId_modelId: { userId, modelId } },
      create: { userId, modelId, options: options as object, usedAt },
      update: { options: options as object, usedAt },
    }),
    db.$executeRaw`DELETE FROM user_model_choices WHERE user_id = ${userId} AND model_id NOT IN (
      SELECT model_id FROM user_model_choices WHERE user_id = ${userId} ORDER BY used_at DESC, model_id LIMIT ${MODEL_CHOICES_PER_USER})`,
  ])
}

/** The options the user last chose for this model ({} when none). */
export async function modelChoice(db: Db, userId: bigint, modelId: string): Promise<Record<string, unknown>> {
  const row = await db.userModelChoice.findUnique({ where: { userId_modelId: { userId, modelId } } })
  return asOptions(row?.options)
}

/** "Don't ask up to N": null turns it off. */
export async function setAutoConfirm(db: Db, userId: bigint, kopecks: number | null): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { autoConfirmKopecks: kopecks } })
}

/** The model a typed prompt goes to; null forgets it (a cancelled form). */
export async function setCurrentModel(db: Db, userId: bigint, modelId: string | null): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { currentModelId: modelId } })
}
