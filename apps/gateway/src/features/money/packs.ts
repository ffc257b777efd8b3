import { callbackData as cb } from '@kiebot/jobs'
import { starsPackKopecks } from '@kiebot/pricing'
import type { BotContext } from '../../bot/context'
import { button, formatRub } from '../../ui'

/** Rubles (kopecks) a Stars pack credits (the invoice, its button and the credit agree). */
export function packKopecks(ctx: BotContext, stars: number) {
  return starsPackKopecks(stars, ctx.deps.config.STARS_RUB_RATE)
}

/** One button per top-up pack: its Stars and the rubles it credits. */
export function packButtons(ctx: BotContext) {
  return ctx.deps.config.TOPUP_PACKS.map((stars) =>
    button(ctx.t('btn.pack', { stars, rub: formatRub(packKopecks(ctx, stars), ctx.lang) }), cb.pack(stars)),
  )
}
