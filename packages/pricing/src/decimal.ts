// Money is computed on scaled integers (BigInt), never on floats: 4 × 0.005 × 90 × 2
// must be exactly 3.60 ₽, and a float error of 1e-14 would round a price up a step.

/** `x` as an integer count of 10^-digits units, rounded half-up; `x` must be finite and >= 0. */
export function toScaled(x: number, digits: number): bigint {
  // toString() is the shortest decimal that round-trips to x, i.e. the number the caller wrote.
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(x.toString())
  if (!m) throw new RangeError(`not a non-negative decimal: ${x}`)
  const intPart = m[1] ?? '0'
  const fracPart = m[2] ?? ''
  const shift = Number(m[3] ?? '0') - fracPart.length + digits
  const mantissa = BigInt(intPart + fracPart)
  if (shift >= 0) return mantissa * 10n ** BigInt(shift)
  const divisor = 10n ** BigInt(-shift)
  return (mantissa + divisor / 2n) / divisor
}

/** The number a scaled integer stands for (exact for the magnitudes we store). */
export function fromScaled(scaled: bigint, digits: number): number {
  return Number(scaled) / 10 ** digits
}

/** ceil(a / b) for a >= 0, b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}

/** Parses a plain decimal string ("92.5432", "92,5432") to a scaled integer, half-up; null if not one. */
export function parseDecimal(text: string, digits: number): bigint | null {
  const m = /^\s*(\d+)(?:[.,](\d+))?\s*$/.exec(text)
  if (!m) return null
  const intPart = m[1] ?? '0'
  const fracPart = m[2] ?? ''
  if (fracPart.length <= digits) return BigInt(intPart + fracPart.padEnd(digits, '0'))
  const divisor = 10n ** BigInt(fracPart.length - digits)
  return (BigInt(intPart + fracPart) + divisor / 2n) / divisor
}
