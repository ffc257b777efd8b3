import { adjustBalance, adminActionKey, AUDIT_ACTIONS, MoneyError, recordAudit } from '@kiebot/db'
import { callbacks } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, formatRub, formatSignedRub, show, type Keyboard, type Screen } from '../../ui'
import { homeButton } from './home'
import { expectInput, type InputOf } from './input'

const cb = callbacks.admin

// Admin: a user looked up by id or @username, their card (balance, payments with their
// refund buttons), a balance adjustment (reasoned, audited), a ban or unban (audited).

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

/** The awaited user lookup: an id or a @username. */
export async function findUser(ctx: BotContext, text: string): Promise<void> {
  const home = [[homeButton(ctx)]]
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
}

/** The awaited adjustment: "+100 reason" or "-50,5 reason", to the user it was asked for. */
export async function adjustFromInput(ctx: BotContext, input: InputOf<'adjust'>, text: string): Promise<void> {
  const home = [[homeButton(ctx)]]
  const match = /^\s*([+-])\s*(\d+(?:[.,]\d{1,2})?)\s+(\S[\s\S]*)$/.exec(text)
  if (!match) {
    await expectInput(ctx, input)
    await show(ctx, { text: ctx.t('admin.adjust_invalid'), keyboard: home }, { newMessage: true })
    return
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
}
