// A small Bot API client over undici's request (a quarter of fetch's CPU a call:
// bench/http-clients.js). The bot token is part of every URL (and of file URLs): it never
// appears in an error, a log entry or anything that leaves the worker.

import { redactChatTexts } from '@kiebot/logger'
import { FormData, request, type Dispatcher } from 'undici'
import { discard, readAtMost } from './read-at-most'

export interface UploadFile {
  bytes: Uint8Array
  fileName: string
  mimeType?: string
}

export interface BotApiOptions {
  /** called after every call with its outcome (metrics) */
  observe?: (method: string, error: TelegramApiError | null) => void
  /** awaited right before each call (the delivery queue's pacing of a result, after its probe or download: `withBeforeCall`) */
  beforeCall?: (method: string) => Promise<void>
  token: string
  /** e.g. https://api.telegram.org, or an emulator */
  apiRoot: string
  timeoutMs: number
}

/** A failed Bot API call: Telegram's error_code (0 = no answer) and description. */
export class TelegramApiError extends Error {
  override readonly name = 'TelegramApiError'
  constructor(
    readonly method: string,
    readonly code: number,
    readonly description: string,
    /** seconds, from a 429's parameters.retry_after */
    readonly retryAfter: number | null = null,
  ) {
    super(`Telegram ${method}: ${code === 0 ? '' : `${code} `}${description}`)
  }

  get rateLimited(): boolean {
    return this.code === 429
  }

  /** the user blocked the bot, deleted their account, or the bot was kicked */
  get forbidden(): boolean {
    return this.code === 403
  }

  /** worth trying again later: no answer, 5xx, 429 */
  get retryable(): boolean {
    return this.code === 0 || this.code === 429 || this.code >= 500
  }
}

export interface TgFile {
  file_id: string
  file_size?: number
  file_path?: string
}

interface Envelope {
  ok: boolean
  result?: unknown
  error_code?: number
  description?: string
  parameters?: { retry_after?: number }
}

export class BotApi {
  private readonly base: string
  constructor(private readonly options: BotApiOptions) {
    this.base = options.apiRoot.replace(/\/+$/, '')
  }

  /** This client with `beforeCall` for its calls (a result's send paced at its first counted call). */
  withBeforeCall(beforeCall: (method: string) => Promise<void>): BotApi {
    return new BotApi({ ...this.options, beforeCall })
  }

  async call<T>(method: string, params: Record<string, unknown>, files: Record<string, UploadFile> = {}): Promise<T> {
    // chat ids travel as decimal strings in job data; Telegram takes numbers (they fit in 53 bits)
    if (typeof params.chat_id === 'string' && /^-?\d{1,16}$/.test(params.chat_id))
      params = { ...params, chat_id: Number(params.chat_id) }
    // what reaches a chat passes the log redaction (an alert or status built from an error's text)
    params = redactChatTexts(params)
    await this.options.beforeCall?.(method)
    try {
      const result = await this.send<T>(method, params, files)
      this.options.observe?.(method, null)
      return result
    } catch (error) {
      if (error instanceof TelegramApiError) this.options.observe?.(method, error)
      throw error
    }
  }

  private async send<T>(
    method: string,
    params: Record<string, unknown>,
    files: Record<string, UploadFile>,
  ): Promise<T> {
    let body: string | FormData
    const headers: Record<string, string> = {}
    if (Object.keys(files).length === 0) {
      body = JSON.stringify(params)
      headers['content-type'] = 'application/json'
    } else {
      const form = new FormData()
      for (const [key, value] of Object.entries(params)) {
        if (value === undefined) continue
        form.set(key, typeof value === 'string' ? value : JSON.stringify(value))
      }
      for (const [key, file] of Object.entries(files)) {
        form.set(key, new Blob([file.bytes], { type: file.mimeType ?? 'application/octet-stream' }), file.fileName)
      }
      body = form
    }
    let status: number
    let text: string
    try {
      // the signal bounds the whole exchange, the answer's transfer included
      const response = await request(`${this.base}/bot${this.options.token}/${method}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      status = response.statusCode
      text = await response.body.text()
    } catch (error) {
      throw new TelegramApiError(method, 0, this.failure(error))
    }
    let envelope: Envelope | undefined
    try {
      envelope = JSON.parse(text) as Envelope
    } catch {
      envelope = undefined
    }
    if (!envelope || typeof envelope.ok !== 'boolean')
      throw new TelegramApiError(method, status || 0, `HTTP ${status} without a Bot API answer`)
    if (!envelope.ok) {
      throw new TelegramApiError(
        method,
        envelope.error_code ?? status,
        envelope.description ?? 'unknown error',
        envelope.parameters?.retry_after ?? null,
      )
    }
    return envelope.result as T
  }

  private failure(error: unknown): string {
    const name = (error as { name?: string } | null)?.name
    return name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : 'network error'
  }

  /**
   * Downloads a user's file (getFile, then the file URL, which embeds the token and so
   * stays inside this function). Refuses files larger than `maxBytes`: as getFile reports
   * them, as the download declares them, and as the bytes come (the read stops there).
   */
  async downloadFile(fileId: string, maxBytes: number): Promise<{ bytes: Uint8Array; filePath: string }> {
    const file = await this.call<TgFile>('getFile', { file_id: fileId })
    if (!file.file_path) throw new TelegramApiError('getFile', 400, 'no file_path in the answer')
    if (file.file_size !== undefined && file.file_size > maxBytes)
      throw new TelegramApiError('getFile', 400, `file is too big (${file.file_size} bytes)`)
    let response: Dispatcher.ResponseData
    try {
      response = await request(`${this.base}/file/bot${this.options.token}/${file.file_path}`, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
    } catch (error) {
      throw new TelegramApiError('downloadFile', 0, this.failure(error))
    }
    const status = response.statusCode
    if (status < 200 || status >= 300) {
      await response.body.dump().catch(() => undefined)
      throw new TelegramApiError('downloadFile', status >= 500 ? status : 400, `HTTP ${status}`)
    }
    // getFile's file_size is a claim: the bound holds on the bytes read, and the read stops once passed
    const declared = Number(response.headers['content-length'] ?? NaN)
    if (declared > maxBytes) {
      discard(response.body)
      throw new TelegramApiError('downloadFile', 400, `file is too big (${declared} bytes)`)
    }
    let bytes: Buffer | null
    try {
      bytes = await readAtMost(response.body, maxBytes)
    } catch (error) {
      throw new TelegramApiError('downloadFile', 0, this.failure(error))
    }
    if (!bytes) throw new TelegramApiError('downloadFile', 400, `file is too big (more than ${maxBytes} bytes)`)
    return { bytes, filePath: file.file_path }
  }
}
