import { TELEGRAM_FILE_PREFIX } from '@kiebot/models'

// Media references as they are stored: typed here, so no caller checks a string prefix.
//
// - An input of a generation (a wizard field) is `tg:<file_id>` for a file the user sent
//   (the worker downloads it from Telegram) or a plain URL.
// - A delivered result item (`generations.telegram_file_ids[i]`) is the Telegram file id
//   of what was sent, or `link:<url>` when the result went out as a link.

/** An input file of a generation. */
export type MediaRef = { kind: 'telegram'; fileId: string } | { kind: 'url'; url: string }

const LINK_PREFIX = 'link:'

/** Reads a stored input reference; anything that is neither `tg:<id>` nor an http(s) URL is null. */
export function parseMediaRef(value: unknown): MediaRef | null {
  if (typeof value !== 'string') return null
  if (value.startsWith(TELEGRAM_FILE_PREFIX)) {
    const fileId = value.slice(TELEGRAM_FILE_PREFIX.length)
    return fileId.length > 0 ? { kind: 'telegram', fileId } : null
  }
  return /^https?:\/\//i.test(value) ? { kind: 'url', url: value } : null
}

/** The stored form of an input reference. */
export function formatMediaRef(ref: MediaRef): string {
  return ref.kind === 'telegram' ? `${TELEGRAM_FILE_PREFIX}${ref.fileId}` : ref.url
}

/** The stored reference of a file the user sent (`tg:<file_id>`). */
export function telegramFileRef(fileId: string): string {
  return formatMediaRef({ kind: 'telegram', fileId })
}

/** The Telegram file id of a stored input, when it is a user's file. */
export function telegramFileIdOf(value: unknown): string | null {
  const ref = parseMediaRef(value)
  return ref?.kind === 'telegram' ? ref.fileId : null
}

/** One delivered result item: a file Telegram keeps (sent again by its id), or a link. */
export type DeliveredItem = { kind: 'file'; fileId: string } | { kind: 'link'; url: string }

export function parseDeliveredItem(stored: string): DeliveredItem {
  return stored.startsWith(LINK_PREFIX)
    ? { kind: 'link', url: stored.slice(LINK_PREFIX.length) }
    : { kind: 'file', fileId: stored }
}

export function formatDeliveredItem(item: DeliveredItem): string {
  return item.kind === 'link' ? `${LINK_PREFIX}${item.url}` : item.fileId
}

/**
 * Every item of a finished result, in order: the delivered one where Telegram has it, else
 * Kie's link (a result Telegram never accepted).
 */
export function resultItems(generation: {
  telegramFileIds: readonly string[]
  resultUrls: readonly string[]
}): DeliveredItem[] {
  const count = Math.max(generation.telegramFileIds.length, generation.resultUrls.length)
  const items: DeliveredItem[] = []
  for (let index = 0; index < count; index++) {
    const stored = generation.telegramFileIds[index]
    if (stored !== undefined) items.push(parseDeliveredItem(stored))
    else items.push({ kind: 'link', url: generation.resultUrls[index]! })
  }
  return items
}

/**
 * The poster of a delivered video's item (Telegram's thumbnail of it, stored aligned with the
 * file ids in `telegram_thumbnail_ids`), when Telegram gave one; a link has none.
 */
export function resultPoster(
  generation: { telegramFileIds: readonly string[]; telegramThumbnailIds: readonly string[] },
  index: number,
): DeliveredItem | undefined {
  const stored = generation.telegramFileIds[index]
  const poster = generation.telegramThumbnailIds[index]
  if (stored === undefined || !poster || parseDeliveredItem(stored).kind !== 'file') return undefined
  return { kind: 'file', fileId: poster }
}

/**
 * The media types of the files this product stores and sends, by a file path's extension (a
 * Telegram `file_path`, a downloaded input's name). An allowlist, not a full mime database: a
 * type not here is unknown (callers answer `application/octet-stream` or send none).
 */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  wav: 'audio/wav',
}

/** A file path's extension, lower-cased (undefined when it has none of 1-5 letters or digits). */
export function fileExtension(filePath: string): string | undefined {
  return /\.([a-z0-9]{1,5})$/i.exec(filePath)?.[1]?.toLowerCase()
}

/** The media type of a file path by its extension, when it is one of ours. */
export function mediaTypeOf(filePath: string): string | undefined {
  const extension = fileExtension(filePath)
  return extension === undefined ? undefined : MEDIA_TYPES[extension]
}
