// A small Bot API client over fetch. The bot token is part of every URL (and of file
// URLs): it never appears in an error, a log entry or anything that leaves the worker.

import { redactChatTexts } from '@kiebot/logger'

export interface UploadFile {
  bytes: Uint8Array
  fileName: string
  mimeType?: string
}

export interface BotApiOptions {
  /** called after every call with its outcome (metrics) */
  observe?: (method: string, error: TelegramApiError | null) => void
  /** awaited right before each call (the delivery queue's pacing of a result, after its probe or download) */
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
    let response: Response
    try {
      response = await fetch(`${this.base}/bot${this.options.token}/${method}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
    } catch (error) {
      const name = (error as { name?: string } | null)?.name
      throw new TelegramApiError(
        method,
        0,
        name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : 'network error',
      )
    }
    const text = await response.text()
    let envelope: Envelope | undefined
    try {
      envelope = JSON.parse(text) as Envelope
    } catch {
      envelope = undefined
    }
    if (!envelope || typeof envelope.ok !== 'boolean')
      throw new TelegramApiError(method, response.status || 0, `HTTP ${response.status} without a Bot API answer`)
    if (!envelope.ok) {
      throw new TelegramApiError(
        method,
        envelope.error_code ?? response.status,
        envelope.description ?? 'unknown error',
        envelope.parameters?.retry_after ?? null,
      )
    }
    return envelope.result as T
  }

  /**
   * Downloads a user's file (getFile, then the file URL, which embeds the token and so
   * stays inside this function). Refuses files larger than `maxBytes`.
   */
  async downloadFile(fileId: string, maxBytes: number): Promise<{ bytes: Uint8Array; filePath: string }> {
    const file = await this.call<TgFile>('getFile', { file_id: fileId })
    if (!file.file_path) throw new TelegramApiError('getFile', 400, 'no file_path in the answer')
    if (file.file_size !== undefined && file.file_size > maxBytes)
      throw new TelegramApiError('getFile', 400, `file is too big (${file.file_size} bytes)`)
    let response: Response
    try {
      response = await fetch(`${this.base}/file/bot${this.options.token}/${file.file_path}`, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
    } catch {
      throw new TelegramApiError('downloadFile', 0, 'network error')
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new TelegramApiError(
        'downloadFile',
        response.status >= 500 ? response.status : 400,
        `HTTP ${response.status}`,
      )
    }
    const bytes = new Uint8Array(await response.arrayBuffer())
    if (bytes.length > maxBytes)
      throw new TelegramApiError('downloadFile', 400, `file is too big (${bytes.length} bytes)`)
    return { bytes, filePath: file.file_path }
  }
}
