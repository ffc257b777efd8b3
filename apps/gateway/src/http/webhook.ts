import { timingSafeEqual } from 'node:crypto'
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express'
import type { Telegraf } from 'telegraf'
import type { Update } from 'telegraf/types'
import type { BotContext, Deps } from '../bot/context'
import { droppedUpdates } from '../bot/dropped'
import { ANSWER_METHOD, webhookIntakes, type WebhookIntake } from '../bot/intake'
import { updateWindowKeys } from '../bot/middleware'
import { guardUpdate, logRefusedUpdate } from '../bot/update-guard'
import { isInfrastructureError, RetryLaterError } from '../infra'

export const WEBHOOK_PATH = '/telegram/webhook'
const DEDUP_SECONDS = 24 * 3600
/**
 * How long an update counts as being handled. A re-delivery meanwhile gets 503 (not
 * "duplicate"), so an update whose handler died with its process is handled again once
 * this expires instead of being lost. Telegram holds the chat's later updates until then,
 * so it is kept short: twice the handler timeout (20 s) plus a margin.
 */
const PROCESSING_SECONDS = 45
const PROCESSING = 'processing'
const DONE = 'done'
const MAX_BODY = '256kb'

/**
 * The update's dedup mark (KEYS[1], SET NX for ARGV[2] s) and, when the mark is new and the
 * update has a sender, the sender's update counted in this minute's window (KEYS[2], living
 * ARGV[3] s) and their awaited-input slot read (KEYS[3]): the middleware's reads, in the same
 * round trip. Returns {1, count, slot} or {1} for a new update, {0, mark} for a taken one.
 */
const TAKE_UPDATE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then
  return {0, redis.call('GET', KEYS[1]) or ''}
end
if #KEYS < 3 then return {1} end
local count = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return {1, count, redis.call('GET', KEYS[3]) or ''}`

/** Who sent the update (the three kinds the bot takes all name one), unless a bot. */
function senderOf(update: Update): number | undefined {
  const from =
    ('message' in update && update.message.from) ||
    ('callback_query' in update && update.callback_query.from) ||
    ('pre_checkout_query' in update && update.pre_checkout_query.from) ||
    undefined
  return from && !from.is_bot ? from.id : undefined
}

async function takeUpdate(
  deps: Deps,
  key: string,
  update: Update,
): Promise<{ first: boolean; mark?: string; window?: WebhookIntake['window']; windowKey?: string }> {
  const sender = senderOf(update)
  const keys = sender === undefined ? undefined : updateWindowKeys(deps, BigInt(sender))
  const reply = (await deps.redis.eval(
    TAKE_UPDATE,
    keys ? 3 : 1,
    key,
    ...(keys ? [keys.window.key, keys.awaited] : []),
    PROCESSING,
    PROCESSING_SECONDS,
    keys?.window.ttlSeconds ?? 0,
  )) as [number, (string | number)?, string?]
  if (reply[0] !== 1) return { first: false, mark: String(reply[1] ?? '') }
  return {
    first: true,
    window: keys ? { count: Number(reply[1]), awaited: reply[2] ? reply[2] : null } : undefined,
    windowKey: keys?.window.key,
  }
}

/** An update Telegram is asked to send again (503): its mark and its count go, best effort. */
async function untakeUpdate(deps: Deps, key: string, windowKey: string | undefined): Promise<void> {
  const multi = deps.redis.multi().del(key)
  if (windowKey) multi.decr(windowKey)
  await multi.exec().catch(() => undefined)
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '')
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * POST /telegram/webhook: the secret header (constant time) before anything else;
 * a bounded JSON body; each update_id handled once (Redis SET NX, 24 h); 503 when
 * Redis or Postgres is unavailable, so Telegram delivers the update again later.
 */
export function webhookRouter(deps: Deps, bot: Telegraf<BotContext>, secret: string): Router {
  const router = express.Router()
  router.post(
    WEBHOOK_PATH,
    (req, res, next) => {
      if (!sameSecret(req.get('x-telegram-bot-api-secret-token'), secret)) {
        deps.metrics.errors.inc({ kind: 'webhook_secret' })
        res.status(401).json({ ok: false, error: 'unauthorized' })
        return
      }
      next()
    },
    express.json({ limit: MAX_BODY, type: () => true }),
    async (req: Request, res: Response) => {
      const body = req.body as Partial<Update> | undefined
      if (!body || typeof body !== 'object' || !Number.isSafeInteger(body.update_id)) {
        res.status(400).json({ ok: false, error: 'not an update' })
        return
      }
      // A malformed update is acknowledged (Telegram would only send it again) and never handled.
      const checked = guardUpdate(body)
      if (!checked.ok) {
        logRefusedUpdate(deps, body, checked.reason)
        res.json({ ok: true, ignored: true })
        return
      }
      const update = checked.update
      const key = `${deps.config.QUEUE_PREFIX}:update:${update.update_id}`
      let taken: Awaited<ReturnType<typeof takeUpdate>>
      try {
        taken = await takeUpdate(deps, key, update)
        // taken: handled already (200), or still being handled, or by a process that died (503: retry later)
        if (!taken.first && taken.mark !== DONE) {
          res.status(503).json({ ok: false, error: 'being handled, retry later' })
          return
        }
      } catch (error) {
        deps.logger.warn('redis unavailable: asking Telegram to retry the update', {
          updateId: update.update_id,
          error,
        })
        res.status(503).json({ ok: false, error: 'retry later' })
        return
      }
      if (!taken.first) {
        res.json({ ok: true, duplicate: true })
        return
      }
      const intake: WebhookIntake = { window: taken.window }
      const markDone = () =>
        deps.redis.set(key, DONE, 'EX', DEDUP_SECONDS).catch((error: unknown) => {
          deps.logger.warn('could not mark the update handled', { updateId: update.update_id, error })
        })
      // handled: the callback's answer, when there is one, is the response (Telegram executes it)
      const handled = () => {
        intake.responded = true
        res.json(intake.answer ? { method: ANSWER_METHOD, ...intake.answer } : { ok: true })
      }
      webhookIntakes.set(update, intake)
      try {
        await bot.handleUpdate(update)
        if (droppedUpdates.has(update)) await deps.redis.del(key).catch(() => undefined)
        else await markDone()
        handled()
      } catch (error) {
        if (!(error instanceof RetryLaterError) && !isInfrastructureError(error)) {
          // A bug (bot.catch already logged and answered): do not make Telegram retry it.
          deps.logger.error('update failed', { updateId: update.update_id, error })
          await markDone()
          handled()
          return
        }
        // retried: the retry answers the callback (this answer is dropped with the response)
        deps.logger.warn('dependency unavailable: asking Telegram to retry the update', {
          updateId: update.update_id,
          error,
        })
        // the retry is the same update: its mark goes, and its count in the sender's window
        await untakeUpdate(deps, key, taken.windowKey)
        res.status(503).json({ ok: false, error: 'retry later' })
      }
    },
  )
  const onBodyError: ErrorRequestHandler = (error, _req, res, next) => {
    const type = (error as { type?: string }).type
    if (type === 'entity.too.large') res.status(413).json({ ok: false, error: 'too large' })
    else if (type === 'entity.parse.failed') res.status(400).json({ ok: false, error: 'malformed JSON' })
    else next(error)
  }
  router.use(onBodyError)
  return router
}
