/**
 * Files: storing uploads, fetching URLs with Telegram's size limits, re-sending by file_id, and the
 * PhotoSize / Video / Audio / Voice / Document objects of messages.
 */
import { randomBytes } from 'node:crypto'
import { extname } from 'node:path'
import sharp from 'sharp'
import { withDeadline } from '@kiebot/ops'
import { ApiError, badRequest } from './errors'
import type { Emulator } from './emulator'
import type { Upload } from './request'
import type { BotRecord, FileKind, StoredFile } from './state'
import type { FileObject, MessageEntity, PhotoSize } from './types'

const FILE_ID_PREFIX: Record<FileKind, string> = {
  photo: 'AgAC',
  video: 'BAAC',
  audio: 'CQAC',
  voice: 'AwAC',
  document: 'BQAC',
}
const FOLDER: Record<FileKind, string> = {
  photo: 'photos',
  video: 'videos',
  audio: 'music',
  voice: 'voice',
  document: 'documents',
}
const DEFAULT_EXTENSION: Record<FileKind, string> = {
  photo: '.jpg',
  video: '.mp4',
  audio: '.mp3',
  voice: '.oga',
  document: '',
}
const KIND_NAME: Record<FileKind, string> = {
  photo: 'Photo',
  video: 'Video',
  audio: 'Audio',
  voice: 'Voice',
  document: 'Document',
}
const EXTENSION_BY_MIME: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'audio/mpeg': '.mp3',
  'audio/ogg': '.oga',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
}
/** sendDocument by URL only works for these (core.telegram.org/bots/api#sending-files) */
const DOCUMENT_URL_TYPES = new Set(['image/gif', 'application/pdf', 'application/zip'])

export interface FileDetails {
  mimeType?: string
  fileName?: string
  width?: number
  height?: number
  duration?: number
}

export function storeFile(
  emu: Emulator,
  bot: BotRecord,
  kind: FileKind,
  bytes: Buffer,
  details: FileDetails,
): StoredFile {
  let fileId: string
  do fileId = `${FILE_ID_PREFIX[kind]}${randomBytes(30).toString('base64url')}`
  while (emu.state.files.has(fileId))
  const dimensions = kind === 'photo' || kind === 'video' ? imageSize(bytes) : undefined
  const extension =
    (details.fileName ? extname(details.fileName) : '') ||
    EXTENSION_BY_MIME[details.mimeType ?? ''] ||
    DEFAULT_EXTENSION[kind]
  const width = details.width ?? dimensions?.width ?? (kind === 'photo' || kind === 'video' ? 1280 : undefined)
  const height = details.height ?? dimensions?.height ?? (kind === 'photo' || kind === 'video' ? 720 : undefined)
  const file: StoredFile = {
    fileId,
    fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
    botId: bot.id,
    kind,
    bytes,
    filePath: `${FOLDER[kind]}/file_${emu.state.newFileNumber()}${extension}`,
    ...(details.mimeType ? { mimeType: details.mimeType } : {}),
    ...(details.fileName ? { fileName: details.fileName } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(details.duration !== undefined ? { duration: details.duration } : {}),
  }
  emu.state.files.set(fileId, file)
  if (kind === 'photo') emu.state.files.set(thumbnailId(fileId), file)
  return file
}

/** the small PhotoSize's file_id: an alias of the same stored bytes */
const thumbnailId = (fileId: string): string => `${fileId}_s`

/** the file a bot may use by file_id (file_ids are per bot, like Telegram's) */
export function fileForBot(emu: Emulator, bot: BotRecord, fileId: string): StoredFile | undefined {
  const file = emu.state.files.get(fileId)
  return file && file.botId === bot.id ? file : undefined
}

export interface InputFileSource {
  emu: Emulator
  bot: BotRecord
  params: Record<string, unknown>
  uploads: Map<string, Upload>
}

/** The file named by an InputFile parameter: a multipart upload, attach://name, an HTTP URL or a file_id. */
export async function resolveInputFile(source: InputFileSource, field: string, kind: FileKind): Promise<StoredFile> {
  const { emu, bot, params, uploads } = source
  const limits = emu.settings.limits
  const value = params[field]
  const attached =
    typeof value === 'string' && value.startsWith('attach://') ? value.slice('attach://'.length) : undefined
  const upload = uploads.get(attached ?? field)
  const details = mediaDetails(params)
  if (upload) {
    const limit = kind === 'photo' ? limits.uploadPhotoBytes : limits.uploadOtherBytes
    if (upload.bytes.length > limit) {
      if (kind === 'photo')
        throw badRequest('PHOTO_SAVE_FILE_INVALID', `photo upload of ${upload.bytes.length} bytes > ${limit}`)
      throw new ApiError(
        413,
        'Request Entity Too Large',
        undefined,
        `upload of ${upload.bytes.length} bytes > ${limit}`,
      )
    }
    return withPoster(
      emu,
      checkedPhoto(
        storeFile(emu, bot, kind, upload.bytes, { ...details, ...fileInfo(upload.fileName, upload.mimeType) }),
      ),
    )
  }
  if (typeof value !== 'string' || value === '' || attached !== undefined)
    throw badRequest(`there is no ${field} in the request`)
  if (/^https?:\/\//i.test(value)) {
    const fetched = await fetchUrl(emu, value, kind)
    return withPoster(emu, checkedPhoto(storeFile(emu, bot, kind, fetched.bytes, { ...details, ...fetched.info })))
  }
  const known = fileForBot(emu, bot, value)
  if (!known) throw badRequest('wrong file identifier/HTTP URL specified')
  if (known.kind !== kind) throw badRequest(`can't use file of type ${KIND_NAME[known.kind]} as ${KIND_NAME[kind]}`)
  return known
}

/** a video's poster: at most this many pixels on its longer side, like Telegram's thumbnails */
export const POSTER_MAX_SIDE = 320

const isVideo = (file: StoredFile): boolean =>
  file.kind === 'video' ||
  (file.kind === 'document' &&
    ((file.mimeType ?? '').startsWith('video/') || /\.(mp4|m4v|mov|webm)$/i.test(file.fileName ?? '')))

/**
 * Telegram makes a poster for every video it stores (a video, or a video sent as a document)
 * and answers it as `thumbnail`, a PhotoSize with its own file_id that getFile serves like any
 * file. The emulator has no video decoder, so the poster is drawn: a night sea of the video's
 * aspect ratio, a real JPEG of at most 320 px. A failed drawing leaves the
 * video without a poster (Telegram too sends some videos without one).
 */
async function withPoster(emu: Emulator, file: StoredFile): Promise<StoredFile> {
  if (!isVideo(file) || file.thumbnail) return file
  const scale = Math.min(1, POSTER_MAX_SIDE / Math.max(file.width ?? 1280, file.height ?? 720))
  const width = Math.max(1, Math.round((file.width ?? 1280) * scale))
  const height = Math.max(1, Math.round((file.height ?? 720) * scale))
  let bytes: Buffer
  try {
    bytes = await sharp(Buffer.from(posterSvg(width, height)))
      .resize(width, height, { fit: 'fill' })
      .flatten()
      .jpeg({ quality: 70 })
      .toBuffer()
  } catch {
    return file
  }
  let fileId: string
  do fileId = `AAMC${randomBytes(30).toString('base64url')}`
  while (emu.state.files.has(fileId))
  const poster: StoredFile = {
    fileId,
    fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
    botId: file.botId,
    kind: 'photo',
    bytes,
    filePath: `thumbnails/file_${emu.state.newFileNumber()}.jpg`,
    mimeType: 'image/jpeg',
    width,
    height,
  }
  emu.state.files.set(fileId, poster)
  file.thumbnail = poster
  return file
}

/** a night sea under a moon: a picture, not a play mark (the app draws its own over it) */
function posterSvg(width: number, height: number): string {
  const horizon = height * 0.62
  const r = Math.min(width, height) * 0.12
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d2a4d"/>` +
    `<stop offset="1" stop-color="#6a4c7a"/></linearGradient></defs>` +
    `<rect width="${width}" height="${horizon}" fill="url(#sky)"/>` +
    `<circle cx="${width * 0.7}" cy="${height * 0.3}" r="${r}" fill="#f3e6b5"/>` +
    `<rect y="${horizon}" width="${width}" height="${height - horizon}" fill="#24395e"/>` +
    `<rect x="${width * 0.7 - r * 0.6}" y="${horizon + height * 0.04}" width="${r * 1.2}" height="${height * 0.02}" fill="#f3e6b5" fill-opacity="0.6"/>` +
    `<rect x="${width * 0.7 - r}" y="${horizon + height * 0.1}" width="${r * 2}" height="${height * 0.02}" fill="#f3e6b5" fill-opacity="0.4"/></svg>`
  )
}

function fileInfo(fileName: string | undefined, mimeType: string | undefined): FileDetails {
  return {
    ...(fileName ? { fileName } : {}),
    ...(mimeType && mimeType !== 'application/octet-stream' ? { mimeType } : {}),
  }
}

function mediaDetails(params: Record<string, unknown>): FileDetails {
  const pick = (name: string): number | undefined =>
    typeof params[name] === 'number' ? (params[name] as number) : undefined
  const width = pick('width')
  const height = pick('height')
  const duration = pick('duration')
  return {
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(duration !== undefined ? { duration } : {}),
  }
}

/** photo: width + height ≤ 10000, ratio ≤ 20 */
function checkedPhoto(file: StoredFile): StoredFile {
  if (file.kind !== 'photo' || !file.width || !file.height) return file
  const ratio = Math.max(file.width, file.height) / Math.min(file.width, file.height)
  if (file.width + file.height > 10_000 || ratio > 20) {
    throw badRequest('PHOTO_INVALID_DIMENSIONS', `${file.width}x${file.height}`)
  }
  return file
}

const URL_FAILED = 'failed to get HTTP URL content'

/** the emulator really fetches the URL, with Telegram's limits: 5 MB photos, 20 MB other files */
async function fetchUrl(emu: Emulator, url: string, kind: FileKind): Promise<{ bytes: Buffer; info: FileDetails }> {
  const limit = kind === 'photo' ? emu.settings.limits.urlPhotoBytes : emu.settings.limits.urlOtherBytes
  let response: Response
  try {
    response = await fetch(url, {
      signal: withDeadline(emu.settings.urlFetchTimeoutMs, emu.signal),
    })
  } catch (error) {
    throw badRequest(URL_FAILED, `fetch failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!response.ok) {
    await response.body?.cancel()
    throw badRequest(URL_FAILED, `HTTP ${response.status}`)
  }
  const mimeType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (kind === 'photo' && !mimeType.startsWith('image/')) {
    await response.body?.cancel()
    throw badRequest('wrong type of the web page content', `content-type "${mimeType}" for a photo`)
  }
  if (kind === 'document' && !DOCUMENT_URL_TYPES.has(mimeType)) {
    await response.body?.cancel()
    throw badRequest(
      'wrong type of the web page content',
      `sendDocument by URL works only for GIF, PDF and ZIP, got "${mimeType}"`,
    )
  }
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > limit) {
    await response.body?.cancel()
    throw badRequest(URL_FAILED, `${declared} bytes > the ${limit}-byte limit for ${kind} by URL`)
  }
  const bytes = await readCapped(response, limit)
  if (!bytes) throw badRequest(URL_FAILED, `more than the ${limit}-byte limit for ${kind} by URL`)
  const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined
  return { bytes, info: fileInfo(fileName, mimeType || undefined) }
}

async function readCapped(response: Response, limit: number): Promise<Buffer | undefined> {
  const reader = response.body?.getReader()
  if (!reader) return Buffer.alloc(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

// ---- objects in messages ----

/** PhotoSize[]: a thumbnail (≤ 320 px) then the full size; both point at the stored bytes */
export function photoSizes(file: StoredFile): PhotoSize[] {
  const width = file.width ?? 1280
  const height = file.height ?? 720
  const full: PhotoSize = {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    width,
    height,
    file_size: file.bytes.length,
  }
  const scale = 320 / Math.max(width, height)
  if (scale >= 1) return [full]
  return [
    {
      file_id: thumbnailId(file.fileId),
      file_unique_id: `${file.fileUniqueId}_s`,
      width: Math.max(1, Math.round(width * scale)),
      height: Math.max(1, Math.round(height * scale)),
      file_size: file.bytes.length,
    },
    full,
  ]
}

export function fileObject(file: StoredFile): FileObject {
  const object: FileObject = { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length }
  if (file.kind === 'video')
    Object.assign(object, { width: file.width, height: file.height, duration: file.duration ?? 0 })
  if (file.kind === 'audio' || file.kind === 'voice') object.duration = file.duration ?? 0
  if (file.fileName && file.kind !== 'voice') object.file_name = file.fileName
  if (file.mimeType) object.mime_type = file.mimeType
  if (file.thumbnail) object.thumbnail = photoSizes(file.thumbnail)[0]!
  return object
}

/** the message fields for a media message: { photo } or { video } ... plus caption */
export function mediaContent(
  file: StoredFile,
  caption?: { text: string; entities?: MessageEntity[] },
): Record<string, unknown> {
  return {
    ...(file.kind === 'photo' ? { photo: photoSizes(file) } : { [file.kind]: fileObject(file) }),
    ...(caption && caption.text !== '' ? { caption: caption.text } : {}),
    ...(caption?.entities ? { caption_entities: caption.entities } : {}),
  }
}

/** width/height of PNG, GIF and JPEG bytes */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) }
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return undefined
      const marker = bytes[offset + 1] ?? 0
      const length = bytes.readUInt16BE(offset + 2)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: bytes.readUInt16BE(offset + 7), height: bytes.readUInt16BE(offset + 5) }
      }
      offset += 2 + length
    }
  }
  return undefined
}
