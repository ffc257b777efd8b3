import type { MessageKey } from '@kiebot/i18n'
import { alertAdmins as sharedAlertAdmins } from '@kiebot/telegram'
import type { BotContext } from '../bot/context'

/**
 * A message to every admin in their language, through the worker's rate-limited delivery
 * queue (the shared `alertAdmins`): each one is sent (no quiet period: a mismatch or a support
 * message is never a repeat of the previous one). Sent as plain text, so params need no escaping.
 */
export async function alertAdmins(
  ctx: BotContext,
  message: MessageKey,
  params: Record<string, string | number>,
): Promise<void> {
  const { config, queues, redis, logger, db } = ctx.deps
  await sharedAlertAdmins(
    {
      adminIds: config.ADMIN_IDS,
      telegram: queues.telegram,
      claim: async (name, periodMs) =>
        (await redis.set(`${config.QUEUE_PREFIX}:claim:${name}`, '1', 'PX', periodMs, 'NX')) === 'OK',
      languages: async (ids) => {
        const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, language: true } })
        return new Map(users.map((u) => [u.id, u.language]))
      },
      logger,
    },
    { key: 'gateway', message, params, quietMs: 0 },
  ).catch((error: unknown) => {
    logger.error('could not enqueue an admin alert', { error })
  })
}
