import { Telegraf } from 'telegraf'
import * as admin from '../features/admin'
import * as catalog from '../features/catalog'
import * as compare from '../features/compare'
import * as favorites from '../features/favorites'
import * as gallery from '../features/gallery'
import * as generations from '../features/generations'
import * as history from '../features/history'
import * as language from '../features/language'
import * as menu from '../features/menu'
import * as money from '../features/money'
import * as results from '../features/results'
import * as prompt from '../features/prompt'
import * as promo from '../features/promo'
import * as unhandled from '../features/unhandled'
import * as wizard from '../features/wizard'
import { ButtonRouter } from '../ui/buttons'
import type { BotContext, Deps } from './context'
import { currentUser, errorBoundary, updateMetrics } from './middleware'
import { updateEdge } from './update-guard'

/** The Mini App's page and API (served by the gateway's express, composed here with the features). */
export { galleryRouter } from '../features/gallery'

export const ALLOWED_UPDATES = ['message', 'callback_query', 'pre_checkout_query'] as const

/** The bot's commands, as registered with setMyCommands (RU and EN). */
export const COMMANDS = [
  'start',
  'menu',
  'help',
  'balance',
  'topup',
  'history',
  'favorites',
  'cancel',
  'language',
  'settings',
  'gen',
  'compare',
  'terms',
  'paysupport',
  'promo',
] as const

/**
 * The features in the order their message handlers run: a promo code asked for (first, so that
 * every command and button ends that wait), the gallery's /start hook (the chat's
 * menu button, then /start runs on), an admin's awaited input,
 * then a payment, the text after /paysupport, a comparison's prompt, a wizard's value, a prompt for the current
 * model (or a file's tasks); `unhandled` last. Each
 * handler passes on what is not its own, and none takes a command's text.
 */
const FEATURES = [
  promo,
  gallery,
  admin,
  money,
  menu,
  language,
  catalog,
  history,
  results,
  favorites,
  generations,
  compare,
  wizard,
  prompt,
]

/** The middleware, then the features; every button a codec names has a handler, or this throws. */
export function createBot(deps: Deps, token: string): Telegraf<BotContext> {
  const bot = new Telegraf<BotContext>(token, {
    telegram: { apiRoot: deps.config.TELEGRAM_API_ROOT, webhookReply: false },
    handlerTimeout: 20_000,
  })
  bot.context.deps = deps
  bot.use(updateEdge(deps)) // malformed updates refused, texts cleaned, outgoing texts redacted
  bot.use(updateMetrics(deps))
  bot.use(currentUser(deps))

  const buttons = new ButtonRouter()
  for (const feature of FEATURES) feature.register(bot, buttons)
  buttons.assertComplete()
  bot.on('callback_query', buttons.middleware())
  unhandled.register(bot)

  bot.catch(errorBoundary(deps))
  return bot
}
