import { z } from 'zod'
import { KieError } from './errors'

/**
 * Kie's catalog API (`/api/v1/models...`). Its field names are only partly documented, so
 * every answer is read defensively: unknown fields are kept (`raw`), aliases are accepted,
 * and an answer that does not say what a caller needs is an `invalid_response` error of
 * that call — never an empty catalog.
 */

/** One entry of `GET /api/v1/models`. */
export interface KieCatalogModel {
  /** the id used in createTask */
  model: string
  provider: string | null
  taskTypes: string[]
  /** prose price, e.g. "A 5-second video costs 160 credits (0.80 USD)" */
  pricingDesc: string | null
  /** the entry as Kie sent it */
  raw: Record<string, unknown>
}

export interface KieModelFilters {
  taskType?: string
  provider?: string
  q?: string
}

/** One entry of `/models/<id>/price`: the credits of one mode, selected by `params`. */
export interface KiePriceEntry {
  /** credits of this mode; null when the entry carries no readable number */
  credits: number | null
  /** the input values that select this mode (e.g. { resolution: "1K" }); empty when Kie gave none */
  params: Record<string, string | number | boolean>
  description: string | null
  raw: Record<string, unknown>
}

/** What `/models/<id>/schema` says about the create input. */
export interface KieModelSchema {
  /** input fields the schema requires */
  required: string[]
  /** allowed values per field, where the schema lists them */
  enums: Record<string, (string | number | boolean)[]>
  raw: Record<string, unknown>
}

export interface KieSuccessRate {
  /** 0..1 (a percentage is scaled down); null when unreadable */
  rate: number | null
  raw: unknown
}

const text = z.string().trim().min(1)
const scalar = z.union([z.string(), z.number(), z.boolean()])
const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
])

const listEntry = z.looseObject({
  model: text.optional(),
  id: text.optional(),
  provider: z.string().nullish(),
  taskType: z.union([z.array(z.string()), z.string()]).nullish(),
  taskTypes: z.array(z.string()).nullish(),
  pricingDesc: z.string().nullish(),
})

const priceEntry = z.looseObject({
  credits: numeric.nullish(),
  credit: numeric.nullish(),
  params: z.record(z.string(), scalar).nullish(),
  input: z.record(z.string(), scalar).nullish(),
  description: z.string().nullish(),
  desc: z.string().nullish(),
})

const schemaObject = z.looseObject({
  required: z.array(z.string()).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
})

/** The list inside `data`: the array itself or under a common key. */
function listOf(data: unknown, keys: string[]): unknown[] | null {
  if (Array.isArray(data)) return data
  if (typeof data === 'object' && data !== null) {
    for (const key of keys) {
      const value = (data as Record<string, unknown>)[key]
      if (Array.isArray(value)) return value
    }
  }
  return null
}

export function invalidCatalogAnswer(endpoint: string, what: string): KieError {
  return new KieError({
    kind: 'invalid_response',
    message: `Kie ${endpoint}: ${what}`,
    code: null,
    status: 200,
    retryable: false,
    endpoint,
  })
}

/** `data` of `GET /api/v1/models`. An entry without a model id makes the whole answer unreadable. */
export function parseModelList(data: unknown, endpoint = 'GET /api/v1/models'): KieCatalogModel[] {
  const list = listOf(data, ['models', 'list', 'records', 'items'])
  if (list === null) throw invalidCatalogAnswer(endpoint, 'no model list in the answer')
  return list.map((item, index) => {
    const parsed = listEntry.safeParse(item)
    const id = parsed.success ? (parsed.data.model ?? parsed.data.id) : undefined
    if (!parsed.success || id === undefined) throw invalidCatalogAnswer(endpoint, `entry ${index} has no model id`)
    const { taskType, taskTypes } = parsed.data
    return {
      model: id,
      provider: parsed.data.provider?.trim() || null,
      taskTypes: taskTypes ?? (Array.isArray(taskType) ? taskType : typeof taskType === 'string' ? [taskType] : []),
      pricingDesc: parsed.data.pricingDesc?.trim() || null,
      raw: parsed.data as Record<string, unknown>,
    }
  })
}

/** `data` of `/models/<id>/price`. Entries Kie wrote differently are kept with `credits: null`. */
export function parsePriceEntries(data: unknown, endpoint: string): KiePriceEntry[] {
  const list = listOf(data, ['prices', 'entries', 'list', 'items'])
  if (list === null) throw invalidCatalogAnswer(endpoint, 'no price entries in the answer')
  return list.map((item) => {
    const parsed = priceEntry.safeParse(item)
    const raw = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : { value: item }
    if (!parsed.success) return { credits: null, params: {}, description: null, raw }
    const credits = parsed.data.credits ?? parsed.data.credit ?? null
    return {
      credits: credits !== null && Number.isFinite(credits) && credits >= 0 ? credits : null,
      params: parsed.data.params ?? parsed.data.input ?? {},
      description: parsed.data.description ?? parsed.data.desc ?? null,
      raw,
    }
  })
}

/**
 * `data` of `/models/<id>/schema` (OpenAPI-like). The create input is `properties.input`
 * when the schema describes the whole body (market models), else the schema itself.
 */
export function parseModelSchema(data: unknown, endpoint: string): KieModelSchema {
  const outer = schemaObject.safeParse(
    typeof data === 'object' && data !== null && 'schema' in data ? (data as { schema: unknown }).schema : data,
  )
  if (!outer.success) throw invalidCatalogAnswer(endpoint, 'the schema is not an object')
  const input = schemaObject.safeParse(outer.data.properties?.input)
  const target = input.success && input.data.properties ? input.data : outer.data
  if (!target.properties && !target.required)
    throw invalidCatalogAnswer(endpoint, 'the schema has neither properties nor required')
  const enums: Record<string, (string | number | boolean)[]> = {}
  for (const [key, property] of Object.entries(target.properties ?? {})) {
    const values = z.looseObject({ enum: z.array(scalar) }).safeParse(property)
    if (values.success) enums[key] = values.data.enum
  }
  const envelopeKeys = target === outer.data ? new Set<string>() : new Set(['model', 'input', 'callBackUrl'])
  const required = [...new Set((target.required ?? []).filter((key) => !envelopeKeys.has(key)))].sort()
  return { required, enums, raw: outer.data as Record<string, unknown> }
}

/** `data` of `/models/<id>/success-rate`: a number (0..1 or a percentage) or an object holding one. */
export function parseSuccessRate(data: unknown): KieSuccessRate {
  const readable = numeric.safeParse(
    typeof data === 'object' && data !== null
      ? ((data as Record<string, unknown>).successRate ?? (data as Record<string, unknown>).rate)
      : data,
  )
  if (!readable.success) return { rate: null, raw: data }
  const value = readable.data
  return { rate: value > 1 ? Math.min(1, value / 100) : value, raw: data }
}
