import {
  DEFAULT_MAX_BYTES,
  listModels,
  TELEGRAM_DOWNLOAD_LIMIT_BYTES,
  type FieldSpec,
  type ModelSpec,
  type WireValue,
} from '@kiebot/models'
import { catalogBytes, catalogEntry, type CatalogField } from './kie-catalog'

/**
 * The registry is written against data/kie-models.json; these tests fail when the two drift
 * apart: every wire name, wire type and enum value the registry sends must be in the catalog,
 * and every catalog input must be either used or deliberately left out.
 */

const MODELS = listModels()
/** Added by buildCreateRequest for flat families, not a model input. */
const TRANSPORT_KEYS = ['callBackUrl']

/** Catalog-required inputs an offering may leave out, with the reason. */
const REQUIRED_BUT_OMITTED: Record<string, string[]> = {
  // Custom instrumental mode has no lyrics; kie-api.md §6.3: prompt is used as lyrics "unless instrumental".
  'suno-instrumental': ['prompt'],
}

function isMeasured(field: FieldSpec): boolean {
  return (field.type === 'integer' || field.type === 'number') && field.measuredFrom !== undefined
}

function wireFields(model: ModelSpec): FieldSpec[] {
  return model.fields.filter((f) => !isMeasured(f))
}

function compatibleTypes(field: FieldSpec): string[] {
  switch (field.type) {
    case 'text':
      // a dialogue script is sent as Kie's list of { text, voice } lines
      return field.dialogue ? ['array'] : ['string']
    case 'boolean':
      return ['boolean']
    case 'integer':
      return ['integer', 'number']
    case 'number':
      return ['number']
    case 'media':
      return field.multiple ? ['array'] : ['string']
    case 'enum':
      return field.enum.every((v) => typeof v === 'string')
        ? ['string']
        : field.enum.every((v) => Number.isInteger(v))
          ? ['integer', 'number']
          : ['number']
  }
}

function wireTypeOf(value: WireValue): string {
  if (Array.isArray(value)) return 'array'
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value
}

/** Values a free-string catalog field documents: its enum, else examples, default and names in its note. */
function documented(spec: CatalogField, value: unknown): boolean {
  if (spec.enum) return spec.enum.includes(value)
  return (
    spec.examples?.includes(value) === true ||
    spec.default === value ||
    (typeof value === 'string' && spec.note?.includes(value) === true)
  )
}

describe.each(MODELS.map((m) => [m.slug, m] as const))('%s matches kie-models.json', (_slug, model) => {
  const entry = catalogEntry(model.catalogModel)

  it('has the catalog category, API kind and predecessor flag', () => {
    expect(model.category).toBe(entry.category)
    expect(entry.api).toBe(model.family === 'market' ? 'market' : 'flat')
    expect(model.inPredecessor).toBe(entry.inPredecessor)
  })

  it('sends only catalog field names, with the catalog wire type', () => {
    for (const field of wireFields(model)) {
      const spec = entry.input[field.key]
      expect({ field: field.key, inCatalog: spec !== undefined }).toEqual({ field: field.key, inCatalog: true })
      if (!spec) continue
      expect({ field: field.key, types: compatibleTypes(field) }).toEqual({
        field: field.key,
        types: expect.arrayContaining([spec.type]),
      })
    }
  })

  it('offers only enum values the catalog documents', () => {
    for (const field of wireFields(model)) {
      if (field.type !== 'enum') continue
      const spec = entry.input[field.key]!
      const undocumented = field.enum.filter((value) => !documented(spec, value))
      expect({ field: field.key, undocumented }).toEqual({ field: field.key, undocumented: [] })
    }
  })

  it('sends fixed values of the catalog type and enum', () => {
    for (const [key, value] of Object.entries(model.fixedInput)) {
      const spec = entry.input[key]
      expect({ key, inCatalog: spec !== undefined }).toEqual({ key, inCatalog: true })
      if (!spec) continue
      const type = wireTypeOf(value)
      expect({ key, type: type === 'integer' && spec.type === 'number' ? 'number' : type }).toEqual({
        key,
        type: spec.type,
      })
      if (spec.enum) expect(spec.enum).toContain(value)
    }
  })

  it('accounts for every catalog input: asked, fixed, derived or omitted with a reason', () => {
    const used = new Set([
      ...wireFields(model).map((f) => f.key),
      ...Object.keys(model.fixedInput),
      ...model.derivedInput,
      ...Object.keys(model.omittedInput),
    ])
    const unaccounted = Object.keys(entry.input).filter((key) => !used.has(key) && !TRANSPORT_KEYS.includes(key))
    expect(unaccounted).toEqual([])
    for (const [key, reason] of Object.entries(model.omittedInput)) {
      expect({ key, inCatalog: key in entry.input }).toEqual({ key, inCatalog: true })
      expect(reason.length).toBeGreaterThan(10)
    }
    for (const key of model.derivedInput) expect(entry.input).toHaveProperty(key)
  })

  it('always sends the inputs the catalog requires', () => {
    const exceptions = REQUIRED_BUT_OMITTED[model.slug] ?? []
    for (const [key, spec] of Object.entries(entry.input)) {
      if (!spec.required || TRANSPORT_KEYS.includes(key) || exceptions.includes(key)) continue
      const field = model.fields.find((f) => f.key === key)
      const alwaysSent =
        key in model.fixedInput ||
        model.derivedInput.includes(key) ||
        (field !== undefined && field.ask && (field.required || field.default !== undefined))
      expect({ key, alwaysSent }).toEqual({ key, alwaysSent: true })
    }
  })

  it('keeps catalog defaults and stays within catalog limits', () => {
    for (const field of wireFields(model)) {
      const spec = entry.input[field.key]!
      if (spec.default !== undefined && field.default !== undefined) {
        expect({ field: field.key, default: field.default }).toEqual({ field: field.key, default: spec.default })
      }
      if (field.type === 'text') {
        if (spec.maxLength !== undefined) expect(field.maxLength ?? Infinity).toBeLessThanOrEqual(spec.maxLength)
        if (spec.minLength !== undefined) expect(field.minLength ?? 0).toBeGreaterThanOrEqual(spec.minLength)
      }
      if (field.type === 'integer' || field.type === 'number') {
        if (spec.min !== undefined) expect(field.min ?? -Infinity).toBeGreaterThanOrEqual(spec.min)
        if (spec.max !== undefined) expect(field.max ?? Infinity).toBeLessThanOrEqual(spec.max)
      }
      if (field.type === 'media') {
        if (spec.maxItems !== undefined) expect(field.maxItems).toBeLessThanOrEqual(spec.maxItems)
        const kieLimit = spec.maxFileSize === undefined ? DEFAULT_MAX_BYTES[field.kind] : catalogBytes(spec.maxFileSize)
        expect({ field: field.key, maxBytes: field.maxBytes }).toEqual({
          field: field.key,
          maxBytes: Math.min(kieLimit, TELEGRAM_DOWNLOAD_LIMIT_BYTES),
        })
      }
    }
  })

  it('keeps measured values out of the wire names', () => {
    for (const field of model.fields.filter(isMeasured)) expect(entry.input).not.toHaveProperty(field.key)
  })
})
