import { normalizePromoCode, pendingPromoBonus, redeemPromoCode, type RedeemRefusal } from '@kiebot/db'
import type { BotContext } from '../../bot/context'
import { awaitText, takeAwaited } from '../../state/awaiting'
import { countInWindow } from '../../state/windows'
import { button, escapeHtml, formatRub, menuButton, show } from '../../ui'
import { callbackData as cb } from '@kiebot/jobs'

// Redeeming a promo code: what the user typed (after /promo, as /promo CODE or the p_<CODE>
// deep link), rate-limited per user, answered with what happened in the user's words.

/** Redemption attempts per user and window (a fixed window in Redis, its key expiring with it). */
export const PROMO_ATTEMPTS = 5
export const PROMO_WINDOW_MS = 10 * 60_000
/** How long the text after /promo (or the balance screen's button) is read as the code. */
const AWAIT_TTL_SECONDS = 300

/** The next text this user sends is read as a promo code (any other button or command ends the wait). */
export async function askForCode(ctx: BotContext): Promise<void> {
  await awaitText(ctx, { kind: 'promo' }, AWAIT_TTL_SECONDS)
  await show(ctx, {
    text: ctx.t('promo.ask'),
    keyboard: [[button(ctx.t('btn.balance'), cb.balance()), menuButton(ctx)]],
  })
}

/** Whether this text answers "send your promo code" (the expectation is used up either way). */
export async function takeAwaitedCode(ctx: BotContext): Promise<boolean> {
  return (await takeAwaited(ctx, 'promo')) !== undefined
}

/** Counts this attempt; returns the minutes until the next window when over the limit. */
async function overLimit(ctx: BotContext): Promise<number | undefined> {
  const name = `${ctx.deps.config.QUEUE_PREFIX}:promo-tries:${ctx.user.id}`
  const { count, resetInMs } = await countInWindow(ctx.deps.redis, name, PROMO_WINDOW_MS)
  if (count <= PROMO_ATTEMPTS) return undefined
  return Math.max(1, Math.ceil(resetInMs / 60_000))
}

const REFUSALS: Record<Exclude<RedeemRefusal, 'bonus_pending'>, Parameters<BotContext['t']>[0]> = {
  unknown: 'promo.unknown',
  disabled: 'promo.disabled',
  expired: 'promo.expired',
  used_up: 'promo.used_up',
  already_used: 'promo.already_used',
  new_users_only: 'promo.new_users_only',
}

/** Redeems what was typed and answers with a new message. */
export async function redeem(ctx: BotContext, typed: string): Promise<void> {
  const minutes = await overLimit(ctx)
  const reply = (text: string) =>
    show(ctx, { text, keyboard: [[button(ctx.t('btn.balance'), cb.balance()), menuButton(ctx)]] }, { newMessage: true })
  if (minutes !== undefined) return void (await reply(ctx.t('promo.rate_limited', { minutes })))
  const shown = escapeHtml(normalizePromoCode(typed) ?? [...typed.trim()].slice(0, 32).join(''))
  const result = await redeemPromoCode(ctx.deps.db, { userId: ctx.user.id, code: typed })
  ctx.deps.logger.info('promo code redeemed', { outcome: result.ok ? result.kind : result.reason })
  if (result.ok && result.kind === 'fixed') {
    ctx.user.balanceKopecks = result.balanceAfter
    return void (await reply(
      ctx.t('promo.credited', {
        code: shown,
        rub: formatRub(result.creditedKopecks, ctx.lang),
        balance: formatRub(result.balanceAfter, ctx.lang),
      }),
    ))
  }
  if (result.ok) {
    const text = ctx.t('promo.percent_pending', {
      code: shown,
      percent: result.percent,
      cap: formatRub(result.capKopecks, ctx.lang),
    })
    await show(
      ctx,
      { text, keyboard: [[button(ctx.t('btn.topup'), cb.topup()), menuButton(ctx)]] },
      { newMessage: true },
    )
    return
  }
  if (result.reason === 'bonus_pending') {
    const pending = await pendingPromoBonus(ctx.deps.db, ctx.user.id)
    return void (await reply(
      ctx.t('promo.bonus_pending', {
        code: shown,
        percent: pending?.percent ?? 0,
        pending: escapeHtml(pending?.code ?? ''),
      }),
    ))
  }
  await reply(ctx.t(REFUSALS[result.reason], { code: shown }))
}
