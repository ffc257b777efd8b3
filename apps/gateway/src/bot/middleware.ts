import type { MiddlewareFn } from 'telegraf'
import type { Update } from 'telegraf/types'
import { ensureUser, refreshUser } from '@kiebot/db'
import { t as translate, type Lang } from '@kiebot/i18n'
import { isInfrastructureError, RetryLaterError } from '../infra'
import { awaitedKey, endWait, endsWait, parseAwaited } from '../state/awaiting'
import { countInWindow, windowOf } from '../state/windows'
import { waitOutShortFloods } from '../ui/flood'
import type { BotContext, Deps } from './context'
import { droppedUpdates } from './dropped'
import { webhookIntakes } from './intake'

const UPDATE_WINDOW_MS = 60_000

// The middleware every update passes before a feature sees it (in this order, after the
// update edge): timing and log context, then the user, and the one error boundary.

function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown'
}

/**
 * Timing, metrics and log context for every update; short flood waits sat out. The update's
 * handlers log through `ctx.deps.logger`, a child logger that adds the update's and the
 * sender's ids to every entry (the worker's jobs likewise: `jobContext`). Not an AsyncLocalStorage: on
 * Node 20 one run() turns on promise hooks for the whole process, and they cost the gateway
 * about 0.15 ms of CPU an update (docs/decisions.md, "The update's log context").
 */
export function updateMetrics(deps: Deps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    waitOutShortFloods(ctx.telegram)
    const type = updateType(ctx.update)
    deps.metrics.updates.inc({ type })
    const stop = deps.metrics.handlerSeconds.startTimer({ type })
    ctx.deps = { ...deps, logger: deps.logger.child({ updateId: ctx.update.update_id, userId: ctx.from?.id }) }
    try {
      await next()
    } finally {
      stop()
    }
  }
}

/**
 * The user: created on first contact, language, admin flag, rate limit, ban. Only
 * reads come before the rate limiter (and the one insert of a new user); the
 * refresh of names and last-seen writes after it, and only when something changed.
 * A webhook update was counted in the user's window by the webhook route, with its
 * dedup mark (bot/intake.ts); a polled one is counted here.
 */
export function currentUser(deps: Deps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from
    if (!from || from.is_bot) return
    const profile = {
      id: BigInt(from.id),
      username: from.username,
      firstName: from.first_name,
      lastName: from.last_name,
      languageCode: from.language_code,
    }
    const { user } = await ensureUser(deps.db, profile, { refresh: false })
    ctx.user = user
    ctx.lang = user.language as Lang
    ctx.t = (key, params) => translate(ctx.lang, key, params)
    ctx.isAdmin = deps.config.ADMIN_IDS.includes(user.id)
    // Payments are never refused: the money has moved at Telegram already.
    const payment = Boolean(ctx.preCheckoutQuery) || Boolean(ctx.message && 'successful_payment' in ctx.message)
    const exempt = payment || ctx.isAdmin
    // the rate limit and the user's awaited-input slot: read by the webhook with the update's
    // dedup mark, or here in one round trip (an exempt update is counted, never refused)
    const window = webhookIntakes.get(ctx.update)?.window ?? (await countUpdate(deps, user.id))
    const over = exempt ? 0 : Math.max(0, window.count - deps.config.USER_UPDATES_PER_MINUTE)
    if (over > 0) {
      if (over === 1 && ctx.chat) await ctx.reply(ctx.t('error.rate_limited'))
      droppedUpdates.add(ctx.update)
      if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t('error.rate_limited')).catch(() => undefined)
      return
    }
    ctx.awaiting = parseAwaited(window.awaited)
    // any command, any other screen's button: the text typed next answers nothing asked before
    if (ctx.awaiting && endsWait(ctx, ctx.awaiting)) await endWait(ctx)
    if (user.banned && !ctx.isAdmin && !payment) {
      if (ctx.callbackQuery) await ctx.answerCbQuery(ctx.t('banned.text'), { show_alert: true })
      else if (ctx.message) await ctx.reply(ctx.t('banned.text'))
      return
    }
    ctx.user = await refreshUser(deps.db, user, profile)
    if (ctx.user.blockedBot)
      ctx.user = await deps.db.user.update({ where: { id: user.id }, data: { blockedBot: false } })
    await next()
  }
}

const rateName = (deps: Deps, userId: bigint) => `${deps.config.QUEUE_PREFIX}:rate:${userId}`

/** The key counting a user's updates this minute, and their awaited-input slot's key (the webhook's intake). */
export function updateWindowKeys(deps: Deps, userId: bigint) {
  return { window: windowOf(rateName(deps, userId), UPDATE_WINDOW_MS), awaited: awaitedKey(deps, userId) }
}

/** Counts this update in the user's minute and reads their awaited-input slot, in one round trip. */
async function countUpdate(deps: Deps, userId: bigint): Promise<{ count: number; awaited: string | null }> {
  const window = await countInWindow(
    deps.redis,
    rateName(deps, userId),
    UPDATE_WINDOW_MS,
    Date.now(),
    awaitedKey(deps, userId),
  )
  return { count: window.count, awaited: window.read }
}

/** The one error boundary (bot.catch). */
export function errorBoundary(deps: Deps) {
  return async (error: unknown, ctx: BotContext): Promise<void> => {
    // Postgres or Redis unavailable: let the webhook answer 503 so Telegram retries.
    // (Long polling, for local use, has no retry: a rejection would stop its loop.)
    if (isInfrastructureError(error) && deps.config.BOT_MODE === 'webhook') throw new RetryLaterError(error)
    deps.metrics.errors.inc({ kind: 'handler' })
    ctx.deps.logger.error('update handler failed', { error, updateId: ctx.update.update_id })
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined)
      if (ctx.chat) await ctx.reply(translate((ctx.lang ?? 'en') as Lang, 'error.generic'))
    } catch {
      // nothing more to do: the error is logged and counted
    }
  }
}
