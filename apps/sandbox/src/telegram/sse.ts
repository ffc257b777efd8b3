/**
 * Server-Sent Events: `GET /_control/telegram/events?chatId=&bot=&types=` streams emulator events
 * as `id: <seq>` / `event: <type>` / `data: <event JSON>`. Reconnects resume from Last-Event-ID.
 */
import type { Emulator } from './emulator'
import type { EmulatorEvent } from './events'
import type { Request, Response } from './express'

const HEARTBEAT_MS = 15_000

export class EventStreams {
  private readonly open = new Set<Response>()

  constructor(private readonly emu: Emulator) {}

  handle(req: Request, res: Response): void {
    const chatId =
      typeof req.query.chatId === 'string' && req.query.chatId !== '' ? Number(req.query.chatId) : undefined
    const botRef = typeof req.query.bot === 'string' && req.query.bot !== '' ? req.query.bot : undefined
    const botId = botRef !== undefined ? this.emu.resolveBot(botRef).id : undefined
    const types =
      typeof req.query.types === 'string' && req.query.types !== '' ? new Set(req.query.types.split(',')) : undefined
    const lastId = Number(req.get('last-event-id') ?? req.query.since ?? NaN)
    const wanted = (event: EmulatorEvent): boolean =>
      (chatId === undefined || event.chatId === chatId) &&
      (botId === undefined || event.botId === botId) &&
      (!types || types.has(event.type))

    res.status(200)
    res.setHeader('content-type', 'text/event-stream; charset=utf-8')
    res.setHeader('cache-control', 'no-cache, no-transform')
    res.setHeader('connection', 'keep-alive')
    res.setHeader('x-accel-buffering', 'no')
    res.flushHeaders()
    res.write('retry: 1000\n\n')
    const send = (event: EmulatorEvent): void => {
      if (wanted(event)) res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
    }
    if (Number.isFinite(lastId)) this.emu.events.since(lastId).forEach(send)
    this.emu.events.on('event', send)
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
    this.open.add(res)
    res.on('close', () => {
      clearInterval(heartbeat)
      this.emu.events.off('event', send)
      this.open.delete(res)
    })
  }

  closeAll(): void {
    for (const res of this.open) res.end()
    this.open.clear()
  }
}
