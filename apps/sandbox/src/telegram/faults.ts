/** Fault injection: scripted errors, latency and duplicate webhook deliveries. */
import { ApiError } from './errors'

export interface FaultTarget {
  /** only this method (case-insensitive); default: every method */
  method?: string
  /** only calls aimed at this chat (chat_id param) */
  chatId?: number
  /** only this bot */
  botId?: number
}

export interface ErrorFault extends FaultTarget {
  /** how many matching calls fail (default 1; Infinity = until cleared) */
  times?: number
  errorCode: number
  description: string
  retryAfter?: number
  /** answer a non-JSON page (what a proxy in front of Telegram sends) instead of the envelope */
  html?: boolean
}

export interface LatencyFault extends FaultTarget {
  ms: number
  /** default: until cleared */
  times?: number
}

/** a download longer than its file (a file server that lies about sizes) */
export interface DownloadPadding {
  /** zero bytes appended to the file's own */
  bytes: number
  /** sent without content-length, in chunks (default: with the padded length) */
  chunked?: boolean
}

interface Armed<T> {
  fault: T
  remaining: number
}

interface CallTarget {
  method: string
  botId: number
  chatId?: number
}

const matches = (fault: FaultTarget, call: CallTarget): boolean =>
  (fault.method === undefined || fault.method.toLowerCase() === call.method.toLowerCase()) &&
  (fault.botId === undefined || fault.botId === call.botId) &&
  (fault.chatId === undefined || fault.chatId === call.chatId)

export class FaultInjector {
  private errors: Armed<ErrorFault>[] = []
  private latencies: Armed<LatencyFault>[] = []
  private duplicates = new Map<number, number>()
  private paddings = new Map<string, DownloadPadding>()

  addError(fault: ErrorFault): void {
    this.errors.push({ fault, remaining: fault.times ?? 1 })
  }

  addLatency(fault: LatencyFault): void {
    this.latencies.push({ fault, remaining: fault.times ?? Infinity })
  }

  /** the next `count` webhook updates of this bot are delivered twice */
  addDuplicates(botId: number, count: number): void {
    this.duplicates.set(botId, (this.duplicates.get(botId) ?? 0) + count)
  }

  /** consumes one matching latency rule; ms to wait (0 when none) */
  takeLatency(call: CallTarget): number {
    return take(this.latencies, call)?.ms ?? 0
  }

  /** consumes one matching error rule */
  takeError(call: CallTarget): ApiError | undefined {
    const fault = take(this.errors, call)
    if (!fault) return undefined
    const parameters = fault.retryAfter !== undefined ? { retry_after: fault.retryAfter } : undefined
    const page = fault.html
      ? `<html><head><title>${fault.errorCode}</title></head><body><h1>${fault.description}</h1></body></html>`
      : undefined
    return new ApiError(fault.errorCode, fault.description, parameters, 'injected fault', page)
  }

  takeDuplicate(botId: number): boolean {
    const left = this.duplicates.get(botId) ?? 0
    if (left <= 0) return false
    this.duplicates.set(botId, left - 1)
    return true
  }

  /** this file's downloads serve `padding.bytes` more than getFile declares */
  padDownload(fileId: string, padding: DownloadPadding): void {
    this.paddings.set(fileId, padding)
  }

  downloadPadding(fileId: string): DownloadPadding | undefined {
    return this.paddings.get(fileId)
  }

  clear(): void {
    this.errors = []
    this.latencies = []
    this.duplicates.clear()
    this.paddings.clear()
  }
}

function take<T extends FaultTarget>(armed: Armed<T>[], call: CallTarget): T | undefined {
  const index = armed.findIndex((entry) => entry.remaining > 0 && matches(entry.fault, call))
  const entry = armed[index]
  if (!entry) return undefined
  entry.remaining -= 1
  if (entry.remaining <= 0) armed.splice(index, 1)
  return entry.fault
}
