import { randomBytes, randomUUID } from 'node:crypto'
import type { Deps } from '../../bot/context'
import type { CompareKind } from '@kiebot/models'

/**
 * A comparison being prepared: the kind, the models picked (in order), the prompt and the
 * shared settings. One per user in Redis (a new one replaces the old), for a few hours.
 * `groupId` is fixed when it is opened, so a double-pressed Confirm reserves it once.
 */
export interface CompareDraft {
  /** short id carried by the buttons: a press on an older comparison's message is refused */
  id: string
  groupId: string
  kind: CompareKind
  slugs: string[]
  prompt?: string
  /** shared settings chosen, by field key (the value's text: "16:9") */
  options: Record<string, string>
  /** the total shown on the confirmation: Confirm charges only this */
  shownKopecks?: number
}

export const COMPARE_TTL_SECONDS = 3 * 3600
/** How long a typed text is taken as the comparison's prompt after it was asked. */
export const PROMPT_WAIT_SECONDS = 30 * 60

const draftKey = (deps: Pick<Deps, 'config'>, userId: bigint) => `${deps.config.QUEUE_PREFIX}:compare:${userId}`

export async function openCompare(
  deps: Deps,
  userId: bigint,
  kind: CompareKind,
  slugs: string[],
  prompt?: string,
): Promise<CompareDraft> {
  const draft: CompareDraft = {
    id: randomBytes(6).toString('base64url'),
    groupId: randomUUID(),
    kind,
    slugs,
    options: {},
    ...(prompt ? { prompt } : {}),
  }
  await saveCompare(deps, userId, draft)
  return draft
}

export async function saveCompare(deps: Deps, userId: bigint, draft: CompareDraft): Promise<void> {
  await deps.redis.set(draftKey(deps, userId), JSON.stringify(draft), 'EX', COMPARE_TTL_SECONDS)
}

/** The user's comparison, when `id` (from a button) names it; any open one when no id is given. */
export async function loadCompare(deps: Deps, userId: bigint, id?: string): Promise<CompareDraft | undefined> {
  const raw = await deps.redis.get(draftKey(deps, userId))
  if (!raw) return undefined
  const draft = JSON.parse(raw) as CompareDraft
  return id === undefined || draft.id === id ? draft : undefined
}

export async function discardCompare(deps: Deps, userId: bigint): Promise<void> {
  await deps.redis.del(draftKey(deps, userId))
}
