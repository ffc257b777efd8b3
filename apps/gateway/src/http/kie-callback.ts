import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import {
  awaitsKieTask,
  bindCallbackTask,
  readGeneration,
  recordCallbackCredits,
  recordCallbackState,
  type Generation,
} from '@kiebot/db'
import {
  CALLBACK_TOKEN_GRACE_MS,
  isFinalState,
  parseCallback,
  verifyCallbackToken,
  verifyWebhookSignature,
  webhookHeaders,
} from '@kiebot/kie'
import { getModel } from '@kiebot/models'
import { kieWebhookHmacKeys } from '@kiebot/config'
import type { Deps } from '../bot/context'
import { wakeGeneration } from '@kiebot/jobs'

const GENERATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Kie's callback bodies are a few kilobytes; nothing larger is read. */
const CALLBACK_BODY_LIMIT = '64kb'

type Located = Response<unknown, { generation: Generation }>

/**
 * POST /kie/callback/:generationId?token=...: Kie.ai calls it when a task ends.
 * The path id and our per-generation token are checked before the body is read; the
 * token is good until the generation's deadline plus CALLBACK_TOKEN_GRACE_MS (a leaked
 * URL is useless afterwards); Kie's HMAC headers are checked when configured (each
 * account signs with its own key: KIE_WEBHOOK_HMAC_KEYS). Idempotent, and only a wake-up:
 * it binds the task id to a generation that is submitting (the one state in which a create
 * of ours may have made it) and promotes the job; the worker re-reads the task and does the rest. It never messages users. A callback that can never
 * succeed (unknown generation, another task) is answered 200 and logged, so Kie stops retrying.
 */
export function kieCallbackRouter(deps: Deps): Router {
  const router = express.Router()
  const { metrics, logger } = deps
  // Each Kie account signs with its own webhookHmacKey. The row names the account its create
  // went out with (kie_key), which is tried first; a signature of any other account of the pool
  // is accepted too (all of them are ours, and the URL's token already names the generation): a
  // create retried on another key may have made a task on the first, and a row that has no key
  // yet may be any account's.
  const hmacKeys = kieWebhookHmacKeys(deps.config)
  const signerOf = (req: Request, taskId: string, rowKey: string | null): string | null => {
    const { timestamp, signature } = webhookHeaders(req.headers)
    const ordered = [...hmacKeys.filter((k) => k.label === rowKey), ...hmacKeys.filter((k) => k.label !== rowKey)]
    for (const { label, key } of ordered)
      if (verifyWebhookSignature({ taskId, timestamp, signature, hmacKey: key }).ok) return label
    return null
  }

  const authenticate = async (req: Request, res: Located, next: NextFunction) => {
    const generationId = String(req.params.generationId)
    const token = typeof req.query.token === 'string' ? req.query.token : undefined
    if (
      !GENERATION_ID.test(generationId) ||
      !verifyCallbackToken(generationId, token, deps.config.KIE_CALLBACK_SECRET)
    ) {
      metrics.kieCallbacks.inc({ outcome: 'bad_token' })
      res.status(401).json({ code: 401, msg: 'unauthorized' })
      return
    }
    try {
      const generation = await readGeneration(deps.db, generationId)
      if (!generation || !getModel(generation.modelId)) {
        metrics.kieCallbacks.inc({ outcome: 'unknown_generation' })
        logger.warn('Kie callback for an unknown generation', { generationId })
        res.json({ code: 200, msg: 'ignored' })
        return
      }
      if (Date.now() > generation.deadlineAt.getTime() + CALLBACK_TOKEN_GRACE_MS) {
        metrics.kieCallbacks.inc({ outcome: 'expired_token' })
        logger.warn('Kie callback with an expired token', { generationId })
        res.status(401).json({ code: 401, msg: 'token expired' })
        return
      }
      res.locals.generation = generation
      next()
    } catch (error) {
      next(error)
    }
  }

  const handle = async (req: Request, res: Located) => {
    const generation = res.locals.generation
    const generationId = generation.id
    let task
    try {
      task = parseCallback(getModel(generation.modelId)!.family, req.body)
    } catch (error) {
      metrics.kieCallbacks.inc({ outcome: 'malformed' })
      logger.warn('malformed Kie callback', { generationId, error })
      res.status(400).json({ code: 400, msg: 'malformed callback' })
      return
    }
    if (hmacKeys.length > 0) {
      const signedBy = signerOf(req, task.taskId, generation.kieKey)
      if (signedBy === null) {
        metrics.kieCallbacks.inc({ outcome: 'bad_signature' })
        res.status(401).json({ code: 401, msg: 'bad signature' })
        return
      }
      if (generation.kieKey !== null && signedBy !== generation.kieKey)
        // a create retried on another key after an error that made a task anyway: the worker finds it (any key)
        logger.warn('Kie callback signed by another account of the pool than the row names', {
          generationId,
          kieTaskId: task.taskId,
          kieKey: generation.kieKey,
          signedBy,
        })
    }
    if (!task.taskId || (generation.kieTaskId !== null && generation.kieTaskId !== task.taskId)) {
      metrics.kieCallbacks.inc({ outcome: 'task_mismatch' })
      logger.warn("Kie callback names a task that is not this generation's", {
        generationId,
        kieTaskId: task.taskId,
        expected: generation.kieTaskId,
      })
      res.json({ code: 200, msg: 'ignored' })
      return
    }
    // the row as the steps below see it (read again when the worker moved it meanwhile)
    let row = generation
    if (generation.kieTaskId === null) {
      // A create whose answer was lost (or is slower than the callback): the callback names the task.
      let bound = false
      try {
        bound = await bindCallbackTask(deps.db, generationId, task.taskId)
      } catch (error) {
        // the task id is unique: it already belongs to another generation
        logger.warn('Kie callback names a task bound elsewhere', { generationId, kieTaskId: task.taskId, error })
      }
      if (!bound) {
        const now = await readGeneration(deps.db, generationId)
        if (now?.kieTaskId === task.taskId) {
          // the create's answer came meanwhile and the worker stored this very task: go on with it
          row = now
        } else {
          // queued (nothing of ours in flight), already following another task, or ended
          metrics.kieCallbacks.inc({ outcome: 'not_submitting' })
          logger.warn('Kie callback for a generation that is not submitting: ignored', {
            generationId,
            kieTaskId: task.taskId,
            status: (now ?? generation).status,
            step: (now ?? generation).step,
          })
          res.json({ code: 200, msg: 'ignored' })
          return
        }
      }
    }
    await recordCallbackState(deps.db, generationId, task.taskId, task.state)
    // what Kie charged (consumeCredits): records may not carry it, so the authenticated callback's figure is kept
    if (task.state === 'success' && task.creditsConsumed !== null)
      await recordCallbackCredits(deps.db, generationId, task.taskId, task.creditsConsumed)
    // the job is woken to read the task, unless the row is past follow: its worker has read it to
    // its end already (polling came first) and waits for the delivery, which a wake-up cannot speed up
    if (isFinalState(task.state) && awaitsKieTask(row.step))
      await wakeGeneration(deps.queues.generation, generationId, { kieCallback: true, kieTaskId: task.taskId }).catch(
        (error: unknown) =>
          // The worker polls anyway: a lost wake-up only costs a little latency.
          logger.warn('could not wake the generation job', { generationId, error }),
      )
    metrics.kieCallbacks.inc({ outcome: 'accepted' })
    res.json({ code: 200, msg: 'success' })
  }

  router.post(
    '/kie/callback/:generationId',
    (req, res, next) => void authenticate(req, res as Located, next),
    express.json({ limit: CALLBACK_BODY_LIMIT, type: () => true }),
    (req, res, next) => void handle(req, res as Located).catch(next),
  )
  return router
}
