import { randomBytes } from 'node:crypto'
import { AUDIT_ACTIONS, recordAudit } from '@kiebot/db'
import { callbacks, enqueueBroadcast } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, rows, show } from '../../ui'
import { homeButton } from './home'

const cb = callbacks.admin

// Admin: a broadcast. The awaited text is previewed with its recipients' count, then sent
// through the worker's rate-limited delivery queue, or cancelled.

const broadcastKey = (ctx: BotContext, id: string) => `${ctx.deps.config.QUEUE_PREFIX}:broadcast:${id}`

/** The awaited broadcast text: kept for an hour and previewed, with Send and Cancel. */
export async function previewBroadcast(ctx: BotContext, text: string): Promise<void> {
  const body = text.trim().slice(0, 4000)
  const id = randomBytes(6).toString('base64url')
  await ctx.deps.redis.set(broadcastKey(ctx, id), body, 'EX', 3600)
  const count = await broadcastRecipients(ctx)
  await show(
    ctx,
    {
      text: ctx.t('admin.broadcast_preview', { count, text: escapeHtml(body) }),
      keyboard: rows(
        [
          button(ctx.t('admin.btn.send', { count }), cb.broadcastSend.pack({ broadcastId: id })),
          button(ctx.t('btn.cancel'), cb.broadcastCancel.pack({ broadcastId: id })),
        ],
        1,
      ),
    },
    { newMessage: true },
  )
}

export async function cancelBroadcast(ctx: BotContext, id: string): Promise<void> {
  await ctx.deps.redis.del(broadcastKey(ctx, id))
  await show(ctx, { text: ctx.t('admin.broadcast_cancelled'), keyboard: [[homeButton(ctx)]] })
}

/** Users a broadcast goes to (the worker's fan-out takes the same ones, by id). */
function broadcastRecipients(ctx: BotContext): Promise<number> {
  return ctx.deps.db.user.count({ where: { banned: false, blockedBot: false } })
}

/**
 * Hands the broadcast to the worker (one job, idempotent per broadcast id), which adds the
 * recipients' messages in chunks and reports when they have gone. The text is dropped only
 * once the job is in the queue, so a Redis blip does not lose it.
 */
export async function sendBroadcast(ctx: BotContext, id: string): Promise<void> {
  const key = broadcastKey(ctx, id)
  const text = await ctx.deps.redis.get(key)
  if (!text) return void (await show(ctx, { text: ctx.t('admin.broadcast_cancelled'), keyboard: [[homeButton(ctx)]] }))
  await enqueueBroadcast(ctx.deps.queues.telegram, { broadcastId: id, adminId: ctx.user.id.toString(), text })
  if ((await ctx.deps.redis.del(key)) === 0)
    return void (await show(ctx, { text: ctx.t('admin.broadcast_cancelled'), keyboard: [[homeButton(ctx)]] }))
  const recipients = await broadcastRecipients(ctx)
  await recordAudit(ctx.deps.db, {
    adminId: ctx.user.id,
    action: AUDIT_ACTIONS.broadcast,
    details: { id, recipients, text },
  })
  await show(ctx, { text: ctx.t('admin.broadcast_queued', { count: recipients }), keyboard: [[homeButton(ctx)]] })
}
