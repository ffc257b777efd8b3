import { addFavorite, MAX_FAVORITES, removeFavorite } from '@kiebot/db'
import { callbacks, enqueueTelegram, resendJobId } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { show, toast, type Buttons } from '../../ui'
import { favoritesScreen } from './screens'

// Favourites: ⭐ under a result keeps one of its items (at most MAX_FAVORITES per user);
// /favorites lists them with send again, edit the prompt, the original, use as input, remove.

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('favorites', async (ctx) => show(ctx, await favoritesScreen(ctx, 0), { newMessage: true }))
  buttons.on(callbacks.favorites, async (ctx, { page }) => show(ctx, await favoritesScreen(ctx, page)))
  // the star's answer is a toast: the chat under the result stays as it is
  buttons.on(callbacks.favorite, async (ctx, { generationId, index }) => {
    const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
    if (
      !generation ||
      generation.userId !== ctx.user.id ||
      generation.status !== 'succeeded' ||
      index >= Math.max(generation.resultUrls.length, generation.telegramFileIds.length)
    )
      return toast(ctx, ctx.t('results.gone'))
    const outcome = await addFavorite(ctx.deps.db, { userId: ctx.user.id, generationId, itemIndex: index })
    await toast(
      ctx,
      outcome === 'full'
        ? ctx.t('results.favorite_full', { max: MAX_FAVORITES })
        : outcome === 'already'
          ? ctx.t('results.favorite_already')
          : ctx.t('results.favorite_added'),
    )
  })
  buttons.on(callbacks.favoriteSend, async (ctx, { generationId, index }) => {
    const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
    if (!generation || generation.userId !== ctx.user.id || generation.status !== 'succeeded')
      return toast(ctx, ctx.t('results.gone'))
    await enqueueTelegram(
      ctx.deps.queues.telegram,
      { kind: 'resend', generationId, index, chatId: String(ctx.chat?.id ?? generation.chatId), captions: true },
      { jobId: resendJobId(generationId, ctx.update.update_id) },
    )
  })
  buttons.on(callbacks.favoriteRemove, async (ctx, { generationId, index }) => {
    await removeFavorite(ctx.deps.db, { userId: ctx.user.id, generationId, itemIndex: index })
    await show(ctx, await favoritesScreen(ctx, 0))
    await toast(ctx, ctx.t('results.favorite_removed'))
  })
}
