import { alertAdmins as sharedAlertAdmins } from '@kiebot/telegram'
import type { BotContext } from '../bot/context'

/**
 * A message to every admin, through the worker's rate-limited delivery queue (the shared
 * `alertAdmins`): each one is sent (no quiet period: a mismatch or a support message is never
 * a repeat of the previous one).
 */
export async function alertAdmins(ctx: BotContext, text: string): Promise<void> {
  const { config, queues, redis, logger } = ctx.deps
  await sharedAlertAdmins(
    {
      adminIds: config.ADMIN_IDS,
      telegram: queues.telegram,
      claim: async (name, periodMs) =>
        (await redis.set(`${config.QUEUE_PREFIX}:claim:${name}`, '1', 'PX', periodMs, 'NX')) === 'OK',
      languages: async () => new Map(),
      logger,
    },
    { key: 'gateway', text, quietMs: 0 },
  ).catch((error: unknown) => {
    logger.error('could not enqueue an admin alert', { error })
  })
}
