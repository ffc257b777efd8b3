// The Central Bank of Russia's daily USD→RUB rate, from either of its two feeds.
import { fromScaled, parseDecimal, toScaled } from './decimal'

export type FxFormat = 'json' | 'xml'
export type CbrSourceName = 'cbr-json' | 'cbr-xml'

export interface FxSource {
  url: string
  format: FxFormat
}

/** Production feeds, in the order they are tried. */
export const CBR_SOURCES: readonly FxSource[] = [
  { url: 'https://www.cbr-xml-daily.ru/daily_json.js', format: 'json' },
  { url: 'https://www.cbr.ru/scripts/XML_daily.asp', format: 'xml' },
]

export interface CbrRate {
  /** Rubles per 1 USD (Value / Nominal), at 0.0001 precision like the CBR publishes it. */
  rubPerUsd: number
  /** The date the CBR set the rate for, YYYY-MM-DD. */
  rateDate: string
  source: CbrSourceName
}

export type FxErrorCode =
  'timeout' | 'network' | 'http-status' | 'malformed' | 'missing-usd' | 'out-of-band' | 'unavailable'

export class FxError extends Error {
  constructor(
    readonly code: FxErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; problems?: string[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'FxError'
    this.status = options?.status
    this.problems = options?.problems ?? []
  }
  /** The HTTP status, for `http-status`. */
  readonly status: number | undefined
  /** Every failed step, for `unavailable`. */
  readonly problems: string[]
}

const RATE_DIGITS = 4
// Value is read with extra digits so that Value / Nominal is rounded once, at the end.
const VALUE_DIGITS = 8

export async function fetchCbrRate(options: {
  url: string
  format: FxFormat
  timeoutMs: number
  fetchImpl?: typeof fetch
}): Promise<CbrRate> {
  const { url, format, timeoutMs } = options
  const fetchImpl = options.fetchImpl ?? fetch
  const source: CbrSourceName = format === 'json' ? 'cbr-json' : 'cbr-xml'
  const where = `${source} ${url}`

  // One deadline for connect, headers and body: a feed that sends headers and then stalls
  // must not hang the caller.
  const signal = AbortSignal.timeout(timeoutMs)
  let bytes: Uint8Array
  let contentType: string | null
  try {
    const response = await fetchImpl(url, { signal, redirect: 'follow' })
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined)
      throw new FxError('http-status', `${where}: HTTP ${response.status}`, { status: response.status })
    }
    contentType = response.headers.get('content-type')
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    if (error instanceof FxError) throw error
    if (signal.aborted) throw new FxError('timeout', `${where}: no answer within ${timeoutMs} ms`, { cause: error })
    throw new FxError('network', `${where}: ${describeNetworkError(error)}`, { cause: error })
  }

  const parsed =
    format === 'json'
      ? parseCbrJson(new TextDecoder('utf-8').decode(bytes))
      : parseCbrXml(decodeXml(bytes, contentType))
  if ('problem' in parsed) throw new FxError(parsed.code, `${where}: ${parsed.problem}`)
  return { ...parsed, source }
}

type Parsed = { rubPerUsd: number; rateDate: string } | { code: 'malformed' | 'missing-usd'; problem: string }

/** https://www.cbr-xml-daily.ru/daily_json.js: `{ Date, Valute: { USD: { Nominal, Value } } }`. */
export function parseCbrJson(text: string): Parsed {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return malformed(`not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`)
  }
  if (!isRecord(doc) || !isRecord(doc.Valute)) return malformed('no Valute object')
  const rateDate = typeof doc.Date === 'string' ? /^(\d{4}-\d{2}-\d{2})T/.exec(doc.Date)?.[1] : undefined
  if (rateDate === undefined) return malformed(`no valid Date (${JSON.stringify(doc.Date)})`)
  const usd = doc.Valute.USD
  if (usd === undefined) return { code: 'missing-usd', problem: 'no USD in Valute' }
  if (!isRecord(usd)) return malformed('Valute.USD is not an object')
  const value =
    typeof usd.Value === 'number' && Number.isFinite(usd.Value) && usd.Value > 0
      ? toScaled(usd.Value, VALUE_DIGITS)
      : null
  return perUnit(value, usd.Nominal, rateDate, JSON.stringify(usd.Value))
}

/** https://www.cbr.ru/scripts/XML_daily.asp: `<ValCurs Date="dd.mm.yyyy"><Valute>…<Value>92,5432</Value>`. */
export function parseCbrXml(text: string): Parsed {
  const root = /<ValCurs\b([^>]*)>/.exec(text)
  if (!root) return malformed(`no <ValCurs> element (starts with ${JSON.stringify(text.slice(0, 40))})`)
  const date = /\bDate\s*=\s*["'](\d{2})\.(\d{2})\.(\d{4})["']/.exec(root[1] ?? '')
  if (!date) return malformed('no valid Date attribute on <ValCurs>')
  const rateDate = `${date[3]}-${date[2]}-${date[1]}`
  for (const valute of text.matchAll(/<Valute\b[^>]*>([\s\S]*?)<\/Valute>/g)) {
    const body = valute[1] ?? ''
    if (childText(body, 'CharCode') !== 'USD') continue
    const valueText = childText(body, 'Value') ?? ''
    const nominalText = childText(body, 'Nominal')
    const nominal = nominalText !== undefined && /^\d+$/.test(nominalText) ? Number(nominalText) : nominalText
    return perUnit(parseDecimal(valueText, VALUE_DIGITS), nominal, rateDate, JSON.stringify(valueText))
  }
  return { code: 'missing-usd', problem: 'no <Valute> with CharCode USD' }
}

function perUnit(value: bigint | null, nominal: unknown, rateDate: string, valueShown: string): Parsed {
  if (value === null || value === 0n) return malformed(`USD Value ${valueShown} is not a positive number`)
  if (typeof nominal !== 'number' || !Number.isSafeInteger(nominal) || nominal < 1) {
    return malformed(`USD Nominal ${JSON.stringify(nominal)} is not a positive whole number`)
  }
  const divisor = BigInt(nominal) * 10n ** BigInt(VALUE_DIGITS - RATE_DIGITS)
  const rate = (value + divisor / 2n) / divisor
  if (rate === 0n) return malformed(`USD rate ${valueShown}/${nominal} rounds to 0`)
  return { rubPerUsd: fromScaled(rate, RATE_DIGITS), rateDate }
}

// The official feed is windows-1251; honour a charset from the header or the XML declaration.
function decodeXml(bytes: Uint8Array, contentType: string | null): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200))
  const declared =
    /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1] ??
    /<\?xml[^>]*\bencoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1]
  try {
    return new TextDecoder(declared ?? 'windows-1251').decode(bytes)
  } catch {
    return new TextDecoder('windows-1251').decode(bytes)
  }
}

function childText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml)?.[1]
}

function malformed(problem: string): Parsed {
  return { code: 'malformed', problem }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
  return `${error.message}${cause}`
}
