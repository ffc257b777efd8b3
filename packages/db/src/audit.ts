import type { Prisma } from '../prisma-client'
import type { Db, Tx } from './client'
import type { AuditAction } from './keys'

export interface AuditEntry {
  adminId: bigint
  action: AuditAction
  targetUserId?: bigint | null
  details?: Prisma.InputJsonValue
}

/**
 * One admin audit entry, with its action from `AUDIT_ACTIONS`. Returns Prisma's promise
 * unawaited, so it can join a batch `$transaction([...])` or be awaited in a transaction.
 */
export function recordAudit(db: Db | Tx, entry: AuditEntry) {
  return db.adminAuditLog.create({
    data: {
      adminId: entry.adminId,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      details: entry.details ?? {},
    },
  })
}
