import type { CatalogEntry } from './catalog'
import { withDefaults } from './validate'

/**
 * The credits a task costs, from the catalog's `priceCredits` and the request (defaults filled in).
 *
 * - a number: that price.
 * - null/absent: 0 (price unknown in the catalog).
 * - a map of modes: each key is split into tokens ("720p-5s", "5s+sound", "veo3_fast 1080p",
 *   "std(720p)/s"; parentheses and the words default/per/s are ignored) and matched against tokens
 *   of the request: enum values, numbers, the model, duration as "5s"/"5.0s", and the names of
 *   boolean flags set to true ("sound", "generate_audio" → "audio"). The key with every token
 *   matched wins (most tokens first); else the key with most tokens matched; else the
 *   highest price. Keys ending in "/s" or "per s" are per second: × duration (or n_frames,
 *   duration_seconds), × 1 when the request has no duration.
 * - a price range string ("20-26") counts as its highest number.
 * - `priceUnit: 'per 1000 characters'`: the number × characters / 1000 of `text`, or of every
 *   `dialogue[].text` (Unicode characters, 3 decimals).
 */
export function priceFor(entry: CatalogEntry, params: Record<string, unknown>): number {
  const prices = entry.priceCredits
  if (typeof prices === 'number' && entry.priceUnit === 'per 1000 characters')
    return Math.round(((prices * characters(params)) / 1000) * 1000) / 1000
  if (typeof prices === 'number') return prices
  if (!prices || typeof prices !== 'object') return 0
  const filled = withDefaults(params, entry)
  const requestTokens = tokensOfRequest(entry, filled)
  const modes = Object.entries(prices).map(([key, value]) => {
    const tokens = tokensOfKey(key)
    const matched = tokens.filter((t) => requestTokens.has(t)).length
    return { key, price: priceValue(value), tokens, matched, complete: matched === tokens.length && matched > 0 }
  })
  const byBest = [...modes].sort(
    (a, b) => Number(b.complete) - Number(a.complete) || b.matched - a.matched || a.tokens.length - b.tokens.length,
  )
  const best = byBest[0]
  if (!best) return 0
  const chosen = best.matched > 0 ? best : modes.reduce((max, mode) => (mode.price > max.price ? mode : max), best)
  const perSecond = /(\/s|per s)\b/i.test(chosen.key)
  return round(perSecond ? chosen.price * durationSeconds(filled) : chosen.price)
}

const IGNORED_TOKENS = new Set(['', 's', 'per', 'default', 'up', 'to'])

function splitTokens(text: string): string[] {
  return text.toLowerCase().split(/[\s\-+/|,]+/)
}

function tokensOfKey(key: string): string[] {
  return splitTokens(key.replace(/\([^)]*\)/g, '')).filter((t) => !IGNORED_TOKENS.has(t))
}

function tokensOfRequest(entry: CatalogEntry, params: Record<string, unknown>): Set<string> {
  const tokens = new Set<string>()
  for (const [name, value] of Object.entries(params)) {
    const spec = entry.input[name]
    if (value === true) splitTokens(name.replace(/_/g, ' ')).forEach((t) => tokens.add(t))
    const priced = spec?.enum || typeof value === 'number' || /duration|frames|model/.test(name)
    if (!priced || (typeof value !== 'string' && typeof value !== 'number')) continue
    const text = String(value).toLowerCase()
    tokens.add(text)
    splitTokens(text).forEach((t) => tokens.add(t))
    if (/duration|n_frames/.test(name) && Number.isFinite(Number(value))) {
      tokens.add(`${Number(value)}s`)
      tokens.add(`${Number(value).toFixed(1)}s`)
    }
  }
  return tokens
}

/** Characters billed by a per-character model: its text, or all its dialogue lines' texts. */
function characters(params: Record<string, unknown>): number {
  const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0)
  const lines = Array.isArray(params.dialogue) ? params.dialogue : []
  return (
    length(params.text) +
    lines.reduce((sum: number, line: unknown) => sum + length((line as { text?: unknown } | null)?.text), 0)
  )
}

function durationSeconds(params: Record<string, unknown>): number {
  const raw = params.duration ?? params.n_frames ?? params.duration_seconds
  const seconds = Number(raw)
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 1
}

function priceValue(value: number | string): number {
  if (typeof value === 'number') return value
  const numbers = value.match(/\d+(\.\d+)?/g)?.map(Number) ?? [0]
  return Math.max(...numbers)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
