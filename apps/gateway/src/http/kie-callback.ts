import express, { type Request, type Response, type Router } from 'express'
import { isFinalState, parseCallback, verifyCallbackToken, verifyWebhookSignature, webhookHeaders } from '@kiebot/kie'
import { getModel } from '@kiebot/models'
import type { Deps } from '../bot/context'
import { wakeGeneration } from '@kiebot/jobs'

/**
 * POST /kie/callback/:generationId?token=...: Kie.ai calls it when a task ends.
 * Verified by our per-generation token (and Kie's HMAC headers when configured),
 * idempotent, and only a wake-up: it records what Kie said and promotes the
 * generation's job; the worker re-reads the task and does the rest. It never
 * messages users.
 */
export function kieCallbackRouter(deps: Deps): Router {
  const router = express.Router()
  router.post('/kie/callback/:generationId', express.json({ limit: '1mb', type: () => true }), async (req: Request, res: Response) => {
    const generationId = String(req.params.generationId)
    const token = typeof req.query.token === 'string' ? req.query.token : undefined
    if (!/^[0-9a-f-]{36}$/.test(generationId) || !verifyCallbackToken(generationId, token, deps.config.KIE_CALLBACK_SECRET)) {
      deps.metrics.kieCallbacks.inc({ outcome: 'bad_token' })
      res.status(401).json({ code: 401, msg: 'unauthorized' })
      return
    }
    const generation = await deps.db.generation.findUnique({ where: { id: generationId } })
    const model = generation ? getModel(generation.modelId) : undefined
    if (!generation || !model) {
      deps.metrics.kieCallbacks.inc({ outcome: 'unknown_generation' })
      res.status(404).json({ code: 404, msg: 'unknown generation' })
      return
    }
    let task
    try {
      task = parseCallback(model.family, req.body)
    } catch (error) {
      deps.metrics.kieCallbacks.inc({ outcome: 'malformed' })
      deps.logger.warn('malformed Kie callback', { generationId, error })
      res.status(400).json({ code: 400, msg: 'malformed callback' })
      return
    }
    if (deps.config.KIE_WEBHOOK_HMAC_KEY) {
      const { timestamp, signature } = webhookHeaders(req.headers)
      const verdict = verifyWebhookSignature({ taskId: task.taskId, timestamp, signature, hmacKey: deps.config.KIE_WEBHOOK_HMAC_KEY })
      if (!verdict.ok) {
        deps.metrics.kieCallbacks.inc({ outcome: 'bad_signature' })
        res.status(401).json({ code: 401, msg: 'bad signature' })
        return
      }
    }
    if (generation.kieTaskId !== null && generation.kieTaskId !== task.taskId) {
      deps.metrics.kieCallbacks.inc({ outcome: 'task_mismatch' })
      res.status(409).json({ code: 409, msg: 'task does not belong to this generation' })
      return
    }
    // A create whose answer was lost: the callback names the task (reconciliation).
    await deps.db.generation.updateMany({
      where: { id: generationId, status: { in: ['queued', 'running'] } },
      data: { kieState: task.state, ...(generation.kieTaskId === null && { kieTaskId: task.taskId }) },
    })
    if (isFinalState(task.state))
      await wakeGeneration(deps.queues.generation, generationId, { kieTaskId: task.taskId }).catch((error: unknown) =>
        // The worker polls anyway: a lost wake-up only costs a little latency.
        deps.logger.warn('could not wake the generation job', { generationId, error }),
      )
    deps.metrics.kieCallbacks.inc({ outcome: 'accepted' })
    res.json({ code: 200, msg: 'success' })
  })
  return router
}
