/** Telegram's error answer: `{ ok: false, error_code, description, parameters? }`. */
export interface ApiErrorBody {
  ok: false
  error_code: number
  description: string
  parameters?: { retry_after?: number; migrate_to_chat_id?: number }
}

/** Thrown by method handlers; the router turns it into Telegram's error answer. */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number },
    /** extra detail kept in the call record only (never sent to the client) */
    readonly detail?: string,
    /** answered as this HTML page instead of the JSON envelope (a proxy's error page) */
    readonly page?: string,
  ) {
    super(description)
    this.name = 'ApiError'
  }

  body(): ApiErrorBody {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    }
  }
}

export const badRequest = (reason: string, detail?: string): ApiError =>
  new ApiError(400, `Bad Request: ${reason}`, undefined, detail)

export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter })

export const notFound = (): ApiError => new ApiError(404, 'Not Found')
export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized')
export const forbidden = (reason: string): ApiError => new ApiError(403, `Forbidden: ${reason}`)
export const conflict = (reason: string): ApiError => new ApiError(409, `Conflict: ${reason}`)

export const CHAT_NOT_FOUND = 'chat not found'
export const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid'
export const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'
