import { callbackData as cb } from '@kiebot/jobs'
import { starsForKopecks, starsPackKopecks } from '@kiebot/pricing'
import type { BotContext } from '../../bot/context'
import { button, formatRub } from '../../ui'

/** Rubles (kopecks) a Stars pack credits (the invoice, its button and the credit agree). */
export function packKopecks(ctx: BotContext, stars: number) {
  return starsPackKopecks(stars, ctx.deps.config.STARS_RUB_RATE)
}

/** A price as the user decides on it: rubles and the Stars they are worth ("3,60 ₽ ≈ 3 ⭐"). */
export function withStars(ctx: BotContext, kopecks: number): string {
  return ctx.t('price.with_stars', {
    rub: formatRub(kopecks, ctx.lang),
    stars: starsForKopecks(kopecks, ctx.deps.config.STARS_RUB_RATE),
  })
}

/** One button per top-up pack: its Stars and the rubles it credits. */
export function packButtons(ctx: BotContext) {
  return ctx.deps.config.TOPUP_PACKS.map((stars) =>
    button(ctx.t('btn.pack', { stars, rub: formatRub(packKopecks(ctx, stars), ctx.lang) }), cb.pack(stars)),
  )
}

/**
 * The packs offered when `missingKopecks` are missing: only those that cover it, the smallest
 * marked ✅; when none does alone, the largest, with a line saying another top-up follows.
 */
export function packsFor(ctx: BotContext, missingKopecks: number) {
  const packs = [...ctx.deps.config.TOPUP_PACKS].sort((a, b) => a - b)
  const enough = packs.filter((stars) => packKopecks(ctx, stars) >= missingKopecks)
  const offered = enough.length > 0 ? enough : packs.slice(-1)
  const buttons = offered.map((stars, i) =>
    button(
      ctx.t(i === 0 && enough.length > 0 ? 'btn.pack_enough' : 'btn.pack', {
        stars,
        rub: formatRub(packKopecks(ctx, stars), ctx.lang),
      }),
      cb.pack(stars),
    ),
  )
  return { buttons, note: ctx.t(enough.length > 0 ? 'topup.pack_hint' : 'topup.no_pack_enough') }
}

/** A price range with the Stars it is worth: "3,60 ₽ ≈ 3 ⭐", "3,60 ₽ – 17 ₽ (≈ 3–15 ⭐)". */
export function rangeWithStars(ctx: BotContext, range: { minKopecks: number; maxKopecks: number }): string {
  if (range.minKopecks === range.maxKopecks) return withStars(ctx, range.minKopecks)
  const rate = ctx.deps.config.STARS_RUB_RATE
  const [min, max] = [starsForKopecks(range.minKopecks, rate), starsForKopecks(range.maxKopecks, rate)]
  return ctx.t('price.range_with_stars', {
    range: ctx.t('price.range', {
      min: formatRub(range.minKopecks, ctx.lang),
      max: formatRub(range.maxKopecks, ctx.lang),
    }),
    stars: min === max ? String(min) : `${min}–${max}`,
  })
}
