import { readHistoryPage } from '@kiebot/db'
import { callbackData as cb } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import { promptSnippet } from '@kiebot/telegram'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, formatRub, menuButton, type Keyboard, type Screen } from '../../ui'
import { hasResult } from './results'

export const HISTORY_PAGE_SIZE = 5

/** Recent generations with status and price; resend and repeat buttons. */
export async function historyScreen(ctx: BotContext, requestedPage: number): Promise<Screen> {
  const { total, page, generations } = await readHistoryPage(ctx.deps.db, ctx.user.id, requestedPage, HISTORY_PAGE_SIZE)
  if (total === 0)
    return {
      text: ctx.t('history.empty'),
      keyboard: [[button(ctx.t('btn.images'), cb.category('image')), menuButton(ctx)]],
    }
  const pages = Math.ceil(total / HISTORY_PAGE_SIZE)
  const keyboard: Keyboard = []
  const lines = generations.map((g, i) => {
    const n = page * HISTORY_PAGE_SIZE + i + 1
    const row = []
    if (hasResult(g)) row.push(button(ctx.t('btn.resend', { n }), cb.resend(g.id)))
    if (getModel(g.modelId)) row.push(button(ctx.t('btn.repeat', { n }), cb.repeat(g.id)))
    if (row.length > 0) keyboard.push(row)
    const snippet = promptSnippet(g)
    return (
      ctx.t('history.line', {
        n,
        status: ctx.t(`status.${g.status}_short`),
        model: escapeHtml(getModel(g.modelId)?.name[ctx.lang] ?? g.modelId),
        price: formatRub(g.priceKopecks, ctx.lang),
        date: formatDate(g.createdAt, ctx.lang),
      }) + (snippet ? ctx.t('history.prompt', { prompt: escapeHtml(snippet) }) : '')
    )
  })
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), cb.history(page - 1)))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), cb.history(page + 1)))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([menuButton(ctx)])
  return { text: ctx.t('history.title', { page: page + 1, pages, lines: lines.join('\n') }), keyboard }
}
