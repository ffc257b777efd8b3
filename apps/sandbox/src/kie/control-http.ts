import { express, type Request, type Response, type Router } from './express'
import { z } from 'zod'
import type { KieEmulatorControl } from './control'
import { mountCatalogControl } from './control-catalog'

/** `/_control/...`: the typed control object over HTTP (JSON in, JSON out, no auth). */
const failCode = z.object({ code: z.string(), message: z.string() })

const settingsPatch = z
  .object({
    apiKey: z.string().min(1),
    credits: z.number(),
    accounts: z.array(
      z
        .object({
          apiKey: z.string().min(1),
          credits: z.number(),
          webhookHmacKey: z.string().min(1).nullable().optional(),
        })
        .strict(),
    ),
    timeline: z.object({ queuingMs: z.number(), generatingMs: z.number(), completeMs: z.number() }).partial(),
    latencyMs: z.number().min(0),
    failureRate: z.number().min(0).max(1),
    failCodes: z.array(failCode).min(1),
    errorMode: z.enum(['http', 'envelope']),
    messageKey: z.enum(['msg', 'message']),
    rateLimit: z.object({ creates: z.number().int().min(0), windowMs: z.number().int().min(1) }).nullable(),
    catalogRateLimit: z.object({ requests: z.number().int().min(0), windowMs: z.number().int().min(1) }).nullable(),
    callbacks: z.enum(['on', 'off', 'duplicate']),
    sunoStageCallbacks: z.boolean(),
    callbackRetries: z.number().int().min(0),
    callbackRetryDelayMs: z.number().min(0),
    callbackTimeoutMs: z.number().min(1),
    webhookHmacKey: z.string().min(1).nullable(),
    webhookTimestampSkewSeconds: z.number().int(),
    checkMediaUrls: z.boolean(),
    mediaFetchTimeoutMs: z.number().min(1),
    publicUrl: z.string().url().nullable(),
    uploadTtlMs: z.number().min(0),
    resultsPerTask: z.record(z.string(), z.number().int().min(1).max(100)),
    creditsFactor: z.record(z.string(), z.number().min(0)),
  })
  .partial()
  .strict()

const target = { pathPrefix: z.string().startsWith('/').optional(), creates: z.boolean().optional() }
const failNext = z.object({
  count: z.number().int().min(1),
  status: z.number().int().optional(),
  message: z.string().optional(),
  ...target,
})
const rateLimitNext = z.object({ count: z.number().int().min(1), ...target })
const hang = z.object({
  count: z.number().int().min(1).optional(),
  phase: z.enum(['before', 'after']).optional(),
  ...target,
})
const outcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('success') }),
  z.object({ outcome: z.literal('fail'), failCode: z.string().optional(), failMessage: z.string().optional() }),
])

function handle<T>(schema: z.ZodType<T>, action: (input: T) => unknown) {
  return (req: Request, res: Response): void => {
    const parsed = schema.safeParse(req.body ?? {})
    if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) })
    const result = action(parsed.data)
    res.json({ ok: true, ...(result === undefined ? {} : { result }) })
  }
}

export function controlRouter(control: KieEmulatorControl): Router {
  const router = express.Router()
  router.use(express.json())
  router.get('/state', (_req, res) => {
    const faults = control.pendingFaults()
    res.json({
      settings: control.settings(),
      tasks: control.tasks().length,
      requests: control.requests().length,
      // JSON has no Infinity: an endless hang is -1
      faults: { ...faults, hangs: Number.isFinite(faults.hangs) ? faults.hangs : -1 },
    })
  })
  router.post(
    '/settings',
    handle(settingsPatch, (patch) => {
      const { timeline, ...rest } = patch
      control.configure(rest)
      if (timeline) control.setTimeline(timeline)
    }),
  )
  router.post('/reset', (_req, res) => {
    control.reset()
    res.json({ ok: true })
  })
  router.post(
    '/fail-next',
    handle(failNext, ({ count, ...options }) => control.failNext(count, options)),
  )
  router.post(
    '/rate-limit-next',
    handle(rateLimitNext, ({ count, ...options }) => control.rateLimitNext(count, options)),
  )
  router.post(
    '/hang',
    handle(hang, (options) => control.hang(options)),
  )
  router.post('/release-hangs', (_req, res) => {
    res.json({ ok: true, result: control.releaseHangs() })
  })
  router.post(
    '/next-outcome',
    handle(outcome, (o) => control.forceNextOutcome(o)),
  )
  router.get('/credits', (_req, res) => {
    res.json({ credits: control.getCredits() })
  })
  router.get('/requests', (req, res) => {
    const { method, path } = req.query
    res.json(
      control.requests({
        method: typeof method === 'string' ? method : undefined,
        path: typeof path === 'string' ? path : undefined,
      }),
    )
  })
  router.delete('/requests', (_req, res) => {
    control.clearRequests()
    res.json({ ok: true })
  })
  router.get('/tasks', (_req, res) => {
    res.json(control.tasks())
  })
  router.get('/tasks/:taskId', (req, res) => {
    const task = control.task(req.params.taskId ?? '')
    if (!task) return void res.status(404).json({ error: 'no such task' })
    res.json(task)
  })
  router.post('/tasks/:taskId/complete', (req, res) => {
    const taskId = req.params.taskId ?? ''
    if (!control.task(taskId)) return void res.status(404).json({ error: 'no such task' })
    control.completeNow(taskId)
    res.json({ ok: true })
  })
  mountCatalogControl(router, control)
  router.get('/callbacks', (req, res) => {
    const taskId = typeof req.query.taskId === 'string' ? req.query.taskId : undefined
    res.json(control.callbackAttempts(taskId))
  })
  return router
}
