import { createHmac, timingSafeEqual } from 'node:crypto'

// Telegram's Mini App authentication (core.telegram.org/bots/webapps, "Validating data
// received via the Mini App"): the initData query string is signed by Telegram with
// HMAC-SHA256 under the key HMAC_SHA256("WebAppData", bot token), over the "data-check
// string" (every field but `hash`, sorted by key, `key=value` joined by "\n").

/** The user a verified initData names (only the fields the app uses). */
export interface WebAppUser {
  id: number
  firstName: string
  username?: string
  languageCode?: string
}

export type InitDataCheck =
  | { ok: true; user: WebAppUser; authDate: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad_hash' | 'stale' | 'no_user' }

/** initData longer than this is refused unread (Telegram's are well under 4 KB). */
export const MAX_INIT_DATA_LENGTH = 8192

/** The secret key of a bot's initData signatures. */
export function initDataSecret(botToken: string): Buffer {
  return createHmac('sha256', 'WebAppData').update(botToken).digest()
}

/** The data-check string of initData's fields (without `hash`). */
export function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
}

/**
 * Verifies initData: the hash (compared in constant time), auth_date within `maxAgeSeconds`
 * (and not from the future beyond a minute of clock skew), and a `user` with a numeric id.
 */
export function verifyInitData(
  raw: string | undefined,
  botToken: string,
  maxAgeSeconds: number,
  nowMs = Date.now(),
): InitDataCheck {
  if (!raw) return { ok: false, reason: 'missing' }
  if (raw.length > MAX_INIT_DATA_LENGTH) return { ok: false, reason: 'malformed' }
  const params = new URLSearchParams(raw)
  const hash = params.get('hash')
  if (!hash || !/^[0-9a-f]{64}$/i.test(hash) || params.getAll('hash').length !== 1)
    return { ok: false, reason: 'malformed' }
  const expected = createHmac('sha256', initDataSecret(botToken)).update(dataCheckString(params)).digest()
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, reason: 'bad_hash' }
  const authDate = Number(params.get('auth_date'))
  if (!Number.isInteger(authDate) || authDate <= 0) return { ok: false, reason: 'malformed' }
  const nowSeconds = Math.floor(nowMs / 1000)
  if (nowSeconds - authDate > maxAgeSeconds || authDate - nowSeconds > 60) return { ok: false, reason: 'stale' }
  const user = parseUser(params.get('user'))
  if (!user) return { ok: false, reason: 'no_user' }
  return { ok: true, user, authDate }
}

function parseUser(json: string | null): WebAppUser | undefined {
  if (!json) return undefined
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const fields = value as Record<string, unknown>
  if (typeof fields.id !== 'number' || !Number.isSafeInteger(fields.id) || fields.id <= 0) return undefined
  if (fields.is_bot === true) return undefined
  return {
    id: fields.id,
    firstName: typeof fields.first_name === 'string' ? fields.first_name : '',
    ...(typeof fields.username === 'string' && { username: fields.username }),
    ...(typeof fields.language_code === 'string' && { languageCode: fields.language_code }),
  }
}
