import { callbacks } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { show, type Buttons } from '../../ui'
import { cancelBroadcast, previewBroadcast, sendBroadcast } from './broadcast'
import { catalogAction, catalogScreen } from './catalog'
import { providerFailuresSection, withProviderFailures } from './failures'
import { homeScreen } from './home'
import { askInput, handleAdminInput, type AdminInput } from './input'
import { askPrice, modelsScreen, setPrice, toggleModel } from './models'
import { togglePin } from './pins'
import { askNewPromo, createFromInput, disablePromo, promoListScreen, promoScreen } from './promo'
import { confirmRefund, refundPayment } from './refunds'
import { statsScreen } from './stats'
import { resendUndelivered, undeliveredScreen } from './undelivered'
import { adjustFromInput, findUser, toggleBan, userScreen } from './users'

// Administration, for users in ADMIN_IDS only: /admin, every `a:` button (one typed action
// each, behind one admin filter), and the texts an admin was asked for. One file per concern:
// home.ts, stats.ts (and failures.ts), users.ts (card, adjustment, ban), refunds.ts,
// models.ts, broadcast.ts, undelivered.ts, catalog.ts, pins.ts, promo.ts; input.ts keeps the awaited text.

const a = callbacks.admin

const refused = (ctx: BotContext) => ctx.reply(ctx.t('admin.refused'))

/** An awaited text, read by the concern that asked for it. */
async function applyInput(ctx: BotContext, input: AdminInput, text: string): Promise<boolean> {
  switch (input.kind) {
    case 'user':
      await findUser(ctx, text)
      return true
    case 'adjust':
      await adjustFromInput(ctx, input, text)
      return true
    case 'price':
      await setPrice(ctx, input, text)
      return true
    case 'broadcast':
      await previewBroadcast(ctx, text)
      return true
    case 'promo':
      await createFromInput(ctx, text)
      return true
  }
}

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('admin', async (ctx) => {
    if (!ctx.isAdmin) return void (await refused(ctx))
    await show(ctx, homeScreen(ctx), { newMessage: true })
  })
  bot.on('text', async (ctx, next) => {
    if (ctx.isAdmin && !ctx.message.text.startsWith('/') && (await handleAdminInput(ctx, ctx.message.text, applyInput)))
      return
    await next()
  })

  const admin = buttons.filter((ctx) => ctx.isAdmin, refused)
  admin.on(a.home, (ctx) => show(ctx, homeScreen(ctx)))
  admin.on(a.stats, async (ctx) =>
    show(ctx, withProviderFailures(await statsScreen(ctx), await providerFailuresSection(ctx))),
  )
  // users: lookup, card, balance adjustment, ban, Stars refunds
  admin.on(a.findUser, (ctx) => askInput(ctx, { kind: 'user' }, 'admin.user_prompt'))
  admin.on(a.user, async (ctx, { userId }) => show(ctx, await userScreen(ctx, userId)))
  admin.on(a.adjust, (ctx, { userId }) =>
    askInput(ctx, { kind: 'adjust', userId: userId.toString() }, 'admin.adjust_prompt'),
  )
  admin.on(a.ban, (ctx, { userId }) => toggleBan(ctx, userId))
  admin.on(a.refund, (ctx, { paymentId }) => confirmRefund(ctx, paymentId))
  admin.on(a.refundConfirmed, (ctx, { paymentId }) => refundPayment(ctx, paymentId))
  // models: on/off and price override
  admin.on(a.models, async (ctx, { page }) => show(ctx, await modelsScreen(ctx, page)))
  admin.on(a.modelToggle, (ctx, { slug }) => toggleModel(ctx, slug))
  admin.on(a.modelPrice, (ctx, { slug }) => askPrice(ctx, slug))
  // broadcast
  admin.on(a.broadcast, (ctx) => askInput(ctx, { kind: 'broadcast' }, 'admin.broadcast_prompt'))
  admin.on(a.broadcastSend, (ctx, { broadcastId }) => sendBroadcast(ctx, broadcastId))
  admin.on(a.broadcastCancel, (ctx, { broadcastId }) => cancelBroadcast(ctx, broadcastId))
  // results Telegram refused (undelivered.ts)
  admin.on(a.undelivered, async (ctx) => show(ctx, await undeliveredScreen(ctx)))
  admin.on(a.undeliveredResend, async (ctx, { generationId }) => show(ctx, await resendUndelivered(ctx, generationId)))
  // Kie's live catalog (catalog.ts)
  admin.on(a.catalog, async (ctx) => show(ctx, await catalogScreen(ctx)))
  admin.on(a.catalogSync, async (ctx) => show(ctx, await catalogAction(ctx, 'catr', '')))
  admin.on(a.catalogLower, async (ctx, { slug }) => show(ctx, await catalogAction(ctx, 'catl', slug)))
  admin.on(a.catalogEnable, async (ctx, { slug }) => show(ctx, await catalogAction(ctx, 'cate', slug)))
  // a model pinned to the top of the catalog's "Popular" (the button is on its card)
  admin.on(a.modelPin, (ctx, { slug }) => togglePin(ctx, slug))
  // promo codes (promo.ts): list, create, one code with its redemptions, disable
  admin.on(a.promos, async (ctx, { page }) => show(ctx, await promoListScreen(ctx, page)))
  admin.on(a.promoNew, (ctx) => askNewPromo(ctx))
  admin.on(a.promoView, async (ctx, { promoId }) => show(ctx, await promoScreen(ctx, promoId)))
  admin.on(a.promoDisable, (ctx, { promoId }) => disablePromo(ctx, promoId))
  // any other admin data (an older panel's button): the home
  admin.on(a.other, (ctx) => show(ctx, homeScreen(ctx)))
}
