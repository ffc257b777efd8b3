import { callbackData as cb } from '@kiebot/jobs'
import { askedFields, listByCategory, type Category, type ModelSpec } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatPriceRange, formatRub, menuButton, type Keyboard, type Screen } from '../../ui'

export const MODELS_PER_PAGE = 8

const CATEGORY_TITLE = { image: 'category.image', video: 'category.video', audio: 'category.audio' } as const

export async function enabledModels(ctx: BotContext, category: Category): Promise<ModelSpec[]> {
  const models: ModelSpec[] = []
  // every offering of the section, then what the price book says is on sale (admin switch, catalog sync, retired upstreams)
  for (const model of listByCategory(category, { includeRetired: true }))
    if (await ctx.deps.prices.isOffered(model.slug)) models.push(model)
  return models
}

/** One page of a category: a button per enabled model with its starting price. */
export async function categoryScreen(ctx: BotContext, category: Category, requestedPage: number): Promise<Screen> {
  const models = await enabledModels(ctx, category)
  const title = ctx.t(CATEGORY_TITLE[category])
  if (models.length === 0) return { text: ctx.t('catalog.empty', { category: title }), keyboard: [[menuButton(ctx)]] }
  const pages = Math.ceil(models.length / MODELS_PER_PAGE)
  const page = Math.min(Math.max(requestedPage, 0), pages - 1)
  const keyboard: Keyboard = []
  for (const model of models.slice(page * MODELS_PER_PAGE, (page + 1) * MODELS_PER_PAGE)) {
    const range = await ctx.deps.prices.range(model)
    const price =
      range.minKopecks === range.maxKopecks
        ? formatRub(range.minKopecks, ctx.lang)
        : ctx.t('price.from', { price: formatRub(range.minKopecks, ctx.lang) })
    keyboard.push([button(ctx.t('catalog.model_button', { name: model.name[ctx.lang], price }), cb.model(model.slug))])
  }
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), cb.category(category, page - 1)))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), cb.category(category, page + 1)))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([menuButton(ctx)])
  // a name typed while this page is open is a search (the prompt feature)
  return {
    text: `${ctx.t('catalog.title', { category: title, page: page + 1, pages })}\n\n${ctx.t('search.hint')}`,
    keyboard,
  }
}

/** What a model does, what the user will choose, and its price range. */
export async function modelCard(ctx: BotContext, model: ModelSpec): Promise<Screen> {
  const fields = askedFields(model)
    .map((f) =>
      ctx.t(f.required && f.default === undefined ? 'card.field_line' : 'card.field_optional', {
        label: escapeHtml(f.label[ctx.lang]),
      }),
    )
    .join('\n')
  const range = await ctx.deps.prices.range(model)
  const page = Math.floor(
    listByCategory(model.category, { includeRetired: true }).findIndex((m) => m.slug === model.slug) / MODELS_PER_PAGE,
  )
  return {
    text: ctx.t('card.text', {
      name: escapeHtml(model.name[ctx.lang]),
      description: `${escapeHtml(model.description[ctx.lang])}\n<code>/gen ${model.slug}</code>`,
      fields,
      price: formatPriceRange(range, ctx.lang, ctx.t),
    }),
    keyboard: [
      [button(ctx.t('btn.create'), cb.startWizard(model.slug))],
      [button(ctx.t('btn.back'), cb.category(model.category, Math.max(page, 0))), menuButton(ctx)],
    ],
  }
}
