import type { CompareGroup, Generation } from '../prisma-client'
import type { Db } from './client'
import { ACTIVE_STATUSES } from './generation-transitions'
import { comparePartId, MAX_COMPARE_PARTS } from './money'

// A comparison's row (compare_groups): written by reserveGroup (money.ts) with its parts, then
// only its delivery marks here. The parts are ordinary generations (their own transitions).

/** How long a claimed delivery may stay unfinished before another run may claim it (a crash mid-send). */
export const COMPARE_DELIVERY_LEASE_MS = 5 * 60_000

export type CompareGroupWithParts = CompareGroup & { parts: Generation[] }

/** The group with its parts in their order (part ids follow the group's, see comparePartId). */
export async function loadCompareGroup(db: Db, groupId: string): Promise<CompareGroupWithParts | null> {
  const group = await db.compareGroup.findUnique({ where: { id: groupId }, include: { parts: true } })
  if (!group) return null
  const index = (part: Generation) => partIndex(groupId, part.id)
  return { ...group, parts: [...group.parts].sort((a, b) => index(a) - index(b)) }
}

/** A part's place in its group (the order the user picked the models in). */
function partIndex(groupId: string, generationId: string): number {
  for (let index = 0; index < MAX_COMPARE_PARTS; index++)
    if (comparePartId(groupId, index) === generationId) return index
  return MAX_COMPARE_PARTS
}

/** Every part has ended (succeeded, failed, timed out, cancelled): the group can be delivered. */
export async function compareGroupEnded(db: Db, groupId: string): Promise<boolean> {
  const active = await db.generation.count({ where: { groupId, status: { in: ACTIVE_STATUSES } } })
  return active === 0
}

/**
 * Claims the group's delivery: a compare-and-set that holds only when every part has ended,
 * the group was not delivered and nobody holds a live claim. Two runs at once (two workers,
 * two parts ending together): one gets true. The claimant's own re-run (a 429 postponed it)
 * goes on; a claim older than the lease (its run crashed) may be taken by another.
 */
export async function claimCompareDelivery(
  db: Db,
  groupId: string,
  claimant: string,
  now = new Date(),
): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - COMPARE_DELIVERY_LEASE_MS)
  const updated = await db.$executeRaw`
    UPDATE compare_groups SET delivery_claimed_at = ${now}, delivery_claimed_by = ${claimant}
    WHERE id = ${groupId}::uuid AND delivered_at IS NULL
      AND (delivery_claimed_at IS NULL OR delivery_claimed_at < ${staleBefore} OR delivery_claimed_by = ${claimant})
      AND NOT EXISTS (
        SELECT 1 FROM generations
        WHERE group_id = ${groupId}::uuid AND status::text = ANY(${ACTIVE_STATUSES}::text[]))`
  return updated === 1
}

/** The group's results went out (or the user cannot be reached): never delivered again. */
export async function markCompareDelivered(db: Db, groupId: string, at = new Date()): Promise<void> {
  await db.compareGroup.updateMany({ where: { id: groupId, deliveredAt: null }, data: { deliveredAt: at } })
}

export interface CompareStats {
  groups: number
  parts: number
  succeededParts: number
  endedParts: number
}

/** Comparisons created since `since`, their parts, and how many of the ended parts succeeded. */
export async function compareStats(db: Db, since: Date): Promise<CompareStats> {
  const [groups, parts] = await Promise.all([
    db.compareGroup.count({ where: { createdAt: { gte: since } } }),
    db.generation.groupBy({
      by: ['status'],
      where: { group: { createdAt: { gte: since } } },
      _count: { _all: true },
    }),
  ])
  const count = (statuses: string[]) =>
    parts.filter((p) => statuses.includes(p.status)).reduce((n, p) => n + p._count._all, 0)
  return {
    groups,
    parts: count(['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled']),
    succeededParts: count(['succeeded']),
    endedParts: count(['succeeded', 'failed', 'timed_out', 'cancelled']),
  }
}

/**
 * Comparisons owed their delivery: every part ended before `endedBefore` (the settle's own
 * request had its chance), created after `createdAfter`, not delivered and not claimed by a
 * live run. The sweeper asks for them again (a crash between a part's settle and its request).
 */
export async function findOwedCompareDeliveries(
  db: Db,
  options: { endedBefore: Date; createdAfter: Date; limit: number },
  now = new Date(),
): Promise<string[]> {
  const staleBefore = new Date(now.getTime() - COMPARE_DELIVERY_LEASE_MS)
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT g.id FROM compare_groups g
    WHERE g.delivered_at IS NULL AND g.created_at > ${options.createdAfter}
      AND (g.delivery_claimed_at IS NULL OR g.delivery_claimed_at < ${staleBefore})
      AND NOT EXISTS (
        SELECT 1 FROM generations p WHERE p.group_id = g.id
          AND (p.status::text = ANY(${ACTIVE_STATUSES}::text[]) OR p.completed_at IS NULL OR p.completed_at > ${options.endedBefore}))
    ORDER BY g.created_at LIMIT ${options.limit}`
  return rows.map((r) => r.id)
}
