import fs from 'node:fs'
import path from 'node:path'
import express, { type Router } from 'express'
import type { Telegraf } from 'telegraf'
import type { BotContext, Deps } from '../../bot/context'
import { webAppUrl } from '../../ui'
import { galleryApi } from './api'

// The Mini App on the gateway's express: its built page (packages/webapp's dist, a workspace
// dependency, so `pnpm deploy` carries it) under /app/, its API under /app/api/.

export const APP_PATH = '/app'

/** The built app's folder, or undefined when it was not built. */
function distDir(): string | undefined {
  try {
    const dir = path.join(path.dirname(require.resolve('@kiebot/webapp/package.json')), 'dist')
    return fs.existsSync(path.join(dir, 'index.html')) ? dir : undefined
  } catch {
    return undefined
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

function csp(scriptUrl: string): string {
  const scriptOrigin = new URL(scriptUrl).origin
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptOrigin}`,
    "style-src 'self' 'unsafe-inline'",
    // Kie's result links are shown while they live (any host), files through this gateway
    "img-src 'self' blob: data: https: http:",
    "media-src 'self' blob: https: http:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ')
}

export function galleryRouter(deps: Deps, bot: Telegraf<BotContext>): Router {
  const router = express.Router()
  router.use(`${APP_PATH}/api`, galleryApi(deps, bot))
  if ((deps.config.WEBAPP_URL ?? deps.config.PUBLIC_URL) && !webAppUrl(deps.config))
    deps.logger.warn('the Mini App URL is not https (Telegram refuses it): no button opens the app')
  const dir = distDir()
  if (!dir) {
    deps.logger.warn('the Mini App is not built (packages/webapp/dist): /app/ answers 503')
    router.use(APP_PATH, (_req, res) => void res.status(503).type('text').send('The Mini App is not built.'))
    return router
  }
  const scriptUrl = deps.config.WEBAPP_SCRIPT_URL
  // the page names the WebApp script it loads (Telegram's, or the sandbox's stand-in)
  const page = fs
    .readFileSync(path.join(dir, 'index.html'), 'utf8')
    .replace('https://telegram.org/js/telegram-web-app.js', () => escapeHtml(scriptUrl))
  const sendPage: express.RequestHandler = (_req, res) => {
    res.set({
      'content-security-policy': csp(scriptUrl),
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
    })
    res.type('html').send(page)
  }
  router.get([`${APP_PATH}`, `${APP_PATH}/`, `${APP_PATH}/index.html`], sendPage)
  router.use(APP_PATH, express.static(dir, { index: false, maxAge: '7d', immutable: true, fallthrough: true }))
  return router
}
