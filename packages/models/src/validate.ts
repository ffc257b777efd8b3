import { parseDialogue } from './dialogue'
import {
  invalidOptionError,
  invalidTypeError,
  invalidUrlError,
  mediaTooLongError,
  notIntegerError,
  notSettableError,
  requiredError,
  tooFewFilesError,
  tooLargeError,
  tooLongError,
  tooManyFilesError,
  tooShortError,
  tooSmallError,
  unknownFieldError,
  fieldError,
} from './messages'
import type {
  EnumField,
  FieldError,
  FieldSpec,
  IntegerField,
  MediaField,
  ModelSpec,
  NumberField,
  Params,
  TextField,
  ValidationResult,
} from './types'

/** Every asked field's default. Required fields without one (like the prompt) are absent: the wizard asks. */
export function defaultParams(model: ModelSpec): Params {
  const params: Params = {}
  for (const field of model.fields) {
    if (field.ask && field.default !== undefined) params[field.key] = field.default
  }
  return params
}

/**
 * Checks types, options, lengths, ranges, file counts, required fields and the model's
 * cross-field rules; fills defaults. The returned params are wire-typed ("5" stays a string).
 */
/**
 * Media references before upload: the gateway stores Telegram file ids as `tg:<file_id>`
 * and the worker replaces them by uploaded Kie URLs before building the request.
 */
export const TELEGRAM_FILE_PREFIX = 'tg:'

export interface ValidateOptions {
  /** accept `tg:<file_id>` media references (the gateway, before upload) */
  telegramFiles?: boolean
}

export function validateParams(model: ModelSpec, input: Params, options: ValidateOptions = {}): ValidationResult {
  const errors: FieldError[] = []
  const fieldsByKey = new Map(model.fields.map((f) => [f.key, f]))
  for (const key of Object.keys(input)) {
    if (input[key] === undefined || fieldsByKey.has(key)) continue
    const setAutomatically = key in model.fixedInput || key in model.omittedInput || model.derivedInput.includes(key)
    errors.push(setAutomatically ? notSettableError(key) : unknownFieldError(key))
  }

  const params: Params = {}
  for (const field of model.fields) {
    const raw = input[field.key]
    if (isAbsent(raw)) {
      if (field.default !== undefined) params[field.key] = field.default
      else if (field.required) errors.push(requiredError(field))
      continue
    }
    const checked = checkField(model, field, raw, options)
    if ('error' in checked) errors.push(checked.error)
    else params[field.key] = checked.value
  }

  if (errors.length === 0) errors.push(...model.crossFieldErrors(params))
  return errors.length === 0 ? { ok: true, params } : { ok: false, errors }
}

function isAbsent(value: unknown): boolean {
  if (value === undefined || value === null) return true
  if (typeof value === 'string') return value.trim() === ''
  return Array.isArray(value) && value.length === 0
}

type Checked = { value: unknown } | { error: FieldError }

function checkField(model: ModelSpec, field: FieldSpec, raw: unknown, options: ValidateOptions): Checked {
  switch (field.type) {
    case 'text':
      return checkText(field, raw)
    case 'enum':
      return checkEnum(field, raw)
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw }
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' }
      return { error: invalidTypeError(field) }
    case 'integer':
    case 'number':
      return checkNumber(model, field, raw)
    case 'media':
      return checkMedia(field, raw, options)
  }
}

function checkText(field: TextField, raw: unknown): Checked {
  if (typeof raw !== 'string') return { error: invalidTypeError(field) }
  const value = raw.trim()
  const length = [...value].length
  if (field.minLength !== undefined && length < field.minLength) return { error: tooShortError(field, field.minLength) }
  if (field.maxLength !== undefined && length > field.maxLength)
    return { error: tooLongError(field, field.maxLength, length) }
  if (field.pattern && !new RegExp(field.pattern.regex).test(value)) {
    return { error: fieldError(field.key, 'invalid_format', field.pattern.message) }
  }
  if (field.dialogue) {
    const parsed = parseDialogue(value, field.dialogue)
    if (!parsed.ok) return { error: fieldError(field.key, 'invalid_format', parsed.message) }
  }
  return { value }
}

/** Accepts the value or its string form (callback data is text) and returns the wire-typed value. */
function checkEnum(field: EnumField, raw: unknown): Checked {
  if (typeof raw === 'string' || typeof raw === 'number') {
    const match = field.enum.find((v) => v === raw) ?? field.enum.find((v) => String(v) === String(raw))
    if (match !== undefined) return { value: match }
  }
  return { error: invalidOptionError(field, field.enum) }
}

function checkNumber(model: ModelSpec, field: IntegerField | NumberField, raw: unknown): Checked {
  const n = typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw
  if (typeof n !== 'number' || !Number.isFinite(n)) return { error: invalidTypeError(field) }
  if (field.type === 'integer' && !Number.isInteger(n)) return { error: notIntegerError(field) }
  if (field.min !== undefined && n < field.min) return { error: tooSmallError(field, field.min) }
  if (field.max !== undefined && n > field.max) {
    const media = field.measuredFrom && model.fields.find((f) => f.key === field.measuredFrom?.media)
    if (media && field.measuredFrom?.quantity === 'duration-seconds')
      return { error: mediaTooLongError(media, field.max) }
    return { error: tooLargeError(field, field.max) }
  }
  return { value: n }
}

function checkMedia(field: MediaField, raw: unknown, options: ValidateOptions): Checked {
  const isMediaRef = (value: string) =>
    isHttpUrl(value) ||
    (options.telegramFiles === true &&
      value.startsWith(TELEGRAM_FILE_PREFIX) &&
      value.length > TELEGRAM_FILE_PREFIX.length)
  if (!field.multiple) {
    if (typeof raw !== 'string') return { error: invalidTypeError(field) }
    return isMediaRef(raw) ? { value: raw } : { error: invalidUrlError(field) }
  }
  if (!Array.isArray(raw) || !raw.every((u): u is string => typeof u === 'string'))
    return { error: invalidTypeError(field) }
  if (raw.length < field.minItems) return { error: tooFewFilesError(field, field.minItems) }
  if (raw.length > field.maxItems) return { error: tooManyFilesError(field, field.maxItems, raw.length) }
  if (!raw.every(isMediaRef)) return { error: invalidUrlError(field) }
  return { value: [...raw] }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}
