import { callbackData, callbacks } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, type Screen } from '../../ui'

const cb = callbacks.admin

// Admin: the panel's home (its sections) and the button every admin screen goes home with.

export function homeButton(ctx: BotContext) {
  return button(ctx.t('admin.btn.home'), cb.home.pack({}))
}

export function homeScreen(ctx: BotContext): Screen {
  return {
    text: ctx.t('admin.home'),
    keyboard: [
      [button(ctx.t('admin.btn.stats'), cb.stats.pack({})), button(ctx.t('admin.btn.user'), cb.findUser.pack({}))],
      [
        button(ctx.t('admin.btn.models'), cb.models.pack({ page: 0 })),
        button(ctx.t('admin.btn.broadcast'), cb.broadcast.pack({})),
      ],
      [
        button(ctx.t('admin.btn.undelivered'), cb.undelivered.pack({})),
        button(ctx.t('admin.btn.catalog'), cb.catalog.pack({})),
      ],
      [button(ctx.t('admin.btn.promo'), cb.promos.pack({ page: 0 })), button(ctx.t('btn.menu'), callbackData.menu())],
    ],
  }
}
