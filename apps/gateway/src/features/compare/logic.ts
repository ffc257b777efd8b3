import { enqueueFromOutbox, MAX_COMPARE_PARTS, MoneyError, reserveGroup } from '@kiebot/db'
import { enqueueGeneration } from '@kiebot/jobs'
import {
  comparableModels,
  compareKindOf,
  COMPARE_KINDS,
  getModel,
  optionValueFor,
  promptField,
  sharedOptions,
  validateParams,
  type CompareKind,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import type { CompareDraft } from './store'

/** The models of this kind on sale now (admin switch, catalog sync), in the registry's order. */
export async function offeredModels(ctx: BotContext, kind: CompareKind): Promise<ModelSpec[]> {
  const models: ModelSpec[] = []
  for (const model of comparableModels(kind)) if (await ctx.deps.prices.isOffered(model.slug)) models.push(model)
  return models
}

/** The kinds with at least two models on sale (a comparison needs two). */
export async function offeredKinds(ctx: BotContext): Promise<CompareKind[]> {
  const kinds: CompareKind[] = []
  for (const kind of COMPARE_KINDS) if ((await offeredModels(ctx, kind)).length >= 2) kinds.push(kind)
  return kinds
}

/** The draft's models (a slug the registry no longer has is dropped). */
export function modelsOf(draft: CompareDraft): ModelSpec[] {
  return draft.slugs
    .map((slug) => getModel(slug))
    .filter((m): m is ModelSpec => m !== undefined && compareKindOf(m) === draft.kind)
}

/** One part's params: the prompt, the shared settings in the model's own wire type, its defaults for the rest. */
export function partParams(model: ModelSpec, draft: CompareDraft): Params {
  const prompt = promptField(model)!
  const params: Params = { [prompt.key]: draft.prompt ?? '' }
  for (const option of sharedOptions(modelsOf(draft))) {
    const value = optionValueFor(model, option.key, draft.options[option.key] ?? option.default)
    if (value !== undefined) params[option.key] = value
  }
  return params
}

export interface PricedPart {
  model: ModelSpec
  params: Params
  quote: Awaited<ReturnType<BotContext['deps']['prices']['quote']>>
}

export type Priced = { ok: true; parts: PricedPart[]; total: number } | { ok: false; model: ModelSpec; max: number }

/** Every part checked (the prompt within each model's limit) and priced with the one `quote`. */
export async function priceParts(ctx: BotContext, draft: CompareDraft): Promise<Priced> {
  const parts: PricedPart[] = []
  for (const model of modelsOf(draft)) {
    const checked = validateParams(model, partParams(model, draft))
    if (!checked.ok) return { ok: false, model, max: promptField(model)?.maxLength ?? 0 }
    parts.push({ model, params: checked.params, quote: await ctx.deps.prices.quote(model, checked.params) })
  }
  return { ok: true, parts, total: parts.reduce((n, p) => n + p.quote.kopecks, 0) }
}

export type ConfirmOutcome =
  | { kind: 'started'; count: number }
  | { kind: 'duplicate' }
  | { kind: 'price_changed'; total: number }
  | { kind: 'unavailable' }
  | { kind: 'invalid' }
  | { kind: 'insufficient'; total: number }
  | { kind: 'too_many_active' }

/**
 * Confirm: every model still on sale, every part re-priced (a total that moved is shown again,
 * nothing charged), then all parts reserved in one transaction (reserveGroup) and enqueued.
 */
export async function confirmCompare(ctx: BotContext, draft: CompareDraft): Promise<ConfirmOutcome> {
  const models = modelsOf(draft)
  if (models.length < 2 || models.length > MAX_COMPARE_PARTS || !draft.prompt) return { kind: 'invalid' }
  for (const model of models)
    if ((await ctx.deps.prices.availabilityNow(model.slug)) !== 'offered') return { kind: 'unavailable' }
  const priced = await priceParts(ctx, draft)
  if (!priced.ok) return { kind: 'invalid' }
  if (priced.total !== draft.shownKopecks) return { kind: 'price_changed', total: priced.total }
  try {
    const reserved = await reserveGroup(ctx.deps.db, {
      groupId: draft.groupId,
      userId: ctx.user.id,
      chatId: BigInt(ctx.chat?.id ?? ctx.user.id),
      prompt: draft.prompt,
      output: models[0]!.output,
      parts: priced.parts.map((p) => ({
        modelId: p.model.slug,
        params: p.params as never,
        price: p.quote,
        deadlineAt: new Date(Date.now() + p.model.deadlineMs),
      })),
      maxActive: ctx.deps.config.MAX_ACTIVE_GENERATIONS,
    })
    ctx.user.balanceKopecks = reserved.balanceAfter
    if (reserved.duplicate) return { kind: 'duplicate' }
    // Redis down: the rows keep enqueued_at = null and the worker's sweeper enqueues them later
    await enqueueFromOutbox(
      ctx.deps.db,
      reserved.parts.map((p) => p.id),
      (id) => enqueueGeneration(ctx.deps.queues.generation, id),
    ).catch((error: unknown) => {
      ctx.deps.metrics.enqueueFailures.inc()
      ctx.deps.logger.warn('could not enqueue a comparison; the sweeper will', { groupId: draft.groupId, error })
    })
    return { kind: 'started', count: reserved.parts.length }
  } catch (error) {
    if (error instanceof MoneyError && error.code === 'insufficient_funds') {
      ctx.user = await ctx.deps.db.user.findUniqueOrThrow({ where: { id: ctx.user.id } })
      return { kind: 'insufficient', total: priced.total }
    }
    if (error instanceof MoneyError && error.code === 'too_many_active_generations') return { kind: 'too_many_active' }
    throw error
  }
}
