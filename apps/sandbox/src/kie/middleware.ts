import type { NextFunction, Request, RequestHandler, Response } from './express'
import { accountOf } from './accounts'
import { sendError } from './respond'
import type { RecordedRequest } from './state'
import { takeRule, type KieEmulatorStore } from './store'

export function bearerKey(req: Request): string | null {
  const header = req.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header) : null
  return match?.[1]?.trim() ?? null
}

/** The request path relative to the emulator app (set first thing by the app; mount prefixes removed). */
export function appPath(req: Request, res: Response): string {
  return typeof res.locals.appPath === 'string' ? res.locals.appPath : req.path
}

/** Records every API request (method, path, headers without the key, body) for assertions. */
export function recordRequests(store: KieEmulatorStore): RequestHandler {
  return (req, res, next) => {
    const headers = { ...req.headers }
    if (headers.authorization !== undefined) headers.authorization = '[redacted]'
    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: appPath(req, res),
      query: { ...req.query },
      headers,
      authorized: accountOf(store, bearerKey(req)) !== null,
      account: accountOf(store, bearerKey(req)),
      body: req.is('multipart/form-data') ? { multipart: true } : req.body,
    }
    store.requests.push(record)
    res.locals.record = record
    next()
  }
}

export function requireApiKey(store: KieEmulatorStore): RequestHandler {
  return (req, res, next) => {
    if (accountOf(store, bearerKey(req)) !== null) return next()
    sendError(res, store, 401, 'You do not have access permissions')
  }
}

/** Never answers; with phase `after` the request is processed first, only the answer is lost. */
function hang(store: KieEmulatorStore, res: Response, next: NextFunction, phase: 'before' | 'after'): void {
  store.hold(res)
  if (phase === 'before') return
  res.end = (() => res) as Response['end']
  next()
}

/** Hangs, latency, injected error statuses and 429 bursts, in that order. */
export function injectFaults(store: KieEmulatorStore): RequestHandler {
  return (req, res, next) => {
    const path = appPath(req, res)
    const hangRule = takeRule(store.hangRules, path)
    if (hangRule) return hang(store, res, next, hangRule.phase)
    const proceed = (): void => {
      const errorRule = takeRule(store.errorRules, path)
      if (errorRule) return sendError(res, store, errorRule.status, errorRule.message)
      if (takeRule(store.rateLimitBursts, path)) {
        return sendError(res, store, 429, 'Rate limit exceeded, please try again later')
      }
      next()
    }
    if (store.settings.latencyMs > 0) setTimeout(proceed, store.settings.latencyMs)
    else proceed()
  }
}

/**
 * Sliding window of create requests per key (docs: 20 per 10 s): the time the request was admitted
 * at, which becomes the task's createTime (the instant the window counted), or null when over the limit.
 */
export function admitCreate(store: KieEmulatorStore, key: string): number | null {
  const limit = store.settings.rateLimit
  const now = Date.now()
  if (!limit) return now
  const recent = (store.createTimes.get(key) ?? []).filter((at) => now - at < limit.windowMs)
  if (recent.length >= limit.creates) {
    store.createTimes.set(key, recent)
    return null
  }
  recent.push(now)
  store.createTimes.set(key, recent)
  return now
}
