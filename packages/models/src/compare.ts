import { isOptionField } from './options'
import { listModels, promptField } from './registry'
import type { EnumField, EnumValue, LocalizedText, ModelKind, ModelSpec } from './types'

// Comparing models on one prompt: which offerings take the same inputs (a prompt and options
// of their own, nothing else required), grouped by what they do, and which settings they share.

/** What can be compared: the kinds whose models make something from a text alone. */
export const COMPARE_KINDS = ['text-to-image', 'text-to-video', 'text-to-speech', 'music', 'sound-effect'] as const
export type CompareKind = (typeof COMPARE_KINDS)[number]

/** The most models in one comparison, and the fewest. */
export const COMPARE_MAX_MODELS = 4
export const COMPARE_MIN_MODELS = 2

function isCompareKind(kind: ModelKind): kind is CompareKind {
  return (COMPARE_KINDS as readonly string[]).includes(kind)
}

/**
 * The kind a model is compared under, or undefined when it cannot be compared: it must make
 * something from its prompt alone (every other asked field it requires is an option with a
 * value of its own, never a file or another text).
 */
export function compareKindOf(model: ModelSpec): CompareKind | undefined {
  if (!isCompareKind(model.kind)) return undefined
  const prompt = promptField(model)
  if (!prompt || prompt.dialogue || prompt.taskRef) return undefined
  for (const field of model.fields) {
    if (!field.ask || field.key === prompt.key || !field.required) continue
    if (!isOptionField(field) || field.default === undefined) return undefined
  }
  return model.kind
}

const COMPARABLE = new Map<CompareKind, readonly ModelSpec[]>()

/**
 * The registry's models of this kind that can be compared (the caller filters what is offered).
 * Worked out once per kind: the registry is fixed in a process, and every result's keyboard asks
 * (`canCompare`), which filtered the whole registry each time.
 */
export function comparableModels(kind: CompareKind): readonly ModelSpec[] {
  let models = COMPARABLE.get(kind)
  if (!models) COMPARABLE.set(kind, (models = listModels().filter((m) => compareKindOf(m) === kind)))
  return models
}

/** A model a comparison can start from: comparable, and not the only one of its kind. */
export function canCompare(model: ModelSpec): boolean {
  const kind = compareKindOf(model)
  return kind !== undefined && comparableModels(kind).length >= COMPARE_MIN_MODELS
}

/** A setting every picked model has, with the values all of them take. */
export interface SharedOption {
  key: string
  label: LocalizedText
  /** the values present in every model (by their text: "16:9"), in the first model's order */
  values: readonly string[]
  /** the first model's labels for them */
  labels: Readonly<Record<string, LocalizedText>>
  /** the first model's default when every model takes it, else the first common value */
  default: string
}

const enumOption = (model: ModelSpec, key: string): EnumField | undefined =>
  model.fields.find((f): f is EnumField => f.key === key && f.type === 'enum' && isOptionField(f))

/** The choice settings (aspect ratio, resolution...) the models share, with their common values (at least two). */
export function sharedOptions(models: readonly ModelSpec[]): SharedOption[] {
  const [first, ...rest] = models
  if (!first || rest.length === 0) return []
  const shared: SharedOption[] = []
  for (const field of first.fields) {
    if (field.type !== 'enum' || !isOptionField(field)) continue
    const others = rest.map((m) => enumOption(m, field.key))
    if (others.some((o) => o === undefined)) continue
    const values = field.enum.map(String).filter((v) => others.every((o) => o!.enum.some((e) => String(e) === v)))
    if (values.length < 2) continue
    const fallback = field.default !== undefined ? String(field.default) : undefined
    shared.push({
      key: field.key,
      label: field.label,
      values,
      labels: field.optionLabels ?? {},
      default: fallback !== undefined && values.includes(fallback) ? fallback : values[0]!,
    })
  }
  return shared
}

/** A shared setting's value as this model's wire value ("5" or 5, as its enum has it). */
export function optionValueFor(model: ModelSpec, key: string, value: string): EnumValue | undefined {
  return enumOption(model, key)?.enum.find((e) => String(e) === value)
}
