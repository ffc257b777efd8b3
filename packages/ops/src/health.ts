import express, { Router, type ErrorRequestHandler, type Express, type Request, type Response } from 'express'
import { collectDefaultMetrics, Registry } from 'prom-client'

export interface ReadinessCheck {
  name: string
  /** resolves when the dependency answers; throws or hangs otherwise */
  check: () => Promise<unknown>
}

export interface OpsRouterOptions {
  checks: ReadinessCheck[]
  registry: Registry
  /** a check slower than this counts as down (default 2 s) */
  checkTimeoutMs?: number
  /** where a failed check's reason goes (the answer only says "down": error texts may hold hosts or secrets) */
  onCheckFailed?: (name: string, error: unknown) => void
}

/** Where the apps' HTTP plumbing reports what it does not answer with. */
export type OpsLog = (message: string, meta?: Record<string, unknown>) => void

/** A registry with Node's default metrics, labelled with the service name. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  return registry
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * GET /healthz: the process is alive (no dependency checked, so an orchestrator
 * does not restart us because Redis blinked). GET /readyz: every dependency
 * answers, else 503 with which one did not (never why: that goes to the log).
 * GET /metrics: Prometheus text format.
 */
export function createOpsRouter(options: OpsRouterOptions): Router {
  const timeoutMs = options.checkTimeoutMs ?? 2000
  const router = Router()
  router.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' })
  })
  router.get('/readyz', async (_req: Request, res: Response) => {
    const results = await Promise.all(
      options.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), timeoutMs)
          return [name, 'ok'] as const
        } catch (error) {
          options.onCheckFailed?.(name, error)
          return [name, 'down'] as const
        }
      }),
    )
    const ready = results.every(([, status]) => status === 'ok')
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) })
  })
  router.get('/metrics', async (_req: Request, res: Response) => {
    res.type(options.registry.contentType).send(await options.registry.metrics())
  })
  return router
}

/**
 * The internal operations app (/healthz, /readyz, /metrics), for a port that is never
 * published: metrics and readiness tell an outsider too much about the deployment.
 */
export function createOpsApp(
  registry: Registry,
  checks: Record<string, () => Promise<unknown>>,
  log?: OpsLog,
): Express {
  const app = bareApp()
  app.use(
    createOpsRouter({
      registry,
      checks: Object.entries(checks).map(([name, check]) => ({ name, check })),
      onCheckFailed: (name, error) => log?.('readiness check failed', { check: name, error }),
    }),
  )
  useJsonErrors(app, log)
  return app
}

/** No request body on a public port is larger than this (each route parses with its own, smaller, limit). */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * The public app: /healthz only (load balancers and Docker probe it); the app adds its
 * routes, then calls `useJsonErrors`. A declared body over MAX_BODY_BYTES is refused
 * before any route reads it.
 */
export function createPublicApp(): Express {
  const app = bareApp()
  app.use((req: Request, res: Response, next) => {
    const length = Number(req.get('content-length') ?? 0)
    if (Number.isFinite(length) && length <= MAX_BODY_BYTES) return next()
    res.set('connection', 'close').status(413).json({ ok: false, error: 'too large' })
  })
  app.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' })
  })
  return app
}

function bareApp(): Express {
  const app = express()
  app.disable('x-powered-by')
  // express renders stack traces outside production; these apps never do, whatever NODE_ENV says
  app.set('env', 'production')
  return app
}

/**
 * The end of every app: 404 as JSON, and one error handler that answers JSON and never
 * a stack trace or an error's text (body-parser's 4xx keep their status). Register it
 * after every route.
 */
export function useJsonErrors(app: Express, log?: OpsLog): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ ok: false, error: 'not found' })
  })
  const handler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    const e = (error ?? {}) as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown }
    const status = Number(e.status ?? e.statusCode)
    const clientError = Number.isInteger(status) && status >= 400 && status < 500
    if (!clientError) log?.('http request failed', { method: req.method, path: req.path, error })
    if (res.headersSent) {
      res.destroy()
      return
    }
    const reason =
      e.type === 'entity.too.large'
        ? 'too large'
        : e.type === 'entity.parse.failed'
          ? 'malformed JSON'
          : clientError
            ? 'bad request'
            : 'internal error'
    res.status(clientError ? status : 500).json({ ok: false, error: reason })
  }
  app.use(handler)
}
