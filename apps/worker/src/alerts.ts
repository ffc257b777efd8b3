import { alertAdmins as alert, type AdminAlert } from '@kiebot/telegram'
import type { WorkerContext } from './context'

/**
 * Tells every admin (ADMIN_IDS), through the delivery queue, in their language: the shared
 * `alertAdmins`, with the worker's Redis claims for the quiet period (one per key, cluster-wide).
 */
export async function alertAdmins(ctx: WorkerContext, alertToSend: AdminAlert): Promise<boolean> {
  return alert(
    {
      adminIds: ctx.config.ADMIN_IDS,
      telegram: ctx.queues.telegram,
      claim: (name, periodMs) => ctx.coordination.claim(name, periodMs),
      languages: async (ids) => {
        const users = await ctx.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, language: true } })
        return new Map(users.map((u) => [u.id, u.language]))
      },
      logger: ctx.logger,
    },
    alertToSend,
  )
}
