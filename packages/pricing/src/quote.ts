import { ceilDiv, fromScaled, toScaled } from './decimal'

/** What Kie charges per credit, in USD. The only place this constant lives. */
export const USD_PER_CREDIT = 0.005

// Precision of each factor (also the scale of the generation's price-snapshot columns).
const CREDIT_DIGITS = 3
const FX_DIGITS = 4
const MARKUP_DIGITS = 3
// kopecks = credits × 0.005 × fx × markup × 100
//         = (c·10⁻³) × (5·10⁻³) × (f·10⁻⁴) × (m·10⁻³) × 10² = c·5·f·m / 10¹¹
const USD_PER_CREDIT_MILLI = 5n
const DENOMINATOR = 10n ** 11n

export interface PriceOverride {
  /** Replaces the global markup for this model. */
  markup?: number | null
  /** A flat price that wins over everything else; charged as is. */
  fixedPriceKopecks?: number | null
}

export interface QuoteInput {
  /** Kie credits for the chosen mode (registry price), not rubles and not marked up. */
  credits: number
  fxRubPerUsd: number
  /** The global markup; applied exactly once, here. */
  markup: number
  override?: PriceOverride | null
}

/** Everything the generation row stores as its price snapshot. `kopecks` is shown AND charged. */
export interface Quote {
  credits: number
  usdPerCredit: number
  fxRubPerUsd: number
  /** The markup in force (the override's if set). With a fixed price it did not shape `kopecks`. */
  markup: number
  kopecks: number
  fixed: boolean
}

export class QuoteInputError extends Error {
  readonly code = 'invalid-quote-input'
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`quote: ${field} ${message}`)
    this.name = 'QuoteInputError'
  }
}

/**
 * The one price function: the catalog card, the confirmation and the charge all call it,
 * so what the user sees is what they pay.
 */
export function quote(input: QuoteInput): Quote {
  checkKeys(input, ['credits', 'fxRubPerUsd', 'markup', 'override'], 'input')
  const credits = scaled('credits', input.credits, CREDIT_DIGITS, true)
  const fx = scaled('fxRubPerUsd', input.fxRubPerUsd, FX_DIGITS, false)
  let markup = scaled('markup', input.markup, MARKUP_DIGITS, false)
  const override = input.override ?? {}
  checkKeys(override, ['markup', 'fixedPriceKopecks'], 'override')
  if (override.markup != null) markup = scaled('override.markup', override.markup, MARKUP_DIGITS, false)

  const snapshot = {
    credits: fromScaled(credits, CREDIT_DIGITS),
    usdPerCredit: USD_PER_CREDIT,
    fxRubPerUsd: fromScaled(fx, FX_DIGITS),
    markup: fromScaled(markup, MARKUP_DIGITS),
  }
  const fixed = override.fixedPriceKopecks
  if (fixed != null) {
    if (typeof fixed !== 'number' || !Number.isSafeInteger(fixed) || fixed < 0) {
      throw new QuoteInputError(
        'override.fixedPriceKopecks',
        `must be a whole number of kopecks >= 0, got ${String(fixed)}`,
      )
    }
    return { ...snapshot, kopecks: fixed, fixed: true }
  }

  const exactKopecks = ceilDiv(credits * USD_PER_CREDIT_MILLI * fx * markup, DENOMINATOR)
  const kopecks = Number(roundUpForDisplay(exactKopecks))
  if (!Number.isSafeInteger(kopecks)) throw new QuoteInputError('input', `gives an absurd price (${kopecks} kopecks)`)
  return { ...snapshot, kopecks, fixed: false }
}

/**
 * The display rule, decided by the team: below 10 ₽ round up to 10 kopecks, from 10 ₽ up to
 * whole rubles. The rounded value is the price charged.
 */
export function roundUpForDisplay(kopecks: bigint): bigint {
  const step = kopecks < 1000n ? 10n : 100n
  return ceilDiv(kopecks, step) * step
}

/** The price span of a catalog card: the cheapest and the dearest mode of a model. */
export function quoteRange(
  range: { minCredits: number; maxCredits: number },
  fxRubPerUsd: number,
  markup: number,
  override?: PriceOverride | null,
): { minKopecks: number; maxKopecks: number } {
  if (!(range.minCredits <= range.maxCredits)) {
    throw new QuoteInputError(
      'range',
      `minCredits (${range.minCredits}) must not exceed maxCredits (${range.maxCredits})`,
    )
  }
  const min = quote({ credits: range.minCredits, fxRubPerUsd, markup, override })
  const max = quote({ credits: range.maxCredits, fxRubPerUsd, markup, override })
  return { minKopecks: min.kopecks, maxKopecks: max.kopecks }
}

function scaled(field: string, value: unknown, digits: number, zeroAllowed: boolean): bigint {
  const bound = zeroAllowed ? '>= 0' : '> 0'
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new QuoteInputError(field, `must be a finite number ${bound}, got ${String(value)}`)
  }
  const result = toScaled(value, digits)
  if (!zeroAllowed && result === 0n) {
    throw new QuoteInputError(field, `must be ${bound} at ${fromScaled(1n, digits)} precision, got ${value}`)
  }
  return result
}

// Unknown keys are refused so that nobody can hand in rubles, a previous quote or an
// already marked-up figure: the only way in is credits + fx + markup.
function checkKeys(value: unknown, allowed: string[], what: string): void {
  if (typeof value !== 'object' || value === null) throw new QuoteInputError(what, 'must be an object')
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key))
  if (unknown.length > 0) {
    throw new QuoteInputError(what, `has unknown field(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`)
  }
}
