/** HTTP: `/bot<token>/<method>` (also `/bot<token>/test/<method>`) and `/file/bot<token>/<file_path>`. */
import type { BotApi } from './api'
import type { Emulator } from './emulator'
import { ApiError, notFound, unauthorized } from './errors'
import type { Request, RequestHandler, Response } from './express'
import { readApiRequest } from './request'

const API_PATH = /^\/bot([^/]+)\/(?:test\/)?([^/]*)\/?$/
const FILE_PATH = /^\/file\/bot([^/]+)\/(?:test\/)?(.+)$/

function sendError(res: Response, error: ApiError): void {
  res.status(error.errorCode).json(error.body())
}

/** aborts when the client disconnects before the answer */
function requestSignal(req: Request, res: Response): AbortSignal {
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  req.on('aborted', () => controller.abort())
  return controller.signal
}

/** the file, then `extra` zero bytes, in 64 KB chunks without a content-length (stops when the client goes) */
function sendChunked(res: Response, bytes: Buffer, extra: number, head: boolean): void {
  res.status(200)
  if (head) return void res.end()
  res.write(bytes)
  const chunk = Buffer.alloc(64 * 1024)
  let left = extra
  const more = (): void => {
    while (left > 0 && !res.destroyed) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
      left -= part.length
      if (!res.write(part)) return void res.once('drain', more)
    }
    if (!res.destroyed) res.end()
  }
  more()
}

export function apiRoute(emu: Emulator, api: BotApi): RequestHandler {
  return async (req, res, next) => {
    const match = API_PATH.exec(req.path)
    if (!match) return next()
    const token = decodeURIComponent(match[1] ?? '')
    const bot = emu.authenticate(token)
    if (!bot) return sendError(res, unauthorized())
    const method = match[2] ?? ''
    if (method === '' || !emu.spec.method(method)) {
      // unknown methods are still recorded (the record shows what the client tried)
      const answer = await api.call(bot, method, {}, new Map(), {
        source: 'http',
        httpMethod: req.method ?? 'GET',
        signal: emu.signal,
      })
      return void res.status(answer.status).json(answer.body)
    }
    let fields: Record<string, unknown>
    let uploads
    try {
      ;({ fields, uploads } = await readApiRequest(req, res, emu.settings.limits.uploadOtherBytes))
    } catch (error) {
      if (error instanceof ApiError) return sendError(res, error)
      return next(error)
    }
    const contentType = req.get('content-type')?.split(';')[0]
    const answer = await api.call(bot, method, fields, uploads, {
      source: 'http',
      httpMethod: req.method ?? 'GET',
      ...(contentType ? { contentType } : {}),
      signal: AbortSignal.any([requestSignal(req, res), emu.signal]),
    })
    if (res.writableEnded || res.destroyed) return
    if (answer.page !== undefined) return void res.status(answer.status).type('html').send(answer.page)
    res.status(answer.status).json(answer.body)
  }
}

export function fileRoute(emu: Emulator): RequestHandler {
  return (req, res, next) => {
    const match = FILE_PATH.exec(req.path)
    if (!match) return next()
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, notFound())
    const bot = emu.authenticate(decodeURIComponent(match[1] ?? ''))
    if (!bot) return sendError(res, unauthorized())
    const path = decodeURIComponent(match[2] ?? '')
    const file = [...emu.state.files.values()].find(
      (candidate) => candidate.botId === bot.id && candidate.filePath === path,
    )
    if (!file || file.bytes.length > emu.settings.limits.downloadBytes) return sendError(res, notFound())
    res.setHeader('content-type', 'application/octet-stream')
    const padding = emu.faults.downloadPadding(file.fileId)
    if (padding?.chunked) return void sendChunked(res, file.bytes, padding.bytes, req.method === 'HEAD')
    const bytes = padding ? Buffer.concat([file.bytes, Buffer.alloc(padding.bytes)]) : file.bytes
    res.setHeader('content-length', String(bytes.length))
    res.status(200).end(req.method === 'HEAD' ? undefined : bytes)
  }
}
