/**
 * The one error type of the Kie client.
 *
 * kind:
 * - `api`: Kie answered with an error, as an HTTP status, as an envelope `code`, or both.
 * - `network`: the connection failed before the request could have been received
 *   (refused, DNS), or any network failure of an idempotent call.
 * - `timeout`: an idempotent call got no answer in time.
 * - `outcome_unknown`: a create request may have reached Kie but no answer came back
 *   (timeout, dropped connection, gateway error without a Kie envelope). A paid task may
 *   exist: reconcile (recordInfo by a task id you learn later, callbacks) instead of creating again.
 * - `invalid_response`: the answer was not the JSON envelope Kie documents.
 */
export type KieErrorKind = 'api' | 'network' | 'timeout' | 'outcome_unknown' | 'invalid_response'

export interface KieErrorDetails {
  kind: KieErrorKind
  message: string
  /** Kie's envelope `code` (or the HTTP status when the body had none); null when there was no answer */
  code: number | null
  /** HTTP status; null when there was no answer */
  status: number | null
  retryable: boolean
  /** method and path of the call, e.g. "POST /api/v1/jobs/createTask" (never the key or the query) */
  endpoint: string
  /** how many attempts were made */
  attempts?: number
}

/** Kie codes that mean "try again later" (docs §4); any HTTP 5xx is retryable too. */
const RETRYABLE_CODES = new Set([408, 429, 455, 500, 502, 503, 504, 531, 550])

export function isRetryableCode(code: number | null, status: number | null): boolean {
  if (code !== null && RETRYABLE_CODES.has(code)) return true
  if (status !== null && (status === 408 || status === 429 || status >= 500)) return true
  return false
}

export class KieError extends Error {
  override readonly name = 'KieError'
  readonly kind: KieErrorKind
  readonly code: number | null
  readonly status: number | null
  readonly retryable: boolean
  readonly endpoint: string
  readonly attempts: number

  constructor(details: KieErrorDetails) {
    super(details.message)
    this.kind = details.kind
    this.code = details.code
    this.status = details.status
    this.retryable = details.retryable
    this.endpoint = details.endpoint
    this.attempts = details.attempts ?? 1
  }

  /** True when a create call may have produced a task (see kind `outcome_unknown`). */
  get outcomeUnknown(): boolean {
    return this.kind === 'outcome_unknown'
  }

  toJSON(): Omit<KieErrorDetails, 'attempts'> & { name: string; attempts: number } {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      endpoint: this.endpoint,
      attempts: this.attempts,
    }
  }
}

export function isKieError(value: unknown): value is KieError {
  return value instanceof KieError
}
