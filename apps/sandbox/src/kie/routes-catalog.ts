import { KIE_PATHS } from '@kiebot/kie'
import type { Express, Request, Response } from './express'
import { bearerKey } from './middleware'
import type { EmulatedCatalogModel } from './models-catalog'
import { sendData, sendError } from './respond'
import type { KieEmulatorStore } from './store'

/**
 * Kie's catalog API: `GET /api/v1/models` (filters taskType, provider, q) and
 * `/models/<id>/price`, `/schema`, `/success-rate`, all four sharing one request budget per
 * key (`catalogRateLimit`, default 1 per second): over it, 429 like Kie's other limits.
 */
export function mountCatalogRoutes(app: Express, store: KieEmulatorStore): void {
  app.get(KIE_PATHS.models, (req, res) => {
    if (overBudget(store, req, res)) return
    const catalog = store.catalog
    if (catalog.listOverride !== undefined) return sendData(res, store, catalog.listOverride)
    const { taskType, provider, q } = req.query
    const models = catalog.models.filter(
      (m) =>
        (typeof taskType !== 'string' || m.taskType.includes(taskType)) &&
        (typeof provider !== 'string' || m.provider === provider) &&
        (typeof q !== 'string' || m.model.toLowerCase().includes(q.toLowerCase())),
    )
    sendData(
      res,
      store,
      models.map(({ model, provider: p, taskType: t, pricingDesc }) => ({
        model,
        provider: p,
        taskType: t,
        pricingDesc,
      })),
    )
  })
  const detail = (pick: (m: EmulatedCatalogModel) => unknown) => (req: Request, res: Response) => {
    if (overBudget(store, req, res)) return
    // ids contain slashes (kling-2.6/text-to-video): the id is everything between /models/ and the last segment
    const id = decodeURIComponent(String(req.params.id ?? ''))
    const model = store.catalog.models.find((m) => m.model === id)
    if (!model) return sendError(res, store, 404, `Model ${id} not found`)
    sendData(res, store, pick(model))
  }
  const detailPath = (name: string) => new RegExp(`^${escapeRegExp(KIE_PATHS.models)}/(?<id>.+)/${name}$`)
  app.get(
    detailPath('price'),
    detail((m) => m.prices),
  )
  app.get(
    detailPath('schema'),
    detail((m) => m.schema),
  )
  app.get(
    detailPath('success-rate'),
    detail((m) => m.successRate),
  )
}

function overBudget(store: KieEmulatorStore, req: Request, res: Response): boolean {
  const limit = store.settings.catalogRateLimit
  if (!limit) return false
  const key = bearerKey(req) ?? ''
  const now = Date.now()
  const recent = (store.catalogTimes.get(key) ?? []).filter((at) => now - at < limit.windowMs)
  if (recent.length >= limit.requests) {
    store.catalogTimes.set(key, recent)
    sendError(res, store, 429, 'Rate limit exceeded, please try again later')
    return true
  }
  recent.push(now)
  store.catalogTimes.set(key, recent)
  return false
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
