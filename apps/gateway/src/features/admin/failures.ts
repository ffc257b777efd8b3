import { getModel } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { escapeHtml, formatDate, type Screen } from '../../ui'

/** Provider failures shown on the stats screen: the latest of the last day. */
const FAILURES_SHOWN = 5
const FAILURES_WINDOW_MS = 24 * 3600_000

/**
 * The stats screen's last provider failures in Kie's own words (users read a translated
 * category instead): model, time, the raw reason, escaped and cut to 200 characters.
 */
export async function providerFailuresSection(ctx: BotContext): Promise<string> {
  const failures = await ctx.deps.db.generation.findMany({
    where: {
      status: 'failed',
      createdAt: { gte: new Date(Date.now() - FAILURES_WINDOW_MS) },
      failureCode: { in: ['kie_failed', 'kie_rejected'] },
    },
    select: { modelId: true, completedAt: true, createdAt: true, failureReason: true },
    orderBy: { createdAt: 'desc' },
    take: FAILURES_SHOWN,
  })
  if (failures.length === 0) return ''
  const lines = failures.map((f) =>
    ctx.t('progress.admin_failure_line', {
      model: escapeHtml(getModel(f.modelId)?.name[ctx.lang] ?? f.modelId),
      at: formatDate(f.completedAt ?? f.createdAt, ctx.lang),
      reason: escapeHtml((f.failureReason ?? '—').slice(0, 200)),
    }),
  )
  return '\n\n' + ctx.t('progress.admin_failures', { lines: lines.join('\n') })
}

/** The stats screen with that section below it. */
export function withProviderFailures(screen: Screen, section: string): Screen {
  return { ...screen, text: screen.text + section }
}
