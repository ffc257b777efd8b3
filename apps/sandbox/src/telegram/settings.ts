/** Everything about the emulator that tests may want to tune, with Telegram-like defaults. */

export interface FloodSettings {
  enabled: boolean
  /** the "second" of flood control; retry_after N means N windows (default 1000 ms) */
  windowMs: number
  /** sends+edits per chat per window once the burst is used (Telegram: about 1/s) */
  perChatPerWindow: number
  /** sends+edits a chat may take at once before the per-chat rate applies */
  perChatBurst: number
  /** sends+edits per bot per window over all chats (Telegram: about 30/s) */
  globalPerWindow: number
}

export interface WebhookSettings {
  /** how long a delivery may take before it counts as failed ("Read timeout expired"); Telegram: 60 s */
  timeoutMs: number
  /** first retry delay after a failed delivery; doubles each time up to retryMaxMs */
  retryBaseMs: number
  retryMaxMs: number
  /** give up on an update after this many failed attempts (0 = never) */
  maxAttempts: number
}

export interface SizeLimits {
  /** photo fetched from an HTTP URL by the server: 5 MB */
  urlPhotoBytes: number
  /** other files fetched from an HTTP URL: 20 MB */
  urlOtherBytes: number
  /** photo uploaded as multipart: 10 MB */
  uploadPhotoBytes: number
  /** other files uploaded as multipart: 50 MB */
  uploadOtherBytes: number
  /** getFile / download: 20 MB */
  downloadBytes: number
}

export interface TelegramEmulatorSettings {
  flood: FloodSettings
  webhook: WebhookSettings
  limits: SizeLimits
  /** answerPreCheckoutQuery must come within this (Telegram: 10 s) */
  preCheckoutTimeoutMs: number
  /** answerCallbackQuery must come within this (Telegram: undocumented, seconds) */
  callbackQueryTimeoutMs: number
  /** tokens shaped like `123:ABC...` (30+ chars after the colon) are accepted without registration */
  acceptTokensByPattern: boolean
  /** how long the server waits for a URL it fetches for sendPhoto & co. */
  urlFetchTimeoutMs: number
  /** getUpdates `timeout` is capped at this many seconds (Telegram: 50) */
  maxLongPollSeconds: number
}

const MB = 1024 * 1024

export function defaultSettings(): TelegramEmulatorSettings {
  return {
    flood: { enabled: true, windowMs: 1000, perChatPerWindow: 1, perChatBurst: 3, globalPerWindow: 30 },
    webhook: { timeoutMs: 10_000, retryBaseMs: 1000, retryMaxMs: 30_000, maxAttempts: 0 },
    limits: {
      urlPhotoBytes: 5 * MB,
      urlOtherBytes: 20 * MB,
      uploadPhotoBytes: 10 * MB,
      uploadOtherBytes: 50 * MB,
      downloadBytes: 20 * MB,
    },
    preCheckoutTimeoutMs: 10_000,
    callbackQueryTimeoutMs: 15_000,
    acceptTokensByPattern: true,
    urlFetchTimeoutMs: 15_000,
    maxLongPollSeconds: 50,
  }
}

export interface SettingsPatch {
  flood?: Partial<FloodSettings>
  webhook?: Partial<WebhookSettings>
  limits?: Partial<SizeLimits>
  preCheckoutTimeoutMs?: number
  callbackQueryTimeoutMs?: number
  acceptTokensByPattern?: boolean
  urlFetchTimeoutMs?: number
  maxLongPollSeconds?: number
}

/** Applies a partial patch in place (nested groups merged). */
export function applySettings(settings: TelegramEmulatorSettings, patch: SettingsPatch): void {
  const { flood, webhook, limits, ...flat } = patch
  Object.assign(settings.flood, flood ?? {})
  Object.assign(settings.webhook, webhook ?? {})
  Object.assign(settings.limits, limits ?? {})
  for (const [key, value] of Object.entries(flat)) {
    if (value !== undefined) Object.assign(settings, { [key]: value })
  }
}
