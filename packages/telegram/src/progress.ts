import { t, type Lang } from '@kiebot/i18n'

// What the status message says about time and about a provider's failure: the model's
// usual duration as a range learned from its recent generations (or the registry's
// typical duration), and the category of a failure Kie reported in its own words.

/** How long a model usually takes: a range from recent generations, or the registry's typical duration. */
export type UsualDuration = { lowMs: number; highMs: number } | { typicalMs: number }

/**
 * The usual range from the durations of a model's recent generations (the middle 60 %:
 * the 20th to the 80th percentile), or undefined below `minSamples` (too few to say).
 */
export function usualFromSamples(durationsMs: readonly number[], minSamples = 5): UsualDuration | undefined {
  if (durationsMs.length < minSamples) return undefined
  const sorted = [...durationsMs].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!
  return { lowMs: at(0.2), highMs: at(0.8) }
}

/** "usually 20–40 s", "usually 1–3 min", "usually about 2 min". */
export function usualText(usual: UsualDuration, lang: Lang): string {
  if ('typicalMs' in usual) {
    const seconds = usual.typicalMs / 1000
    if (seconds < 60) return t(lang, 'progress.about_seconds', { value: roundSeconds(seconds) })
    return t(lang, 'progress.about_minutes', { value: Math.max(1, Math.round(seconds / 60)) })
  }
  const low = usual.lowMs / 1000
  const high = Math.max(low, usual.highMs / 1000)
  if (high < 60) {
    const [a, b] = [roundSeconds(low, 'down'), roundSeconds(high, 'up')]
    return a === b
      ? t(lang, 'progress.about_seconds', { value: a })
      : t(lang, 'progress.usual_seconds', { low: a, high: b })
  }
  const [a, b] = [Math.max(1, Math.round(low / 60)), Math.max(1, Math.round(high / 60))]
  return a === b
    ? t(lang, 'progress.about_minutes', { value: a })
    : t(lang, 'progress.usual_minutes', { low: a, high: b })
}

/** Seconds to a figure people say: whole seconds below 10, then steps of 5. */
function roundSeconds(seconds: number, direction: 'down' | 'up' | 'near' = 'near'): number {
  const round = direction === 'down' ? Math.floor : direction === 'up' ? Math.ceil : Math.round
  if (seconds < 10) return Math.max(1, round(seconds))
  return Math.max(5, round(seconds / 5) * 5)
}

/** What a provider's failure was about, for the user: what they can do next. */
export type ProviderFailure = 'content_policy' | 'input_rejected' | 'service_busy' | 'failed'

const CATEGORY_PATTERNS: [ProviderFailure, RegExp][] = [
  [
    'content_policy',
    /nsfw|polic|sensitive|safety|unsafe|prohibit|violat|moderat|inappropriate|flagged|explicit|copyright|celebrit|public figure|not allowed|content/i,
  ],
  [
    'service_busy',
    /busy|overload|capacity|too many|rate limit|timed? ?out|try again later|unavailable|maintenance|queue is full|\b(429|500|502|503|504)\b/i,
  ],
  [
    'input_rejected',
    /invalid|unsupported|format|resolution|dimension|too (large|big|small|long|short)|size|corrupt|cannot (read|decode|download|open)|failed to (download|fetch|load)|url|file|image|video|audio|parameter|\b(400|413|415|422)\b/i,
  ],
]

/** The category of Kie's failure text (its message or code); anything unrecognised is `failed`. */
export function providerFailure(reason: string | null | undefined): ProviderFailure {
  if (!reason) return 'failed'
  for (const [category, pattern] of CATEGORY_PATTERNS) if (pattern.test(reason)) return category
  return 'failed'
}
