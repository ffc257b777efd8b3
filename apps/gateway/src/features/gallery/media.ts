import { TELEGRAM_DOWNLOAD_LIMIT_BYTES } from '@kiebot/models'
import { resultItems, resultPoster } from '@kiebot/telegram'
import type { Request, Response } from 'express'
import type { Telegraf } from 'telegraf'
import type { BotContext, Deps } from '../../bot/context'
import { appUser } from './auth'

// A result's media for the Mini App: a delivered file is fetched from Telegram here (getFile,
// then the file's download URL, which holds the bot token: it never leaves this process), a
// result Telegram never accepted is Kie's link (a redirect, while it lives). Small files (the
// grid's thumbnails, most images) are kept in Redis for a while, so a grid shown again does
// not fetch them from Telegram again.

/** files up to this size are cached */
export const MEDIA_CACHE_MAX_BYTES = 1024 * 1024
export const MEDIA_CACHE_TTL_SECONDS = 6 * 3600
const DOWNLOAD_TIMEOUT_MS = 30_000

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
}

function contentTypeOf(filePath: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(filePath)?.[1]?.toLowerCase()
  return (ext && TYPES[ext]) ?? 'application/octet-stream'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function mediaHandler(deps: Deps, bot: Telegraf<BotContext>) {
  const cacheKey = (fileId: string) => `${deps.config.QUEUE_PREFIX}:app-media:${fileId}`
  return async (req: Request, res: Response): Promise<void> => {
    const { user } = appUser(res)
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
    if (!item) return void res.status(404).json({ error: 'not_found' })
    res.set({ 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' })
    if (item.kind === 'link') return void res.redirect(302, item.url)

    const cached = await deps.redis.getBuffer(cacheKey(item.fileId)).catch(() => null)
    if (cached && cached.length > 0) {
      const split = cached.indexOf(0)
      res.type(cached.subarray(0, split).toString()).send(cached.subarray(split + 1))
      return
    }
    let file: { file_path?: string; file_size?: number }
    try {
      file = await bot.telegram.getFile(item.fileId)
    } catch (error) {
      deps.logger.warn('app media: getFile failed', { generationId: id, error: String(error) })
      return void res.status(502).json({ error: 'telegram_unavailable' })
    }
    if (!file.file_path) return void res.status(404).json({ error: 'not_found' })
    if ((file.file_size ?? 0) > TELEGRAM_DOWNLOAD_LIMIT_BYTES) return void res.status(413).json({ error: 'too_big' })
    const url = `${deps.config.TELEGRAM_API_ROOT}/file/bot${deps.config.TELEGRAM_BOT_TOKEN}/${file.file_path}`
    let body: Buffer
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
      if (!response.ok) throw new Error(`status ${response.status}`)
      body = Buffer.from(await response.arrayBuffer())
    } catch (error) {
      // the message never names the URL (it holds the token)
      deps.logger.warn('app media: download failed', {
        generationId: id,
        error: error instanceof Error ? error.message.replaceAll(deps.config.TELEGRAM_BOT_TOKEN, '***') : 'unknown',
      })
      return void res.status(502).json({ error: 'telegram_unavailable' })
    }
    if (body.length > TELEGRAM_DOWNLOAD_LIMIT_BYTES) return void res.status(413).json({ error: 'too_big' })
    const type = contentTypeOf(file.file_path)
    if (body.length <= MEDIA_CACHE_MAX_BYTES)
      await deps.redis
        .set(
          cacheKey(item.fileId),
          Buffer.concat([Buffer.from(type), Buffer.from([0]), body]),
          'EX',
          MEDIA_CACHE_TTL_SECONDS,
        )
        .catch(() => undefined)
    res.type(type).send(body)
  }
}
