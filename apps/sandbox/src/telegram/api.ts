/**
 * One Bot API call from start to answer: method lookup in the spec (404), injected latency and
 * errors, spec validation (400), blocked chats (403), flood control (429), the handler, and the
 * call record. Used by the HTTP route and for method calls in webhook answers.
 */
import { ApiError, forbidden, notFound } from './errors'
import type { Emulator } from './emulator'
import { methodHandlers } from './methods'
import type { MethodHandler } from './methods'
import type { RecordedCall, RecordedFilePart } from './recorder'
import type { Upload } from './request'
import { conversationKey, type BotRecord } from './state'
import { sleep } from './webhook'

export interface ApiAnswer {
  status: number
  body: Record<string, unknown>
  /** an HTML page sent instead of the JSON body (injected fault) */
  page?: string
}

export interface CallMeta {
  source: RecordedCall['source']
  httpMethod: string
  contentType?: string
  signal: AbortSignal
}

/** sends and edits: blocked by a user's block (403) and counted by flood control */
const isSendOrEdit = (method: string): boolean => method.startsWith('send') || method.startsWith('edit')
const countsForFlood = (method: string): boolean => isSendOrEdit(method) && method !== 'sendChatAction'

function chatIdOf(emu: Emulator, fields: Record<string, unknown>): number | undefined {
  const raw = fields.chat_id
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return Number(raw)
  if (typeof raw === 'string' && raw.startsWith('@')) {
    try {
      return emu.requireChat(raw).id
    } catch {
      return undefined
    }
  }
  return undefined
}

function recordedParams(params: Record<string, unknown>, uploads: Map<string, Upload>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...params }
  for (const upload of uploads.values()) {
    const part: RecordedFilePart = {
      upload: {
        size: upload.bytes.length,
        ...(upload.fileName ? { fileName: upload.fileName } : {}),
        ...(upload.mimeType ? { mimeType: upload.mimeType } : {}),
      },
    }
    copy[upload.field] = part
  }
  return copy
}

export class BotApi {
  private readonly handlers: Record<string, MethodHandler>

  constructor(private readonly emu: Emulator) {
    this.handlers = methodHandlers(emu.payments)
    emu.runMethod = async (bot, method, params) => {
      await this.call(bot, method, params, new Map(), {
        source: 'webhook_reply',
        httpMethod: 'POST',
        signal: emu.signal,
      })
    }
  }

  async call(
    bot: BotRecord,
    methodName: string,
    fields: Record<string, unknown>,
    uploads: Map<string, Upload>,
    meta: CallMeta,
  ): Promise<ApiAnswer> {
    const { emu } = this
    const startedAt = Date.now()
    const spec = emu.spec.method(methodName)
    const method = spec?.name ?? methodName
    const chatId = chatIdOf(emu, fields)
    let params = fields
    let description: string | undefined
    const finish = (ok: boolean, result: unknown, error?: ApiError): ApiAnswer => {
      const call = emu.calls.add({
        botId: bot.id,
        method,
        params: recordedParams(params, uploads),
        source: meta.source,
        httpMethod: meta.httpMethod,
        ...(meta.contentType ? { contentType: meta.contentType } : {}),
        ...(chatId !== undefined ? { chatId } : {}),
        startedAt,
        durationMs: Date.now() - startedAt,
        ok,
        ...(ok ? { result } : {}),
        ...(error ? { error: { ...error.body(), ...(error.detail ? { detail: error.detail } : {}) } } : {}),
      })
      emu.events.publish(bot.id, { type: 'api_call', ...(chatId !== undefined ? { chatId } : {}), call })
      if (error)
        return {
          status: error.errorCode,
          body: { ...error.body() },
          ...(error.page !== undefined ? { page: error.page } : {}),
        }
      return { status: 200, body: { ok: true, result, ...(description ? { description } : {}) } }
    }
    try {
      if (!spec) throw notFound()
      const target = { method, botId: bot.id, ...(chatId !== undefined ? { chatId } : {}) }
      const latency = emu.faults.takeLatency(target)
      if (latency > 0) await sleep(latency, meta.signal)
      const injected = emu.faults.takeError(target)
      if (injected) throw injected
      params = emu.spec.validate(spec, fields, new Set(uploads.keys()))
      const handler = this.handlers[spec.name]
      if (!handler) throw new ApiError(501, `Not Implemented: method ${spec.name} is not emulated`)
      if (
        isSendOrEdit(method) &&
        chatId !== undefined &&
        emu.state.conversations.get(conversationKey(bot.id, chatId))?.blocked
      ) {
        throw forbidden('bot was blocked by the user')
      }
      if (countsForFlood(method) && chatId !== undefined && emu.state.chat(chatId)) {
        const limited = emu.flood.take(bot.id, chatId)
        if (limited) throw limited
      }
      const result = await handler({
        emu,
        bot,
        params,
        uploads,
        signal: meta.signal,
        describe: (text) => {
          description = text
        },
      })
      return finish(true, result)
    } catch (error) {
      if (error instanceof ApiError) return finish(false, undefined, error)
      const internal = new ApiError(
        500,
        'Internal Server Error',
        undefined,
        error instanceof Error ? error.stack : String(error),
      )
      return finish(false, undefined, internal)
    }
  }
}
