import { grantOnce, ledgerKeys, markWelcomed } from '@kiebot/db'
import type { BotContext } from '../../bot/context'
import { formatRub } from '../../ui'

/**
 * First contact: referral (r_<code>) and the welcome bonus, each once per user. Owed
 * until it has completed (users.welcomed_at), not only on the update that created
 * the row: a first /start that failed half-way (503, re-delivered) still binds the
 * referral and grants the bonus on its retry.
 */
export async function welcome(ctx: BotContext, payload: string): Promise<void> {
  const { db, config } = ctx.deps
  const code = /^r_([a-z0-9]{4,16})$/.exec(payload)?.[1]
  if (code && config.REFERRAL_PERCENT > 0 && ctx.user.referrerId === null) {
    const referrer = await db.user.findUnique({ where: { referralCode: code } })
    if (referrer && referrer.id !== ctx.user.id) {
      await db.user.updateMany({
        where: { id: ctx.user.id, referrerId: null },
        data: { referrerId: referrer.id, referralUntil: new Date(Date.now() + config.REFERRAL_DAYS * 86_400_000) },
      })
    }
  }
  let granted = false
  if (config.WELCOME_BONUS_KOPECKS > 0) {
    granted = await grantOnce(db, {
      userId: ctx.user.id,
      kind: 'bonus',
      amountKopecks: config.WELCOME_BONUS_KOPECKS,
      idempotencyKey: ledgerKeys.welcome(ctx.user.id),
      reason: 'welcome bonus',
    })
  }
  // the row as it is now: the bonus moved the balance
  ctx.user = (await markWelcomed(db, ctx.user.id)) ?? ctx.user
  if (granted) await ctx.reply(ctx.t('welcome.bonus', { amount: formatRub(config.WELCOME_BONUS_KOPECKS, ctx.lang) }))
}
