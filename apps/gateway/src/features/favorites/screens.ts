import { listFavorites, MAX_FAVORITES } from '@kiebot/db'
import { callbackData as cb } from '@kiebot/jobs'
import { getModel, promptField } from '@kiebot/models'
import { promptSnippet } from '@kiebot/telegram'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, menuButton, type Keyboard, type Screen } from '../../ui'

export const FAVORITES_PAGE_SIZE = 5

/** /favorites: the kept results, newest first, each with send again, edit, original, use, remove. */
export async function favoritesScreen(ctx: BotContext, requestedPage: number): Promise<Screen> {
  const favorites = await listFavorites(ctx.deps.db, ctx.user.id)
  const generations = await ctx.deps.db.generation.findMany({
    where: { id: { in: favorites.map((f) => f.generationId) }, userId: ctx.user.id, status: 'succeeded' },
  })
  const byId = new Map(generations.map((g) => [g.id, g]))
  // a favourite whose result is gone (or not the user's) is not listed
  const listed = favorites.flatMap((f) => {
    const generation = byId.get(f.generationId)
    return generation && f.itemIndex < Math.max(generation.resultUrls.length, generation.telegramFileIds.length)
      ? [{ favorite: f, generation }]
      : []
  })
  if (listed.length === 0) return { text: ctx.t('favorites.empty'), keyboard: [[menuButton(ctx)]] }
  const pages = Math.ceil(listed.length / FAVORITES_PAGE_SIZE)
  const page = Math.min(Math.max(requestedPage, 0), pages - 1)
  const keyboard: Keyboard = []
  const lines = listed
    .slice(page * FAVORITES_PAGE_SIZE, (page + 1) * FAVORITES_PAGE_SIZE)
    .map(({ favorite, generation }, i) => {
      const n = page * FAVORITES_PAGE_SIZE + i + 1
      const model = getModel(generation.modelId)
      const several = Math.max(generation.resultUrls.length, generation.telegramFileIds.length) > 1
      const id = generation.id
      const index = favorite.itemIndex
      const row = [button(ctx.t('favorites.btn.send', { n }), cb.favoriteSend(id, index))]
      if (model && promptField(model)) row.push(button(ctx.t('favorites.btn.edit', { n }), cb.resultEditPrompt(id)))
      if (model?.output === 'image' && generation.resultUrls[index])
        row.push(button(ctx.t('favorites.btn.original', { n }), cb.resultOriginal(id, index)))
      if (model) row.push(button(ctx.t('favorites.btn.use', { n }), cb.resultUse(id, index)))
      row.push(button(ctx.t('favorites.btn.remove', { n }), cb.favoriteRemove(id, index)))
      keyboard.push(row)
      const snippet = promptSnippet(generation)
      return ctx.t('favorites.line', {
        n,
        model: escapeHtml(model?.name[ctx.lang] ?? generation.modelId),
        variant: several ? ctx.t('favorites.variant', { n: index + 1 }) : '',
        date: formatDate(favorite.createdAt, ctx.lang),
        prompt: snippet ? ctx.t('history.prompt', { prompt: escapeHtml(snippet) }) : '',
      })
    })
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), cb.favorites(page - 1)))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), cb.favorites(page + 1)))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([menuButton(ctx)])
  return {
    text: ctx.t('favorites.title', { count: listed.length, max: MAX_FAVORITES, lines: lines.join('\n') }),
    keyboard,
  }
}
