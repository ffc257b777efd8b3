import { SAMPLE_MEDIA_URLS, exampleParams } from './examples'
import { dialogueExtremes } from './dialogue'
import { validateParams } from './validate'
import type { FieldSpec, ModelSpec, Params } from './types'

/** A priced parameter choice (validated, defaults filled). */
export interface PricedParams {
  readonly params: Params
  readonly credits: number
}

export interface PriceExtremes {
  readonly cheapest: PricedParams
  readonly dearest: PricedParams
}

const cache = new WeakMap<ModelSpec, PriceExtremes>()

/** Integer ranges up to this many values are tried value by value; wider ones at their ends. */
const MAX_INTEGER_STEPS = 100

/**
 * Cheapest and dearest valid choice: tries every combination of the values of the fields
 * the price reads (enums, booleans, integer steps, numeric and length extremes, "not set"),
 * drops combinations the validation rejects (e.g. Runway 10 s + 1080p).
 */
export function priceExtremes(model: ModelSpec): PriceExtremes {
  let extremes = cache.get(model)
  if (!extremes) {
    extremes = computePriceExtremes(model)
    cache.set(model, extremes)
  }
  return extremes
}

function computePriceExtremes(model: ModelSpec): PriceExtremes {
  const base = exampleParams(model)
  const fields = model.priceInputs.map((key) => {
    const field = model.fields.find((f) => f.key === key)
    if (!field) throw new Error(`${model.slug}: price input "${key}" is not a field`)
    return field
  })
  let cheapest: PricedParams | undefined
  let dearest: PricedParams | undefined
  for (const combination of combinations(fields.map(candidates))) {
    const params: Params = { ...base }
    fields.forEach((field, i) => {
      params[field.key] = combination[i]
    })
    const result = validateParams(model, params)
    if (!result.ok) continue
    const priced = { params: result.params, credits: model.credits(result.params) }
    if (!cheapest || priced.credits < cheapest.credits) cheapest = priced
    if (!dearest || priced.credits > dearest.credits) dearest = priced
  }
  if (!cheapest || !dearest) throw new Error(`${model.slug}: no valid parameter choice to price`)
  return { cheapest, dearest }
}

function candidates(field: FieldSpec): unknown[] {
  const values = ownCandidates(field)
  return !field.required && field.default === undefined ? [undefined, ...values] : values
}

function ownCandidates(field: FieldSpec): unknown[] {
  switch (field.type) {
    case 'enum':
      return [...field.enum]
    case 'boolean':
      return [false, true]
    case 'integer':
    case 'number': {
      const ends = [field.min, field.max, field.default, ...(field.presets ?? [])].filter(
        (v): v is number => v !== undefined,
      )
      if (
        field.type === 'integer' &&
        field.min !== undefined &&
        field.max !== undefined &&
        field.max - field.min <= MAX_INTEGER_STEPS
      ) {
        return Array.from({ length: field.max - field.min + 1 }, (_, i) => (field.min ?? 0) + i)
      }
      return [...new Set(ends)]
    }
    case 'text': {
      if (field.dialogue) return dialogueExtremes(field)
      const shortest = Math.max(field.minLength ?? 1, 1)
      return field.maxLength === undefined
        ? ['x'.repeat(shortest)]
        : ['x'.repeat(shortest), 'x'.repeat(field.maxLength)]
    }
    case 'media': {
      const url = SAMPLE_MEDIA_URLS[field.kind]
      if (!field.multiple) return [url]
      return [...new Set([field.minItems, field.maxItems])].map((n) => Array.from({ length: n }, () => url))
    }
  }
}

function* combinations(lists: readonly unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield []
    return
  }
  const [first, ...rest] = lists
  for (const value of first ?? []) {
    for (const tail of combinations(rest)) yield [value, ...tail]
  }
}
