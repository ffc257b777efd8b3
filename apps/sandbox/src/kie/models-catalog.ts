import { listModels, listOffered, priceExtremes, type ModelSpec } from '@kiebot/models'
import { CATALOG, findMarketModel, type CatalogEntry } from './catalog'

/**
 * What the emulator's catalog API (`/api/v1/models...`) serves. Each value is sent as is, so
 * a test can put anything there (a malformed price list, a schema that is not an object).
 */
export interface EmulatedCatalogModel {
  model: string
  provider: string | null
  taskType: string[]
  pricingDesc: string | null
  /** `data` of /models/<id>/price */
  prices: unknown
  /** `data` of /models/<id>/schema */
  schema: unknown
  /** `data` of /models/<id>/success-rate */
  successRate: unknown
}

export interface EmulatedCatalog {
  models: EmulatedCatalogModel[]
  /** when set, `data` of GET /api/v1/models is this instead of the list (a malformed answer) */
  listOverride?: unknown
}

/** One price entry as the emulator writes it: the params that select the mode and its credits. */
function priceEntry(params: Record<string, unknown>, credits: number): Record<string, unknown> {
  const modeText = Object.entries(params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ')
  return {
    params,
    credits,
    description: `${modeText || 'default'}: ${credits} credits (${(credits * 0.005).toFixed(2)} USD)`,
  }
}

function pick(params: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => params[key] !== undefined).map((key) => [key, params[key]]))
}

/** The registry's own modes: its cheapest and dearest choice, keyed by the fields the price reads. */
function registryPrices(model: ModelSpec): Record<string, unknown>[] {
  const { cheapest, dearest } = priceExtremes(model)
  const entries = [priceEntry(pick(cheapest.params, model.priceInputs), cheapest.credits)]
  if (dearest.credits !== cheapest.credits)
    entries.push(priceEntry(pick(dearest.params, model.priceInputs), dearest.credits))
  return entries
}

function entryOf(model: ModelSpec): CatalogEntry | undefined {
  if (model.family === 'market') return findMarketModel(model.kieModel)
  return CATALOG.find((e) => e.model === model.catalogModel)
}

/** An OpenAPI-like input schema from the catalog file (what Kie's /schema documents). */
function schemaOf(model: ModelSpec, extraRequired: string[] = []): Record<string, unknown> {
  const entry = entryOf(model)
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  for (const [key, spec] of Object.entries(entry?.input ?? {})) {
    properties[key] = {
      type: spec.type,
      ...(spec.enum ? { enum: spec.enum } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    }
    if (spec.required) required.push(key)
  }
  for (const key of extraRequired) {
    properties[key] ??= { type: 'string' }
    required.push(key)
  }
  const input = { type: 'object', required, properties }
  if (model.family !== 'market') return { ...input, callbacks: { onComplete: {} } }
  return {
    type: 'object',
    required: ['model', 'input'],
    properties: { model: { type: 'string', enum: [model.kieModel] }, callBackUrl: { type: 'string' }, input },
    callbacks: { onComplete: {} },
  }
}

function providerOf(model: ModelSpec): string {
  return model.kieModel.includes('/')
    ? model.kieModel.split('/')[0]!
    : model.family === 'market'
      ? model.kieModel.split('-')[0]!
      : model.family
}

function fromRegistry(model: ModelSpec): EmulatedCatalogModel {
  const { cheapest } = priceExtremes(model)
  return {
    model: model.kieModel,
    provider: providerOf(model),
    taskType: [model.kind],
    pricingDesc: `From ${cheapest.credits} credits (${(cheapest.credits * 0.005).toFixed(2)} USD) per generation`,
    prices: registryPrices(model),
    schema: schemaOf(model),
    successRate: { successRate: 0.97 },
  }
}

/** The deliberate differences of the default fixture (each one a branch of the catalog sync). */
export const CATALOG_FIXTURE_CHANGES = {
  /** no longer listed: a plain offering the registry does not flag as retired upstream (z-image, 0.8 credits) */
  unlisted: 'z-image',
  /** kling-2-6 without sound: 60 / 120 credits (registry 56 / 112) */
  priceRise: 'kling-2.6/text-to-video',
  /** nano-banana-2 1K / 2K / 4K: 5 / 8 / 12 credits (registry 8 / 12 / 18) */
  priceDrop: 'nano-banana-2',
  /** listed by Kie, not in the registry */
  newModel: 'minimax-h3/text-to-video',
  /** its schema now requires `prompt_optimizer`, which the registry does not send */
  schemaRequired: { model: 'hailuo/02-text-to-video-pro', field: 'prompt_optimizer' },
} as const

/** Every Kie model the registry sells, as it prices and sends it (retired upstreams are not listed). */
function registryCatalog(): Map<string, EmulatedCatalogModel> {
  const byId = new Map<string, EmulatedCatalogModel>()
  for (const model of listOffered()) if (!byId.has(model.kieModel)) byId.set(model.kieModel, fromRegistry(model))
  return byId
}

/**
 * The default catalog: every offering the registry sells, as the registry prices and sends
 * it, except the changes above (one of each kind the sync must handle). Models whose vendor
 * retired them (`upstreamRetired`) are not listed, as Kie no longer lists them.
 */
export function defaultEmulatedCatalog(): EmulatedCatalog {
  const byId = registryCatalog()
  byId.delete(CATALOG_FIXTURE_CHANGES.unlisted)

  const rise = byId.get(CATALOG_FIXTURE_CHANGES.priceRise)
  if (rise) {
    rise.prices = [
      priceEntry({ duration: '5', sound: false }, 60),
      priceEntry({ duration: '5', sound: true }, 110),
      priceEntry({ duration: '10', sound: false }, 120),
      priceEntry({ duration: '10', sound: true }, 220),
    ]
    rise.pricingDesc = 'A 5-second video without sound costs 60 credits (0.30 USD)'
  }
  const drop = byId.get(CATALOG_FIXTURE_CHANGES.priceDrop)
  if (drop) {
    drop.prices = [
      priceEntry({ resolution: '1K' }, 5),
      priceEntry({ resolution: '2K' }, 8),
      priceEntry({ resolution: '4K' }, 12),
    ]
    drop.pricingDesc = 'An image costs from 5 credits (0.025 USD)'
  }
  const { model: schemaModel, field } = CATALOG_FIXTURE_CHANGES.schemaRequired
  const drifted = listModels().find((m) => m.kieModel === schemaModel)
  const driftedEntry = byId.get(schemaModel)
  if (drifted && driftedEntry) driftedEntry.schema = schemaOf(drifted, [field])

  byId.set(CATALOG_FIXTURE_CHANGES.newModel, {
    model: CATALOG_FIXTURE_CHANGES.newModel,
    provider: 'minimax',
    taskType: ['text-to-video'],
    pricingDesc: 'A 6-second video costs 100 credits (0.50 USD)',
    prices: [priceEntry({ duration: '6' }, 100)],
    schema: {
      type: 'object',
      required: ['model', 'input'],
      properties: { input: { type: 'object', required: ['prompt'], properties: { prompt: { type: 'string' } } } },
    },
    successRate: { successRate: 0.9 },
  })
  return { models: [...byId.values()] }
}

/** The registry's catalog exactly as the registry sells it (no differences): a quiet sync. */
export function registryEmulatedCatalog(): EmulatedCatalog {
  return { models: [...registryCatalog().values()] }
}
