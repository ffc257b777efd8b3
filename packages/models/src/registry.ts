import { requireValidParams } from './build'
import { MODELS } from './catalog'
import type {
  Category,
  CreditRange,
  EnumValue,
  FieldSpec,
  IntegerField,
  MediaField,
  ModelSpec,
  NumberField,
  Params,
  TextField,
} from './types'

const BY_SLUG: ReadonlyMap<string, ModelSpec> = new Map(MODELS.map((m) => [m.slug, m]))

export function listModels(): readonly ModelSpec[] {
  return MODELS
}

export function getModel(slug: string): ModelSpec | undefined {
  return BY_SLUG.get(slug)
}

export function listByCategory(category: Category): readonly ModelSpec[] {
  return MODELS.filter((m) => m.category === category)
}

/** The wizard's screens, in order. */
export function askedFields(model: ModelSpec): readonly FieldSpec[] {
  return model.fields.filter((f) => f.ask)
}

/** Inputs the user sends as files (photo, document, audio, voice, video). */
export function mediaFields(model: ModelSpec): readonly MediaField[] {
  return model.fields.filter((f): f is MediaField => f.type === 'media')
}

/** Values the caller fills from an uploaded file (seconds of audio, image size); they drive the price. */
export function measuredFields(model: ModelSpec): readonly (IntegerField | NumberField)[] {
  return model.fields.filter((f): f is IntegerField | NumberField => (f.type === 'integer' || f.type === 'number') && f.measuredFrom !== undefined)
}

/** The field `/gen <slug> <text>` fills. */
export function promptField(model: ModelSpec): TextField | undefined {
  return model.fields.find((f): f is TextField => f.type === 'text' && f.primary === true)
}

/**
 * Options of an enum field that do not clash with the other params under the model's
 * cross-field rules (e.g. Runway: 1080p disappears once 10 s is chosen). Unset fields
 * count with their defaults.
 */
export function availableOptions(model: ModelSpec, key: string, params: Params): readonly EnumValue[] {
  const field = model.fields.find((f) => f.key === key)
  if (!field || field.type !== 'enum') return []
  const base: Params = {}
  for (const f of model.fields) if (f.default !== undefined) base[f.key] = f.default
  Object.assign(base, params)
  const clashes = field.enum.map((value) => model.crossFieldErrors({ ...base, [key]: value }).length)
  const fewest = Math.min(...clashes)
  return field.enum.filter((_, i) => clashes[i] === fewest)
}

/** Kie credits for these params; throws InvalidParamsError when they are not valid. */
export function credits(model: ModelSpec, params: Params): number {
  return model.credits(requireValidParams(model, params))
}

export function creditRange(model: ModelSpec): CreditRange {
  return model.creditRange()
}
