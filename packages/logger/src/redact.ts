/**
 * Secret redaction for log entries. Removes: registered secret values (bot token,
 * API keys, webhook secrets), anything shaped like a Telegram bot token, Telegram
 * file URLs (they embed the bot token), bearer credentials, passwords inside URLs
 * (DATABASE_URL, REDIS_URL), and the values of fields whose names say they are secret.
 */
const registeredSecrets = new Set<string>()

/** Every occurrence of `value` in any log entry becomes [REDACTED]. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) registeredSecrets.add(value)
}

/** The password of a connection URL (DATABASE_URL, REDIS_URL) is a secret too, also decoded. */
export function registerUrlPassword(url: string | undefined): void {
  try {
    const password = url ? new URL(url).password : ''
    registerSecret(password)
    registerSecret(decodeURIComponent(password))
  } catch {
    // not a URL: the config schema refuses it anyway
  }
}

const TELEGRAM_FILE_URL = /\bhttps?:\/\/[^\s"'<>]*\/file\/bot[^\s"'<>]*/g
const BOT_TOKEN = /(?<![0-9])\d{5,20}:[A-Za-z0-9_-]{30,}/g
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi
// scheme://user:password@host: the password (user names are kept, they help debugging)
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@"'<>]*:)[^@/?#\s"'<>]+@/gi
const SECRET_KEY_NAME = /(pass(word)?|secret|token|api[-_]?key|authorization|cookie|hmac)/i

export function redactString(text: string): string {
  let out = text.replace(TELEGRAM_FILE_URL, '[telegram-file-url]')
  for (const secret of registeredSecrets) out = out.split(secret).join('[REDACTED]')
  return out.replace(BOT_TOKEN, '[bot-token]').replace(BEARER, '$1 [REDACTED]').replace(URL_PASSWORD, '$1[REDACTED]@')
}

/** Text fields of Bot API calls that reach a chat (sendMessage, captions, answers, invoices...). */
const CHAT_TEXT_FIELDS = [
  'text',
  'caption',
  'error_message',
  'explanation',
  'title',
  'description',
  'question',
] as const

/**
 * The parameters of a Bot API call with their chat texts redacted like the logs: nothing
 * a user or an admin reads can carry a secret, whatever a message was built from.
 */
export function redactChatTexts<T>(params: T): T {
  if (!params || typeof params !== 'object') return params
  const copy = { ...(params as Record<string, unknown>) }
  for (const key of CHAT_TEXT_FIELDS) if (typeof copy[key] === 'string') copy[key] = redactString(copy[key])
  return copy as T
}

/** A redacted deep copy; symbol keys (winston's level/message) are kept as they are. */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value)
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return value
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen))
  const out: Record<string | symbol, unknown> = {}
  if (value instanceof Error) {
    out.name = value.name
    out.message = redactString(value.message)
    if (value.stack) out.stack = redactString(value.stack)
  }
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    out[key] =
      SECRET_KEY_NAME.test(key) && (typeof v === 'string' || typeof v === 'number')
        ? '[REDACTED]'
        : redactValue(v, seen)
  }
  for (const sym of Object.getOwnPropertySymbols(value)) {
    const v = (value as Record<symbol, unknown>)[sym]
    out[sym] = typeof v === 'string' ? redactString(v) : v
  }
  return out
}
