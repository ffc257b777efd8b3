import type { Params } from './types'

/**
 * How an offering is billed by Kie, in credits (1 credit = US$0.005). `inputs` names every
 * field the price reads, so the price range can be computed over exactly those choices.
 */
export interface Pricing {
  readonly inputs: readonly string[]
  readonly credits: (params: Params) => number
}

/** Credits keep at most 3 decimals and are rounded up (we never sell below cost). */
export function roundCredits(credits: number): number {
  // Round away float noise first (0.24 * 7 = 1.6800000000000002), then ceil to 3 decimals.
  return Math.ceil(Math.round(credits * 1e6) / 1e3) / 1e3
}

export function flat(credits: number): Pricing {
  return { inputs: [], credits: () => credits }
}

export function priced(inputs: readonly string[], credits: (params: Params) => number): Pricing {
  return { inputs, credits }
}

/** Price looked up by one field's value (table keyed by String(value)). */
export function byChoice(key: string, table: Readonly<Record<string, number>>): Pricing {
  return priced([key], (p) => lookup(table, choiceOf(p, key)))
}

export function lookup(table: Readonly<Record<string, number>>, key: string): number {
  const credits = table[key]
  if (credits === undefined) throw new Error(`no price for "${key}"`)
  return credits
}

export function choiceOf(params: Params, key: string): string {
  const value = params[key]
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`price needs "${key}"`)
  return String(value)
}

export function numberOf(params: Params, key: string): number {
  const value = params[key]
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`price needs a number "${key}"`)
  return n
}

export function flagOf(params: Params, key: string): boolean {
  const value = params[key]
  if (typeof value !== 'boolean') throw new Error(`price needs a boolean "${key}"`)
  return value
}

/** Unicode characters in a text field (what per-character billing counts). */
export function lengthOf(params: Params, key: string): number {
  const value = params[key]
  if (typeof value !== 'string') throw new Error(`price needs a text "${key}"`)
  return [...value].length
}
