import { callbackData as cb } from '@kiebot/jobs'
import { getModel, mediaFields, measuredFields, promptField, type ModelSpec, type Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { currentModel } from '../../state/current-model'
import type { Draft } from '../../state/drafts'
import { button, escapeHtml, formatPriceRange, menuButton, show, type Keyboard, type Screen } from '../../ui'
import { rememberedOptions, startWizard } from '../wizard'
import { looksLikeName, similarModels } from './search'

// Prompt-first: a text typed outside a form is a new prompt for the current model, with the
// options the user last chose for it; on a confirmation it replaces that draft's prompt; while
// a catalog page is open it is a search by name.

const SEARCH_RESULTS = 8

/** The models on sale whose names look like the text, with their prices. */
export async function searchScreen(ctx: BotContext, query: string): Promise<Screen> {
  const shown = escapeHtml(query.length > 40 ? `${query.slice(0, 40)}…` : query)
  const found: ModelSpec[] = []
  for (const { model } of similarModels(query.slice(0, 100))) {
    if (found.length >= SEARCH_RESULTS) break
    if (await ctx.deps.prices.isOffered(model.slug)) found.push(model)
  }
  const sections = [
    button(ctx.t('btn.images'), cb.category('image')),
    button(ctx.t('btn.video'), cb.category('video')),
    button(ctx.t('btn.audio'), cb.category('audio')),
  ]
  if (found.length === 0)
    return { text: ctx.t('search.none', { query: shown }), keyboard: [sections, [menuButton(ctx)]] }
  const keyboard: Keyboard = []
  for (const model of found) {
    const price = formatPriceRange(await ctx.deps.prices.range(model), ctx.lang, ctx.t)
    keyboard.push([button(ctx.t('catalog.model_button', { name: model.name[ctx.lang], price }), cb.model(model.slug))])
  }
  keyboard.push([menuButton(ctx)])
  return { text: ctx.t('search.results', { query: shown }), keyboard }
}

/**
 * The files of the user's latest generation of this model (and what was measured of them), for
 * a new prompt to a model that needs files: Telegram's file ids stay valid, so they are reused.
 */
async function lastFiles(ctx: BotContext, model: ModelSpec): Promise<Params> {
  const media = mediaFields(model)
  if (media.length === 0) return {}
  const last = await ctx.deps.db.generation.findFirst({
    where: { userId: ctx.user.id, modelId: model.slug },
    orderBy: { createdAt: 'desc' },
    select: { params: true },
  })
  const params = (last?.params ?? {}) as Params
  const keys = new Set(media.map((f) => f.key))
  for (const field of measuredFields(model))
    if (field.measuredFrom && keys.has(field.measuredFrom.media)) keys.add(field.key)
  return Object.fromEntries(Object.entries(params).filter(([key, value]) => keys.has(key) && value !== undefined))
}

/** A typed prompt for this model: straight to the price when nothing else is missing. */
async function promptFor(ctx: BotContext, model: ModelSpec, base: Params, text: string): Promise<void> {
  const field = promptField(model)
  if (!field) {
    // say so, and show what it does take (its wizard, with the same options and files)
    await ctx.reply(ctx.t('prompt.no_prompt', { model: escapeHtml(model.name[ctx.lang]) }), { parse_mode: 'HTML' })
    return startWizard(ctx, model.slug, base)
  }
  await startWizard(ctx, model.slug, { ...base, [field.key]: text }, { atConfirmation: true })
}

/** Takes a typed text that is no form's value; false: not one of ours (the "no form" hint follows). */
export async function typedText(
  ctx: BotContext,
  text: string,
  draft: Draft | null,
  browsing: boolean,
): Promise<boolean> {
  if (browsing) {
    await show(ctx, await searchScreen(ctx, text), { newMessage: true })
    return true
  }
  // on a confirmation: the same model, options and files, with this prompt (a new draft, so the
  // old message's Confirm still runs what it shows)
  // (unless another model was chosen since: a card, the menu)
  if (draft && draft.slug === currentModel(ctx)) {
    const model = getModel(draft.slug)
    if (model) {
      const prompt = promptField(model)
      const { [prompt?.key ?? '']: _old, ...rest } = draft.params
      await promptFor(ctx, model, rest, text)
      return true
    }
  }
  const slug = currentModel(ctx)
  const model = slug ? getModel(slug) : undefined
  if (!model) {
    // no model chosen yet: a model's name is looked up; anything else gets the "no form" hint
    if (!looksLikeName(text)) return false
    await show(ctx, await searchScreen(ctx, text), { newMessage: true })
    return true
  }
  const base = { ...(await rememberedOptions(ctx, model)), ...(await lastFiles(ctx, model)) }
  await promptFor(ctx, model, base, text)
  return true
}
