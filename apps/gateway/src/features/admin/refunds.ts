import { TelegramError } from 'telegraf'
import {
  abortPaymentRefund,
  appliedPromoBonus,
  beginPaymentRefund,
  finishPaymentRefund,
  MoneyError,
  REFUND_LEASE_MS,
  releasePaymentRefund,
} from '@kiebot/db'
import { callbacks } from '@kiebot/jobs'
import { redactString } from '@kiebot/logger'
import { isChargeAlreadyRefunded } from '@kiebot/telegram'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, formatRub, show } from '../../ui'
import { homeButton } from './home'

const cb = callbacks.admin

// Admin: a Stars payment refunded from the user's card: what it takes back, then the refund
// (debit once, Telegram's refundStarPayment, the rubles given back on a refusal).

/** What a refund takes back, before the admin confirms it. */
export async function confirmRefund(ctx: BotContext, paymentId: string): Promise<void> {
  const payment = await ctx.deps.db.starsPayment.findUniqueOrThrow({
    where: { id: paymentId },
    include: { user: true },
  })
  const rub = formatRub(payment.kopecks, ctx.lang)
  const promo = await appliedPromoBonus(ctx.deps.db, payment.id)
  await show(ctx, {
    text:
      ctx.t('admin.refund_confirm', {
        stars: payment.stars,
        rub,
        date: formatDate(payment.createdAt, ctx.lang),
        balance: formatRub(payment.user.balanceKopecks, ctx.lang),
      }) + (promo > 0 ? `\n${ctx.t('admin.refund_promo', { rub: formatRub(promo, ctx.lang) })}` : ''),
    keyboard: [
      [
        button(
          ctx.t('admin.btn.refund_yes', { stars: payment.stars }),
          cb.refundConfirmed.pack({ paymentId: payment.id }),
        ),
      ],
      [button(ctx.t('btn.back'), cb.user.pack({ userId: payment.userId })), homeButton(ctx)],
    ],
  })
}

/**
 * Refunds a Stars payment: debit once, then Telegram's refundStarPayment (retryable).
 * Each press is one attempt with its own id; while one attempt's call is in flight no
 * other starts, and only that attempt may give the rubles back on a refusal.
 */
export async function refundPayment(ctx: BotContext, paymentId: string): Promise<void> {
  const home = [[homeButton(ctx)]]
  let begun
  try {
    begun = await beginPaymentRefund(ctx.deps.db, { paymentId, adminId: ctx.user.id })
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error
    const payment = await ctx.deps.db.starsPayment.findUniqueOrThrow({
      where: { id: paymentId },
      include: { user: true },
    })
    await show(ctx, {
      text: ctx.t('admin.refund_spent', {
        balance: formatRub(payment.user.balanceKopecks, ctx.lang),
        // a promo bonus that came with the top-up is taken back with it
        rub: formatRub(payment.kopecks + (await appliedPromoBonus(ctx.deps.db, payment.id)), ctx.lang),
      }),
      keyboard: home,
    })
    return
  }
  if (!begun.ready) {
    await show(ctx, {
      text: ctx.t(begun.reason === 'in_progress' ? 'admin.refund_in_progress' : 'admin.refund_already'),
      keyboard: home,
    })
    return
  }
  const { payment, attempt } = begun
  try {
    // Not in telegraf 4.16's typed API: a raw call. It ends well within the attempt's lease.
    await ctx.telegram.callApi(
      'refundStarPayment' as never,
      { user_id: Number(payment.userId), telegram_payment_charge_id: payment.telegramPaymentChargeId } as never,
      // telegraf types its signal with an older AbortSignal declaration than Node's
      { signal: AbortSignal.timeout(REFUND_LEASE_MS / 3) as never },
    )
  } catch (error) {
    // Only Telegram's own answer is shown; an exception's text (a non-JSON page, a network
    // error naming the URL with the bot token) never reaches a chat.
    const answered = error instanceof TelegramError
    const description = answered ? redactString(String(error.description ?? '')).slice(0, 200) : ''
    const code = answered ? error.code : undefined
    const shown = escapeHtml(description || ctx.t('admin.telegram_no_answer'))
    // A definite refusal (4xx but 429): give the rubles back; the payment stays refundable.
    if (!isChargeAlreadyRefunded(error) && code !== undefined && code >= 400 && code < 500 && code !== 429) {
      ctx.deps.logger.warn('refundStarPayment refused', { paymentId, error })
      const undone = await abortPaymentRefund(ctx.deps.db, {
        paymentId: payment.id,
        attempt,
        adminId: ctx.user.id,
        reason: description,
      })
      if (!undone) {
        // Another attempt owns the payment now (or finished it): its outcome stands.
        await show(ctx, { text: ctx.t('admin.refund_in_progress'), keyboard: home })
        return
      }
      await show(ctx, {
        text: ctx.t('admin.refund_refused', { error: shown }),
        keyboard: [[button('👤', cb.user.pack({ userId: payment.userId })), homeButton(ctx)]],
      })
      return
    }
    if (!isChargeAlreadyRefunded(error)) {
      ctx.deps.logger.warn('refundStarPayment failed', { paymentId, error })
      await releasePaymentRefund(ctx.deps.db, { paymentId: payment.id, attempt })
      await show(ctx, {
        text: ctx.t('admin.refund_failed', { error: shown }),
        keyboard: [
          [
            button(
              ctx.t('admin.btn.refund', { stars: payment.stars, date: formatDate(payment.createdAt, ctx.lang) }),
              cb.refundConfirmed.pack({ paymentId: payment.id }),
            ),
          ],
          [homeButton(ctx)],
        ],
      })
      return
    }
  }
  const finished = await finishPaymentRefund(ctx.deps.db, payment.id, { adminId: ctx.user.id })
  const lines = [
    ctx.t('admin.refund_done', {
      stars: payment.stars,
      rub: formatRub(payment.kopecks, ctx.lang),
      balance: formatRub(begun.balanceAfter, ctx.lang),
    }),
  ]
  if (begun.promoKopecks > 0) lines.push(ctx.t('admin.refund_promo', { rub: formatRub(begun.promoKopecks, ctx.lang) }))
  if (finished.referralReversedKopecks > 0 || finished.referralShortfallKopecks > 0)
    lines.push(
      ctx.t(finished.referralShortfallKopecks > 0 ? 'admin.refund_referral_short' : 'admin.refund_referral', {
        rub: formatRub(finished.referralReversedKopecks, ctx.lang),
        short: formatRub(finished.referralShortfallKopecks, ctx.lang),
      }),
    )
  await show(ctx, { text: lines.join('\n'), keyboard: home })
}
