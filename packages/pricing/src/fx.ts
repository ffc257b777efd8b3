// Which USD→RUB rate to price with right now: the CBR feeds in order, then the last good
// stored rate, then the configured default. Storing successes is the caller's job.
import { CBR_SOURCES, type CbrSourceName, FxError, type FxSource, fetchCbrRate } from './cbr'
import { fromScaled, toScaled } from './decimal'

export interface FxBand {
  min: number
  max: number
}

/** A rate outside this band is a broken feed (e.g. a misplaced decimal point), not a market move. */
export const DEFAULT_FX_BAND: FxBand = { min: 50, max: 200 }

export interface LastGoodRate {
  rubPerUsd: number
  fetchedAt: Date
}

export type FxRateSource = CbrSourceName | 'last-good' | 'default'

export interface ResolvedFxRate {
  rubPerUsd: number
  source: FxRateSource
  /** The CBR date of the rate, YYYY-MM-DD (feeds only). */
  rateDate?: string
  /** When the stored rate was fetched (last-good only). */
  fetchedAt?: Date
  /** Why earlier steps of the chain were skipped; empty when the first feed answered. */
  problems: string[]
}

export interface ResolveFxOptions {
  /** Tried in order; defaults to the production CBR feeds. */
  sources?: readonly FxSource[]
  /** Per source. */
  timeoutMs: number
  band?: FxBand
  /** Reads the newest stored good rate (the caller's database). */
  lastGood: () => Promise<LastGoodRate | null>
  defaultRate: number | undefined
  fetchImpl?: typeof fetch
}

export async function resolveFxRate(options: ResolveFxOptions): Promise<ResolvedFxRate> {
  const band = options.band ?? DEFAULT_FX_BAND
  if (!(band.min > 0 && band.min < band.max)) throw new RangeError(`resolveFxRate: bad band ${band.min}-${band.max}`)
  const problems: string[] = []

  for (const source of options.sources ?? CBR_SOURCES) {
    try {
      const rate = await fetchCbrRate({ ...source, timeoutMs: options.timeoutMs, fetchImpl: options.fetchImpl })
      const where = `${rate.source} ${source.url}`
      const rubPerUsd = inBand(rate.rubPerUsd, band, where)
      return { rubPerUsd, source: rate.source, rateDate: rate.rateDate, problems }
    } catch (error) {
      problems.push(messageOf(error))
    }
  }

  try {
    const stored = await options.lastGood()
    if (stored === null) {
      problems.push('last-good: none stored')
    } else {
      const rubPerUsd = inBand(stored.rubPerUsd, band, `last-good (fetched ${stored.fetchedAt.toISOString()})`)
      return { rubPerUsd, source: 'last-good', fetchedAt: stored.fetchedAt, problems }
    }
  } catch (error) {
    problems.push(error instanceof FxError ? error.message : `last-good: ${messageOf(error)}`)
  }

  if (options.defaultRate === undefined) {
    problems.push('default: not configured')
  } else {
    try {
      return { rubPerUsd: inBand(options.defaultRate, band, 'default'), source: 'default', problems }
    } catch (error) {
      problems.push(messageOf(error))
    }
  }

  throw new FxError('unavailable', `no USD→RUB rate available: ${problems.join('; ')}`, { problems })
}

/** The rate at 0.0001 precision, or an `out-of-band` error. */
function inBand(rate: number, band: FxBand, where: string): number {
  if (!(Number.isFinite(rate) && rate >= band.min && rate <= band.max)) {
    throw new FxError('out-of-band', `${where}: rate ${rate} is outside ${band.min}-${band.max}`)
  }
  return fromScaled(toScaled(rate, 4), 4)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
