import { callbacks } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { mainMenu, show, type Buttons } from '../../ui'
import { isPinned } from './popular'
import {
  catalogHome,
  categoryScreen,
  isCatalogTask,
  isVendor,
  modelCard,
  popularScreen,
  taskScreen,
  vendorScreen,
  vendorsScreen,
} from './screens'

// The catalog: a section's models page by page, popular models, models by task and by
// vendor, and a model's card (with the admins' pin button).

export { modelCard } from './screens'

/** A model's card; an admin's shows whether it is pinned to "Popular". */
export async function cardOf(ctx: BotContext, slug: string) {
  const model = getModel(slug)
  if (!model || !(await ctx.deps.prices.isOffered(model.slug)))
    return { text: ctx.t('model.disabled'), keyboard: mainMenu(ctx).keyboard }
  return modelCard(ctx, model, ctx.isAdmin ? await isPinned(ctx, model.slug) : undefined)
}

export function register(_bot: Telegraf<BotContext>, buttons: Buttons): void {
  buttons.on(callbacks.category, async (ctx, { category, page }) =>
    show(ctx, await categoryScreen(ctx, category, page)),
  )
  buttons.on(callbacks.model, async (ctx, { slug }) => show(ctx, await cardOf(ctx, slug)))
  buttons.on(callbacks.catalog, (ctx) => show(ctx, catalogHome(ctx)))
  buttons.on(callbacks.popular, async (ctx, { page }) => show(ctx, await popularScreen(ctx, page)))
  // a task or vendor no button names any more (renamed in a later release): the catalog's home
  buttons.on(callbacks.task, async (ctx, { task, page }) =>
    show(ctx, isCatalogTask(task) ? await taskScreen(ctx, task, page) : catalogHome(ctx)),
  )
  buttons.on(callbacks.vendors, async (ctx) => show(ctx, await vendorsScreen(ctx)))
  buttons.on(callbacks.vendor, async (ctx, { vendor, page }) =>
    show(ctx, isVendor(vendor) ? await vendorScreen(ctx, vendor, page) : catalogHome(ctx)),
  )
}
