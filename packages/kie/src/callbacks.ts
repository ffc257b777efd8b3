import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ApiFamily } from '@kiebot/models'
import { marketTask, midjourneyUrls, sunoTrackIds, sunoTrackTexts } from './families'
import {
  asObject,
  emptyTask,
  numberOrNull,
  parseJsonObject,
  stringList,
  textOrNull,
  type JsonObject,
  type KieTask,
} from './task'

// ---------------------------------------------------------------------------------------------
// Callback bodies (kie-api.md §3.1 and the callback lines of §6)
// ---------------------------------------------------------------------------------------------

export type SunoCallbackType = 'text' | 'first' | 'complete' | 'error'

/** The task id a callback is about: `data.taskId` (market, Veo, 4o, Kontext) or `data.task_id` (Suno, Runway). */
export function callbackTaskId(body: unknown): string | null {
  const data = asObject(asObject(body).data)
  return textOrNull(data.taskId) ?? textOrNull(data.task_id)
}

function envelopeFailure(body: JsonObject, task: KieTask): KieTask {
  return {
    ...task,
    state: 'fail',
    failCode: textOrNull(body.code),
    failMessage: textOrNull(body.msg ?? body.message),
  }
}

function isOk(body: JsonObject): boolean {
  return numberOrNull(body.code) === 200
}

function sunoCallback(body: JsonObject, data: JsonObject, base: KieTask): KieTask {
  const type = data.callbackType
  if (type === 'error' || !isOk(body)) return envelopeFailure(body, base)
  const tracks = Array.isArray(data.data) ? data.data.map(asObject) : []
  const resultUrls = tracks.flatMap((track) => stringList(track.audio_url))
  const trackIds = sunoTrackIds(tracks, 'audio_url')
  const trackTexts = sunoTrackTexts(tracks, 'audio_url')
  // text and first are progress reports; only complete and error are final.
  return {
    ...base,
    state: type === 'complete' ? 'success' : 'running',
    resultUrls,
    ...(trackIds && trackIds.length === resultUrls.length ? { trackIds } : {}),
    ...(trackTexts && trackTexts.titles.length === resultUrls.length ? { trackTexts } : {}),
  }
}

/**
 * Turns a callback body of the given family into the task view. Suno `text`/`first` stages give
 * state `running`; every other callback is final (`success` or `fail`).
 */
export function parseCallback(family: ApiFamily, body: unknown): KieTask {
  const envelope = asObject(body)
  const data = asObject(envelope.data)
  if (family === 'market') {
    const task = marketTask(data)
    if (task.state === 'success' || task.state === 'fail') return task
    return isOk(envelope) ? task : envelopeFailure(envelope, task)
  }
  const base = emptyTask(callbackTaskId(body) ?? '', family)
  if (family === 'suno') return sunoCallback(envelope, data, base)
  if (!isOk(envelope)) return envelopeFailure(envelope, base)
  if (family === 'midjourney') {
    // { code, msg, data: { taskId, promptJson, resultUrls: [url, ...] } }; records' [{ resultUrl }] accepted too
    const resultUrls = midjourneyUrls(data.resultUrls ?? parseJsonObject(data.resultInfoJson).resultUrls)
    return {
      ...base,
      state: 'success',
      resultUrls,
      creditsConsumed: numberOrNull(data.consumeCredits ?? data.creditsConsumed),
    }
  }
  const info = asObject(data.info)
  const resultUrls =
    family === 'veo'
      ? stringList(info.resultUrls)
      : family === 'runway'
        ? stringList(data.video_url)
        : family === 'flux-kontext'
          ? stringList(info.resultImageUrl)
          : stringList(info.result_urls)
  return { ...base, state: 'success', resultUrls }
}

// ---------------------------------------------------------------------------------------------
// Kie's optional webhook HMAC (kie-api.md §3.2)
// ---------------------------------------------------------------------------------------------

export const WEBHOOK_TIMESTAMP_HEADER = 'x-webhook-timestamp'
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature'

/** base64(HMAC-SHA256(hmacKey, `${taskId}.${timestamp}`)) */
export function signWebhook(taskId: string, timestampSeconds: number | string, hmacKey: string): string {
  return createHmac('sha256', hmacKey).update(`${taskId}.${timestampSeconds}`).digest('base64')
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  // timingSafeEqual needs equal lengths; comparing against itself keeps the timing flat.
  if (left.length !== right.length) {
    timingSafeEqual(left, left)
    return false
  }
  return timingSafeEqual(left, right)
}

export interface WebhookSignatureInput {
  taskId: string
  /** `X-Webhook-Timestamp` header value (unix seconds) */
  timestamp: string | undefined | null
  /** `X-Webhook-Signature` header value */
  signature: string | undefined | null
  hmacKey: string
  /** accepted clock difference either way; default 300 s */
  toleranceSeconds?: number
  /** current time in ms (tests); default Date.now() */
  nowMs?: number
}

export type WebhookVerification =
  { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'expired' | 'bad_signature' }

export function verifyWebhookSignature(input: WebhookSignatureInput): WebhookVerification {
  const { timestamp, signature } = input
  if (!timestamp || !signature) return { ok: false, reason: 'missing_headers' }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' }
  const tolerance = input.toleranceSeconds ?? 300
  const nowSeconds = Math.floor((input.nowMs ?? Date.now()) / 1000)
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return { ok: false, reason: 'expired' }
  const expected = signWebhook(input.taskId, timestamp, input.hmacKey)
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, reason: 'bad_signature' }
}

/** Header lookup that works for Node's lower-cased headers and for Fetch `Headers`. */
export function webhookHeaders(headers: Record<string, string | string[] | undefined> | Headers): {
  timestamp: string | null
  signature: string | null
} {
  const read = (name: string): string | null => {
    if (headers instanceof Headers) return headers.get(name)
    const value = headers[name] ?? headers[name.toLowerCase()]
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
  }
  return { timestamp: read(WEBHOOK_TIMESTAMP_HEADER), signature: read(WEBHOOK_SIGNATURE_HEADER) }
}

// ---------------------------------------------------------------------------------------------
// Our own per-generation callback token, carried in the callBackUrl
// ---------------------------------------------------------------------------------------------

/**
 * A callback token is accepted until its generation's deadline plus this long: Kie calls
 * back when a task ends (at the latest around the deadline, plus its retries), and a URL
 * that leaked (proxy logs, Kie's dashboard) is useless afterwards.
 */
export const CALLBACK_TOKEN_GRACE_MS = 60 * 60_000

/** base64url(HMAC-SHA256(secret, generationId)) */
export function callbackToken(generationId: string, secret: string): string {
  return createHmac('sha256', secret).update(generationId).digest('base64url')
}

/** `${publicUrl}/kie/callback/${generationId}?token=…` */
export function callbackUrlFor(publicUrl: string, generationId: string, secret: string): string {
  const base = publicUrl.replace(/\/+$/, '')
  const token = callbackToken(generationId, secret)
  return `${base}/kie/callback/${encodeURIComponent(generationId)}?token=${token}`
}

export function verifyCallbackToken(generationId: string, token: string | null | undefined, secret: string): boolean {
  if (typeof token !== 'string' || token === '') return false
  return safeEqual(callbackToken(generationId, secret), token)
}
