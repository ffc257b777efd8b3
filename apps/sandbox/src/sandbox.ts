import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { listenOn } from '@kiebot/ops'
import { cbrRouter } from './cbr'
import { createKieEmulator, type KieEmulator } from './kie'
import { createTelegramEmulator, type TelegramEmulator } from './telegram'
import { webChatRouter } from './web'

export const KIE_PREFIX = '/kie'
export const CBR_PREFIX = '/cbr'

export interface SandboxOptions {
  port?: number
  host?: string
  /** the bot token the gateway and worker use */
  botToken: string
  /** the Kie API key the worker uses */
  kieApiKey: string
  /** USD -> RUB served by the CBR stand-in */
  rubPerUsd?: number
  /** the fake user the chat page starts with (not an admin) */
  user?: SandboxUser
  /** a second user, the one ADMIN_IDS names (scripts/start.js): one click away on the page; null: none */
  admin?: SandboxUser | null
}

export interface SandboxUser {
  id: number
  firstName: string
  languageCode: string
}

/** the users `pnpm start` seeds: a regular user the page opens with, and the admin of ADMIN_IDS */
export const SANDBOX_USER: SandboxUser = { id: 100000001, firstName: 'Sandbox User', languageCode: 'ru' }
export const SANDBOX_ADMIN: SandboxUser = { id: 100000002, firstName: 'Sandbox Admin', languageCode: 'ru' }

export interface Sandbox {
  url: string
  telegram: TelegramEmulator
  kie: KieEmulator
  server: Server
  close(): Promise<void>
}

/**
 * Everything the product talks to, on one local port: the Telegram Bot API at the
 * root (/bot<token>/..., /file/bot..., /_control/telegram), Kie.ai under /kie (API,
 * upload host, files, /kie/_control), the CBR rates under /cbr, and the web chat page.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const user = options.user ?? SANDBOX_USER
  const admin = options.admin === undefined ? SANDBOX_ADMIN : options.admin
  const seeded = [user, ...(admin && admin.id !== user.id ? [admin] : [])]
  const telegram = createTelegramEmulator({
    bots: [{ token: options.botToken, username: 'kie_sandbox_bot', firstName: 'Kie Sandbox' }],
    users: seeded.map((u) => ({ id: u.id, first_name: u.firstName, language_code: u.languageCode })),
  })
  const kie = createKieEmulator({ apiKey: options.kieApiKey, credits: 1_000_000 })
  const app = express()
  app.disable('x-powered-by')
  // the process is up and both emulators are mounted (scripts/start.js waits for it)
  app.get('/healthz', (_req, res) => void res.json({ ok: true }))
  app.use(KIE_PREFIX, kie.app)
  app.use(
    CBR_PREFIX,
    cbrRouter(() => options.rubPerUsd ?? 90),
  )
  // the web chat page: GET /, /chat/app.js, /chat/app.css, /chat/config.json only (before the emulator's catch-alls)
  app.use(webChatRouter({ control: telegram.control, defaultUserId: user.id, adminUserId: admin?.id }))
  app.use(telegram.app)
  const server = await listenOn(app, options.port ?? 0, options.host ?? '127.0.0.1')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    telegram,
    kie,
    server,
    close: async () => {
      telegram.close()
      kie.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
