import { starsPackKopecks } from '@kiebot/pricing'

describe('starsPackKopecks', () => {
  it('credits STARS_RUB_RATE rubles a star, rounded to the kopeck', () => {
    expect(starsPackKopecks(50, 1.5)).toBe(7_500)
    expect(starsPackKopecks(100, 1.333)).toBe(13_330)
    expect(starsPackKopecks(3, 1.3335)).toBe(400)
    expect(starsPackKopecks(0, 2)).toBe(0)
  })
})
