import { cancelQueuedGeneration, claimCompareDelivery, markCompareDelivered } from '@kiebot/db'
import type { BotContext } from '../../bot/context'
import { formatRub, menuButton, show } from '../../ui'

/**
 * /cancel while a comparison waits: every part of it still queued is cancelled and refunded
 * (each once: the refund is a compare-and-set from queued), answered with one message. Parts
 * already sent to Kie go on and are delivered together as usual; when none is left, the
 * comparison's delivery is closed here, so no second "everything was refunded" follows.
 */
export async function cancelComparison(ctx: BotContext, groupId: string): Promise<void> {
  const { db } = ctx.deps
  const parts = await db.generation.findMany({ where: { groupId, userId: ctx.user.id } })
  let cancelled = 0
  let refunded = 0
  for (const part of parts.filter((p) => p.status === 'queued')) {
    const result = await cancelQueuedGeneration(db, part.id)
    if (!result.refunded) continue
    cancelled++
    refunded += result.amountKopecks
    ctx.user.balanceKopecks = result.balanceAfter
  }
  if (cancelled === 0) return void (await ctx.reply(ctx.t('gen.too_late')))
  const allCancelled = (await db.generation.count({ where: { groupId, status: { not: 'cancelled' } } })) === 0
  // the user's own cancel is the end of the story (a worker that claimed it first sends its summary)
  if (allCancelled && (await claimCompareDelivery(db, groupId, `cancel:${ctx.update.update_id}`)))
    await markCompareDelivered(db, groupId)
  const price = formatRub(refunded, ctx.lang)
  const text = allCancelled
    ? ctx.t('compare.cancel_all', { price })
    : ctx.t('compare.cancel_some', { cancelled, count: parts.length, price })
  await show(ctx, { text, keyboard: [[menuButton(ctx)]] }, { newMessage: true })
}
