import { CBR_SOURCES, FxError, fetchCbrRate, resolveFxRate, type FxSource, type LastGoodRate } from '@kiebot/pricing'
import { type CbrServer, cbrXml, closedPort, startCbrServer } from './cbr-server'

let cbr: CbrServer
beforeAll(async () => {
  cbr = await startCbrServer()
})
afterAll(async () => {
  await cbr.close()
})
beforeEach(() => {
  cbr.hits.length = 0
})

const TIMEOUT = 300
const json = (path: string): FxSource => ({ url: cbr.url(path), format: 'json' })
const xml = (path: string): FxSource => ({ url: cbr.url(path), format: 'xml' })
const fetchRate = (source: FxSource) => fetchCbrRate({ ...source, timeoutMs: TIMEOUT })

async function fxError(promise: Promise<unknown>): Promise<FxError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(FxError)
  return error as FxError
}

describe('fetchCbrRate', () => {
  test('reads the JSON feed', async () => {
    await expect(fetchRate(json('/json/ok'))).resolves.toEqual({
      rubPerUsd: 92.5432,
      rateDate: '2026-11-26',
      source: 'cbr-json',
    })
  })

  test('reads the official windows-1251 XML feed (comma decimals)', async () => {
    // The fixture really is windows-1251: one byte per Cyrillic letter, as the CBR sends it.
    const body = cbrXml({ value: '92,5432', nominal: '1' })
    expect(body.includes(Buffer.from([0xc4, 0xee, 0xeb, 0xeb, 0xe0, 0xf0]))).toBe(true) // "Доллар"
    expect(new TextDecoder('windows-1251').decode(body)).toContain('<Name>Доллар США</Name>')
    await expect(fetchRate(xml('/xml/ok'))).resolves.toEqual({
      rubPerUsd: 92.5432,
      rateDate: '2026-11-26',
      source: 'cbr-xml',
    })
  })

  test('takes the encoding from the XML declaration when the header has no charset', async () => {
    await expect(fetchRate(xml('/xml/declared-only'))).resolves.toMatchObject({ rubPerUsd: 92.5432 })
  })

  test('divides by Nominal and rounds to 0.0001', async () => {
    await expect(fetchRate(json('/json/nominal-100'))).resolves.toMatchObject({ rubPerUsd: 92.5433 })
    await expect(fetchRate(xml('/xml/nominal-10'))).resolves.toMatchObject({ rubPerUsd: 92.5432 })
  })

  test.each([
    ['malformed JSON', 'json', '/json/malformed', 'malformed'],
    ['HTML page instead of JSON', 'json', '/html', 'malformed'],
    ['HTML page instead of XML', 'xml', '/html', 'malformed'],
    ['non-numeric Value', 'json', '/json/bad-value', 'malformed'],
    ['Nominal 0', 'xml', '/xml/bad-nominal', 'malformed'],
    ['no USD in JSON', 'json', '/json/no-usd', 'missing-usd'],
    ['no USD in XML', 'xml', '/xml/no-usd', 'missing-usd'],
  ] as const)('%s → %s %s → %s', async (_what, format, path, code) => {
    const error = await fxError(fetchRate({ url: cbr.url(path), format }))
    expect(error.code).toBe(code)
    expect(error.message).toContain(cbr.url(path))
  })

  test('HTTP 500 → http-status', async () => {
    const error = await fxError(fetchRate(json('/500')))
    expect(error).toMatchObject({ code: 'http-status', status: 500 })
    expect(error.message).toMatch(/HTTP 500/)
  })

  test('connection refused → network', async () => {
    const port = await closedPort()
    const error = await fxError(fetchCbrRate({ url: `http://127.0.0.1:${port}/`, format: 'json', timeoutMs: TIMEOUT }))
    expect(error.code).toBe('network')
  })

  test.each(['/hang', '/stall'])('%s → timeout, within the deadline', async (path) => {
    const started = Date.now()
    const error = await fxError(fetchRate(json(path)))
    expect(error.code).toBe('timeout')
    expect(error.message).toMatch(/within 300 ms/)
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 1500)
  })

  test('uses an injected fetch', async () => {
    const seen: string[] = []
    const fetchImpl: typeof fetch = (input, init) => {
      seen.push(String(input))
      return fetch(input, init)
    }
    await fetchCbrRate({ ...json('/json/ok'), timeoutMs: TIMEOUT, fetchImpl })
    expect(seen).toEqual([cbr.url('/json/ok')])
  })

  test('the production feeds are the two CBR URLs, JSON first', () => {
    expect(CBR_SOURCES).toEqual([
      { url: 'https://www.cbr-xml-daily.ru/daily_json.js', format: 'json' },
      { url: 'https://www.cbr.ru/scripts/XML_daily.asp', format: 'xml' },
    ])
  })
})

describe('resolveFxRate: JSON → XML → last good → default', () => {
  const stored: LastGoodRate = { rubPerUsd: 91.87654, fetchedAt: new Date('2026-11-25T12:00:00Z') }
  const lastGood = (rate: LastGoodRate | null) => {
    const calls: number[] = []
    return { calls, read: async () => (calls.push(1), rate) }
  }

  test('the JSON feed wins when it answers; XML is not asked', async () => {
    const store = lastGood(stored)
    const rate = await resolveFxRate({
      sources: [json('/json/ok'), xml('/xml/ok')],
      timeoutMs: TIMEOUT,
      lastGood: store.read,
      defaultRate: 95,
    })
    expect(rate).toEqual({ rubPerUsd: 92.5432, source: 'cbr-json', rateDate: '2026-11-26', problems: [] })
    expect(cbr.hits).toEqual(['/json/ok'])
    expect(store.calls).toHaveLength(0)
  })

  test('JSON fails → XML', async () => {
    const rate = await resolveFxRate({
      sources: [json('/500'), xml('/xml/ok')],
      timeoutMs: TIMEOUT,
      lastGood: lastGood(stored).read,
      defaultRate: 95,
    })
    expect(rate).toMatchObject({ rubPerUsd: 92.5432, source: 'cbr-xml', rateDate: '2026-11-26' })
    expect(rate.problems).toEqual([expect.stringMatching(/cbr-json .*\/500: HTTP 500/)])
    expect(cbr.hits).toEqual(['/500', '/xml/ok'])
  })

  test('both feeds fail (timeout, HTML) → last good, rounded to 0.0001', async () => {
    const started = Date.now()
    const store = lastGood(stored)
    const rate = await resolveFxRate({
      sources: [json('/hang'), xml('/html')],
      timeoutMs: TIMEOUT,
      lastGood: store.read,
      defaultRate: 95,
    })
    expect(rate).toMatchObject({ rubPerUsd: 91.8765, source: 'last-good', fetchedAt: stored.fetchedAt })
    expect(rate.problems).toEqual([
      expect.stringMatching(/timeout|within 300 ms/),
      expect.stringMatching(/no <ValCurs>/),
    ])
    expect(store.calls).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 1500)
  })

  test('out-of-band rates (9.25, 925) are rejected like failures', async () => {
    const rate = await resolveFxRate({
      sources: [json('/json/low'), xml('/xml/high')],
      timeoutMs: TIMEOUT,
      lastGood: lastGood(stored).read,
      defaultRate: 95,
    })
    expect(rate.source).toBe('last-good')
    expect(rate.problems).toEqual([
      expect.stringMatching(/rate 9.2543 is outside 50-200/),
      expect.stringMatching(/rate 925.432 is outside 50-200/),
    ])
  })

  test('a custom band accepts what the default band refuses', async () => {
    const rate = await resolveFxRate({
      sources: [json('/json/low')],
      timeoutMs: TIMEOUT,
      band: { min: 5, max: 20 },
      lastGood: lastGood(null).read,
      defaultRate: undefined,
    })
    expect(rate).toMatchObject({ rubPerUsd: 9.2543, source: 'cbr-json' })
  })

  test('no feed, nothing stored → the configured default', async () => {
    const rate = await resolveFxRate({
      sources: [json('/json/no-usd'), xml('/xml/no-usd')],
      timeoutMs: TIMEOUT,
      lastGood: lastGood(null).read,
      defaultRate: 95,
    })
    expect(rate).toEqual({
      rubPerUsd: 95,
      source: 'default',
      problems: [
        expect.stringMatching(/no USD/),
        expect.stringMatching(/no <Valute> with CharCode USD/),
        'last-good: none stored',
      ],
    })
  })

  test('a failing or out-of-band store falls through to the default', async () => {
    const broken = async (): Promise<LastGoodRate | null> => {
      throw new Error('database is down')
    }
    const a = await resolveFxRate({ sources: [json('/500')], timeoutMs: TIMEOUT, lastGood: broken, defaultRate: 95 })
    expect(a).toMatchObject({ source: 'default', problems: [expect.anything(), 'last-good: database is down'] })
    const b = await resolveFxRate({
      sources: [json('/500')],
      timeoutMs: TIMEOUT,
      lastGood: lastGood({ rubPerUsd: 5, fetchedAt: new Date() }).read,
      defaultRate: 95,
    })
    expect(b).toMatchObject({
      source: 'default',
      problems: [expect.anything(), expect.stringMatching(/last-good .*rate 5 is outside/)],
    })
  })

  test('nothing at all → throws, listing every problem', async () => {
    const error = await fxError(
      resolveFxRate({
        sources: [json('/500'), xml('/stall')],
        timeoutMs: TIMEOUT,
        lastGood: lastGood(null).read,
        defaultRate: undefined,
      }),
    )
    expect(error.code).toBe('unavailable')
    expect(error.problems).toEqual([
      expect.stringMatching(/HTTP 500/),
      expect.stringMatching(/within 300 ms/),
      'last-good: none stored',
      'default: not configured',
    ])
  })

  test('an out-of-band default is not used either', async () => {
    const error = await fxError(
      resolveFxRate({ sources: [], timeoutMs: TIMEOUT, lastGood: lastGood(null).read, defaultRate: 1000 }),
    )
    expect(error.problems).toEqual([
      'last-good: none stored',
      expect.stringMatching(/default: rate 1000 is outside 50-200/),
    ])
  })
})
