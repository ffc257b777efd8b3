import { starsForKopecks, starsPackKopecks } from '@kiebot/pricing'

describe('starsPackKopecks', () => {
  it('credits STARS_RUB_RATE rubles a star, rounded to the kopeck', () => {
    expect(starsPackKopecks(50, 1.5)).toBe(7_500)
    expect(starsPackKopecks(100, 1.333)).toBe(13_330)
    expect(starsPackKopecks(3, 1.3335)).toBe(400)
    expect(starsPackKopecks(0, 2)).toBe(0)
  })
})

describe('starsForKopecks', () => {
  it('is the fewest Stars whose pack rubles cover the price', () => {
    expect(starsForKopecks(360, 1.2)).toBe(3) // 3,60 ₽ ≈ 3 ⭐
    expect(starsForKopecks(361, 1.2)).toBe(4)
    expect(starsForKopecks(1_700, 1.2)).toBe(15) // 14 ⭐ are 16,80 ₽
    expect(starsForKopecks(13_330, 1.333)).toBe(100)
    expect(starsForKopecks(1, 2)).toBe(1)
    expect(starsForKopecks(0, 1.2)).toBe(0)
    for (const rate of [0.7, 1.2, 1.333, 1.3335, 2]) {
      for (const kopecks of [1, 99, 360, 1_234, 99_999]) {
        const stars = starsForKopecks(kopecks, rate)
        expect(starsPackKopecks(stars, rate)).toBeGreaterThanOrEqual(kopecks)
        expect(starsPackKopecks(stars - 1, rate)).toBeLessThan(kopecks)
      }
    }
  })
})
