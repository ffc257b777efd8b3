/** Every Bot API call the emulator answered: method, params, result or error, timing. */

export interface RecordedFilePart {
  /** an uploaded multipart file, shown instead of its bytes */
  upload: { fileName?: string; mimeType?: string; size: number }
}

export interface RecordedCall {
  seq: number
  botId: number
  /** canonical spelling from the spec (or as requested when unknown) */
  method: string
  /** parsed and type-coerced parameters; uploads replaced by RecordedFilePart */
  params: Record<string, unknown>
  /** 'http': a request to /bot<token>/<method>; 'webhook_reply': a method returned in a webhook answer */
  source: 'http' | 'webhook_reply'
  httpMethod: string
  contentType?: string
  chatId?: number
  /** ms since epoch */
  startedAt: number
  durationMs: number
  ok: boolean
  result?: unknown
  error?: { error_code: number; description: string; parameters?: Record<string, unknown>; detail?: string }
}

export interface CallFilter {
  method?: string
  botId?: number
  chatId?: number
  ok?: boolean
}

export class CallRecorder {
  private seq = 0
  private readonly calls: RecordedCall[] = []

  add(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded = { seq: ++this.seq, ...call }
    this.calls.push(recorded)
    return recorded
  }

  list(filter: CallFilter = {}): RecordedCall[] {
    const method = filter.method?.toLowerCase()
    return this.calls.filter(
      (call) =>
        (method === undefined || call.method.toLowerCase() === method) &&
        (filter.botId === undefined || call.botId === filter.botId) &&
        (filter.chatId === undefined || call.chatId === filter.chatId) &&
        (filter.ok === undefined || call.ok === filter.ok),
    )
  }

  clear(): void {
    this.calls.length = 0
  }
}
