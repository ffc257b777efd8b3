import { randomBytes } from 'node:crypto'
import { TelegramError } from 'telegraf'
import {
  abortPaymentRefund,
  adjustBalance,
  adminActionKey,
  AUDIT_ACTIONS,
  beginPaymentRefund,
  finishPaymentRefund,
  marginByModel,
  MoneyError,
  REFUND_LEASE_MS,
  recordAudit,
  releasePaymentRefund,
  updateModelSettings,
  type ModelMargin,
} from '@kiebot/db'
import { callbackData, callbacks, enqueueBroadcast, readKieCredits } from '@kiebot/jobs'
import { redactString } from '@kiebot/logger'
import { getModel, listModels } from '@kiebot/models'
import { isChargeAlreadyRefunded } from '@kiebot/telegram'
import type { BotContext } from '../../bot/context'
import { isInfrastructureError } from '../../infra'
import {
  button,
  escapeHtml,
  formatDate,
  formatRub,
  formatSignedRub,
  rows,
  show,
  type Keyboard,
  type Screen,
} from '../../ui'

const cb = callbacks.admin

// Administration, for users in ADMIN_IDS only: stats, user lookup with balance
// adjustment (reasoned, audited), payment refunds, model on/off and price override,
// and a broadcast through the worker's rate-limited delivery queue.

export const MODELS_PER_PAGE = 10
const INPUT_TTL_SECONDS = 600

export type AdminInput =
  { kind: 'user' } | { kind: 'adjust'; userId: string } | { kind: 'price'; slug: string } | { kind: 'broadcast' }

const inputKey = (ctx: BotContext) => `${ctx.deps.config.QUEUE_PREFIX}:admin-input:${ctx.user.id}`
const broadcastKey = (ctx: BotContext, id: string) => `${ctx.deps.config.QUEUE_PREFIX}:broadcast:${id}`

export async function expectInput(ctx: BotContext, input: AdminInput): Promise<void> {
  await ctx.deps.redis.set(inputKey(ctx), JSON.stringify(input), 'EX', INPUT_TTL_SECONDS)
}

export function homeButton(ctx: BotContext) {
  return button(ctx.t('admin.btn.home'), cb.home.pack({}))
}

export function homeScreen(ctx: BotContext): Screen {
  return {
    text: ctx.t('admin.home'),
    keyboard: [
      [button(ctx.t('admin.btn.stats'), cb.stats.pack({})), button(ctx.t('admin.btn.user'), cb.findUser.pack({}))],
      [
        button(ctx.t('admin.btn.models'), cb.models.pack({ page: 0 })),
        button(ctx.t('admin.btn.broadcast'), cb.broadcast.pack({})),
      ],
      [
        button(ctx.t('admin.btn.undelivered'), cb.undelivered.pack({})),
        button(ctx.t('admin.btn.catalog'), cb.catalog.pack({})),
      ],
      [button(ctx.t('btn.menu'), callbackData.menu())],
    ],
  }
}

export async function statsScreen(ctx: BotContext): Promise<Screen> {
  const { db } = ctx.deps
  const startOfDay = new Date()
  startOfDay.setUTCHours(0, 0, 0, 0)
  const now = Date.now()
  const [users, newToday, revenue, byStatus, topModels, kie, margin, byModel] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { createdAt: { gte: startOfDay } } }),
    db.starsPayment.aggregate({ _sum: { kopecks: true, stars: true }, _count: true, where: { refund: 'none' } }),
    db.generation.groupBy({ by: ['status'], _count: true }),
    db.generation.groupBy({ by: ['modelId'], _count: true, orderBy: { _count: { modelId: 'desc' } }, take: 5 }),
    readKieCredits(ctx.deps.redis, ctx.deps.config.QUEUE_PREFIX),
    db.$queryRaw<{ margin: number | null }[]>`
      SELECT SUM(price_kopecks - CEIL(COALESCE(kie_credits_consumed, price_credits) * usd_per_credit * fx_rate * 100))::float AS margin
      FROM generations WHERE status = 'succeeded'`,
    Promise.all(MARGIN_WINDOWS_DAYS.map((days) => marginByModel(db, new Date(now - days * 24 * 3600_000)))),
  ])
  const count = (status: string) => byStatus.find((s) => s.status === status)?._count ?? 0
  const finished = count('succeeded') + count('failed') + count('timed_out')
  return {
    text: ctx.t('admin.stats', {
      users,
      newToday,
      revenue: formatRub(revenue._sum.kopecks ?? 0, ctx.lang),
      payments: revenue._count,
      stars: revenue._sum.stars ?? 0,
      byStatus: byStatus.map((s) => `${ctx.t(`status.${s.status}_short`)} ${s._count}`).join(' · ') || '—',
      successRate: finished === 0 ? '—' : `${Math.round((count('succeeded') / finished) * 100)}%`,
      margin: formatRub(Math.round(margin[0]?.margin ?? 0), ctx.lang),
      kieCredits: kie
        ? `${kie.credits} (${formatDate(new Date(kie.checkedAt), ctx.lang)})`
        : ctx.t('admin.kie_unknown'),
      topModels:
        topModels
          .map((m) => `${escapeHtml(getModel(m.modelId)?.name[ctx.lang] ?? m.modelId)}: ${m._count}`)
          .join('\n') || '—',
      marginByModel: marginLines(ctx, byModel),
    }),
    keyboard: [[homeButton(ctx)]],
  }
}

/** Margin per model over these windows (days), from Kie's real costs. */
const MARGIN_WINDOWS_DAYS = [1, 7, 30] as const
const MARGIN_MODELS_SHOWN = 15

/**
 * One line per model sold in the longest window (by its revenue): the margin in each window,
 * "—" where it sold nothing; "≈" when some of its costs are the quote (Kie did not report them).
 */
function marginLines(ctx: BotContext, windows: ModelMargin[][]): string {
  const longest = windows[windows.length - 1] ?? []
  if (longest.length === 0) return '—'
  const lines = longest.slice(0, MARGIN_MODELS_SHOWN).map((model) => {
    const cells = windows.map((window) => {
      const found = window.find((m) => m.modelId === model.modelId)
      return found ? formatSignedRub(found.marginKopecks, ctx.lang) : '—'
    })
    const name = escapeHtml(getModel(model.modelId)?.name[ctx.lang] ?? model.modelId)
    return `${name}: ${cells.join(' · ')}${model.estimated > 0 ? ' ≈' : ''}`
  })
  const more = longest.length - MARGIN_MODELS_SHOWN
  if (more > 0) lines.push(ctx.t('admin.stats_margin_more', { count: more }))
  if (longest.some((m) => m.estimated > 0)) lines.push(ctx.t('admin.stats_margin_estimated'))
  return lines.join('\n')
}

export async function userScreen(ctx: BotContext, userId: bigint): Promise<Screen> {
  const user = await ctx.deps.db.user.findUnique({ where: { id: userId } })
  if (!user) return { text: ctx.t('admin.user_not_found', { query: String(userId) }), keyboard: [[homeButton(ctx)]] }
  const [generations, payments] = await Promise.all([
    ctx.deps.db.generation.count({ where: { userId } }),
    ctx.deps.db.starsPayment.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 5 }),
  ])
  const keyboard: Keyboard = [
    [
      button(ctx.t('admin.btn.adjust'), cb.adjust.pack({ userId })),
      button(ctx.t(user.banned ? 'admin.btn.unban' : 'admin.btn.ban'), cb.ban.pack({ userId })),
    ],
    ...payments
      .filter((p) => p.refund !== 'refunded')
      .map((p) => [
        button(
          ctx.t('admin.btn.refund', { stars: p.stars, date: formatDate(p.createdAt, ctx.lang) }),
          cb.refund.pack({ paymentId: p.id }),
        ),
      ]),
    [homeButton(ctx)],
  ]
  return {
    text: ctx.t('admin.user', {
      name: escapeHtml([user.firstName, user.lastName].filter(Boolean).join(' ') || '—'),
      username: user.username ? `@${escapeHtml(user.username)}` : '',
      id: user.id.toString(),
      language: ctx.t(user.language === 'ru' ? 'admin.lang_ru' : 'admin.lang_en'),
      created: formatDate(user.createdAt, ctx.lang),
      balance: formatRub(user.balanceKopecks, ctx.lang),
      generations,
      payments: payments.length,
      banned: user.banned ? ctx.t('admin.user_banned') : '',
    }),
    keyboard,
  }
}

export async function modelsScreen(ctx: BotContext, requestedPage: number): Promise<Screen> {
  const models = listModels()
  const pages = Math.ceil(models.length / MODELS_PER_PAGE)
  const page = Math.min(Math.max(requestedPage, 0), pages - 1)
  const keyboard: Keyboard = []
  for (const model of models.slice(page * MODELS_PER_PAGE, (page + 1) * MODELS_PER_PAGE)) {
    const enabled = await ctx.deps.prices.isEnabled(model.slug)
    keyboard.push([
      button(`${enabled ? '✅' : '⛔'} ${model.name[ctx.lang]}`, cb.modelToggle.pack({ slug: model.slug })),
      button(ctx.t('admin.btn.price', { name: '' }).trim(), cb.modelPrice.pack({ slug: model.slug })),
    ])
  }
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), cb.models.pack({ page: page - 1 })))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), cb.models.pack({ page: page + 1 })))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([homeButton(ctx)])
  return { text: ctx.t('admin.models', { page: page + 1, pages }), keyboard }
}

export async function currentPrice(ctx: BotContext, slug: string): Promise<string> {
  const override = (await ctx.deps.prices.settingsOf(slug))?.override
  if (override?.fixedPriceKopecks != null)
    return ctx.t('admin.price_fixed', { price: formatRub(override.fixedPriceKopecks, ctx.lang) })
  if (override?.markup != null) return ctx.t('admin.price_markup', { markup: override.markup })
  return ctx.t('admin.price_none')
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
        rub: formatRub(payment.kopecks, ctx.lang),
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
  if (finished.referralReversedKopecks > 0 || finished.referralShortfallKopecks > 0)
    lines.push(
      ctx.t(finished.referralShortfallKopecks > 0 ? 'admin.refund_referral_short' : 'admin.refund_referral', {
        rub: formatRub(finished.referralReversedKopecks, ctx.lang),
        short: formatRub(finished.referralShortfallKopecks, ctx.lang),
      }),
    )
  await show(ctx, { text: lines.join('\n'), keyboard: home })
}

/** The models screen after switching a model on or off (the page it is on). */
export async function toggleModel(ctx: BotContext, slug: string): Promise<void> {
  const enabled = await ctx.deps.prices.isEnabled(slug)
  await updateModelSettings(ctx.deps.db, ctx.user.id, slug, { enabled: !enabled })
  ctx.deps.prices.invalidate()
  const index = listModels().findIndex((m) => m.slug === slug)
  await show(ctx, await modelsScreen(ctx, Math.floor(Math.max(index, 0) / MODELS_PER_PAGE)))
}

export async function askPrice(ctx: BotContext, slug: string): Promise<void> {
  await expectInput(ctx, { kind: 'price', slug })
  await show(ctx, {
    text: ctx.t('admin.price_prompt', {
      name: escapeHtml(getModel(slug)?.name[ctx.lang] ?? slug),
      current: await currentPrice(ctx, slug),
    }),
    keyboard: [[homeButton(ctx)]],
  })
}

/** Bans or unbans a user (audited) and shows their card again. */
export async function toggleBan(ctx: BotContext, userId: bigint): Promise<void> {
  const user = await ctx.deps.db.user.findUniqueOrThrow({ where: { id: userId } })
  await ctx.deps.db.$transaction([
    ctx.deps.db.user.update({ where: { id: user.id }, data: { banned: !user.banned } }),
    recordAudit(ctx.deps.db, {
      adminId: ctx.user.id,
      action: user.banned ? AUDIT_ACTIONS.userUnban : AUDIT_ACTIONS.userBan,
      targetUserId: user.id,
    }),
  ])
  await show(ctx, await userScreen(ctx, user.id))
}

/** What a refund takes back, before the admin confirms it. */
export async function confirmRefund(ctx: BotContext, paymentId: string): Promise<void> {
  const payment = await ctx.deps.db.starsPayment.findUniqueOrThrow({
    where: { id: paymentId },
    include: { user: true },
  })
  const rub = formatRub(payment.kopecks, ctx.lang)
  await show(ctx, {
    text: ctx.t('admin.refund_confirm', {
      stars: payment.stars,
      rub,
      date: formatDate(payment.createdAt, ctx.lang),
      balance: formatRub(payment.user.balanceKopecks, ctx.lang),
    }),
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

/** Asks for the next text as the input named (user lookup, adjustment, broadcast). */
export async function askInput(
  ctx: BotContext,
  input: AdminInput,
  prompt: 'admin.user_prompt' | 'admin.adjust_prompt' | 'admin.broadcast_prompt',
): Promise<void> {
  await expectInput(ctx, input)
  await show(ctx, { text: ctx.t(prompt), keyboard: [[homeButton(ctx)]] })
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

/** A text message from an admin who was asked for something. Returns false when not. */
export async function handleAdminInput(ctx: BotContext, text: string): Promise<boolean> {
  const raw = await ctx.deps.redis.getdel(inputKey(ctx))
  if (!raw) return false
  try {
    return await applyAdminInput(ctx, JSON.parse(raw) as AdminInput, text)
  } catch (error) {
    // Postgres down: the webhook answers 503 and Telegram re-delivers this text; keep the
    // expectation so that the retry is read as the same input.
    if (isInfrastructureError(error))
      await ctx.deps.redis.set(inputKey(ctx), raw, 'EX', INPUT_TTL_SECONDS).catch(() => undefined)
    throw error
  }
}

async function applyAdminInput(ctx: BotContext, input: AdminInput, text: string): Promise<boolean> {
  const home = [[homeButton(ctx)]]
  switch (input.kind) {
    case 'user': {
      const query = text.trim()
      const user = /^\d{1,20}$/.test(query)
        ? await ctx.deps.db.user.findUnique({ where: { id: BigInt(query) } })
        : await ctx.deps.db.user.findFirst({
            where: { username: { equals: query.replace(/^@/, ''), mode: 'insensitive' } },
          })
      await show(
        ctx,
        user
          ? await userScreen(ctx, user.id)
          : { text: ctx.t('admin.user_not_found', { query: escapeHtml(query) }), keyboard: home },
        { newMessage: true },
      )
      return true
    }
    case 'adjust': {
      const match = /^\s*([+-])\s*(\d+(?:[.,]\d{1,2})?)\s+(\S[\s\S]*)$/.exec(text)
      if (!match) {
        await expectInput(ctx, input)
        await show(ctx, { text: ctx.t('admin.adjust_invalid'), keyboard: home }, { newMessage: true })
        return true
      }
      const kopecks = Math.round(Number(match[2]!.replace(',', '.')) * 100) * (match[1] === '-' ? -1 : 1)
      const reason = match[3]!.trim().slice(0, 500)
      try {
        const result = await adjustBalance(ctx.deps.db, {
          adminId: ctx.user.id,
          userId: BigInt(input.userId),
          amountKopecks: kopecks,
          reason,
          idempotencyKey: adminActionKey(ctx.user.id, ctx.update.update_id),
        })
        const balance = result.applied
          ? result.balanceAfter
          : (await ctx.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(input.userId) } })).balanceKopecks
        await show(
          ctx,
          {
            text: ctx.t('admin.adjusted', {
              amount: formatSignedRub(kopecks, ctx.lang),
              reason: escapeHtml(reason),
              balance: formatRub(balance, ctx.lang),
            }),
            keyboard: [[button('👤', cb.user.pack({ userId: BigInt(input.userId) })), homeButton(ctx)]],
          },
          { newMessage: true },
        )
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error
        await show(
          ctx,
          { text: ctx.t('admin.adjust_refused', { reason: error.code }), keyboard: home },
          { newMessage: true },
        )
      }
      return true
    }
    case 'price': {
      const value = text.trim().toLowerCase()
      const markup = /^x\s*(\d+(?:[.,]\d{1,3})?)$/.exec(value)
      const fixed = /^(\d+(?:[.,]\d{1,2})?)$/.exec(value)
      if (!markup && !fixed && value !== 'reset') {
        await expectInput(ctx, input)
        await show(ctx, { text: ctx.t('admin.price_invalid'), keyboard: home }, { newMessage: true })
        return true
      }
      await updateModelSettings(ctx.deps.db, ctx.user.id, input.slug, {
        markupOverride: markup ? Number(markup[1]!.replace(',', '.')) : null,
        fixedPriceKopecks: fixed ? Math.round(Number(fixed[1]!.replace(',', '.')) * 100) : null,
      })
      ctx.deps.prices.invalidate()
      const name = escapeHtml(getModel(input.slug)?.name[ctx.lang] ?? input.slug)
      await show(
        ctx,
        {
          text: ctx.t('admin.price_set', { name, current: await currentPrice(ctx, input.slug) }),
          keyboard: [[button(ctx.t('admin.btn.models'), cb.models.pack({ page: 0 })), homeButton(ctx)]],
        },
        { newMessage: true },
      )
      return true
    }
    case 'broadcast': {
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
      return true
    }
  }
}
