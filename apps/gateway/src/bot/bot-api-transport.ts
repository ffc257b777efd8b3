import { STATUS_CODES } from 'node:http'
import { TelegramError, type Telegram } from 'telegraf'
import { request } from 'undici'

// The HTTP under an update's Bot API calls. telegraf sends them with node-fetch over node's
// http client; undici's `request` does the same exchange for a fraction of the CPU (the worker's
// client made that move in session 9: bench/http-clients.js), and the calls an update makes
// (an edit or a reply for most) were about a tenth of the gateway's CPU in its profile. Only the
// transport changes: telegraf's methods build the payloads, and the answers and errors are
// telegraf's own (`TelegramError` with Telegram's error_code, description and parameters), so
// handlers cannot tell the difference. Uploads (an InputFile with a source or a URL) and a
// webhook reply stay on telegraf's path.

/** How long a call may wait for Telegram's answer, then fails (telegraf's own limit is 500 s). */
export const BOT_API_CALL_TIMEOUT_MS = 20_000

type CallApi = (method: string, payload: unknown, extra?: { signal?: AbortSignal }) => Promise<unknown>

interface Envelope {
  ok?: unknown
  result?: unknown
  error_code?: number
  description?: string
  parameters?: { retry_after?: number; migrate_to_chat_id?: number }
}

/** Makes this client's calls go over undici (the first wrapper installed: the others sit above it). */
export function callsOverUndici(telegram: Telegram): void {
  const viaTelegraf = telegram.callApi.bind(telegram) as CallApi
  const { apiRoot, apiMode, testEnv } = telegram.options
  // the method's URL as telegraf makes it (resolved against the API root), less the method
  const base = new URL(`./${apiMode}${telegram.token}${testEnv ? '/test' : ''}/`, apiRoot).href
  const callApi: CallApi = async (method, payload, extra = {}) => {
    if (telegram.options.webhookReply || includesMedia(payload)) return viaTelegraf(method, payload, extra)
    let status: number
    let text: string
    try {
      const response = await request(base + method, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload ?? {}, dropNulls),
        headersTimeout: BOT_API_CALL_TIMEOUT_MS,
        bodyTimeout: BOT_API_CALL_TIMEOUT_MS,
        ...(extra.signal ? { signal: extra.signal } : {}),
      })
      status = response.statusCode
      text = await response.body.text()
    } catch (error) {
      throw withoutToken(error, telegram.token)
    }
    if (status >= 500)
      throw new TelegramError(
        { error_code: status, description: STATUS_CODES[status] ?? 'Server Error' },
        { method, payload },
      )
    let envelope: Envelope | undefined
    try {
      envelope = JSON.parse(text) as Envelope
    } catch {
      envelope = undefined
    }
    // not Telegram's answer (a proxy's page...): no TelegramError, whose code callers act on (a
    // refund's 4xx gives the money back): the outcome is unknown, as with node-fetch's invalid-json
    if (!envelope || typeof envelope !== 'object' || typeof envelope.ok !== 'boolean')
      throw new NoBotApiAnswerError(method, status)
    if (!envelope.ok)
      throw new TelegramError(envelope as ConstructorParameters<typeof TelegramError>[0], { method, payload })
    return envelope.result
  }
  ;(telegram as unknown as { callApi: CallApi }).callApi = callApi
}

/** An HTTP answer that is not the Bot API's (its text is left out: it may be anything). */
export class NoBotApiAnswerError extends Error {
  override readonly name = 'NoBotApiAnswerError'
  constructor(
    readonly method: string,
    readonly status: number,
  ) {
    super(`Telegram ${method}: HTTP ${status} without a Bot API answer`)
  }
}

/** telegraf's JSON body leaves out null and undefined values, at any depth. */
function dropNulls(_key: string, value: unknown): unknown {
  return value == null ? undefined : value
}

/** A file to upload in the payload, as telegraf tells it (then the call goes as multipart, by telegraf). */
function includesMedia(payload: unknown): boolean {
  if (!payload || typeof payload !== 'object') return false
  const isFile = (value: unknown): boolean =>
    !!value &&
    typeof value === 'object' &&
    (!!(value as { source?: unknown }).source || !!(value as { url?: unknown }).url)
  return Object.entries(payload).some(([key, value]) => {
    if (key === 'link_preview_options') return false
    if (Array.isArray(value)) return value.some((item) => isFile((item as { media?: unknown } | null)?.media))
    return isFile(value) || isFile((value as { media?: unknown } | null)?.media)
  })
}

/** A failed exchange's error, its message without the bot token (the URL may appear in it). */
function withoutToken(error: unknown, token: string): unknown {
  if (error instanceof Error && error.message.includes(token))
    error.message = error.message.split(token).join('[REDACTED]')
  return error
}
