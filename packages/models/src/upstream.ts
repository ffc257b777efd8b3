import { roundCredits } from './pricing'
import type { ModelSpec } from './types'

/** Body keys that are the envelope of a market create, not its input. */
const ENVELOPE_KEYS = new Set(['model', 'input', 'callBackUrl'])

/**
 * Every input key this offering can send to Kie: its asked fields, constant and derived
 * keys. Measured fields are filled from files and never sent.
 */
export function sentInputKeys(model: ModelSpec): string[] {
  const keys = new Set<string>()
  for (const field of model.fields)
    if (!('measuredFrom' in field && field.measuredFrom !== undefined)) keys.add(field.key)
  for (const key of Object.keys(model.fixedInput)) keys.add(key)
  for (const key of model.derivedInput) keys.add(key)
  return [...keys].sort()
}

/**
 * Fields Kie's schema requires that none of these offerings sends (a drifted registry).
 * Pass every offering of one Kie model: a schema is per Kie model, and a field only some
 * modes send (Suno's prompt, absent from instrumentals) is conditionally required.
 */
export function missingRequiredInputs(models: readonly ModelSpec[], required: readonly string[]): string[] {
  const sent = new Set(models.flatMap(sentInputKeys))
  return [...new Set(required)].filter((key) => !ENVELOPE_KEYS.has(key) && !sent.has(key)).sort()
}

/**
 * Whether an offering may be sold as far as its upstream goes: a model whose vendor retired
 * it (`upstreamRetired`) only while the latest good catalog sync lists its kieModel
 * (`listed` null = no good sync yet: hidden).
 */
export function upstreamAvailable(model: ModelSpec, listed: ReadonlySet<string> | null): boolean {
  if (model.upstreamRetired === undefined) return true
  return listed !== null && listed.has(model.kieModel)
}

/**
 * Registry credits scaled by the catalog's credit factor (Kie's price / the registry's, the
 * highest over the modes), rounded up: the credits that are quoted and charged.
 */
export function scaleCredits(credits: number, factor: number): number {
  if (!Number.isFinite(factor) || factor <= 0 || factor === 1) return credits
  return roundCredits(credits * factor)
}
