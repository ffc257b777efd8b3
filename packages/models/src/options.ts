import type { FieldSpec, ModelSpec, Params } from './types'
import { validateParams } from './validate'

/**
 * A model's options: the asked fields a user picks from (a choice, yes/no, a number), as
 * opposed to what they write or send (prompts, texts, files) and what is measured from a
 * file. These are what is remembered per user and model.
 */
export function isOptionField(field: FieldSpec): boolean {
  if (!field.ask) return false
  if (field.type === 'enum' || field.type === 'boolean') return true
  return (field.type === 'integer' || field.type === 'number') && field.measuredFrom === undefined
}

/** The option values among these params (nothing typed or sent). */
export function chosenOptions(model: ModelSpec, params: Params): Params {
  const out: Params = {}
  for (const field of model.fields)
    if (isOptionField(field) && params[field.key] !== undefined) out[field.key] = params[field.key]
  return out
}

/**
 * Remembered options that are still valid for the model as it is now (a value the registry no
 * longer offers is dropped, so its default applies again).
 */
export function usableOptions(model: ModelSpec, stored: Params): Params {
  const options = chosenOptions(model, stored)
  const checked = validateParams(model, options)
  if (checked.ok) return options
  const bad = new Set(checked.errors.filter((e) => e.code !== 'required').map((e) => e.field))
  return Object.fromEntries(Object.entries(options).filter(([key]) => !bad.has(key)))
}
