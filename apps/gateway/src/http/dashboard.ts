import { timingSafeEqual } from 'node:crypto'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { ExpressAdapter } from '@bull-board/express'
import type { Queue } from 'bullmq'
import express, { type Router } from 'express'

export const DASHBOARD_PATH = '/admin/queues'

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * The BullMQ dashboard behind HTTP basic auth (user and password from the environment).
 * Read-only unless `writable`: adding a job to the telegram queue is messaging any user
 * as the bot, so writes need an explicit setting (ADMIN_DASHBOARD_WRITABLE).
 */
export function dashboardRouter(
  queues: Queue[],
  credentials: { user: string; password: string },
  options: { writable?: boolean } = {},
): Router {
  const writable = options.writable === true
  const serverAdapter = new ExpressAdapter()
  serverAdapter.setBasePath(DASHBOARD_PATH)
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: !writable })), serverAdapter })
  const router = express.Router()
  router.use(DASHBOARD_PATH, (req, res, next) => {
    const [scheme, encoded] = (req.get('authorization') ?? '').split(' ')
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':')
    if (scheme === 'Basic' && same(user ?? '', credentials.user) && same(rest.join(':'), credentials.password))
      return next()
    res.set('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"').status(401).send('authentication required')
  })
  // Belt and braces over the adapters' read-only mode: no method but GET/HEAD gets through.
  if (!writable)
    router.use(DASHBOARD_PATH, (req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') return next()
      res.status(405).json({ ok: false, error: 'the dashboard is read-only (ADMIN_DASHBOARD_WRITABLE)' })
    })
  router.use(DASHBOARD_PATH, serverAdapter.getRouter() as Router)
  return router
}
