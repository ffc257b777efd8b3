import { requireValidParams } from './build'
import { upstreamAvailable } from './upstream'
import { MODELS } from './catalog'
import type {
  Category,
  CreditRange,
  EnumValue,
  FieldSpec,
  IntegerField,
  MeasuredFrom,
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

export interface OfferedOptions {
  /** Kie models the latest good catalog sync lists: a retired model it lists is offered again. */
  listedKieModels?: ReadonlySet<string>
  /** Also list models whose upstream is retired (admin screens, history). */
  includeRetired?: boolean
}

/**
 * Whether the catalog sells this offering: every model but those whose upstream vendor retired
 * them (`upstreamRetired`), unless the latest good catalog sync still sees Kie list their kieModel.
 */
export function isOffered(model: ModelSpec, options: OfferedOptions = {}): boolean {
  return options.includeRetired === true || upstreamAvailable(model, options.listedKieModels ?? null)
}

/** Every offering the catalog sells (retired upstreams left out unless `options` say otherwise). */
export function listOffered(options: OfferedOptions = {}): readonly ModelSpec[] {
  return MODELS.filter((m) => isOffered(m, options))
}

/** The offerings of a catalog section, in display order; retired upstreams left out by default. */
export function listByCategory(category: Category, options: OfferedOptions = {}): readonly ModelSpec[] {
  return MODELS.filter((m) => m.category === category && isOffered(m, options))
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
  return model.fields.filter(
    (f): f is IntegerField | NumberField =>
      (f.type === 'integer' || f.type === 'number') && f.measuredFrom !== undefined,
  )
}

/**
 * The value a measured field takes from what its file holds: whole seconds, rounded up and
 * at least 1, or whole pixels. Used alike for what Telegram reports (the gateway's quote)
 * and for what the worker reads in the file itself (the charge).
 */
export function measuredValue(quantity: number): number {
  return Math.max(1, Math.ceil(quantity))
}

/**
 * Parameters with the measured fields of one media field replaced: a known quantity sets
 * its field, an unknown one removes it (the field's default, the model's maximum, is then
 * priced). A new file never keeps a measurement taken from the file it replaces.
 *
 * `claimed`: the quantities are what a Telegram update says, not read from the file. A
 * length there is a whole number of seconds the sender's app chose (a 14.2 s file says 14),
 * so one second more is priced (not past the field's maximum): the reservation then covers the
 * file, and what it really costs is charged once it is measured.
 */
export function withMeasurements(
  model: ModelSpec,
  params: Params,
  media: string,
  quantities: Partial<Record<MeasuredFrom['quantity'], number>>,
  options: { claimed?: boolean } = {},
): Params {
  const out: Params = { ...params }
  for (const field of measuredFields(model)) {
    if (field.measuredFrom?.media !== media) continue
    const quantity = quantities[field.measuredFrom.quantity]
    if (quantity === undefined || !Number.isFinite(quantity) || quantity <= 0) {
      delete out[field.key]
      continue
    }
    const value = measuredValue(quantity)
    const margin =
      options.claimed &&
      field.measuredFrom.quantity === 'duration-seconds' &&
      (field.max === undefined || value < field.max)
        ? 1
        : 0
    out[field.key] = value + margin
  }
  return out
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
