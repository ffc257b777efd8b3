import { callbacks } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { mainMenu, show, type Buttons } from '../../ui'
import { categoryScreen, modelCard } from './screens'

// The catalog: a category's models page by page, and a model's card.

export { modelCard } from './screens'

export function register(_bot: Telegraf<BotContext>, buttons: Buttons): void {
  buttons.on(callbacks.category, async (ctx, { category, page }) =>
    show(ctx, await categoryScreen(ctx, category, page)),
  )
  buttons.on(callbacks.model, async (ctx, { slug }) => {
    const model = getModel(slug)
    if (!model || !(await ctx.deps.prices.isOffered(model.slug)))
      return show(ctx, { text: ctx.t('model.disabled'), keyboard: mainMenu(ctx).keyboard })
    return show(ctx, await modelCard(ctx, model))
  })
}
