import type { Db } from './client'
import { sqlRows } from './sql'

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
  // One statement on the fast path: the upsert, and the older models past the bound deleted (the
  // row written now is the newest, so the others keep MODEL_CHOICES_PER_USER - 1 places).
  await sqlRows(
    db,
    `WITH chosen AS (
       INSERT INTO user_model_choices (user_id, model_id, options, used_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (user_id, model_id) DO UPDATE SET options = EXCLUDED.options, used_at = EXCLUDED.used_at
       RETURNING model_id)
     DELETE FROM user_model_choices WHERE user_id = $1 AND model_id <> $2 AND model_id NOT IN (
       SELECT model_id FROM user_model_choices WHERE user_id = $1 AND model_id <> $2
       ORDER BY used_at DESC, model_id LIMIT $5)`,
    [userId, modelId, JSON.stringify(options), new Date(), MODEL_CHOICES_PER_USER - 1],
  )
}

/** The options the user last chose for this model ({} when none). */
export async function modelChoice(db: Db, userId: bigint, modelId: string): Promise<Record<string, unknown>> {
  const rows = await sqlRows<{ options: unknown }>(
    db,
    'SELECT options FROM user_model_choices WHERE user_id = $1 AND model_id = $2',
    [userId, modelId],
  )
  return asOptions(rows[0]?.options)
}

/** "Don't ask up to N": null turns it off. */
export async function setAutoConfirm(db: Db, userId: bigint, kopecks: number | null): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { autoConfirmKopecks: kopecks } })
}

/** The model a typed prompt goes to; null forgets it (a cancelled form). */
export async function setCurrentModel(db: Db, userId: bigint, modelId: string | null): Promise<void> {
  await sqlRows(db, 'UPDATE users SET current_model_id = $2 WHERE id = $1', [userId, modelId])
}
