import { z } from 'zod'
import type { Request, Response, Router } from './express'
import {
  defaultEmulatedCatalog,
  registryEmulatedCatalog,
  type EmulatedCatalog,
  type EmulatedCatalogModel,
} from './models-catalog'
import type { KieEmulatorStore } from './store'

/** Control of the catalog API the emulator serves (`/_control/catalog...` over HTTP). */
export interface CatalogControl {
  catalog(): EmulatedCatalog
  /** replaces the whole catalog */
  setCatalog(catalog: EmulatedCatalog): void
  /** `default`: the fixture with one change of each kind; `registry`: exactly what the registry sells */
  resetCatalog(preset?: 'default' | 'registry'): void
  /** adds or changes one model (fields not given are kept) */
  upsertCatalogModel(model: Partial<EmulatedCatalogModel> & { model: string }): void
  removeCatalogModel(modelId: string): void
}

export function catalogControl(store: KieEmulatorStore): CatalogControl {
  return {
    catalog: () => structuredClone(store.catalog),
    setCatalog: (catalog) => {
      store.catalog = structuredClone(catalog)
    },
    resetCatalog: (preset = 'default') => {
      store.catalog = preset === 'registry' ? registryEmulatedCatalog() : defaultEmulatedCatalog()
    },
    upsertCatalogModel: (patch) => {
      const existing = store.catalog.models.find((m) => m.model === patch.model)
      if (existing) Object.assign(existing, structuredClone(patch))
      else
        store.catalog.models.push({
          provider: null,
          taskType: [],
          pricingDesc: null,
          prices: [],
          schema: {},
          successRate: null,
          ...structuredClone(patch),
        })
    },
    removeCatalogModel: (modelId) => {
      store.catalog.models = store.catalog.models.filter((m) => m.model !== modelId)
    },
  }
}

const model = z.object({
  model: z.string().min(1),
  provider: z.string().nullable(),
  taskType: z.array(z.string()),
  pricingDesc: z.string().nullable(),
  prices: z.unknown(),
  schema: z.unknown(),
  successRate: z.unknown(),
})
const catalog = z.object({ models: z.array(model), listOverride: z.unknown().optional() }).strict()

function handle<T>(schema: z.ZodType<T>, action: (input: T) => void) {
  return (req: Request, res: Response): void => {
    const parsed = schema.safeParse(req.body ?? {})
    if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) })
    action(parsed.data)
    res.json({ ok: true })
  }
}

export function mountCatalogControl(router: Router, control: CatalogControl): void {
  router.get('/catalog', (_req, res) => {
    res.json(control.catalog())
  })
  router.put(
    '/catalog',
    handle(catalog, (c) => control.setCatalog(c as EmulatedCatalog)),
  )
  router.post(
    '/catalog/reset',
    handle(z.object({ preset: z.enum(['default', 'registry']).optional() }), ({ preset }) =>
      control.resetCatalog(preset),
    ),
  )
  router.post(
    '/catalog/models',
    handle(model.partial().required({ model: true }), (m) => control.upsertCatalogModel(m)),
  )
  router.delete('/catalog/models/:id', (req, res) => {
    control.removeCatalogModel(decodeURIComponent(String(req.params.id ?? '')))
    res.json({ ok: true })
  })
}
