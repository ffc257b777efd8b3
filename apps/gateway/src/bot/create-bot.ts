import { Telegraf } from 'telegraf'
import type { Message, Update } from 'telegraf/types'
import { ensureUser, grantOnce, ledgerKeys, refreshUser } from '@kiebot/db'
import { t as translate, type Lang } from '@kiebot/i18n'
import { getModel } from '@kiebot/models'
import { withLogContext } from '@kiebot/logger'
import { isInfrastructureError, RetryLaterError } from '../infra'
import { modelCard } from '../screens/catalog'
import { formatRub } from '../screens/format'
import { historyScreen } from '../screens/history'
import { helpScreen, languageScreen, mainMenu, paySupportScreen, termsScreen } from '../screens/main'
import { balanceScreen, topupScreen } from '../screens/money'
import { cancelGeneration } from '../services/generations'
import { alertAdmins, answerPreCheckout, creditPayment } from '../services/payments'
import { generateFromCommand } from '../services/start'
import { acceptFile, acceptText, type IncomingFile } from '../services/wizard'
import { findAction } from './actions'
import { registerAdmin } from './admin'
import { waitOutShortFloods } from './flood'
import type { BotContext, Deps } from './context'
import { show } from './show'
import { droppedUpdates } from './dropped'
import { updateEdge } from './update-guard'

export const ALLOWED_UPDATES = ['message', 'callback_query', 'pre_checkout_query'] as const

/** The bot's commands, as registered with setMyCommands (RU and EN). */
export const COMMANDS = ['start', 'menu', 'help', 'balance', 'topup', 'history', 'cancel', 'language', 'gen', 'terms', 'paysupport'] as const

const SUPPORT_WINDOW_SECONDS = 600

function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown'
}

/** The file in a message, as the wizard needs it. */
export function incomingFile(message: Message): IncomingFile | undefined {
  if ('photo' in message && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!
    return { kind: 'image', fileId: largest.file_id, size: largest.file_size, longSide: Math.max(largest.width, largest.height) }
  }
  if ('video' in message) return { kind: 'video', fileId: message.video.file_id, size: message.video.file_size, duration: message.video.duration }
  if ('audio' in message) return { kind: 'audio', fileId: message.audio.file_id, size: message.audio.file_size, duration: message.audio.duration }
  if ('voice' in message) return { kind: 'audio', fileId: message.voice.file_id, size: message.voice.file_size, duration: message.voice.duration }
  if ('document' in message) {
    const mime = message.document.mime_type ?? ''
    const kind = mime.startsWith('image/') ? 'image' : mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : 'other'
    return { kind, fileId: message.document.file_id, size: message.document.file_size }
  }
  return undefined
}

export function createBot(deps: Deps, token: string): Telegraf<BotContext> {
  const bot = new Telegraf<BotContext>(token, {
    telegram: { apiRoot: deps.config.TELEGRAM_API_ROOT, webhookReply: false },
    handlerTimeout: 20_000,
  })
  bot.context.deps = deps
  bot.use(updateEdge(deps)) // malformed updates refused, texts cleaned, outgoing texts redacted

  // Timing, metrics and log context for every update; short flood waits sat out.
  bot.use(async (ctx, next) => {
    waitOutShortFloods(ctx.telegram)
    const type = updateType(ctx.update)
    deps.metrics.updates.inc({ type })
    const stop = deps.metrics.handlerSeconds.startTimer({ type })
    try {
      await withLogContext({ updateId: ctx.update.update_id, userId: ctx.from?.id }, next)
    } finally {
      stop()
    }
  })

  // The user: created on first contact, language, admin flag, rate limit, ban. Only
  // reads come before the rate limiter (and the one insert of a new user); the
  // refresh of names and last-seen writes after it, and only when something changed.
  bot.use(async (ctx, next) => {
    const from = ctx.from
    if (!from || from.is_bot) return
    const profile = { id: BigInt(from.id), username: from.username, firstName: from.first_name, lastName: from.last_name, languageCode: from.language_code }
    const { user } = await ensureUser(deps.db, profile, { refresh: false })
    ctx.user = user
    ctx.lang = user.language as Lang
    ctx.t = (key, params) => translate(ctx.lang, key, params)
    ctx.isAdmin = deps.config.ADMIN_IDS.includes(user.id)
    // Payments are never refused: the money has moved at Telegram already.
    const payment = Boolean(ctx.preCheckoutQuery) || Boolean(ctx.message && 'successful_payment' in ctx.message)
    if (!payment && !ctx.isAdmin) {
      const over = await updatesOverLimit(deps, user.id)
      if (over === 1 && ctx.chat) await ctx.reply(ctx.t('error.rate_limited'))
      if (over > 0) {
        droppedUpdates.add(ctx.update)
        if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t('error.rate_limited')).catch(() => undefined)
        return
      }
    }
    if (user.banned && !ctx.isAdmin && !payment) {
      if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t('banned.text'), { show_alert: true })
      else if (ctx.message) await ctx.reply(ctx.t('banned.text'))
      return
    }
    ctx.user = await refreshUser(deps.db, user, profile)
    if (ctx.user.blockedBot) ctx.user = await deps.db.user.update({ where: { id: user.id }, data: { blockedBot: false } })
    await next()
  })

  bot.start(async (ctx) => {
    const payload = ctx.payload ?? ''
    if (!ctx.user.welcomedAt) await welcome(ctx, payload)
    const model = /^m_([a-z0-9-]{1,32})$/.exec(payload)?.[1]
    if (model && getModel(model) && (await deps.prices.isOffered(model))) return show(ctx, await modelCard(ctx, getModel(model)!), { newMessage: true })
    await show(ctx, mainMenu(ctx), { newMessage: true })
  })
  bot.command('menu', (ctx) => show(ctx, mainMenu(ctx), { newMessage: true }))
  bot.command('help', (ctx) => show(ctx, helpScreen(ctx), { newMessage: true }))
  bot.command('balance', async (ctx) => show(ctx, await balanceScreen(ctx), { newMessage: true }))
  bot.command('topup', (ctx) => show(ctx, topupScreen(ctx), { newMessage: true }))
  bot.command('history', async (ctx) => show(ctx, await historyScreen(ctx, 0), { newMessage: true }))
  bot.command('language', (ctx) => show(ctx, languageScreen(ctx), { newMessage: true }))
  bot.command('terms', (ctx) => show(ctx, termsScreen(ctx), { newMessage: true }))
  bot.command('paysupport', async (ctx) => {
    if (!deps.config.SUPPORT_CONTACT) await deps.redis.set(supportKey(deps, ctx.user.id), '1', 'EX', SUPPORT_WINDOW_SECONDS)
    await show(ctx, paySupportScreen(ctx), { newMessage: true })
  })
  bot.command('gen', (ctx) => generateFromCommand(ctx, ctx.payload ?? ''))
  bot.command('cancel', async (ctx) => {
    const draft = await deps.drafts.current(ctx.user.id.toString())
    if (draft) {
      await deps.drafts.discard(draft)
      return ctx.reply(ctx.t('cancel.draft'))
    }
    const queued = await deps.db.generation.findFirst({ where: { userId: ctx.user.id, status: 'queued' }, orderBy: { createdAt: 'desc' } })
    if (!queued) {
      const running = await deps.db.generation.count({ where: { userId: ctx.user.id, status: 'running' } })
      return ctx.reply(ctx.t(running > 0 ? 'gen.too_late' : 'cancel.nothing'))
    }
    await cancelGeneration(ctx, queued.id)
  })
  registerAdmin(bot)

  // Buttons: answered first, then handled; unknown ones say so.
  bot.on('callback_query', async (ctx) => {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : ''
    const found = findAction(data)
    // The answer only stops the spinner: a late one (a re-delivered update) must not
    // stop the press from being handled.
    const answer = (text?: string) =>
      ctx.answerCbQuery(text).catch((error: unknown) => deps.logger.info('callback query not answered', { error: String(error) }))
    if (!found) {
      deps.metrics.errors.inc({ kind: 'unknown_button' })
      await answer(ctx.t('button.expired'))
      return
    }
    await answer()
    await found.action.handle(ctx, found.match)
  })

  bot.on('pre_checkout_query', (ctx) => answerPreCheckout(ctx))
  bot.on('message', async (ctx) => {
    const message = ctx.message
    if ('successful_payment' in message) return creditPayment(ctx)
    if ('text' in message && message.text.startsWith('/')) return show(ctx, helpScreen(ctx), { newMessage: true })
    if ('text' in message && (await deps.redis.del(supportKey(deps, ctx.user.id))) === 1) {
      await alertAdmins(ctx, `💬 /paysupport from ${ctx.user.id} (@${ctx.user.username ?? '-'}): ${message.text.slice(0, 3500)}`)
      return ctx.reply(ctx.t('paysupport.sent'))
    }
    const draft = await deps.drafts.current(ctx.user.id.toString())
    if (!draft) return ctx.reply(ctx.t('wizard.no_draft'))
    if ('text' in message) return acceptText(ctx, draft, message.text)
    const file = incomingFile(message)
    if (file) return acceptFile(ctx, draft, file)
    return ctx.reply(ctx.t('wizard.wrong_input'))
  })

  bot.catch(async (error, ctx) => {
    // Postgres or Redis unavailable: let the webhook answer 503 so Telegram retries.
    // (Long polling, for local use, has no retry: a rejection would stop its loop.)
    if (isInfrastructureError(error) && deps.config.BOT_MODE === 'webhook') throw new RetryLaterError(error)
    deps.metrics.errors.inc({ kind: 'handler' })
    deps.logger.error('update handler failed', { error, updateId: ctx.update.update_id })
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined)
      if (ctx.chat) await ctx.reply(translate((ctx.lang ?? 'en') as Lang, 'error.generic'))
    } catch {
      // nothing more to do: the error is logged and counted
    }
  })
  return bot
}

function supportKey(deps: Deps, userId: bigint): string {
  return `${deps.config.QUEUE_PREFIX}:support:${userId}`
}

/** Counts the user's updates this minute; returns how far over the limit this one is (0 = within). */
async function updatesOverLimit(deps: Deps, userId: bigint): Promise<number> {
  const key = `${deps.config.QUEUE_PREFIX}:rate:${userId}:${Math.floor(Date.now() / 60_000)}`
  const [[, count]] = (await deps.redis.multi().incr(key).expire(key, 61).exec()) as [[null, number], unknown]
  return Math.max(0, count - deps.config.USER_UPDATES_PER_MINUTE)
}

/**
 * First contact: referral (r_<code>) and the welcome bonus, each once per user. Owed
 * until it has completed (users.welcomed_at), not only on the update that created
 * the row: a first /start that failed half-way (503, re-delivered) still binds the
 * referral and grants the bonus on its retry.
 */
async function welcome(ctx: BotContext, payload: string): Promise<void> {
  const { db, config } = ctx.deps
  const code = /^r_([a-z0-9]{4,16})$/.exec(payload)?.[1]
  if (code && config.REFERRAL_PERCENT > 0 && ctx.user.referrerId === null) {
    const referrer = await db.user.findUnique({ where: { referralCode: code } })
    if (referrer && referrer.id !== ctx.user.id) {
      await db.user.updateMany({
        where: { id: ctx.user.id, referrerId: null },
        data: { referrerId: referrer.id, referralUntil: new Date(Date.now() + config.REFERRAL_DAYS * 86_400_000) },
      })
    }
  }
  let granted = false
  if (config.WELCOME_BONUS_KOPECKS > 0) {
    granted = await grantOnce(db, {
      userId: ctx.user.id,
      kind: 'bonus',
      amountKopecks: config.WELCOME_BONUS_KOPECKS,
      idempotencyKey: ledgerKeys.welcome(ctx.user.id),
      reason: 'welcome bonus',
    })
  }
  await db.user.updateMany({ where: { id: ctx.user.id, welcomedAt: null }, data: { welcomedAt: new Date() } })
  ctx.user = await db.user.findUniqueOrThrow({ where: { id: ctx.user.id } })
  if (granted) await ctx.reply(ctx.t('welcome.bonus', { amount: formatRub(config.WELCOME_BONUS_KOPECKS, ctx.lang) }))
}
