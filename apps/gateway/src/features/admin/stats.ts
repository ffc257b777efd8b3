import { marginByModel, type ModelMargin } from '@kiebot/db'
import { readKieCredits, readKieKeys, type KieKeySnapshot } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { escapeHtml, formatDate, formatRub, formatSignedRub, type Screen } from '../../ui'
import { homeButton } from './home'

// Admin: the stats screen (users, revenue, generations by status, Kie's credits, the margin
// overall and per model); its last provider failures are failures.ts.

export async function statsScreen(ctx: BotContext): Promise<Screen> {
  const { db } = ctx.deps
  const startOfDay = new Date()
  startOfDay.setUTCHours(0, 0, 0, 0)
  const now = Date.now()
  const [users, newToday, revenue, byStatus, topModels, kie, margin, byModel, pool] = await Promise.all([
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
    readKieKeys(ctx.deps.redis, ctx.deps.config.QUEUE_PREFIX),
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
      kieCredits:
        pool.length > 1
          ? await keyLines(ctx, pool, startOfDay)
          : kie
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

/**
 * With several Kie keys (KIE_API_KEYS): one line per key, by its label: its last balance, the
 * tasks it created today, and whether it is paused after a 402.
 */
async function keyLines(ctx: BotContext, pool: KieKeySnapshot[], startOfDay: Date): Promise<string> {
  const created = await ctx.deps.db.generation.groupBy({
    by: ['kieKey'],
    _count: true,
    where: { submittedAt: { gte: startOfDay } },
  })
  const today = (label: string) => created.find((c) => c.kieKey === label)?._count ?? 0
  const lines = pool.map((key) =>
    ctx.t('admin.kie_key_line', {
      key: escapeHtml(key.label),
      credits:
        key.credits === null || key.checkedAt === null
          ? ctx.t('admin.kie_unknown')
          : `${key.credits} (${formatDate(new Date(key.checkedAt), ctx.lang)})`,
      today: today(key.label),
      paused: key.paused ? ctx.t('admin.kie_key_paused') : '',
    }),
  )
  return `\n${lines.join('\n')}`
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
