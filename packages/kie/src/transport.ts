import { setTimeout as sleep } from 'node:timers/promises'
import { request as httpRequest, type FormData } from 'undici'
import { KieError, isRetryableCode } from './errors'
import { asObject, numberOrNull, textOrNull, type JsonObject } from './task'

export interface RetryPolicy {
  /** total attempts for idempotent calls, first one included (default 4) */
  maxAttempts: number
  /** first back-off delay (default 500 ms); doubles each attempt */
  baseDelayMs: number
  /** cap of one back-off delay, also caps Retry-After (default 10 s) */
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 }

/** Anything with winston-style methods; the client never passes the API key to it. */
export interface KieLogger {
  debug(message: string, meta?: Record<string, unknown>): unknown
  warn(message: string, meta?: Record<string, unknown>): unknown
}

export interface KieRequest {
  method: 'GET' | 'POST'
  baseUrl: string
  path: string
  query?: Record<string, string>
  /** JSON body, or a factory of a multipart body (rebuilt for every attempt) */
  json?: unknown
  form?: () => FormData
  /** idempotent calls are retried; the others never */
  idempotent: boolean
  /** false: sent once even when idempotent (the caller paces and retries) */
  retryable?: boolean
  timeoutMs: number
}

type AttemptOutcome = { envelope: KieEnvelope } | { error: KieError; retryAfterMs: number }

export interface KieEnvelope {
  code: number
  msg: string
  data: unknown
  body: JsonObject
}

/** Errors from the socket layer that prove the request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

function causeCode(error: unknown): string | null {
  const cause = asObject(asObject(error).cause)
  return textOrNull(cause.code) ?? textOrNull(asObject(error).code)
}

function isTimeout(error: unknown): boolean {
  const name = asObject(error).name
  return name === 'TimeoutError' || name === 'AbortError'
}

export class KieTransport {
  constructor(
    private readonly apiKey: string,
    private readonly retry: RetryPolicy,
    private readonly logger?: KieLogger,
  ) {}

  /** Sends the request (retrying idempotent ones) and returns the envelope of a successful answer. */
  async send(request: KieRequest): Promise<KieEnvelope> {
    const endpoint = `${request.method} ${request.path}`
    const attempts = request.idempotent && request.retryable !== false ? Math.max(1, this.retry.maxAttempts) : 1
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, endpoint, attempt)
      if ('envelope' in outcome) return outcome.envelope
      const { error, retryAfterMs } = outcome
      if (!error.retryable || attempt >= attempts) throw error
      const delayMs = this.backoff(attempt, retryAfterMs)
      this.logger?.debug('kie: retrying', { endpoint, attempt, delayMs, code: error.code, status: error.status })
      await sleep(delayMs)
    }
  }

  /** Equal jitter: half the exponential delay plus a random part of the other half. */
  private backoff(attempt: number, retryAfterMs: number): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1))
    const jittered = exponential / 2 + Math.random() * (exponential / 2)
    return Math.min(this.retry.maxDelayMs, Math.max(jittered, retryAfterMs))
  }

  private async attempt(request: KieRequest, endpoint: string, attempt: number): Promise<AttemptOutcome> {
    // Concatenated, not resolved: a base URL may carry a path prefix (an emulator mounted under /kie).
    const url = new URL(request.baseUrl.replace(/\/+$/, '') + request.path)
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value)
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' }
    let body: string | FormData | undefined
    if (request.form) body = request.form()
    else if (request.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(request.json)
    }

    let status: number
    let text: string
    let retryAfter: string | null
    try {
      // undici's request, not fetch: a quarter of fetch's CPU a call (bench/http-clients.js);
      // the signal bounds the whole exchange, the body's transfer included
      const response = await httpRequest(url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(request.timeoutMs),
      })
      status = response.statusCode
      const header = response.headers['retry-after']
      retryAfter = (Array.isArray(header) ? header[0] : header) ?? null
      text = await response.body.text()
    } catch (error) {
      return { error: this.transportError(error, request, endpoint, attempt), retryAfterMs: 0 }
    }
    return this.readAnswer({ status, text, retryAfter, request, endpoint, attempt })
  }

  private transportError(error: unknown, request: KieRequest, endpoint: string, attempt: number): KieError {
    const code = causeCode(error)
    const timedOut = isTimeout(error)
    const what = timedOut ? `no answer within ${request.timeoutMs} ms` : `network error${code ? ` (${code})` : ''}`
    const neverSent = !timedOut && code !== null && NOT_SENT_CODES.has(code)
    if (!request.idempotent && !neverSent) {
      return new KieError({
        kind: 'outcome_unknown',
        message: `Kie ${endpoint}: ${what}; the task may or may not have been created`,
        code: null,
        status: null,
        retryable: false,
        endpoint,
        attempts: attempt,
      })
    }
    return new KieError({
      kind: timedOut ? 'timeout' : 'network',
      message: `Kie ${endpoint}: ${what}`,
      code: null,
      status: null,
      retryable: true,
      endpoint,
      attempts: attempt,
    })
  }

  private readAnswer(answer: {
    status: number
    text: string
    retryAfter: string | null
    request: KieRequest
    endpoint: string
    attempt: number
  }): AttemptOutcome {
    const { status, request, endpoint, attempt } = answer
    let parsed: unknown
    try {
      parsed = JSON.parse(answer.text)
    } catch {
      parsed = undefined
    }
    const body = asObject(parsed)
    const code = numberOrNull(body.code)
    const httpOk = status >= 200 && status < 300

    if (code === null) {
      // Not a Kie envelope: a proxy page, an empty body, garbage.
      const createMayHaveHappened = !request.idempotent && (httpOk || status >= 500)
      const kind = createMayHaveHappened ? 'outcome_unknown' : httpOk ? 'invalid_response' : 'api'
      const error = new KieError({
        kind,
        message: `Kie ${endpoint}: HTTP ${status} without a Kie envelope`,
        code: httpOk ? null : status,
        status,
        retryable: kind === 'api' && isRetryableCode(status, status),
        endpoint,
        attempts: attempt,
      })
      return { error, retryAfterMs: 0 }
    }

    if (httpOk && code === 200) {
      const msg = textOrNull(body.msg ?? body.message) ?? ''
      return { envelope: { code, msg, data: body.data, body } }
    }

    const message = this.redact(textOrNull(body.msg ?? body.message) ?? 'no message')
    const errorCode = code === 200 ? status : code
    const retryable = isRetryableCode(errorCode, status)
    const error = new KieError({
      kind: 'api',
      message: `Kie ${endpoint}: ${message} (code ${errorCode}, HTTP ${status})`,
      code: errorCode,
      status,
      retryable,
      endpoint,
      attempts: attempt,
    })
    return { error, retryAfterMs: (numberOrNull(answer.retryAfter) ?? 0) * 1000 }
  }

  /** Kie's messages are shown as they are, except that the API key never passes through. */
  private redact(text: string): string {
    return this.apiKey === '' ? text : text.split(this.apiKey).join('[REDACTED]')
  }
}
