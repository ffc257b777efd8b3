import { callbackData as cb, callbacks } from '@kiebot/jobs'
import {
  askedFields,
  catalogTaskOf,
  canCompare,
  listByCategory,
  listModels,
  modelCardInfo,
  promptField,
  CATALOG_TASKS,
  VENDORS,
  VENDOR_IDS,
  type CatalogTask,
  type Category,
  type ModelSpec,
  type Vendor,
} from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { rangeWithStars } from '../money'
import { button, escapeHtml, formatStartingPrice, menuButton, rows, type Keyboard, type Screen } from '../../ui'
import { popularModels } from './popular'

export const MODELS_PER_PAGE = 8

const CATEGORY_TITLE = { image: 'category.image', video: 'category.video', audio: 'category.audio' } as const

export async function enabledModels(ctx: BotContext, category: Category): Promise<ModelSpec[]> {
  return offered(ctx, listByCategory(category, { includeRetired: true }))
}

/** What the price book says is on sale (admin switch, catalog sync, retired upstreams), in the given order. */
async function offered(ctx: BotContext, candidates: readonly ModelSpec[]): Promise<ModelSpec[]> {
  const models: ModelSpec[] = []
  for (const model of candidates) if (await ctx.deps.prices.isOffered(model.slug)) models.push(model)
  return models
}

async function modelButton(ctx: BotContext, model: ModelSpec) {
  const range = await ctx.deps.prices.range(model)
  const price = formatStartingPrice(range.minKopecks, range.minKopecks !== range.maxKopecks, ctx.lang, ctx.t)
  return button(ctx.t('catalog.model_button', { name: model.name[ctx.lang], price }), cb.model(model.slug))
}

/**
 * One page of a list of models: a button per model with its starting price, page arrows, and
 * the given last row. `title(page, pages)` is the text.
 */
async function modelList(
  ctx: BotContext,
  models: readonly ModelSpec[],
  requestedPage: number,
  pageData: (page: number) => string,
  title: (page: number, pages: number) => string,
  top: Keyboard,
  bottom: Keyboard,
): Promise<Screen> {
  const pages = Math.max(1, Math.ceil(models.length / MODELS_PER_PAGE))
  const page = Math.min(Math.max(requestedPage, 0), pages - 1)
  const keyboard: Keyboard = [...top]
  for (const model of models.slice(page * MODELS_PER_PAGE, (page + 1) * MODELS_PER_PAGE))
    keyboard.push([await modelButton(ctx, model)])
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), pageData(page - 1)))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), pageData(page + 1)))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push(...bottom)
  return { text: title(page + 1, pages), keyboard }
}

/** The row that leads from a category page to the other ways of browsing. */
function browseRow(ctx: BotContext): Keyboard {
  return [[button(ctx.t('btn.popular'), cb.popular()), button(ctx.t('btn.catalog_home'), cb.catalog())]]
}

/** One page of a category: a button per enabled model with its starting price. */
export async function categoryScreen(ctx: BotContext, category: Category, requestedPage: number): Promise<Screen> {
  const models = await enabledModels(ctx, category)
  const title = ctx.t(CATEGORY_TITLE[category])
  if (models.length === 0)
    return { text: ctx.t('catalog.empty', { category: title }), keyboard: [...browseRow(ctx), [menuButton(ctx)]] }
  return modelList(
    ctx,
    models,
    requestedPage,
    (page) => cb.category(category, page),
    // a name typed while this page is open is a search (the prompt feature)
    (page, pages) => `${ctx.t('catalog.title', { category: title, page, pages })}\n\n${ctx.t('search.hint')}`,
    browseRow(ctx),
    [[menuButton(ctx)]],
  )
}

/** The catalog's home: popular first, then every task, then vendors and the three sections. */
export function catalogHome(ctx: BotContext): Screen {
  const tasks = CATALOG_TASKS.map((task) => button(ctx.t(`task.${task}`), cb.task(task)))
  return {
    text: ctx.t('catalog.home'),
    keyboard: [
      [button(ctx.t('btn.popular'), cb.popular())],
      ...rows(tasks, 2),
      [button(ctx.t('btn.by_vendor'), cb.vendors())],
      [
        button(ctx.t('btn.images'), cb.category('image')),
        button(ctx.t('btn.video'), cb.category('video')),
        button(ctx.t('btn.audio'), cb.category('audio')),
      ],
      [menuButton(ctx)],
    ],
  }
}

function backToCatalog(ctx: BotContext): Keyboard {
  return [[button(ctx.t('btn.catalog_back'), cb.catalog()), menuButton(ctx)]]
}

/** The admins' pins, then the models most used this week. */
export async function popularScreen(ctx: BotContext, requestedPage: number): Promise<Screen> {
  const models = await offered(ctx, await popularModels(ctx))
  return modelList(
    ctx,
    models,
    requestedPage,
    (page) => cb.popular(page),
    (page, pages) => ctx.t('catalog.popular', { page, pages }),
    [],
    backToCatalog(ctx),
  )
}

export function isCatalogTask(task: string): task is CatalogTask {
  return (CATALOG_TASKS as readonly string[]).includes(task)
}

/** The models of one task, every section's. */
export async function taskScreen(ctx: BotContext, task: CatalogTask, requestedPage: number): Promise<Screen> {
  const models = await offered(
    ctx,
    listModels().filter((m) => catalogTaskOf(m) === task),
  )
  const title = ctx.t(`task.${task}`)
  return modelList(
    ctx,
    models,
    requestedPage,
    (page) => cb.task(task, page),
    (page, pages) =>
      models.length === 0
        ? ctx.t('catalog.empty', { category: title })
        : ctx.t('catalog.title', { category: title, page, pages }),
    [],
    backToCatalog(ctx),
  )
}

export function isVendor(vendor: string): vendor is Vendor {
  return (VENDOR_IDS as readonly string[]).includes(vendor)
}

async function vendorModels(ctx: BotContext, vendor: Vendor): Promise<ModelSpec[]> {
  return offered(
    ctx,
    listModels().filter((m) => modelCardInfo(m.slug)?.vendor === vendor),
  )
}

/** Every vendor with a model on sale, with how many. */
export async function vendorsScreen(ctx: BotContext): Promise<Screen> {
  const buttons = []
  for (const vendor of VENDOR_IDS) {
    const count = (await vendorModels(ctx, vendor)).length
    if (count > 0)
      buttons.push(
        button(ctx.t('catalog.vendor_button', { vendor: VENDORS[vendor][ctx.lang], count }), cb.vendor(vendor)),
      )
  }
  return { text: ctx.t('catalog.vendors'), keyboard: [...rows(buttons, 2), ...backToCatalog(ctx)] }
}

export async function vendorScreen(ctx: BotContext, vendor: Vendor, requestedPage: number): Promise<Screen> {
  const models = await vendorModels(ctx, vendor)
  const title = escapeHtml(VENDORS[vendor][ctx.lang])
  return modelList(
    ctx,
    models,
    requestedPage,
    (page) => cb.vendor(vendor, page),
    (page, pages) =>
      models.length === 0
        ? ctx.t('catalog.empty', { category: title })
        : ctx.t('catalog.title', { category: title, page, pages }),
    [],
    [[button(ctx.t('btn.back'), cb.vendors()), menuButton(ctx)]],
  )
}

/**
 * What a model does and is best at, an example prompt, whether Russian is fine, what the user
 * will choose and its price range; the `/gen` shortcut on a line of its own. No wire names:
 * the fields are shown by their labels.
 */
export async function modelCard(ctx: BotContext, model: ModelSpec, pinned?: boolean): Promise<Screen> {
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
  const info = modelCardInfo(model.slug)
  const lines = [escapeHtml(model.description[ctx.lang])]
  if (info) {
    lines.push('', ctx.t('card.best_at', { text: escapeHtml(info.bestAt[ctx.lang]) }))
    if (info.russian) lines.push(ctx.t(info.russian === 'native' ? 'card.russian_native' : 'card.russian_translated'))
    // a Russian example only where a Russian prompt is known to work; elsewhere the English one, said so
    if (info.example && (ctx.lang === 'en' || info.russian))
      lines.push('', ctx.t('card.example', { text: escapeHtml(info.example[ctx.lang]) }))
    else if (info.example) lines.push('', ctx.t('card.example_english', { text: escapeHtml(info.example.en) }))
  }
  const prompt = promptField(model)
  const shortcut = ctx.t(
    prompt && prompt.taskRef === undefined && prompt.pattern === undefined ? 'card.shortcut' : 'card.shortcut_bare',
    {
      slug: model.slug,
    },
  )
  const vendor = info ? ` · ${ctx.t('card.vendor', { vendor: escapeHtml(VENDORS[info.vendor][ctx.lang]) })}` : ''
  const keyboard: Keyboard = [[button(ctx.t('btn.create'), cb.startWizard(model.slug))]]
  // a model that makes something from a prompt alone can be compared with others of its kind
  if (canCompare(model)) keyboard.push([button(ctx.t('compare.btn.start'), cb.compareStart(model.slug))])
  if (pinned !== undefined)
    keyboard.push([
      button(ctx.t(pinned ? 'admin.btn.unpin' : 'admin.btn.pin'), callbacks.admin.modelPin.pack({ slug: model.slug })),
    ])
  keyboard.push([button(ctx.t('btn.back'), cb.category(model.category, Math.max(page, 0))), menuButton(ctx)])
  return {
    text: ctx.t('card.text', {
      name: escapeHtml(model.name[ctx.lang]),
      vendor,
      description: lines.join('\n'),
      fields,
      price: rangeWithStars(ctx, range),
      shortcut,
    }),
    keyboard,
  }
}
