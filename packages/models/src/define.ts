import type { ApiFamily } from './family'
import { DEFAULT_DEADLINE_MS, TYPICAL_DURATION_MS } from './limits'
import { roundCredits, type Pricing } from './pricing'
import { priceExtremes } from './range'
import type {
  Category,
  CreateEndpoint,
  FieldError,
  FieldSpec,
  LocalizedText,
  ModelKind,
  ModelSpec,
  OutputKind,
  Params,
  WireValue,
} from './types'

/** What a catalog file writes for one offering. */
export interface ModelDefinition {
  slug: string
  /** Exact wire model; for market models also the catalog key unless `catalogModel` says otherwise. */
  kieModel: string
  /** ISO date the upstream vendor retired the model (see ModelSpec.upstreamRetired). */
  upstreamRetired?: string
  catalogModel?: string
  family: ApiFamily
  /** Create endpoint when not the family's usual one (see ModelSpec.createEndpoint). */
  createEndpoint?: Exclude<CreateEndpoint, 'generate'>
  category: Category
  kind: ModelKind
  /** Defaults to the category. */
  output?: OutputKind
  name: LocalizedText
  description: LocalizedText
  inPredecessor: boolean
  /** Defaults by category: image 10 min, video 30 min, audio 10 min. */
  deadlineMs?: number
  /** How long Kie usually takes; defaults by category: image 1 min, video 4 min, audio 2 min. */
  typicalMs?: number
  fields: readonly FieldSpec[]
  fixed?: Readonly<Record<string, WireValue>>
  omitted?: Readonly<Record<string, string>>
  derived?: { keys: readonly string[]; compute: (params: Params) => Record<string, WireValue> }
  price: Pricing
  rules?: (params: Params) => FieldError[]
}

export function defineModel(def: ModelDefinition): ModelSpec {
  const spec: ModelSpec = {
    slug: def.slug,
    kieModel: def.kieModel,
    ...(def.upstreamRetired === undefined ? {} : { upstreamRetired: def.upstreamRetired }),
    catalogModel: def.catalogModel ?? def.kieModel,
    family: def.family,
    ...(def.createEndpoint === undefined ? {} : { createEndpoint: def.createEndpoint }),
    category: def.category,
    kind: def.kind,
    output: def.output ?? def.category,
    name: def.name,
    description: def.description,
    inPredecessor: def.inPredecessor,
    deadlineMs: def.deadlineMs ?? DEFAULT_DEADLINE_MS[def.category],
    typicalMs: def.typicalMs ?? TYPICAL_DURATION_MS[def.category],
    fields: def.fields,
    fixedInput: def.fixed ?? {},
    omittedInput: def.omitted ?? {},
    derivedInput: def.derived?.keys ?? [],
    priceInputs: def.price.inputs,
    credits: (params) => roundCredits(def.price.credits(withDefaults(def.fields, params))),
    creditRange: () => {
      const { cheapest, dearest } = priceExtremes(spec)
      return { min: cheapest.credits, max: dearest.credits }
    },
    crossFieldErrors: (params) => def.rules?.(params) ?? [],
    deriveInput: (params) => def.derived?.compute(params) ?? {},
  }
  return Object.freeze(spec)
}

/** Defaults of every field (measured ones included) under the given params. */
function withDefaults(fields: readonly FieldSpec[], params: Params): Params {
  const filled: Params = {}
  for (const field of fields) if (field.default !== undefined) filled[field.key] = field.default
  for (const [key, value] of Object.entries(params)) if (value !== undefined) filled[key] = value
  return filled
}
