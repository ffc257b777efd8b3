import { createPaths, KIE_PATHS } from '@kiebot/kie'
import type { ApiFamily } from '@kiebot/models'
import catalogJson from '@kiebot/models/data/kie-models.json'

/** One input field of a catalog entry (packages/models/data/kie-models.json). */
export interface FieldSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'
  required?: boolean
  enum?: unknown[]
  default?: unknown
  minLength?: number
  maxLength?: number
  min?: number
  max?: number
  maxItems?: number
  items?: 'string' | 'url' | 'object'
  itemSchema?: Record<string, FieldSpec>
  format?: string
  maxFileSize?: string
  mime?: string[]
  deprecated?: boolean
}

export type PriceCredits = number | Record<string, number | string> | null | undefined

export interface CatalogEntry {
  model: string
  category: 'image' | 'video' | 'audio'
  kind: string
  api: 'market' | 'flat'
  createEndpoint: string
  statusEndpoint: string
  input: Record<string, FieldSpec>
  priceCredits?: PriceCredits
  /** 'per 1000 characters': the price is per 1000 characters of the text (ElevenLabs speech and dialogue) */
  priceUnit?: string
  topLevelExtra?: Record<string, FieldSpec>
}

export const CATALOG = catalogJson as unknown as CatalogEntry[]

/** Create path → family of the flat (non-market) APIs (the paths: KIE_PATHS of packages/kie). */
export const FLAT_CREATE_PATHS: Record<string, Exclude<ApiFamily, 'market'>> = Object.fromEntries(
  createPaths()
    .filter((entry): entry is { path: string; family: Exclude<ApiFamily, 'market'> } => entry.family !== 'market')
    .map(({ path, family }) => [path, family]),
)

export const MARKET_CREATE_PATH = KIE_PATHS.create.market

/** Status path of each family. */
export const STATUS_PATHS: Readonly<Record<ApiFamily, string>> = KIE_PATHS.status

const marketModels = new Map(CATALOG.filter((e) => e.api === 'market').map((e) => [e.model, e]))

export function findMarketModel(modelId: string): CatalogEntry | undefined {
  return marketModels.get(modelId)
}

/**
 * Flat entries list their variants in `model` ("veo3 | veo3_fast | veo3_lite"): match by create endpoint.
 * Where several entries share one (Midjourney's image and video task types), the body's `taskType`
 * picks the entry whose enum lists it; an unknown one falls back to the first, whose enum refuses it.
 */
export function flatEntry(createPath: string, body: Record<string, unknown> = {}): CatalogEntry | undefined {
  const entries = CATALOG.filter((e) => e.api === 'flat' && e.createEndpoint === `POST ${createPath}`)
  return entries.find((e) => e.input.taskType?.enum?.includes(body.taskType)) ?? entries[0]
}
