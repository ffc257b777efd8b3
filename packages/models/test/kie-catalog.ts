import catalogJson from '../data/kie-models.json'
import { MB } from '../src/limits'

/** The committed Kie catalog (data/kie-models.json), typed loosely for drift checks. */

export interface CatalogField {
  type: string
  required?: boolean
  enum?: unknown[]
  default?: unknown
  examples?: unknown[]
  note?: string
  minLength?: number
  maxLength?: number
  min?: number
  max?: number
  maxItems?: number
  maxFileSize?: string
}

export interface CatalogEntry {
  model: string
  category: string
  api: string
  createEndpoint: string
  input: Record<string, CatalogField>
  priceCredits?: number | Record<string, number | string>
  inPredecessor: boolean
  /** The current Kie id of a model the predecessor sold under a legacy id. */
  supersededBy?: string
}

export const CATALOG = catalogJson as unknown as readonly CatalogEntry[]

export function catalogEntry(model: string): CatalogEntry {
  const entry = CATALOG.find((e) => e.model === model)
  if (!entry) throw new Error(`no catalog entry "${model}"`)
  return entry
}

/** "10.0MB" -> bytes */
export function catalogBytes(maxFileSize: string): number {
  const match = /^(\d+(?:\.\d+)?)MB$/.exec(maxFileSize)
  if (!match?.[1]) throw new Error(`unexpected maxFileSize "${maxFileSize}"`)
  return Number(match[1]) * MB
}
