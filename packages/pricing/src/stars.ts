/** Rubles (kopecks) a pack of Telegram Stars credits at STARS_RUB_RATE rubles a star. */
export function starsPackKopecks(stars: number, rubPerStar: number): number {
  return Math.round(stars * rubPerStar * 100)
}

/**
 * The Stars a price in rubles is worth, shown beside it ("3,60 ₽ ≈ 3 ⭐"): the fewest Stars whose
 * rubles, by the same rule as a pack (`starsPackKopecks`), cover the price; at least 1 for any
 * price above zero. A display figure only: Stars are paid by packs, rubles are charged.
 */
export function starsForKopecks(kopecks: number, rubPerStar: number): number {
  if (kopecks <= 0) return 0
  let stars = Math.max(1, Math.ceil(kopecks / (rubPerStar * 100)))
  // the division is a float estimate: settle it on the pack rule itself
  while (stars > 1 && starsPackKopecks(stars - 1, rubPerStar) >= kopecks) stars -= 1
  while (starsPackKopecks(stars, rubPerStar) < kopecks) stars += 1
  return stars
}
