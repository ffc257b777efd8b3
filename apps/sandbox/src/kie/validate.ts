import type { CatalogEntry, FieldSpec } from './catalog'

/**
 * Checks create parameters against the catalog field specs, the way Kie answers 422:
 * unknown field, missing required field, wrong wire type (5 vs "5"), value outside the enum,
 * string too short/long, number out of range, too many items. Also collects the media URLs
 * the request points at, which the emulator then really fetches (451 when it cannot).
 */
export type FieldCheck = { problem: string } | { problem: null; mediaUrls: string[] }

type Json = Record<string, unknown>

/** Fields that carry media URLs: by spec (format/items url, file limits) or by name. */
export function isMediaField(name: string, spec: FieldSpec): boolean {
  const lower = name.toLowerCase()
  if (lower.includes('callback')) return false
  if (spec.format === 'url' || spec.items === 'url' || spec.maxFileSize || spec.mime) return true
  return /urls?$/.test(lower) || ['image', 'image_input', 'inputimage'].includes(lower)
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function checkType(value: unknown, type: FieldSpec['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string'
    case 'boolean':
      return typeof value === 'boolean'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'array':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
  }
}

class FieldChecker {
  readonly mediaUrls: string[] = []

  /** First problem found, or null. `where` prefixes field names in messages ("input."). */
  object(value: Json, schema: Record<string, FieldSpec>, where: string): string | null {
    for (const name of Object.keys(value)) {
      if (!(name in schema)) return `${where}${name} is not a supported parameter`
    }
    for (const [name, spec] of Object.entries(schema)) {
      const problem = this.field(value[name], spec, `${where}${name}`, isMediaField(name, spec))
      if (problem) return problem
    }
    return null
  }

  private field(value: unknown, spec: FieldSpec, label: string, media: boolean): string | null {
    if (value === undefined || value === null) return spec.required ? `${label} is required` : null
    if (!checkType(value, spec.type)) return `${label} must be of type ${spec.type}, got ${typeName(value)}`
    if (spec.enum && !spec.enum.includes(value)) {
      const allowed = spec.enum.map((item) => JSON.stringify(item)).join(', ')
      return `${label} must be one of ${allowed}; got ${JSON.stringify(value)}`
    }
    if (typeof value === 'string') return this.text(value, spec, label, media)
    if (typeof value === 'number') {
      if (spec.min !== undefined && value < spec.min) return `${label} must be at least ${spec.min}; got ${value}`
      if (spec.max !== undefined && value > spec.max) return `${label} must be at most ${spec.max}; got ${value}`
    }
    if (Array.isArray(value)) return this.list(value, spec, label, media)
    return null
  }

  private text(value: string, spec: FieldSpec, label: string, media: boolean): string | null {
    if (spec.minLength !== undefined && value.length < spec.minLength) {
      return `${label} must be at least ${spec.minLength} characters`
    }
    if (spec.maxLength !== undefined && value.length > spec.maxLength) {
      return `${label} must be at most ${spec.maxLength} characters; got ${value.length}`
    }
    if (media) {
      if (!isHttpUrl(value)) return `${label} must be an http(s) URL`
      this.mediaUrls.push(value)
    }
    return null
  }

  private list(value: unknown[], spec: FieldSpec, label: string, media: boolean): string | null {
    if (spec.maxItems !== undefined && value.length > spec.maxItems) {
      return `${label} must have at most ${spec.maxItems} items; got ${value.length}`
    }
    for (const [index, item] of value.entries()) {
      const itemLabel = `${label}[${index}]`
      if (spec.items === 'object') {
        if (!checkType(item, 'object')) return `${itemLabel} must be of type object, got ${typeName(item)}`
        const problem = spec.itemSchema ? this.object(item as Json, spec.itemSchema, `${itemLabel}.`) : null
        if (problem) return problem
        continue
      }
      if (typeof item !== 'string') return `${itemLabel} must be of type string, got ${typeName(item)}`
      if (media) {
        if (!isHttpUrl(item)) return `${itemLabel} must be an http(s) URL`
        this.mediaUrls.push(item)
      }
    }
    return null
  }
}

export function checkParams(params: Json, schema: Record<string, FieldSpec>, where: string): FieldCheck {
  const checker = new FieldChecker()
  const problem = checker.object(params, schema, where)
  return problem ? { problem } : { problem: null, mediaUrls: checker.mediaUrls }
}

/** Parameters with the catalog defaults filled in (for prices and result shapes). */
export function withDefaults(params: Json, entry: CatalogEntry): Json {
  const filled: Json = {}
  for (const [name, spec] of Object.entries(entry.input)) {
    if (spec.default !== undefined) filled[name] = spec.default
  }
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) filled[name] = value
  }
  return filled
}
