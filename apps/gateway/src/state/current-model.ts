import type { Deps } from '../bot/context'

// The user's current model: the one they chose last (a card, a wizard, /gen) or ran. A text
// typed outside a form is a prompt for it. One key per user, kept for 30 days of silence;
// a cancelled form forgets it (a text typed after "cancel" goes nowhere).

export const CURRENT_MODEL_TTL_SECONDS = 30 * 86_400

function key(deps: Pick<Deps, 'config'>, userId: bigint): string {
  return `${deps.config.QUEUE_PREFIX}:current-model:${userId}`
}

export async function setCurrentModel(
  deps: Pick<Deps, 'config' | 'redis'>,
  userId: bigint,
  slug: string,
): Promise<void> {
  await deps.redis.set(key(deps, userId), slug, 'EX', CURRENT_MODEL_TTL_SECONDS)
}

export function currentModel(deps: Pick<Deps, 'config' | 'redis'>, userId: bigint): Promise<string | null> {
  return deps.redis.get(key(deps, userId))
}

export async function forgetCurrentModel(deps: Pick<Deps, 'config' | 'redis'>, userId: bigint): Promise<void> {
  await deps.redis.del(key(deps, userId))
}
