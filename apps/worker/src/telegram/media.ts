import type { OutputKind } from '@kiebot/models'
import { TelegramApiError, type BotApi, type UploadFile } from './bot-api'
import { readAtMost } from './read-at-most'
import { fetchResult, type ResultFetchPolicy } from './result-fetch'
import {
  formatDeliveredItem,
  isWrongFileType,
  replyMarkup as markup,
  type DeliveredItem,
  type InlineKeyboard,
} from '@kiebot/telegram'

const MB = 1024 * 1024
/** Telegram fetches URLs up to 5 MB (photos) / 20 MB (others); uploads up to 10 MB / 50 MB. */
export const TELEGRAM_LIMITS = { urlPhoto: 5 * MB, urlOther: 20 * MB, uploadPhoto: 10 * MB, uploadOther: 50 * MB }

const SEND = {
  image: { method: 'sendPhoto', field: 'photo' },
  video: { method: 'sendVideo', field: 'video' },
  audio: { method: 'sendAudio', field: 'audio' },
} as const

interface SentMessage {
  photo?: { file_id: string }[]
  video?: { file_id: string; thumbnail?: { file_id: string } }
  audio?: { file_id: string }
  document?: { file_id: string; thumbnail?: { file_id: string } }
}

/** What a sent result left: the stored delivered item, and a video's poster (its thumbnail's file id). */
export interface SentResult {
  stored: string
  poster: string | null
}

export interface ResultItem {
  chatId: string
  url: string
  kind: OutputKind
  caption: string
  keyboard?: InlineKeyboard
  /** more fields of the media call (an audio's title and performer) */
  extra?: Record<string, unknown>
  /** the text sent when the file cannot go as media; the url goes on its button */
  linkText: string
  /** the label of that button ("Download"); without it the text itself must carry the url */
  linkButton?: string
}

/** The link message's buttons: the download button first, then the result's own. */
export function linkKeyboard(
  url: string,
  label: string | undefined,
  keyboard: InlineKeyboard | undefined,
): InlineKeyboard {
  return [...(label ? [[{ text: label, url }]] : []), ...(keyboard ?? [])]
}

/** Telegram refused this way of sending (bad URL content, too large, bad dimensions): try the next way. */
function refusedThisWay(error: unknown): boolean {
  return error instanceof TelegramApiError && (error.code === 400 || error.code === 413)
}

function fileIdOf(message: SentMessage): string {
  const photo = message.photo?.[message.photo.length - 1]
  return photo?.file_id ?? message.video?.file_id ?? message.audio?.file_id ?? message.document?.file_id ?? ''
}

/** a video's poster: Telegram's thumbnail of the video (or of the video sent as a document) */
function sentOf(message: SentMessage, kind: OutputKind): SentResult {
  const poster = kind === 'video' ? (message.video ?? message.document)?.thumbnail?.file_id : undefined
  return { stored: fileIdOf(message), poster: typeof poster === 'string' && poster !== '' ? poster : null }
}

async function probe(url: string, policy: ResultFetchPolicy): Promise<{ size: number | null }> {
  try {
    const response = await fetchResult(url, { method: 'HEAD', timeoutMs: 15_000, policy })
    const size = Number(response.headers['content-length'] ?? NaN)
    return { size: response.status >= 200 && response.status < 300 && Number.isFinite(size) ? size : null }
  } catch {
    return { size: null }
  }
}

async function download(
  url: string,
  maxBytes: number,
  policy: ResultFetchPolicy,
): Promise<{ bytes: Uint8Array; mimeType: string | null } | null> {
  try {
    const response = await fetchResult(url, { method: 'GET', timeoutMs: 120_000, policy })
    const declared = Number(response.headers['content-length'] ?? NaN)
    if (response.status < 200 || response.status >= 300 || declared > maxBytes) {
      response.body.destroy()
      return null
    }
    const bytes = await readAtMost(response.body, maxBytes)
    if (!bytes) return null
    const type = response.headers['content-type']
    return { bytes, mimeType: type?.split(';')[0]?.trim() ?? null }
  } catch {
    // refused (host, address, redirect), network error or timeout: the result goes as a link
    return null
  }
}

function fileNameFor(url: string, kind: OutputKind): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
  if (/\.[A-Za-z0-9]{2,5}$/.test(last)) return last
  return `result.${kind === 'image' ? 'png' : kind === 'video' ? 'mp4' : 'mp3'}`
}

/**
 * Sends one result the best way Telegram allows: by URL when within its URL limits,
 * otherwise downloaded and uploaded (up to 50 MB; photos over 10 MB as a document),
 * otherwise as a link. Returns the stored delivered item (the Telegram file id, or a link: `formatDeliveredItem`)
 * and, for a video, its poster's file id (Telegram's thumbnail).
 * Errors other than "refused this way" (429, 403, 5xx, network) are thrown to the caller.
 * The worker itself fetches the URL (size, download) only as `policy` allows.
 */
export async function sendResult(bot: BotApi, item: ResultItem, policy: ResultFetchPolicy): Promise<SentResult> {
  const { method, field } = SEND[item.kind]
  const common: Record<string, unknown> = {
    chat_id: item.chatId,
    caption: item.caption,
    parse_mode: 'HTML',
    ...(item.keyboard?.length ? { reply_markup: { inline_keyboard: item.keyboard } } : {}),
  }
  const media = { ...common, ...item.extra }
  const { size } = await probe(item.url, policy)
  const urlLimit = item.kind === 'image' ? TELEGRAM_LIMITS.urlPhoto : TELEGRAM_LIMITS.urlOther
  if (size !== null && size <= urlLimit) {
    try {
      return sentOf(await bot.call<SentMessage>(method, { ...media, [field]: item.url }), item.kind)
    } catch (error) {
      if (!refusedThisWay(error)) throw error
    }
  }
  const file =
    size !== null && size > TELEGRAM_LIMITS.uploadOther
      ? null
      : await download(item.url, TELEGRAM_LIMITS.uploadOther, policy)
  if (file) {
    const upload: UploadFile = {
      bytes: file.bytes,
      fileName: fileNameFor(item.url, item.kind),
      ...(file.mimeType ? { mimeType: file.mimeType } : {}),
    }
    if (item.kind !== 'image' || file.bytes.length <= TELEGRAM_LIMITS.uploadPhoto) {
      try {
        return sentOf(await bot.call<SentMessage>(method, media, { [field]: upload }), item.kind)
      } catch (error) {
        if (!refusedThisWay(error)) throw error
      }
    }
    try {
      return sentOf(await bot.call<SentMessage>('sendDocument', common, { document: upload }), item.kind)
    } catch (error) {
      if (!refusedThisWay(error)) throw error
    }
  }
  await bot.call('sendMessage', {
    chat_id: item.chatId,
    text: item.linkText,
    parse_mode: 'HTML',
    ...markup(linkKeyboard(item.url, item.linkButton, item.keyboard)),
  })
  return { stored: formatDeliveredItem({ kind: 'link', url: item.url }), poster: null }
}

/** `sendResult`'s stored delivered item alone. */
export async function sendResultItem(bot: BotApi, item: ResultItem, policy: ResultFetchPolicy): Promise<string> {
  return (await sendResult(bot, item, policy)).stored
}

/**
 * Sends one stored item of a delivered result again (History → Resend): a file by its Telegram
 * file id, as the model's media type (a file that went out as a document, too large for its
 * type, is sent as a document), or a link as a plain message. Errors are the caller's.
 */
export async function sendStoredItem(
  bot: BotApi,
  item: {
    chatId: string
    kind: OutputKind | undefined
    stored: DeliveredItem
    /** the result's caption (HTML), as it first went out */
    caption?: string
    /** an audio's title and performer */
    extra?: Record<string, unknown>
    /** a link item: the label of its download button (the text stays the url itself) */
    linkButton?: string
  },
): Promise<void> {
  const { stored } = item
  if (stored.kind === 'link') {
    await bot.call('sendMessage', {
      chat_id: item.chatId,
      text: stored.url,
      ...markup(linkKeyboard(stored.url, item.linkButton, undefined)),
    })
    return
  }
  const caption = item.caption ? { caption: item.caption, parse_mode: 'HTML' } : {}
  if (item.kind === undefined) {
    await bot.call('sendDocument', { chat_id: item.chatId, document: stored.fileId, ...caption })
    return
  }
  const { method, field } = SEND[item.kind]
  try {
    await bot.call(method, { chat_id: item.chatId, [field]: stored.fileId, ...caption, ...item.extra })
  } catch (error) {
    if (!isWrongFileType(error)) throw error
    await bot.call('sendDocument', { chat_id: item.chatId, document: stored.fileId, ...caption })
  }
}

/**
 * A result's original file, from its URL, as a document (Telegram keeps a document's bytes as
 * they are): by URL within Telegram's 20 MB, else downloaded and uploaded (up to 50 MB).
 * Returns 'sent', 'too_big' (the caller offers the link) or 'gone' (the link no longer works).
 * Errors other than a refusal are thrown to the caller.
 */
export async function sendOriginal(
  bot: BotApi,
  item: { chatId: string; url: string; kind: OutputKind; caption: string },
  policy: ResultFetchPolicy,
): Promise<'sent' | 'too_big' | 'gone'> {
  const common = { chat_id: item.chatId, caption: item.caption, parse_mode: 'HTML' }
  let status = 0
  let size: number | null = null
  try {
    const response = await fetchResult(item.url, { method: 'HEAD', timeoutMs: 15_000, policy })
    status = response.status
    const length = Number(response.headers['content-length'] ?? NaN)
    size = Number.isFinite(length) ? length : null
  } catch {
    status = 0
  }
  if (status >= 400 && status < 500) return 'gone'
  if (size !== null && size <= TELEGRAM_LIMITS.urlOther) {
    try {
      await bot.call('sendDocument', { ...common, document: item.url })
      return 'sent'
    } catch (error) {
      if (!refusedThisWay(error)) throw error
    }
  }
  if (size !== null && size > TELEGRAM_LIMITS.uploadOther) return 'too_big'
  const file = await download(item.url, TELEGRAM_LIMITS.uploadOther, policy)
  if (!file) return status === 0 ? 'gone' : 'too_big'
  const upload: UploadFile = {
    bytes: file.bytes,
    fileName: fileNameFor(item.url, item.kind),
    ...(file.mimeType ? { mimeType: file.mimeType } : {}),
  }
  try {
    await bot.call('sendDocument', common, { document: upload })
    return 'sent'
  } catch (error) {
    if (!refusedThisWay(error)) throw error
    return 'too_big'
  }
}

/** Telegram's album size (sendMediaGroup takes 2-10 items). */
export const ALBUM_MAX_ITEMS = 10
/** One album request uploads at most this much (Telegram's request limit); more goes item by item. */
const ALBUM_UPLOAD_BYTES = TELEGRAM_LIMITS.uploadOther

export interface AlbumItems {
  chatId: string
  urls: string[]
  kind: OutputKind
  /** on the first item (Telegram shows it as the album's caption) */
  caption: string
  /** more fields of each item, in order (an audio's title and performer) */
  extras?: (Record<string, unknown> | undefined)[]
}

/**
 * Sends 2-10 results as one album, each item by URL when within Telegram's URL limits, else
 * uploaded. Returns the file ids in order, or null when the album cannot be made (an item
 * too big to upload, or Telegram refused the album): the caller then sends the items one by
 * one with their own fallbacks (document, link). Nothing is sent when null is returned.
 * The worker itself fetches an item (size, download) only as `policy` allows.
 * Errors other than a refusal (429, 403, 5xx, network) are thrown to the caller.
 */
export async function sendAlbum(bot: BotApi, album: AlbumItems, policy: ResultFetchPolicy): Promise<string[] | null> {
  return (await sendAlbumResults(bot, album, policy))?.map((sent) => sent.stored) ?? null
}

/** `sendAlbum` with each item's poster (a video's thumbnail file id). */
export async function sendAlbumResults(
  bot: BotApi,
  album: AlbumItems,
  policy: ResultFetchPolicy,
): Promise<SentResult[] | null> {
  if (album.urls.length < 2 || album.urls.length > ALBUM_MAX_ITEMS) return null
  const urlLimit = album.kind === 'image' ? TELEGRAM_LIMITS.urlPhoto : TELEGRAM_LIMITS.urlOther
  const uploadLimit = album.kind === 'image' ? TELEGRAM_LIMITS.uploadPhoto : TELEGRAM_LIMITS.uploadOther
  const type = SEND[album.kind].field
  const media: Record<string, unknown>[] = []
  const files: Record<string, UploadFile> = {}
  let uploaded = 0
  for (const [index, url] of album.urls.entries()) {
    const caption = { ...(index === 0 ? { caption: album.caption, parse_mode: 'HTML' } : {}), ...album.extras?.[index] }
    const { size } = await probe(url, policy)
    if (size !== null && size <= urlLimit) {
      media.push({ type, media: url, ...caption })
      continue
    }
    const file =
      size !== null && size > uploadLimit
        ? null
        : await download(url, Math.min(uploadLimit, ALBUM_UPLOAD_BYTES - uploaded), policy)
    if (!file) return null
    uploaded += file.bytes.length
    const name = `item${index}`
    files[name] = {
      bytes: file.bytes,
      fileName: fileNameFor(url, album.kind),
      ...(file.mimeType ? { mimeType: file.mimeType } : {}),
    }
    media.push({ type, media: `attach://${name}`, ...caption })
  }
  let messages: SentMessage[]
  try {
    messages = await bot.call<SentMessage[]>('sendMediaGroup', { chat_id: album.chatId, media }, files)
  } catch (error) {
    if (refusedThisWay(error)) return null
    throw error
  }
  return messages.map((message) => sentOf(message, album.kind))
}
