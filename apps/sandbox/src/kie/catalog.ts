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

/** Create path → family of the flat (non-market) APIs. */
export const FLAT_CREATE_PATHS: Record<string, Exclude<ApiFamily, 'market'>> = {
  '/api/v1/veo/generate': 'veo',
  '/api/v1/veo/extend': 'veo',
  '/api/v1/generate': 'suno',
  '/api/v1/generate/upload-cover': 'suno',
  '/api/v1/generate/extend': 'suno',
  '/api/v1/runway/generate': 'runway',
  '/api/v1/runway/extend': 'runway',
  '/api/v1/flux/kontext/generate': 'flux-kontext',
  '/api/v1/gpt4o-image/generate': 'gpt4o-image',
  '/api/v1/mj/generate': 'midjourney',
}

export const MARKET_CREATE_PATH = '/api/v1/jobs/createTask'

/** Status path of each family. */
export const STATUS_PATHS: Record<ApiFamily, string> = {
  market: '/api/v1/jobs/recordInfo',
  veo: '/api/v1/veo/record-info',
  suno: '/api/v1/generate/record-info',
  runway: '/api/v1/runway/record-detail',
  'flux-kontext': '/api/v1/flux/kontext/record-info',
  'gpt4o-image': '/api/v1/gpt4o-image/record-info',
  midjourney: '/api/v1/mj/record-info',
}

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
