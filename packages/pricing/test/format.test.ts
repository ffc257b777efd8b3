import { formatRub } from '@kiebot/pricing'

const NBSP = '\u00a0'

describe('formatRub', () => {
  test.each([
    [360, '3,60 ₽', '3.60 ₽'],
    [12800, '128 ₽', '128 ₽'],
    [128000, '1 280 ₽', '1,280 ₽'],
    [128050, '1 280,50 ₽', '1,280.50 ₽'],
    [123456700, '1 234 567 ₽', '1,234,567 ₽'],
    [5, '0,05 ₽', '0.05 ₽'],
    [10, '0,10 ₽', '0.10 ₽'],
    [0, '0 ₽', '0 ₽'],
    [-360, '-3,60 ₽', '-3.60 ₽'],
  ])('%p kopecks → ru %p, en %p (no-break spaces)', (kopecks, ru, en) => {
    expect(formatRub(kopecks, 'ru')).toBe(ru.replaceAll(' ', NBSP))
    expect(formatRub(kopecks, 'en')).toBe(en.replaceAll(' ', NBSP))
  })

  test('refuses fractions of a kopeck', () => {
    expect(() => formatRub(3.5, 'ru')).toThrow(RangeError)
    expect(() => formatRub(Number.NaN, 'en')).toThrow(RangeError)
  })
})
