import { enqueueTelegram } from '@kiebot/jobs'
import type { BotContext } from '../bot/context'

/** A message to every admin, through the worker's rate-limited delivery queue. */
export async function alertAdmins(ctx: BotContext, text: string): Promise<void> {
  for (const adminId of ctx.deps.config.ADMIN_IDS)
    await enqueueTelegram(ctx.deps.queues.telegram, { kind: 'text', chatId: adminId.toString(), text: text.slice(0, 4096), origin: 'alert' }).catch((error: unknown) => {
      ctx.deps.logger.error('could not enqueue an admin alert', { error })
    })
}
