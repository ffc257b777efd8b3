/** createTelegramEmulator: the express app (Bot API, file downloads, control API) around one emulator. */
import { BotApi } from './api'
import { createControl, type TelegramEmulatorControl } from './control'
import { controlRouter } from './control-http'
import { Emulator, type BotSeed, type UserSeed } from './emulator'
import { express, type ErrorRequestHandler, type Express } from './express'
import { apiRoute, fileRoute } from './routes'
import type { SettingsPatch } from './settings'
import { EventStreams } from './sse'

export interface TelegramEmulatorOptions extends SettingsPatch {
  /** bots registered from the start (and again after reset) */
  bots?: BotSeed[]
  /** users (with their private chats) created from the start (and again after reset) */
  users?: UserSeed[]
}

export interface TelegramEmulator {
  /** express app; serves /bot<token>/<method>, /file/bot<token>/<path>, /_control/telegram/*; mount it at the root */
  app: Express
  control: TelegramEmulatorControl
  /** stops webhook deliveries, long polls, timers and event streams (the HTTP server is the caller's) */
  close(): void
}

export function createTelegramEmulator(options: TelegramEmulatorOptions = {}): TelegramEmulator {
  const { bots, users, ...settings } = options
  const emu = new Emulator(settings, { ...(bots ? { bots } : {}), ...(users ? { users } : {}) })
  const api = new BotApi(emu)
  const control = createControl(emu)
  const streams = new EventStreams(emu)
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.use(apiRoute(emu, api))
  app.use(fileRoute(emu))
  app.use('/_control/telegram', controlRouter(control, emu, streams))
  const onError: ErrorRequestHandler = (error, req, res, next) => {
    if (!req.path.startsWith('/bot') && !req.path.startsWith('/file/bot') && !req.path.startsWith('/_control/telegram'))
      return next(error)
    if (res.headersSent) return void res.end()
    res.status(500).json({ ok: false, error_code: 500, description: 'Internal Server Error' })
  }
  app.use(onError)
  return {
    app,
    control,
    close: () => {
      emu.stop()
      streams.closeAll()
    },
  }
}
