import { enqueueTelegram } from '@kiebot/jobs'
import { t, type MessageKey } from '@kiebot/i18n'
import type { WorkerContext } from './context'

/**
 * Tells every admin (ADMIN_IDS), through the delivery queue, in their language. The same
 * alert `key` is sent at most once per `quietMs`, whichever worker raises it.
 */
export async function alertAdmins(
  ctx: WorkerContext,
  alert: { key: string; message: MessageKey; params?: Record<string, string | number>; quietMs?: number },
): Promise<boolean> {
  const admins = ctx.config.ADMIN_IDS
  ctx.logger.warn('admin alert', { alert: alert.key, message: alert.message, ...alert.params })
  if (admins.length === 0) return false
  if (!(await ctx.coordination.claim(`alert:${alert.key}`, alert.quietMs ?? 3600_000))) return false
  const users = await ctx.db.user.findMany({ where: { id: { in: admins } }, select: { id: true, language: true } })
  const language = new Map(users.map((u) => [u.id, u.language]))
  for (const adminId of admins) {
    const text = t(language.get(adminId) ?? 'en', alert.message, alert.params ?? {})
    await enqueueTelegram(ctx.queues.telegram, { kind: 'text', chatId: adminId.toString(), text, origin: `alert:${alert.key}` })
  }
  return true
}
