// Telegram's refusals, recognised by what the Bot API answers (error_code and description),
// whichever client raised them: telegraf's TelegramError in the gateway and the worker's
// TelegramApiError both carry `code` and `description`; a raw answer carries `error_code`.

/** What a failed Bot API call says about itself. */
export interface TelegramRefusal {
  code: number | undefined
  description: string
}

/** Reads the code and description of a Telegram error (any client's), or of a raw `{ ok: false }` answer. */
export function refusalOf(error: unknown): TelegramRefusal {
  if (typeof error !== 'object' || error === null) return { code: undefined, description: '' }
  const e = error as {
    code?: unknown
    error_code?: unknown
    description?: unknown
    message?: unknown
    response?: { error_code?: unknown; description?: unknown }
  }
  const code = [e.code, e.error_code, e.response?.error_code].find((c): c is number => typeof c === 'number')
  const description =
    [e.description, e.response?.description, e.message].find((d): d is string => typeof d === 'string') ?? ''
  return { code, description }
}

const matches = (error: unknown, pattern: RegExp) => pattern.test(refusalOf(error).description)

/** An edit that would change nothing ("message is not modified"): the message already shows it. */
export function isNotModified(error: unknown): boolean {
  return matches(error, /message is not modified/i)
}

/** The message cannot be edited (gone, too old, not a text): send a new one instead. */
export function isCannotEdit(error: unknown): boolean {
  return matches(error, /message (to edit not found|can't be edited)|there is no text in the message/i)
}

/** A file id used as another media type (a large photo that went out as a document), or an unknown id. */
export function isWrongFileType(error: unknown): boolean {
  return matches(error, /wrong file identifier|can't use file of type|type of file mismatch/i)
}

/** refundStarPayment of a charge Telegram had refunded already: the refund happened. */
export function isChargeAlreadyRefunded(error: unknown): boolean {
  return matches(error, /CHARGE_ALREADY_REFUNDED/)
}

/** The user blocked the bot, deleted their account, or the bot was kicked (403). */
export function isBotBlocked(error: unknown): boolean {
  return refusalOf(error).code === 403
}

/** The chat does not exist for this bot (never started, or deleted). */
export function isChatNotFound(error: unknown): boolean {
  return matches(error, /chat not found/i)
}

/** Too many requests: wait `retry_after` seconds. */
export function isRateLimited(error: unknown): boolean {
  return refusalOf(error).code === 429
}

/** Seconds to wait from a 429 (`parameters.retry_after`), wherever the client keeps it. */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const e = error as {
    retryAfter?: unknown
    parameters?: { retry_after?: unknown }
    response?: { parameters?: { retry_after?: unknown } }
  }
  return [e.retryAfter, e.parameters?.retry_after, e.response?.parameters?.retry_after].find(
    (s): s is number => typeof s === 'number',
  )
}

/** A definite refusal by Telegram (a 4xx other than 429): trying again later will not help. */
export function isDefiniteRefusal(error: unknown): boolean {
  const { code } = refusalOf(error)
  return code !== undefined && code >= 400 && code < 500 && code !== 429
}
