import { randomUUID } from 'node:crypto'
import { creditStarsPayment, MoneyError } from '@kiebot/db'
import { t } from '@kiebot/i18n'
import { enqueueTelegram } from '@kiebot/jobs'
import { askedFields, getModel } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'
import { alertAdmins, formatRub } from '../../ui'
import { packKopecks } from './packs'

// Top-up with Telegram Stars (XTR): a pending order row is the invoice payload;
// pre_checkout_query is checked against it and answered at once; the balance is
// credited only on successful_payment, once per telegram_payment_charge_id.
//
// A pack bought from a draft's "not enough money" screen names that draft in its invoice's
// payload (`<order id>:<draft id>`; Telegram returns the payload as it was sent, and no one
// else can write it): once the payment is credited, the draft comes back as its confirmation.

/**
 * Sends the invoice of a pack. The user's pending order for the same pack and price
 * is reused (each press would otherwise leave a row forever), so a user has at most
 * one pending order per pack and price; paying it makes the next press a new order.
 */
export async function sendPackInvoice(ctx: BotContext, stars: number): Promise<void> {
  if (!ctx.deps.config.TOPUP_PACKS.includes(stars)) return
  const draft = await draftShortOfMoney(ctx)
  const kopecks = packKopecks(ctx, stars)
  const packId = `stars-${stars}`
  const order =
    (await ctx.deps.db.topupOrder.findFirst({
      where: { userId: ctx.user.id, packId, stars, kopecks, status: 'pending' },
      orderBy: { createdAt: 'desc' },
    })) ??
    (await ctx.deps.db.topupOrder.create({ data: { id: randomUUID(), userId: ctx.user.id, packId, stars, kopecks } }))
  const rub = formatRub(kopecks, ctx.lang)
  await ctx.replyWithInvoice({
    title: ctx.t('invoice.title', { rub }),
    description: ctx.t('invoice.description', { stars, rub }),
    payload: draft ? `${order.id}:${draft.id}` : order.id,
    provider_token: '',
    currency: 'XTR',
    prices: [{ label: ctx.t('invoice.label', { rub }), amount: stars }],
  })
}

/** pre_checkout_query: ok only for our order, its user and its exact amount in XTR. */
export async function answerPreCheckout(ctx: BotContext): Promise<void> {
  const query = ctx.preCheckoutQuery
  if (!query) return
  const { orderId } = parsePayload(query.invoice_payload)
  const order = await ctx.deps.db.topupOrder.findUnique({
    where: { id: isUuid(orderId) ? orderId : '00000000-0000-0000-0000-000000000000' },
  })
  const valid =
    order !== null &&
    order.userId === BigInt(query.from.id) &&
    order.status !== 'cancelled' &&
    query.currency === 'XTR' &&
    query.total_amount === order.stars
  if (valid) await ctx.answerPreCheckoutQuery(true)
  else await ctx.answerPreCheckoutQuery(false, ctx.t('precheckout.invalid'))
  ctx.deps.metrics.payments.inc({ outcome: valid ? 'pre_checkout_ok' : 'pre_checkout_refused' })
}

/**
 * successful_payment: credit once, tell the user (and the referrer). When the invoice named a
 * draft that is still the user's, the credit's words are handed on (`paymentToResume`) for the
 * wizard to show above that draft's confirmation, and `next` is called; otherwise they are sent here.
 */
export async function creditPayment(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const message = ctx.message
  if (!message || !('successful_payment' in message)) return
  const payment = message.successful_payment
  const { orderId, draftId } = parsePayload(payment.invoice_payload)
  try {
    const result = await creditStarsPayment(ctx.deps.db, {
      telegramPaymentChargeId: payment.telegram_payment_charge_id,
      providerPaymentChargeId: payment.provider_payment_charge_id || null,
      userId: ctx.user.id,
      orderId,
      currency: payment.currency,
      totalAmount: payment.total_amount,
      referralPercent: ctx.deps.config.REFERRAL_PERCENT,
    })
    if (!result.credited) {
      ctx.deps.metrics.payments.inc({ outcome: 'duplicate' })
      return
    }
    ctx.deps.metrics.payments.inc({ outcome: 'credited' })
    ctx.user.balanceKopecks = result.balanceAfter
    let credited = ctx.t('payment.credited', {
      rub: formatRub(result.payment.kopecks, ctx.lang),
      balance: formatRub(result.balanceAfter, ctx.lang),
    })
    if (result.promoBonusKopecks > 0)
      credited += ctx.t('promo.payment_bonus', { rub: formatRub(result.promoBonusKopecks, ctx.lang) })
    if (result.referralRewardKopecks > 0) await notifyReferrer(ctx, result.referralRewardKopecks)
    const draft = draftId ? await ctx.deps.drafts.get(draftId) : null
    if (draft && atConfirmation(ctx, draft)) {
      ;(ctx.state as ResumeState)[RESUME] = { draftId: draft.id, note: credited }
      return next()
    }
    await ctx.reply(credited, { parse_mode: 'HTML' })
  } catch (error) {
    if (error instanceof MoneyError) {
      // Telegram took the Stars but the payment does not match an order of ours:
      // never silently: an admin must look (the charge id is in the log).
      ctx.deps.metrics.payments.inc({ outcome: 'mismatch' })
      ctx.deps.logger.error('payment not credited: does not match its order', {
        code: error.code,
        chargeId: payment.telegram_payment_charge_id,
        payload: payment.invoice_payload,
      })
      await alertAdmins(ctx, 'alert.payment_not_credited', {
        charge: payment.telegram_payment_charge_id,
        amount: payment.total_amount,
        currency: payment.currency,
        id: ctx.user.id.toString(),
        code: error.code,
      })
      await ctx.reply(ctx.t('error.generic'))
      return
    }
    throw error
  }
}

async function notifyReferrer(ctx: BotContext, rewardKopecks: number): Promise<void> {
  const referee = await ctx.deps.db.user.findUnique({ where: { id: ctx.user.id }, include: { referrer: true } })
  const referrer = referee?.referrer
  if (!referrer || referrer.blockedBot) return
  const lang = referrer.language
  await enqueueTelegram(ctx.deps.queues.telegram, {
    kind: 'text',
    chatId: referrer.id.toString(),
    text: t(lang, 'payment.referral_reward', { rub: formatRub(rewardKopecks, lang) }),
    origin: `referral:${ctx.user.id}`,
  })
}

const RESUME = Symbol('payment-resumes-draft')
type ResumeState = { [RESUME]?: { draftId: string; note: string } }

/** The draft a payment just credited brings back, with the words of the credit, if any. */
export function paymentToResume(ctx: BotContext): { draftId: string; note: string } | undefined {
  return (ctx.state as ResumeState)[RESUME]
}

/** A draft of this user whose confirmation is its current screen. */
function atConfirmation(ctx: BotContext, draft: Draft): boolean {
  const model = getModel(draft.slug)
  return draft.userId === ctx.user.id.toString() && model !== undefined && draft.field >= askedFields(model).length
}

/**
 * The draft whose "not enough money" confirmation holds the pressed pack button: the user's
 * current draft, when that message is the one showing its confirmation and its price is more
 * than the balance.
 */
async function draftShortOfMoney(ctx: BotContext): Promise<Draft | undefined> {
  const pressed = ctx.callbackQuery?.message?.message_id
  if (pressed === undefined) return undefined
  const draft = await ctx.deps.drafts.current(ctx.user.id.toString())
  if (!draft || draft.messageId !== pressed || !atConfirmation(ctx, draft)) return undefined
  if (draft.shownKopecks === undefined || draft.shownKopecks <= ctx.user.balanceKopecks) return undefined
  return draft
}

/** An invoice payload: the order's id, and the draft it was bought for (`<order id>:<draft id>`). */
function parsePayload(payload: string): { orderId: string; draftId?: string } {
  const match = /^([0-9a-f-]{36}):([\w-]{8})$/i.exec(payload)
  return match ? { orderId: match[1]!, draftId: match[2]! } : { orderId: payload }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}
