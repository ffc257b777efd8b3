import { timingSafeEqual } from 'node:crypto'
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express'
import type { Telegraf } from 'telegraf'
import type { Update } from 'telegraf/types'
import type { BotContext, Deps } from '../bot/context'
import { droppedUpdates } from '../bot/dropped'
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
      let first: string | null
      try {
        first = await deps.redis.set(key, PROCESSING, 'EX', PROCESSING_SECONDS, 'NX')
        // taken: handled already (200), or still being handled, or by a process that died (503: retry later)
        if (first === null && (await deps.redis.get(key)) !== DONE) {
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
      if (first === null) {
        res.json({ ok: true, duplicate: true })
        return
      }
      const markDone = () =>
        deps.redis.set(key, DONE, 'EX', DEDUP_SECONDS).catch((error: unknown) => {
          deps.logger.warn('could not mark the update handled', { updateId: update.update_id, error })
        })
      try {
        await bot.handleUpdate(update)
        if (droppedUpdates.has(update)) await deps.redis.del(key).catch(() => undefined)
        else await markDone()
        res.json({ ok: true })
      } catch (error) {
        if (!(error instanceof RetryLaterError) && !isInfrastructureError(error)) {
          // A bug (bot.catch already logged and answered): do not make Telegram retry it.
          deps.logger.error('update failed', { updateId: update.update_id, error })
          await markDone()
          res.json({ ok: true })
          return
        }
        deps.logger.warn('dependency unavailable: asking Telegram to retry the update', {
          updateId: update.update_id,
          error,
        })
        await deps.redis.del(key).catch(() => undefined)
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
