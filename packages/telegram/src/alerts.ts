import { t, type Lang, type MessageKey } from '@kiebot/i18n'
import { enqueueTelegram, type TelegramQueue } from '@kiebot/jobs'

/** What an admin alert needs from the app that raises it. */
export interface AlertDeps {
  /** ADMIN_IDS */
  adminIds: readonly bigint[]
  telegram: TelegramQueue
  /**
   * Takes the cluster-wide right to send `name` for `periodMs` (a Redis SET NX PX):
   * false when it was taken within the period, by this process or another one.
   */
  claim(name: string, periodMs: number): Promise<boolean>
  /** the admins' chosen languages (an admin who never wrote to the bot reads English) */
  languages(ids: bigint[]): Promise<Map<bigint, Lang>>
  logger: { warn(message: string, meta?: Record<string, unknown>): void }
}

export type AdminAlert = {
  /** the same key is sent at most once per `quietMs` */
  key: string
  /** 1 hour unless said; 0 sends every time (a user's message to support) */
  quietMs?: number
} & ({ message: MessageKey; params?: Record<string, string | number> } | { text: string })

export const ALERT_QUIET_MS = 3600_000

/**
 * Tells every admin, through the delivery queue (paced like every send), in their language.
 * The same alert `key` is sent at most once per quiet period, whichever process raises it.
 * Returns whether it was sent.
 */
export async function alertAdmins(deps: AlertDeps, alert: AdminAlert): Promise<boolean> {
  deps.logger.warn(
    'admin alert',
    'message' in alert ? { alert: alert.key, message: alert.message, ...alert.params } : { alert: alert.key },
  )
  if (deps.adminIds.length === 0) return false
  const quietMs = alert.quietMs ?? ALERT_QUIET_MS
  if (quietMs > 0 && !(await deps.claim(`alert:${alert.key}`, quietMs))) return false
  const language = 'message' in alert ? await deps.languages([...deps.adminIds]) : new Map<bigint, Lang>()
  for (const adminId of deps.adminIds) {
    const text =
      'message' in alert
        ? t(language.get(adminId) ?? 'en', alert.message, alert.params ?? {})
        : alert.text.slice(0, 4096)
    await enqueueTelegram(deps.telegram, {
      kind: 'text',
      chatId: adminId.toString(),
      text,
      origin: `alert:${alert.key}`,
    })
  }
  return true
}
