/**
 * The Bot API spec (data/telegram-bot-api-spec.json, Bot API 10.1): method names and their fields.
 * Requests are checked against it: unknown method → 404; unknown, missing or mistyped field → 400.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { badRequest } from './errors'

export interface SpecField {
  name: string
  types: string[]
  required: boolean
}

export interface SpecMethod {
  name: string
  fields: SpecField[]
  returns: string[]
}

interface SpecFile {
  version: string
  methods: Record<string, { name: string; fields?: SpecField[]; returns?: string[] }>
  types: Record<string, unknown>
}

/** Fields dropped from the docs but still accepted by Telegram (older clients send them). */
const LEGACY_FIELDS: Record<string, SpecField> = {
  reply_to_message_id: { name: 'reply_to_message_id', types: ['Integer'], required: false },
  allow_sending_without_reply: { name: 'allow_sending_without_reply', types: ['Boolean'], required: false },
  disable_web_page_preview: { name: 'disable_web_page_preview', types: ['Boolean'], required: false },
  thumb: { name: 'thumb', types: ['InputFile', 'String'], required: false },
}

const MEDIA_FIELDS = new Set(['photo', 'video', 'audio', 'voice', 'document', 'animation', 'sticker', 'video_note'])

function missingMessage(field: string): string {
  if (field === 'text') return 'message text is empty'
  if (field === 'chat_id') return 'chat_id is empty'
  if (field === 'message_id') return 'message identifier is not specified'
  if (MEDIA_FIELDS.has(field)) return `there is no ${field} in the request`
  return `parameter "${field}" is required`
}

export const DEFAULT_SPEC_PATH = join(__dirname, '..', '..', 'data', 'telegram-bot-api-spec.json')

export class BotApiSpec {
  readonly version: string
  private readonly methods = new Map<string, SpecMethod>()

  constructor(file: SpecFile) {
    this.version = file.version
    for (const method of Object.values(file.methods)) {
      this.methods.set(method.name.toLowerCase(), {
        name: method.name,
        fields: method.fields ?? [],
        returns: method.returns ?? [],
      })
    }
  }

  static load(path: string = DEFAULT_SPEC_PATH): BotApiSpec {
    return new BotApiSpec(JSON.parse(readFileSync(path, 'utf8')) as SpecFile)
  }

  /** method names are case-insensitive, like Telegram's */
  method(name: string): SpecMethod | undefined {
    return this.methods.get(name.toLowerCase())
  }

  methodNames(): string[] {
    return [...this.methods.values()].map((method) => method.name)
  }

  /**
   * Checks field names and required fields and converts values to their spec types
   * (query strings and multipart send everything as text). `uploads` are multipart file parts.
   */
  validate(method: SpecMethod, raw: Record<string, unknown>, uploads: ReadonlySet<string>): Record<string, unknown> {
    const params: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined || value === null) continue
      if (name === 'method' && !method.fields.some((field) => field.name === 'method')) continue // telegraf's multipart adds it
      const field = method.fields.find((candidate) => candidate.name === name) ?? LEGACY_FIELDS[name]
      if (!field) throw badRequest(`unknown parameter "${name}"`)
      params[name] = coerce(field, value)
    }
    for (const name of uploads) {
      const field = method.fields.find((candidate) => candidate.name === name) ?? LEGACY_FIELDS[name]
      if (field && !field.types.includes('InputFile')) throw badRequest(`parameter "${name}" can't be a file`)
      // a part that is no field is an attachment referenced as attach://<name>
    }
    for (const field of method.fields) {
      if (field.required && params[field.name] === undefined && !uploads.has(field.name)) {
        throw badRequest(missingMessage(field.name))
      }
    }
    return params
  }
}

function coerce(field: SpecField, value: unknown): unknown {
  for (const type of field.types) {
    const converted = convert(type, value)
    if (converted !== undefined) return converted
  }
  throw badRequest(`field "${field.name}" must be of type ${field.types.join(' or ')}`)
}

function convert(type: string, value: unknown): unknown {
  switch (type) {
    case 'Integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim())
      return undefined
    case 'Float':
      if (typeof value === 'number') return value
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
      return undefined
    case 'Boolean':
      if (typeof value === 'boolean') return value
      if (typeof value === 'string' && /^(true|1)$/i.test(value)) return true
      if (typeof value === 'string' && /^(false|0)$/i.test(value)) return false
      return undefined
    case 'String':
    case 'InputFile':
      if (typeof value === 'string') return value
      if (type === 'String' && (typeof value === 'number' || typeof value === 'boolean')) return String(value)
      return undefined
    default: {
      // objects and "Array of X": JSON values, or JSON-serialized strings (query, form, multipart)
      const parsed = typeof value === 'string' ? parseJson(value) : value
      if (typeof parsed !== 'object' || parsed === null) return undefined
      if (type.startsWith('Array of') !== Array.isArray(parsed)) return undefined
      return parsed
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
