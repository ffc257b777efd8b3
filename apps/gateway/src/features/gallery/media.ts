import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { GatewayConfig } from '@kiebot/config'
import { TELEGRAM_DOWNLOAD_LIMIT_BYTES } from '@kiebot/models'
import { withDeadline } from '@kiebot/ops'
import { mediaTypeOf, resultItems, resultPoster } from '@kiebot/telegram'
import type { Request, Response } from 'express'
import { LRUCache } from 'lru-cache'
import type { Telegraf, Telegram } from 'telegraf'
import { requestTelegram } from '../../bot/app-client'
import type { BotContext, Deps } from '../../bot/context'
import { appUser, mediaAllowed } from './auth'

type CallApiOptions = Parameters<Telegram['callApi']>[2]

// A result's media for the Mini App: a delivered file is fetched from Telegram here (getFile,
// then the file's download URL, which holds the bot token: it never leaves this process) and
// streamed to the app, never held whole; a result Telegram never accepted is Kie's link (a
// redirect, while it lives, to an https address only). Small files (the grid's thumbnails, most
// images) are kept in this process's memory for a while (an LRU bounded in bytes, never Redis),
// so a grid shown again does not fetch them from Telegram again. Requests are bounded per user
// per minute, and the downloads in flight per user and in all.

/** files up to this size are cached */
export const MEDIA_CACHE_MAX_BYTES = 1024 * 1024
export const MEDIA_CACHE_TTL_SECONDS = 6 * 3600
/** downloads one user may have in flight at once, and all users together */
export const MEDIA_USER_IN_FLIGHT = 4
export const MEDIA_IN_FLIGHT = 32
const GET_FILE_TIMEOUT_MS = 10_000
/** until Telegram's download answers */
const DOWNLOAD_TIMEOUT_MS = 30_000
/** the whole transfer of one file */
const TRANSFER_TIMEOUT_MS = 120_000

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether the app may be sent to a result's link: https only, without credentials; http only
 * where the worker may fetch results over it (the sandbox: RESULT_URL_ALLOW_PRIVATE and a host of
 * RESULT_URL_HOSTS).
 */
export function redirectAllowed(
  raw: string,
  config: Pick<GatewayConfig, 'RESULT_URL_HOSTS' | 'RESULT_URL_ALLOW_PRIVATE'>,
): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  if (url.protocol === 'https:') return true
  if (url.protocol !== 'http:' || !config.RESULT_URL_ALLOW_PRIVATE) return false
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return config.RESULT_URL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))
}

interface CachedMedia {
  type: string
  body: Buffer
}

/** Downloads in flight, per user and in all (this process). */
export class InFlight {
  private total = 0
  private readonly perUser = new Map<string, number>()

  /** takes a slot, or false when the user or everyone is at the limit */
  acquire(user: string): boolean {
    const mine = this.perUser.get(user) ?? 0
    if (mine >= MEDIA_USER_IN_FLIGHT || this.total >= MEDIA_IN_FLIGHT) return false
    this.perUser.set(user, mine + 1)
    this.total++
    return true
  }

  release(user: string): void {
    const mine = (this.perUser.get(user) ?? 1) - 1
    if (mine <= 0) this.perUser.delete(user)
    else this.perUser.set(user, mine)
    this.total--
  }
}

class TooBig extends Error {}

export function mediaHandler(deps: Deps, bot: Telegraf<BotContext>) {
  const token = deps.config.TELEGRAM_BOT_TOKEN
  const cacheBytes = deps.config.WEBAPP_MEDIA_CACHE_MB * 1024 * 1024
  const cache =
    cacheBytes > 0
      ? new LRUCache<string, CachedMedia>({
          maxSize: cacheBytes,
          maxEntrySize: MEDIA_CACHE_MAX_BYTES,
          sizeCalculation: (value) => Math.max(1, value.body.length),
          ttl: MEDIA_CACHE_TTL_SECONDS * 1000,
        })
      : undefined
  // the owner's generation and item: another user's request never reaches this key
  const cacheKey = (userId: bigint, generationId: string, index: number, poster: boolean) =>
    `${userId}:${generationId}:${index}${poster ? ':poster' : ''}`
  const inFlight = new InFlight()
  const redact = (error: unknown) => (error instanceof Error ? error.message.replaceAll(token, '***') : 'unknown')
  const fail = (res: Response, status: number, error: string) => void res.status(status).json({ error })
  const ok = (res: Response) =>
    res.set({ 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' })

  return async (req: Request, res: Response): Promise<void> => {
    const { user } = appUser(res)
    const limited = await mediaAllowed(deps, user.id)
    if (limited !== true) {
      res.set('retry-after', String(limited))
      return fail(res, 429, 'too_many')
    }
    const id = String(req.params.id)
    const index = /^\d{1,3}$/.test(String(req.params.index)) ? Number(req.params.index) : -1
    const generation = UUID.test(id) ? await deps.db.generation.findFirst({ where: { id, userId: user.id } }) : null
    // ?thumb=1: a delivered video's poster (its Telegram thumbnail), through the same path and cache
    const poster = req.query.thumb === '1'
    const item =
      generation?.status !== 'succeeded'
        ? undefined
        : poster
          ? resultPoster(generation, index)
          : resultItems(generation)[index]
    if (!item) return fail(res, 404, 'not_found')
    if (item.kind === 'link') {
      if (!redirectAllowed(item.url, deps.config)) return fail(res, 404, 'not_found')
      return void ok(res).redirect(302, item.url)
    }

    const key = cacheKey(user.id, id, index, poster)
    const cached = cache?.get(key)
    if (cached) return void ok(res).type(cached.type).send(cached.body)

    const slot = String(user.id)
    if (!inFlight.acquire(slot)) {
      res.set('retry-after', '1')
      return fail(res, 429, 'too_many')
    }
    // the upstream calls end when the app goes away
    const upstream = new AbortController()
    const onClose = () => {
      if (!res.writableFinished) upstream.abort()
    }
    res.on('close', onClose)
    try {
      let file: { file_path?: string; file_size?: number }
      try {
        file = await requestTelegram(bot).callApi(
          'getFile',
          { file_id: item.fileId },
          // telegraf types the signal as its polyfill's; it takes the platform's
          { signal: withDeadline(GET_FILE_TIMEOUT_MS, upstream.signal) } as CallApiOptions,
        )
      } catch (error) {
        if (upstream.signal.aborted) return // the app went away
        if (/file is too big/i.test(String(error))) return fail(res, 413, 'too_big')
        deps.logger.warn('app media: getFile failed', { generationId: id, error: redact(error) })
        return fail(res, 502, 'telegram_unavailable')
      }
      if (!file.file_path) return fail(res, 404, 'not_found')
      if ((file.file_size ?? 0) > TELEGRAM_DOWNLOAD_LIMIT_BYTES) return fail(res, 413, 'too_big')
      const type = mediaTypeOf(file.file_path) ?? 'application/octet-stream'
      const url = `${deps.config.TELEGRAM_API_ROOT}/file/bot${token}/${file.file_path}`
      const transfer = withDeadline(TRANSFER_TIMEOUT_MS, upstream.signal)
      let response: globalThis.Response
      try {
        response = await fetch(url, { signal: withDeadline(DOWNLOAD_TIMEOUT_MS, transfer) })
        if (!response.ok || !response.body) throw new Error(`status ${response.status}`)
      } catch (error) {
        if (upstream.signal.aborted) return
        // the message never names the URL (it holds the token)
        deps.logger.warn('app media: download failed', { generationId: id, error: redact(error) })
        return fail(res, 502, 'telegram_unavailable')
      }
      const declared = Number(response.headers.get('content-length') ?? NaN)
      if (declared > TELEGRAM_DOWNLOAD_LIMIT_BYTES) {
        upstream.abort()
        return fail(res, 413, 'too_big')
      }
      // counted as it passes: above the bound the transfer is cut (the answer has begun)
      let seen = 0
      let kept: Buffer[] | undefined = cache ? [] : undefined
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length
          if (seen > TELEGRAM_DOWNLOAD_LIMIT_BYTES)
            return done(new TooBig(`more than ${TELEGRAM_DOWNLOAD_LIMIT_BYTES} bytes`))
          if (kept && seen <= MEDIA_CACHE_MAX_BYTES) kept.push(chunk)
          else kept = undefined
          done(null, chunk)
        },
      })
      ok(res).type(type)
      if (Number.isSafeInteger(declared)) res.set('content-length', String(declared))
      try {
        await pipeline(
          Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>, { signal: transfer }),
          counter,
          res,
        )
      } catch (error) {
        const clientLeft = upstream.signal.aborted
        upstream.abort()
        if (!res.headersSent && !res.destroyed) {
          // an error is never cached by the app
          res.removeHeader('cache-control')
          res.removeHeader('content-length')
          return fail(
            res,
            error instanceof TooBig ? 413 : 502,
            error instanceof TooBig ? 'too_big' : 'telegram_unavailable',
          )
        }
        if (!clientLeft) deps.logger.warn('app media: transfer cut', { generationId: id, error: redact(error) })
        return
      }
      if (cache && kept) cache.set(key, { type, body: Buffer.concat(kept) })
    } finally {
      res.off('close', onClose)
      inFlight.release(slot)
    }
  }
}
