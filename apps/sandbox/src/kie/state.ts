import type { ApiFamily } from '@kiebot/models'
import type { CatalogEntry } from './catalog'

/** Milliseconds after creation at which a task enters each state (waiting at 0). */
export interface Timeline {
  queuingMs: number
  generatingMs: number
  completeMs: number
}

export interface FailCode {
  code: string
  message: string
}

export type CallbackMode = 'on' | 'off' | 'duplicate'
export type ErrorMode = 'http' | 'envelope'
export type MessageKey = 'msg' | 'message'

/** Everything a test or the sandbox can change while the emulator runs. */
export interface KieEmulatorSettings {
  /** the Bearer key the API accepts (the main account) */
  apiKey: string
  /** the main account's balance */
  credits: number
  /**
   * more Kie accounts (a key pool): each its own key, balance and create window; tasks are per
   * account; each signs its callbacks with its own `webhookHmacKey` (none: unsigned, as an
   * account that did not enable it)
   */
  accounts: { apiKey: string; credits: number; webhookHmacKey?: string | null }[]
  timeline: Timeline
  /** extra delay before every API answer */
  latencyMs: number
  /** share of tasks that end in `fail` (0..1) */
  failureRate: number
  /** codes picked at random for failing tasks */
  failCodes: FailCode[]
  /** errors as HTTP 200 with the code only in the envelope (Kie's own way, the default) or as HTTP status + envelope code (`http`) */
  errorMode: ErrorMode
  /** the envelope's message key */
  messageKey: MessageKey
  /** create requests allowed per window per key; null = unlimited */
  rateLimit: { creates: number; windowMs: number } | null
  /** requests to the four catalog endpoints allowed per window per key (Kie: about 1/s); null = unlimited */
  catalogRateLimit: { requests: number; windowMs: number } | null
  callbacks: CallbackMode
  /** Suno's intermediate `text`/`first` callbacks */
  sunoStageCallbacks: boolean
  /** retries after the first delivery attempt on non-200/timeout/network error */
  callbackRetries: number
  callbackRetryDelayMs: number
  callbackTimeoutMs: number
  /** the main account's: when set, its callbacks carry X-Webhook-Timestamp / X-Webhook-Signature */
  webhookHmacKey: string | null
  /** shifts X-Webhook-Timestamp (seconds), to test expiry */
  webhookTimestampSkewSeconds: number
  /** really GET media URLs of create requests (451 when it fails) */
  checkMediaUrls: boolean
  mediaFetchTimeoutMs: number
  /** base URL put into result/download links; default: the Host of the request */
  publicUrl: string | null
  uploadTtlMs: number
  /**
   * Results of a successful task, by `<model>|<param>=<value>` (most specific), `<model>`, then
   * `family:<family>`; images otherwise follow num_images/max_images/nVariants, everything else 1.
   * A new multi-result family or model is one entry here.
   */
  resultsPerTask: Record<string, number>
  /** Kie bills these models (by `model`) this many times the catalog price: a price Kie raised */
  creditsFactor: Record<string, number>
}

/** What Kie documents today: Grok Imagine 6 images (4 in Pro mode), Suno 2 tracks. */
export const DEFAULT_RESULTS_PER_TASK: Record<string, number> = {
  'grok-imagine/text-to-image': 6,
  'grok-imagine/text-to-image|enable_pro=true': 4,
  'family:suno': 2,
}

export const DEFAULT_SETTINGS: KieEmulatorSettings = {
  apiKey: 'kie-emulator-key',
  credits: 10_000,
  accounts: [],
  timeline: { queuingMs: 30, generatingMs: 80, completeMs: 200 },
  latencyMs: 0,
  failureRate: 0,
  failCodes: [{ code: '500', message: 'Internal server error' }],
  errorMode: 'envelope',
  messageKey: 'msg',
  rateLimit: { creates: 20, windowMs: 10_000 },
  catalogRateLimit: { requests: 1, windowMs: 1_000 },
  callbacks: 'on',
  sunoStageCallbacks: true,
  callbackRetries: 3,
  callbackRetryDelayMs: 100,
  callbackTimeoutMs: 15_000,
  webhookHmacKey: null,
  webhookTimestampSkewSeconds: 0,
  checkMediaUrls: true,
  mediaFetchTimeoutMs: 3_000,
  publicUrl: null,
  uploadTtlMs: 3 * 24 * 3600 * 1000,
  resultsPerTask: DEFAULT_RESULTS_PER_TASK,
  creditsFactor: {},
}

export type EmulatedState = 'waiting' | 'queuing' | 'generating' | 'success' | 'fail'

export type Outcome = { outcome: 'success' } | { outcome: 'fail'; failCode?: string; failMessage?: string }

export interface EmulatedTask {
  taskId: string
  /** the account that created it (0 the main one, i for `accounts[i - 1]`): the only one that can read it */
  account: number
  family: ApiFamily
  entry: CatalogEntry
  /** market model id, or the flat body's `model` (its default when absent) */
  model: string
  /** the create body as received */
  request: Record<string, unknown>
  /** `input` of a market body, the flat body itself otherwise */
  params: Record<string, unknown>
  callBackUrl: string | null
  state: EmulatedState
  price: number
  planned: Outcome
  failCode: string | null
  failMessage: string | null
  resultUrls: string[]
  creditsConsumed: number
  /** where result links point */
  baseUrl: string
  createTime: number
  updateTime: number
  completeTime: number | null
}

export interface RecordedRequest {
  at: number
  method: string
  path: string
  query: Record<string, unknown>
  /** request headers; the authorization value is replaced by "[redacted]" */
  headers: Record<string, string | string[] | undefined>
  /** whether the Bearer key was the right one */
  authorized: boolean
  /** the account of the Bearer key (0 the main one, i for `accounts[i - 1]`); null for an unknown key */
  account: number | null
  /** parsed JSON body; for multipart: the fields plus `file: { fileName, size, mimeType }` */
  body: unknown
}

export interface CallbackAttempt {
  at: number
  taskId: string
  family: ApiFamily
  url: string
  /** Suno stage, or "final" */
  stage: string
  attempt: number
  /** HTTP status of the receiver's answer; null on timeout/network error */
  status: number | null
  error: string | null
  body: unknown
  headers: Record<string, string>
}

export interface FaultRule {
  /** applies to request paths starting with this; default every /api path */
  pathPrefix?: string
  /** applies to create requests only (any family's create path) */
  creates?: boolean
  remaining: number
}

export interface StoredFile {
  id: string
  fileName: string
  filePath: string
  mimeType: string
  content: Buffer
  uploadedAt: number
  expiresAt: number
}
