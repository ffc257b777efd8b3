import { express, type ErrorRequestHandler, type Express } from './express'
import { createControl, type KieEmulatorControl } from './control'
import { controlRouter } from './control-http'
import { injectFaults, recordRequests, requireApiKey } from './middleware'
import { sendError } from './respond'
import { mountCatalogRoutes } from './routes-catalog'
import { mountFileRoutes, serveFiles } from './routes-files'
import { mountTaskRoutes } from './routes-tasks'
import type { KieEmulatorSettings } from './state'
import { KieEmulatorStore } from './store'

export type KieEmulatorOptions = Partial<KieEmulatorSettings>

export interface KieEmulator {
  app: Express
  control: KieEmulatorControl
  /** stops timers and callback deliveries and cuts hung requests (the HTTP server is the caller's) */
  close(): void
}

/**
 * An express app that answers like api.kie.ai and the upload host kieai.redpandaai.co:
 * /api/... (Bearer key, faults, recorded), /files/... (result and upload files, public),
 * /_control/... (test control, no auth). It can be mounted under a prefix.
 */
export function createKieEmulator(options: KieEmulatorOptions = {}): KieEmulator {
  const store = KieEmulatorStore.create(options)
  const control = createControl(store)
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)

  // Links the emulator hands out point back at whatever host and prefix the request came to.
  app.use((req, res, next) => {
    res.locals.publicBase = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`
    res.locals.appPath = req.path
    next()
  })
  app.use('/files', serveFiles(store))
  app.use('/_control', controlRouter(control))

  app.use('/api', express.json({ limit: '150mb' }), recordRequests(store), requireApiKey(store), injectFaults(store))
  mountTaskRoutes(app, store)
  mountFileRoutes(app, store)
  mountCatalogRoutes(app, store)
  app.use('/api', (_req, res) => sendError(res, store, 404, 'Not found'))

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const type = (error as { type?: unknown } | null)?.type
    if (type === 'entity.parse.failed') return sendError(res, store, 400, 'Request body is not valid JSON')
    if (type === 'entity.too.large') return sendError(res, store, 413, 'Request body too large')
    sendError(res, store, 500, 'Internal server error')
  }
  app.use(onError)

  return { app, control, close: () => store.stopEverything() }
}
