import type { MediaKind } from './types'

export const MB = 1024 * 1024

/**
 * A Telegram bot can download at most 20 MB per file (Bot API getFile), so no media
 * input may ask for more, whatever Kie would accept.
 */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * MB

/** Used when the catalog gives no maxFileSize (then capped by the Telegram limit). */
export const DEFAULT_MAX_BYTES: Readonly<Record<MediaKind, number>> = {
  image: 10 * MB,
  video: 50 * MB,
  audio: 20 * MB,
}

export const MINUTE_MS = 60_000

/** How long the worker follows a task before giving up and refunding. */
export const DEFAULT_DEADLINE_MS = {
  image: 10 * MINUTE_MS,
  video: 30 * MINUTE_MS,
  audio: 10 * MINUTE_MS,
} as const

/** How long Kie usually takes for a task of a category (a model may say otherwise). */
export const TYPICAL_DURATION_MS = {
  image: 1 * MINUTE_MS,
  video: 4 * MINUTE_MS,
  audio: 2 * MINUTE_MS,
} as const

/** Kie's per-file limit for a media kind, capped at what a Telegram bot can download. */
export function mediaMaxBytes(kind: MediaKind, kieLimitMb?: number): number {
  const kieLimit = kieLimitMb === undefined ? DEFAULT_MAX_BYTES[kind] : kieLimitMb * MB
  return Math.min(kieLimit, TELEGRAM_DOWNLOAD_LIMIT_BYTES)
}
