import express, { Router, type Express, type Request, type Response } from 'express'
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
}

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
 * answers, else 503 with which one did not. GET /metrics: Prometheus text format.
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
          return [name, `down: ${error instanceof Error ? error.message : String(error)}`] as const
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

/** An express app serving the operational endpoints; the app adds its own routes. */
export function createServiceApp(registry: Registry, checks: Record<string, () => Promise<unknown>>): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(createOpsRouter({ registry, checks: Object.entries(checks).map(([name, check]) => ({ name, check })) }))
  return app
}
