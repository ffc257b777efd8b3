import { callbacks } from '@kiebot/jobs'
import {
  chosenOptions,
  COMPARE_KINDS,
  COMPARE_MAX_MODELS,
  COMPARE_MIN_MODELS,
  compareKindOf,
  getModel,
  promptField,
  sharedOptions,
  type CompareKind,
  type Params,
} from '@kiebot/models'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { awaitedOf, awaitText, endWait } from '../../state/awaiting'
import { formatRub, mainMenu, menuButton, show, toast, type Buttons } from '../../ui'
import { startWizard } from '../wizard'
import { confirmCompare, modelsOf, offeredKinds, offeredModels, priceParts } from './logic'
import { confirmScreen, expiredScreen, noMoneyScreen, pickerScreen, promptScreen } from './screens'
import { discardCompare, loadCompare, openCompare, PROMPT_WAIT_SECONDS, saveCompare, type CompareDraft } from './store'

// Compare models on one prompt: /compare (or a model card's, a result's button) opens a picker
// of the models that take the same inputs, then the prompt, the shared settings and one
// Confirm that reserves every part. The worker delivers the results together.

/**
 * Opens the picker: with this model picked (its kind), or the first kind with two models on
 * sale; from a result, with that result's prompt kept (Next goes straight to the price).
 */
async function start(ctx: BotContext, slug: string | undefined, prompt?: string): Promise<void> {
  const model = slug ? getModel(slug) : undefined
  const modelKind = model ? compareKindOf(model) : undefined
  const kinds = await offeredKinds(ctx)
  const kind: CompareKind | undefined = modelKind && kinds.includes(modelKind) ? modelKind : kinds[0]
  if (!kind) {
    await show(
      ctx,
      { text: ctx.t('compare.none'), keyboard: mainMenu(ctx).keyboard },
      { newMessage: !ctx.callbackQuery },
    )
    return
  }
  const picked = model && modelKind === kind && (await ctx.deps.prices.isOffered(model.slug)) ? [model.slug] : []
  const draft = await openCompare(ctx.deps, ctx.user.id, kind, picked, picked.length > 0 ? prompt : undefined)
  await endPromptWait(ctx) // an earlier comparison's prompt is not asked any more
  // a result's or a card's button opens the comparison as a new message (the result stays as it was)
  await show(ctx, await pickerScreen(ctx, draft), { newMessage: true })
}

/** A press on a comparison's button: its draft, or "no longer open". */
async function withCompare(
  ctx: BotContext,
  draftId: string,
  then: (draft: CompareDraft) => Promise<void>,
): Promise<void> {
  const draft = await loadCompare(ctx.deps, ctx.user.id, draftId)
  if (!draft) return void (await show(ctx, expiredScreen(ctx)))
  await then(draft)
}

async function toggle(ctx: BotContext, draft: CompareDraft, slug: string): Promise<void> {
  if (draft.slugs.includes(slug)) draft.slugs = draft.slugs.filter((s) => s !== slug)
  else {
    const model = getModel(slug)
    // only what the picker offers: the same kind, on sale
    if (!model || compareKindOf(model) !== draft.kind || !(await ctx.deps.prices.isOffered(slug)))
      return void (await show(ctx, await pickerScreen(ctx, draft)))
    if (draft.slugs.length >= COMPARE_MAX_MODELS)
      return void (await toast(ctx, ctx.t('compare.too_many', { max: COMPARE_MAX_MODELS })))
    draft.slugs.push(slug)
  }
  draft.options = {}
  draft.shownKopecks = undefined
  await saveCompare(ctx.deps, ctx.user.id, draft)
  await show(ctx, await pickerScreen(ctx, draft))
}

async function switchKind(ctx: BotContext, draft: CompareDraft, kind: string): Promise<void> {
  const next = COMPARE_KINDS.find((k) => k === kind)
  if (next && (await offeredModels(ctx, next)).length >= 2) {
    Object.assign(draft, { kind: next, slugs: [], options: {}, shownKopecks: undefined })
    await saveCompare(ctx.deps, ctx.user.id, draft)
  }
  await show(ctx, await pickerScreen(ctx, draft))
}

/** Next on the picker: the prompt is asked, or (kept from a result) the price shown. */
async function afterPicking(ctx: BotContext, draft: CompareDraft): Promise<void> {
  if (modelsOf(draft).length < COMPARE_MIN_MODELS) return void (await toast(ctx, ctx.t('compare.need_two')))
  if (draft.prompt) return showConfirmation(ctx, draft)
  return askPrompt(ctx, draft)
}

/** A result a comparison starts from: the user's own, its model and its prompt. */
async function startFromResult(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  const model = generation && generation.userId === ctx.user.id ? getModel(generation.modelId) : undefined
  const field = model ? promptField(model) : undefined
  const prompt = field ? (generation!.params as Params | null)?.[field.key] : undefined
  await start(ctx, model?.slug, typeof prompt === 'string' ? prompt : undefined)
}

async function askPrompt(ctx: BotContext, draft: CompareDraft): Promise<void> {
  if (modelsOf(draft).length < COMPARE_MIN_MODELS) return void (await toast(ctx, ctx.t('compare.need_two')))
  await awaitPrompt(ctx, draft)
  await show(ctx, promptScreen(ctx, draft))
}

/** The confirmation with today's prices; the total shown is what Confirm charges. */
async function showConfirmation(
  ctx: BotContext,
  draft: CompareDraft,
  options: { note?: string; newMessage?: boolean } = {},
) {
  const priced = await priceParts(ctx, draft)
  if (!priced.ok) {
    await awaitPrompt(ctx, draft)
    const error = ctx.t('compare.prompt_too_long', { model: priced.model.name[ctx.lang], max: priced.max })
    return void (await show(ctx, promptScreen(ctx, draft, error), { newMessage: options.newMessage ?? false }))
  }
  draft.shownKopecks = priced.total
  await saveCompare(ctx.deps, ctx.user.id, draft)
  await show(ctx, confirmScreen(ctx, draft, priced.parts, priced.total, options.note), {
    newMessage: options.newMessage ?? false,
  })
}

async function typedPrompt(ctx: BotContext, draft: CompareDraft, text: string): Promise<void> {
  const prompt = text.trim()
  if (!prompt) return void (await show(ctx, promptScreen(ctx, draft), { newMessage: true }))
  draft.prompt = prompt
  await endPromptWait(ctx)
  await showConfirmation(ctx, draft, { newMessage: true })
}

async function chooseOption(ctx: BotContext, draft: CompareDraft, fieldIndex: number, optionIndex: number) {
  const option = sharedOptions(modelsOf(draft))[fieldIndex]
  const value = option?.values[optionIndex]
  if (option && value !== undefined) draft.options[option.key] = value
  await showConfirmation(ctx, draft)
}

async function confirm(ctx: BotContext, draft: CompareDraft): Promise<void> {
  const outcome = await confirmCompare(ctx, draft)
  switch (outcome.kind) {
    case 'started':
      await discard(ctx)
      await show(ctx, { text: ctx.t('compare.started', { count: outcome.count }), keyboard: [] })
      return
    case 'duplicate':
      await discard(ctx)
      return toast(ctx, ctx.t('toast.already_paid'))
    case 'price_changed':
      return showConfirmation(ctx, draft, {
        note: ctx.t('confirm.price_changed', { price: formatRub(outcome.total, ctx.lang) }),
      })
    case 'insufficient':
      return void (await show(ctx, noMoneyScreen(ctx, draft, outcome.total)))
    case 'too_many_active':
      await ctx.reply(ctx.t('error.too_many_active_generations', { count: ctx.deps.config.MAX_ACTIVE_GENERATIONS }))
      return
    case 'unavailable':
    case 'invalid':
      return void (await show(ctx, await pickerScreen(ctx, draft)))
  }
}

/** "Continue with <model>": that model becomes the current one, its confirmation with the same prompt. */
async function continueWith(ctx: BotContext, generationId: string): Promise<void> {
  const part = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  const model = part ? getModel(part.modelId) : undefined
  const prompt = model ? promptField(model) : undefined
  if (!part || part.userId !== ctx.user.id || part.groupId === null || !model || !prompt) {
    await show(ctx, { text: ctx.t('compare.continue_gone'), keyboard: mainMenu(ctx).keyboard }, { newMessage: true })
    return
  }
  const params = (part.params ?? {}) as Params
  await startWizard(
    ctx,
    model.slug,
    { ...chosenOptions(model, params), [prompt.key]: params[prompt.key] },
    { atConfirmation: true, newMessage: true },
  )
}

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('compare', (ctx) => start(ctx, undefined))
  buttons.on(callbacks.compareStart, (ctx, { slug }) => start(ctx, slug === '-' ? undefined : slug))
  buttons.on(callbacks.compareToggle, (ctx, { draftId, slug }) =>
    withCompare(ctx, draftId, (d) => toggle(ctx, d, slug)),
  )
  buttons.on(callbacks.compareKind, (ctx, { draftId, kind }) =>
    withCompare(ctx, draftId, (d) => switchKind(ctx, d, kind)),
  )
  buttons.on(callbacks.compareFromResult, (ctx, { generationId }) => startFromResult(ctx, generationId))
  buttons.on(callbacks.compareNext, (ctx, { draftId }) => withCompare(ctx, draftId, (d) => afterPicking(ctx, d)))
  buttons.on(callbacks.comparePrompt, (ctx, { draftId }) => withCompare(ctx, draftId, (d) => askPrompt(ctx, d)))
  buttons.on(callbacks.compareOption, (ctx, { draftId, fieldIndex, optionIndex }) =>
    withCompare(ctx, draftId, (d) => chooseOption(ctx, d, fieldIndex, optionIndex)),
  )
  buttons.on(callbacks.compareConfirm, (ctx, { draftId }) => withCompare(ctx, draftId, (d) => confirm(ctx, d)))
  buttons.on(callbacks.compareCancel, async (ctx, { draftId }) => {
    if (await loadCompare(ctx.deps, ctx.user.id, draftId)) await discard(ctx)
    await show(ctx, { text: ctx.t('compare.cancelled'), keyboard: [[menuButton(ctx)]] })
  })
  buttons.on(callbacks.compareContinue, (ctx, { generationId }) => continueWith(ctx, generationId))

  // The prompt asked by the comparison: the next text typed (a command or another screen's
  // button ended the wait before this: state/awaiting.ts; the comparison's own buttons keep it).
  bot.on('message', async (ctx, next) => {
    const message = ctx.message
    const wait = awaitedOf(ctx, 'compare')
    if (!('text' in message) || message.text.startsWith('/') || !wait) return next()
    const draft = await loadCompare(ctx.deps, ctx.user.id, wait.data)
    if (!draft) return next()
    return typedPrompt(ctx, draft, message.text)
  })
}

/** The next text the user types is this comparison's prompt (for a while; its own buttons keep the wait). */
async function awaitPrompt(ctx: BotContext, draft: CompareDraft): Promise<void> {
  await awaitText(ctx, { kind: 'compare', data: draft.id, keep: 'cmp:' }, PROMPT_WAIT_SECONDS)
}

async function endPromptWait(ctx: BotContext): Promise<void> {
  if (awaitedOf(ctx, 'compare')) await endWait(ctx)
}

async function discard(ctx: BotContext): Promise<void> {
  await discardCompare(ctx.deps, ctx.user.id)
  await endPromptWait(ctx)
}
