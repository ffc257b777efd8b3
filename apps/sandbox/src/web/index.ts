/**
 * The sandbox's web chat page: `GET /` (the page; also `/chat`), its modules `/chat/app.js`,
 * `/chat/render.js` and `/chat/texts.js` (files under apps/sandbox/client), `/chat/app.css`,
 * `/telegram-web-app.js` (the Mini App panel's WebApp stand-in), `/favicon.ico` (empty) and `/chat/config.json` (the bot's display name and the default user;
 * never a token). Everything else the page does goes through the Telegram emulator's control API
 * under /_control/telegram.
 * Only these exact paths are routed, so /bot*, /file/bot*, /_control/*, /kie/* and /cbr/* pass by.
 */
import express, { type RequestHandler, type Router } from 'express'
import type { TelegramEmulatorControl } from '../telegram'
import { CLIENT_SOURCES, WEB_APP_SCRIPT } from './client'
import { PAGE_CSS, PAGE_HTML } from './page'

export { escapeHtml, linkifyText, renderTelegramHtml } from './render'
export { TEXTS, type PageLanguage, type TextKey } from './texts'

/** Where the sandbox serves its `window.Telegram.WebApp` stand-in (WEBAPP_SCRIPT_URL points here). */
export const WEB_APP_SCRIPT_PATH = '/telegram-web-app.js'

export interface WebChatOptions {
  control: TelegramEmulatorControl
  /** the user the page selects first (when the browser has no remembered choice) */
  defaultUserId?: number
  /** the admin user (ADMIN_IDS), one click away on the page */
  adminUserId?: number
}

export interface WebChatConfig {
  bot: { username: string; firstName: string } | null
  defaultUserId: number | null
  adminUserId: number | null
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // the Mini App panel opens the bot's web_app URLs (the gateway's page)
  'frame-src http: https:',
  "frame-ancestors 'none'",
].join('; ')

function serve(contentType: string, body: string): RequestHandler {
  return (_req, res) => {
    res.set({
      'content-type': contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...(contentType.startsWith('text/html') ? { 'content-security-policy': CSP } : {}),
    })
    res.send(body)
  }
}

export function webChatConfig(options: WebChatOptions): WebChatConfig {
  const bot = options.control.bots()[0]
  return {
    bot: bot ? { username: bot.username, firstName: bot.firstName } : null,
    defaultUserId: options.defaultUserId ?? null,
    adminUserId: options.adminUserId ?? null,
  }
}

export function webChatRouter(options: WebChatOptions): Router {
  const router = express.Router()
  router.get(['/', '/chat', '/chat/'], serve('text/html; charset=utf-8', PAGE_HTML))
  for (const [name, source] of Object.entries(CLIENT_SOURCES))
    router.get(`/chat/${name}`, serve('text/javascript; charset=utf-8', source))
  router.get('/chat/app.css', serve('text/css; charset=utf-8', PAGE_CSS))
  // the stand-in for Telegram's telegram-web-app.js, loaded by a Mini App the panel opens
  router.get(WEB_APP_SCRIPT_PATH, serve('text/javascript; charset=utf-8', WEB_APP_SCRIPT))
  router.get('/favicon.ico', (_req, res) => void res.status(204).end())
  router.get('/chat/config.json', (_req, res) => {
    res.set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    res.json(webChatConfig(options))
  })
  return router
}
