import { AUDIT_ACTIONS, recordAudit } from '@kiebot/db'
import { callbacks, enqueueTelegram, undeliveredResendJobId } from '@kiebot/jobs'
import { t } from '@kiebot/i18n'
import { getModel } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, type Keyboard, type Screen } from '../../ui'

const cb = callbacks.admin

// Admin: results the worker could not deliver (Telegram refused the file every time).
// The charge was kept; the user was pointed to the history. An admin can send one again
// through the delivery queue (as links: the file itself is what Telegram refused).

const UNDELIVERED_SHOWN = 10

/** The newest undelivered results of users who did not block the bot. */
export async function undeliveredScreen(ctx: BotContext): Promise<Screen> {
  const generations = await ctx.deps.db.generation.findMany({
    where: { status: 'succeeded', undelivered: true, user: { blockedBot: false } },
    orderBy: { completedAt: 'desc' },
    take: UNDELIVERED_SHOWN,
  })
  const keyboard: Keyboard = generations.map((g, i) => [
    button(ctx.t('admin.btn.resend', { n: i + 1 }), cb.undeliveredResend.pack({ generationId: g.id })),
  ])
  keyboard.push([button(ctx.t('admin.btn.home'), cb.home.pack({}))])
  if (generations.length === 0) return { text: ctx.t('admin.undelivered_none'), keyboard }
  const lines = generations.map((g, i) =>
    ctx.t('admin.undelivered_line', {
      n: i + 1,
      model: escapeHtml(getModel(g.modelId)?.name[ctx.lang] ?? g.modelId),
      userId: g.userId.toString(),
      date: formatDate(g.completedAt ?? g.createdAt, ctx.lang),
    }),
  )
  return { text: ctx.t('admin.undelivered', { lines: lines.join('\n') }), keyboard }
}

/** Sends an undelivered result to its user again (links, in the user's language), audited. */
export async function resendUndelivered(ctx: BotContext, generationId: string): Promise<Screen> {
  const generation = await ctx.deps.db.generation.findUnique({
    where: { id: generationId },
    include: { user: { select: { language: true, blockedBot: true } } },
  })
  const back: Keyboard = [
    [
      button(ctx.t('admin.btn.undelivered'), cb.undelivered.pack({})),
      button(ctx.t('admin.btn.home'), cb.home.pack({})),
    ],
  ]
  if (
    !generation ||
    generation.status !== 'succeeded' ||
    !generation.undelivered ||
    generation.resultUrls.length === 0 ||
    generation.user.blockedBot
  )
    return { text: ctx.t('admin.undelivered_gone'), keyboard: back }
  const lang = generation.user.language
  const model = escapeHtml(getModel(generation.modelId)?.name[lang] ?? generation.modelId)
  const links = generation.resultUrls.map((url) => escapeHtml(url)).join('\n')
  await enqueueTelegram(
    ctx.deps.queues.telegram,
    {
      kind: 'text',
      chatId: generation.chatId.toString(),
      text: t(lang, 'result.resent', { model, links }),
      parseMode: 'HTML',
    },
    // one send per press (a re-delivered press is not sent twice)
    { jobId: undeliveredResendJobId(generation.id, ctx.update.update_id) },
  )
  await recordAudit(ctx.deps.db, {
    adminId: ctx.user.id,
    action: AUDIT_ACTIONS.generationResend,
    targetUserId: generation.userId,
    details: { generationId: generation.id },
  })
  return {
    text: ctx.t('admin.undelivered_resent', {
      model: escapeHtml(getModel(generation.modelId)?.name[ctx.lang] ?? generation.modelId),
      userId: generation.userId.toString(),
    }),
    keyboard: back,
  }
}
