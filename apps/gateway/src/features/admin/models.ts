import { updateModelSettings } from '@kiebot/db'
import { callbacks } from '@kiebot/jobs'
import { getModel, listModels } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatRub, show, type Keyboard, type Screen } from '../../ui'
import { homeButton } from './home'
import { expectInput, type InputOf } from './input'

const cb = callbacks.admin

// Admin: every model switched on or off, and its price overridden (a markup, a fixed price,
// or reset to the default).

export const MODELS_PER_PAGE = 10

export async function modelsScreen(ctx: BotContext, requestedPage: number): Promise<Screen> {
  const models = listModels()
  const pages = Math.ceil(models.length / MODELS_PER_PAGE)
  const page = Math.min(Math.max(requestedPage, 0), pages - 1)
  const keyboard: Keyboard = []
  for (const model of models.slice(page * MODELS_PER_PAGE, (page + 1) * MODELS_PER_PAGE)) {
    const enabled = await ctx.deps.prices.isEnabled(model.slug)
    keyboard.push([
      button(`${enabled ? '✅' : '⛔'} ${model.name[ctx.lang]}`, cb.modelToggle.pack({ slug: model.slug })),
      button(ctx.t('admin.btn.price', { name: '' }).trim(), cb.modelPrice.pack({ slug: model.slug })),
    ])
  }
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), cb.models.pack({ page: page - 1 })))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), cb.models.pack({ page: page + 1 })))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([homeButton(ctx)])
  return { text: ctx.t('admin.models', { page: page + 1, pages }), keyboard }
}

export async function currentPrice(ctx: BotContext, slug: string): Promise<string> {
  const override = (await ctx.deps.prices.settingsOf(slug))?.override
  if (override?.fixedPriceKopecks != null)
    return ctx.t('admin.price_fixed', { price: formatRub(override.fixedPriceKopecks, ctx.lang) })
  if (override?.markup != null) return ctx.t('admin.price_markup', { markup: override.markup })
  return ctx.t('admin.price_none')
}

/** The models screen after switching a model on or off (the page it is on). */
export async function toggleModel(ctx: BotContext, slug: string): Promise<void> {
  const enabled = await ctx.deps.prices.isEnabled(slug)
  await updateModelSettings(ctx.deps.db, ctx.user.id, slug, { enabled: !enabled })
  ctx.deps.prices.invalidate()
  const index = listModels().findIndex((m) => m.slug === slug)
  await show(ctx, await modelsScreen(ctx, Math.floor(Math.max(index, 0) / MODELS_PER_PAGE)))
}

export async function askPrice(ctx: BotContext, slug: string): Promise<void> {
  await expectInput(ctx, { kind: 'price', slug })
  await show(ctx, {
    text: ctx.t('admin.price_prompt', {
      name: escapeHtml(getModel(slug)?.name[ctx.lang] ?? slug),
      current: await currentPrice(ctx, slug),
    }),
    keyboard: [[homeButton(ctx)]],
  })
}

/** The awaited price: "x1.5" (a markup), "120" (a fixed price in rubles) or "reset". */
export async function setPrice(ctx: BotContext, input: InputOf<'price'>, text: string): Promise<void> {
  const home = [[homeButton(ctx)]]
  const value = text.trim().toLowerCase()
  const markup = /^x\s*(\d+(?:[.,]\d{1,3})?)$/.exec(value)
  const fixed = /^(\d+(?:[.,]\d{1,2})?)$/.exec(value)
  if (!markup && !fixed && value !== 'reset') {
    await expectInput(ctx, input)
    await show(ctx, { text: ctx.t('admin.price_invalid'), keyboard: home }, { newMessage: true })
    return
  }
  await updateModelSettings(ctx.deps.db, ctx.user.id, input.slug, {
    markupOverride: markup ? Number(markup[1]!.replace(',', '.')) : null,
    fixedPriceKopecks: fixed ? Math.round(Number(fixed[1]!.replace(',', '.')) * 100) : null,
  })
  ctx.deps.prices.invalidate()
  const name = escapeHtml(getModel(input.slug)?.name[ctx.lang] ?? input.slug)
  await show(
    ctx,
    {
      text: ctx.t('admin.price_set', { name, current: await currentPrice(ctx, input.slug) }),
      keyboard: [[button(ctx.t('admin.btn.models'), cb.models.pack({ page: 0 })), homeButton(ctx)]],
    },
    { newMessage: true },
  )
}
