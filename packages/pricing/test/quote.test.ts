import {
  QuoteInputError,
  USD_PER_CREDIT,
  formatRub,
  quote,
  quoteRange,
  type PriceOverride,
  type Quote,
} from '@kiebot/pricing'

// Each row worked out by hand: ₽ = credits × 0.005 × fx × markup, up to whole kopecks, then
// up to 10 kopecks below 10 ₽ or to whole rubles from 10 ₽.
const golden: Array<
  [credits: number, fx: number, markup: number, override: PriceOverride | undefined, kopecks: number, why: string]
> = [
  [4, 90, 2, undefined, 360, '0.02 $ × 90 × 2 = 3.60 ₽ exactly'],
  [1.1, 100, 2, undefined, 110, '0.0055 $ × 100 × 2 = 1.10 ₽ (floats: 110.00000000000001 → 1.20 ₽)'],
  [7, 100, 2, undefined, 700, '0.035 $ × 100 × 2 = 7.00 ₽ (floats: 700.0000000000001 → 7.10 ₽)'],
  [2.2, 100, 2, undefined, 220, '0.011 $ × 100 × 2 = 2.20 ₽ (floats: 220.00000000000003 → 2.30 ₽)'],
  [6.5, 92.5432, 2, undefined, 610, '0.0325 $ × 92.5432 × 2 = 6.015308 ₽ → 6.02 → 6.10 ₽'],
  [0.8, 90, 2, undefined, 80, '0.004 $ × 90 × 2 = 0.72 ₽ → 0.80 ₽'],
  [104.5, 92.5432, 2, undefined, 9700, '0.5225 $ × 92.5432 × 2 = 96.707644 ₽ → 96.71 → 97 ₽'],
  [12, 92.5432, 2, undefined, 1200, '0.06 $ × 92.5432 × 2 = 11.105184 ₽ → 11.11 → 12 ₽'],
  [250, 92.5432, 2, undefined, 23200, '1.25 $ × 92.5432 × 2 = 231.358 ₽ → 231.36 → 232 ₽'],
  [1000, 92.5432, 2, undefined, 92600, '5 $ × 92.5432 × 2 = 925.432 ₽ → 925.44 → 926 ₽'],
  [3.3, 80.3, 1, undefined, 140, '0.0165 $ × 80.3 = 1.32495 ₽ → 1.33 → 1.40 ₽'],
  [10, 100, 2.345, undefined, 1200, '0.05 $ × 100 × 2.345 = 11.725 ₽ → 11.73 → 12 ₽'],
  [19.8, 100, 1, undefined, 990, '9.90 ₽ is already a 10-kopeck step'],
  [19.802, 100, 1, undefined, 1000, '9.901 ₽ → 9.91 → 10.00 ₽'],
  [19.98, 100, 1, undefined, 1000, '9.99 ₽ → 10.00 ₽'],
  [20, 100, 1, undefined, 1000, '10.00 ₽ stays'],
  [20.02, 100, 1, undefined, 1100, '10.01 ₽ → 11 ₽'],
  [0, 90, 2, undefined, 0, 'nothing costs nothing'],
  [0.001, 90, 2, undefined, 10, '0.0009 ₽ → 1 kopeck → 0.10 ₽'],
  [4, 100, 2, undefined, 400, 'markup once: 0.02 $ × 100 × 2 = 4.00 ₽, not 8.00 ₽'],
  [4, 90, 2, { markup: 1.5 }, 270, 'override markup replaces the global one: 1.80 ₽ × 1.5'],
  [4, 90, 2, { markup: null, fixedPriceKopecks: null }, 360, 'empty override = global markup'],
  [4, 90, 2, { fixedPriceKopecks: 1234 }, 1234, 'fixed price charged as is, no display rounding'],
  [4, 90, 2, { markup: 3, fixedPriceKopecks: 500 }, 500, 'fixed price wins over markup override'],
  [4, 90, 2, { fixedPriceKopecks: 0 }, 0, 'a free model'],
]

// What the predecessor did: multiply floats and round up.
const naiveKopecks = (credits: number, fx: number, markup: number): number => {
  const k = Math.ceil(credits * 0.005 * fx * markup * 100)
  const step = k < 1000 ? 10 : 100
  return Math.ceil(k / step) * step
}

describe('quote: golden table', () => {
  test.each(golden)(
    '%p credits, fx %p, markup %p, override %p → %p kopecks (%s)',
    (credits, fxRubPerUsd, markup, override, kopecks) => {
      const q = quote({ credits, fxRubPerUsd, markup, override })
      expect(q.kopecks).toBe(kopecks)
      expect(q.fixed).toBe(override?.fixedPriceKopecks != null)
      expect(q.markup).toBe(override?.markup ?? markup)
    },
  )

  test('the float trap is real, and quote does not fall into it', () => {
    for (const [credits, fx, markup, kopecks] of [
      [1.1, 100, 2, 110],
      [7, 100, 2, 700],
      [2.2, 100, 2, 220],
    ] as const) {
      expect(naiveKopecks(credits, fx, markup)).toBeGreaterThan(kopecks)
      expect(quote({ credits, fxRubPerUsd: fx, markup }).kopecks).toBe(kopecks)
    }
  })

  test('returns the full price snapshot', () => {
    expect(quote({ credits: 6.5, fxRubPerUsd: 92.5432, markup: 2 })).toEqual<Quote>({
      credits: 6.5,
      usdPerCredit: 0.005,
      fxRubPerUsd: 92.5432,
      markup: 2,
      kopecks: 610,
      fixed: false,
    })
    expect(USD_PER_CREDIT).toBe(0.005)
  })

  test('inputs are taken at 0.001 credits, 0.0001 ₽/$, 0.001 markup (half up), and the snapshot says so', () => {
    const q = quote({ credits: 6.5004, fxRubPerUsd: 92.54325, markup: 2.0004 })
    expect(q).toMatchObject({ credits: 6.5, fxRubPerUsd: 92.5433, markup: 2 })
    expect(quote({ credits: 0.1 + 0.2, fxRubPerUsd: 100, markup: 1 }).credits).toBe(0.3)
  })

  test('re-quoting from a stored snapshot gives the same kopecks', () => {
    for (const [credits, fxRubPerUsd, markup, override] of golden) {
      const q = quote({ credits, fxRubPerUsd, markup, override })
      if (q.fixed) continue
      expect(quote({ credits: q.credits, fxRubPerUsd: q.fxRubPerUsd, markup: q.markup }).kopecks).toBe(q.kopecks)
    }
  })
})

describe('quote: exact rounding on random inputs', () => {
  // Independent of the implementation: the exact price p (in 10⁻¹¹ kopecks) must satisfy
  // kopecks - step < p <= kopecks, with kopecks a multiple of the display step.
  test('price is the exact product rounded up to the display step', () => {
    let seed = 42
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let i = 0; i < 5000; i++) {
      const creditsMilli = rand(2_000_000)
      const fx4 = 500_000 + rand(1_500_000)
      const markup3 = 1000 + rand(4000)
      const q = quote({ credits: creditsMilli / 1000, fxRubPerUsd: fx4 / 10_000, markup: markup3 / 1000 })
      const exact = BigInt(creditsMilli) * 5n * BigInt(fx4) * BigInt(markup3)
      const unit = 10n ** 11n
      const step = q.kopecks <= 1000 ? 10 : 100
      expect(q.kopecks % step).toBe(0)
      expect(BigInt(q.kopecks) * unit >= exact).toBe(true)
      expect(BigInt(q.kopecks - step) * unit < exact).toBe(true)
    }
  })
})

describe('quote: markup is applied exactly once', () => {
  test('4 credits at fx 100 with markup 2 is 4.00 ₽, and doubling the markup doubles the price once', () => {
    const base = quote({ credits: 4, fxRubPerUsd: 100, markup: 1 })
    const marked = quote({ credits: 4, fxRubPerUsd: 100, markup: 2 })
    expect(base.kopecks).toBe(200)
    expect(marked.kopecks).toBe(400)
    expect(marked.kopecks).not.toBe(800)
  })

  test('an override markup replaces the global one instead of stacking on it', () => {
    expect(quote({ credits: 4, fxRubPerUsd: 100, markup: 2, override: { markup: 3 } }).kopecks).toBe(600)
  })

  test('a rubles figure, a marked-up figure or a previous quote cannot be passed in', () => {
    // @ts-expect-error: there is no field for a price, only credits
    expect(() => quote({ credits: 4, fxRubPerUsd: 100, markup: 2, priceKopecks: 400 })).toThrow(QuoteInputError)
    // @ts-expect-error: nor for a second markup
    expect(() => quote({ credits: 4, fxRubPerUsd: 100, markup: 2, override: { extraMarkup: 2 } })).toThrow(
      /unknown field/,
    )
    const previous = quote({ credits: 4, fxRubPerUsd: 100, markup: 2 })
    expect(() => quote(previous)).toThrow(/unknown field\(s\) usdPerCredit, kopecks, fixed/)
  })
})

describe('quote: input validation', () => {
  test.each([
    [{ credits: -1, fxRubPerUsd: 90, markup: 2 }, /credits must be a finite number >= 0/],
    [{ credits: Number.NaN, fxRubPerUsd: 90, markup: 2 }, /credits/],
    [{ credits: Number.POSITIVE_INFINITY, fxRubPerUsd: 90, markup: 2 }, /credits/],
    [{ credits: '4' as unknown as number, fxRubPerUsd: 90, markup: 2 }, /credits/],
    [{ credits: 4, fxRubPerUsd: 0, markup: 2 }, /fxRubPerUsd must be a finite number > 0/],
    [{ credits: 4, fxRubPerUsd: -90, markup: 2 }, /fxRubPerUsd/],
    [{ credits: 4, fxRubPerUsd: 0.00001, markup: 2 }, /fxRubPerUsd must be > 0 at 0.0001 precision/],
    [{ credits: 4, fxRubPerUsd: 90, markup: 0 }, /markup must be a finite number > 0/],
    [{ credits: 4, fxRubPerUsd: 90, markup: 0.0004 }, /markup must be > 0 at 0.001 precision/],
    [{ credits: 4, fxRubPerUsd: 90, markup: 2, override: { markup: -1 } }, /override.markup/],
    [{ credits: 4, fxRubPerUsd: 90, markup: 2, override: { fixedPriceKopecks: -1 } }, /fixedPriceKopecks/],
    [{ credits: 4, fxRubPerUsd: 90, markup: 2, override: { fixedPriceKopecks: 12.5 } }, /fixedPriceKopecks/],
  ])('%p is refused', (input, message) => {
    expect(() => quote(input)).toThrow(QuoteInputError)
    expect(() => quote(input)).toThrow(message)
  })
})

describe('quoteRange: the catalog card uses the same function as the charge', () => {
  test('min and max are the quotes of the cheapest and dearest modes', () => {
    const range = quoteRange({ minCredits: 6.5, maxCredits: 104.5 }, 92.5432, 2)
    expect(range).toEqual({ minKopecks: 610, maxKopecks: 9700 })
    expect(range.minKopecks).toBe(quote({ credits: 6.5, fxRubPerUsd: 92.5432, markup: 2 }).kopecks)
    expect(range.maxKopecks).toBe(quote({ credits: 104.5, fxRubPerUsd: 92.5432, markup: 2 }).kopecks)
  })

  test('honours the override', () => {
    expect(quoteRange({ minCredits: 4, maxCredits: 8 }, 100, 2, { markup: 1 })).toEqual({
      minKopecks: 200,
      maxKopecks: 400,
    })
    expect(quoteRange({ minCredits: 4, maxCredits: 8 }, 100, 2, { fixedPriceKopecks: 990 })).toEqual({
      minKopecks: 990,
      maxKopecks: 990,
    })
  })

  test('refuses min > max', () => {
    expect(() => quoteRange({ minCredits: 8, maxCredits: 4 }, 100, 2)).toThrow(QuoteInputError)
  })

  test('the shown price is the charged price', () => {
    const q = quote({ credits: 6.5, fxRubPerUsd: 92.5432, markup: 2 })
    const card = quoteRange({ minCredits: 6.5, maxCredits: 6.5 }, 92.5432, 2)
    expect(formatRub(card.minKopecks, 'ru')).toBe(formatRub(q.kopecks, 'ru'))
    expect(formatRub(q.kopecks, 'ru')).toBe('6,10\u00a0₽')
  })
})
