/** Rubles (kopecks) a pack of Telegram Stars credits at STARS_RUB_RATE rubles a star. */
export function starsPackKopecks(stars: number, rubPerStar: number): number {
  return Math.round(stars * rubPerStar * 100)
}
