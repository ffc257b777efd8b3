import type { ApiFamily } from '@kiebot/models'
import { FormData } from 'undici'
import {
  parseModelList,
  parseModelSchema,
  parsePriceEntries,
  parseSuccessRate,
  type KieCatalogModel,
  type KieModelFilters,
  type KieModelSchema,
  type KiePriceEntry,
  type KieSuccessRate,
} from './catalog'
import { KieError } from './errors'
import { FAMILY_ENDPOINTS, taskFromRecord } from './families'
import { KIE_PATHS } from './paths'
import type { KieTask } from './task'
import { asObject, numberOrNull, textOrNull } from './task'
import { DEFAULT_RETRY, KieTransport, type KieLogger, type RetryPolicy } from './transport'

export interface KieClientOptions {
  apiKey: string
  /** default https://api.kie.ai */
  baseUrl?: string
  /** file uploads live on another host; default https://kieai.redpandaai.co */
  uploadBaseUrl?: string
  /** per request (each attempt), default 30 s */
  timeoutMs?: number
  /** create calls, default timeoutMs */
  createTimeoutMs?: number
  /** uploads, default 120 s */
  uploadTimeoutMs?: number
  /** back-off of idempotent calls; createTask is never retried */
  retry?: Partial<RetryPolicy>
  logger?: KieLogger
}

/** The exact create-task call (`buildCreateRequest(model, params, { callBackUrl })`): declared here only. */
export interface KieCreateRequest {
  family: ApiFamily
  /** create endpoint path, e.g. /api/v1/jobs/createTask */
  path: string
  body: Record<string, unknown>
}

export interface KieUploadedFile {
  downloadUrl: string
  fileName: string | null
  filePath: string | null
  fileSize: number | null
  mimeType: string | null
}

export interface KieFileUpload {
  data: Blob | Uint8Array
  /** folder on Kie's side, e.g. "images/user-uploads" (no leading/trailing slash) */
  uploadPath: string
  /** use unique names: the same name overwrites */
  fileName: string
  mimeType?: string
}

export interface KieBase64Upload {
  /** a data URL ("data:image/png;base64,…") or bare base64 */
  base64Data: string
  uploadPath: string
  fileName?: string
}

export interface KieUrlUpload {
  fileUrl: string
  uploadPath: string
  fileName?: string
}

export const DEFAULT_BASE_URL = 'https://api.kie.ai'
export const DEFAULT_UPLOAD_BASE_URL = 'https://kieai.redpandaai.co'

export class KieClient {
  private readonly transport: KieTransport
  private readonly baseUrl: string
  private readonly uploadBaseUrl: string
  private readonly timeoutMs: number
  private readonly createTimeoutMs: number
  private readonly uploadTimeoutMs: number

  constructor(options: KieClientOptions) {
    if (!options.apiKey) throw new Error('KieClient: apiKey is required')
    this.transport = new KieTransport(options.apiKey, { ...DEFAULT_RETRY, ...options.retry }, options.logger)
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL
    this.uploadBaseUrl = options.uploadBaseUrl ?? DEFAULT_UPLOAD_BASE_URL
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.createTimeoutMs = options.createTimeoutMs ?? this.timeoutMs
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? 120_000
  }

  /**
   * Creates a paid task and returns its id. Sent exactly once: on a timeout or a dropped
   * connection the error has kind `outcome_unknown`; a refused connection is `network` (retryable).
   */
  async createTask(request: KieCreateRequest): Promise<string> {
    const endpoint = `POST ${request.path}`
    const envelope = await this.transport.send({
      method: 'POST',
      baseUrl: this.baseUrl,
      path: request.path,
      json: request.body,
      idempotent: false,
      timeoutMs: this.createTimeoutMs,
    })
    const taskId = textOrNull(asObject(envelope.data).taskId)
    if (taskId === null) {
      throw new KieError({
        kind: 'outcome_unknown',
        message: `Kie ${endpoint}: accepted but no taskId in the answer`,
        code: envelope.code,
        status: 200,
        retryable: false,
        endpoint,
      })
    }
    return taskId
  }

  /** The task's status from its family's record endpoint, normalised. */
  async getTask(family: ApiFamily, taskId: string): Promise<KieTask> {
    const path = FAMILY_ENDPOINTS[family].status
    const envelope = await this.transport.send({
      method: 'GET',
      baseUrl: this.baseUrl,
      path,
      query: { taskId },
      idempotent: true,
      timeoutMs: this.timeoutMs,
    })
    if (envelope.data === null || typeof envelope.data !== 'object') {
      throw this.invalid(`GET ${path}`, 'record without data')
    }
    return taskFromRecord(family, envelope.data, taskId)
  }

  /** Remaining account credits. */
  async getCredits(): Promise<number> {
    const path = KIE_PATHS.credits
    const envelope = await this.transport.send({
      method: 'GET',
      baseUrl: this.baseUrl,
      path,
      idempotent: true,
      timeoutMs: this.timeoutMs,
    })
    const credits = numberOrNull(envelope.data)
    if (credits === null) throw this.invalid(`GET ${path}`, 'credits are not a number')
    return credits
  }

  /** `GET /api/v1/models` (optional filters): every model Kie lists. */
  async listModels(filters: KieModelFilters = {}): Promise<KieCatalogModel[]> {
    const query: Record<string, string> = {}
    for (const [key, value] of Object.entries(filters))
      if (typeof value === 'string' && value !== '') query[key] = value
    const envelope = await this.catalogGet(KIE_PATHS.models, query)
    return parseModelList(envelope.data)
  }

  /** `GET /api/v1/models/<id>/price`: the model's per-mode price entries. */
  async getModelPrice(model: string): Promise<KiePriceEntry[]> {
    const path = KIE_PATHS.modelDetail(model, 'price')
    return parsePriceEntries((await this.catalogGet(path)).data, `GET ${path}`)
  }

  /** `GET /api/v1/models/<id>/schema`: required input fields and enums. */
  async getModelSchema(model: string): Promise<KieModelSchema> {
    const path = KIE_PATHS.modelDetail(model, 'schema')
    return parseModelSchema((await this.catalogGet(path)).data, `GET ${path}`)
  }

  /** `GET /api/v1/models/<id>/success-rate`. */
  async getModelSuccessRate(model: string): Promise<KieSuccessRate> {
    const path = KIE_PATHS.modelDetail(model, 'success-rate')
    return parseSuccessRate((await this.catalogGet(path)).data)
  }

  /** Multipart upload (`/api/file-stream-upload`) of bytes held in memory. */
  async uploadFile(upload: KieFileUpload): Promise<KieUploadedFile> {
    const blob =
      upload.data instanceof Blob
        ? upload.data
        : new Blob([upload.data], { type: upload.mimeType ?? 'application/octet-stream' })
    return this.upload(KIE_PATHS.upload.stream, {
      form: () => {
        const form = new FormData()
        form.set('uploadPath', upload.uploadPath)
        form.set('fileName', upload.fileName)
        form.set('file', blob, upload.fileName)
        return form
      },
    })
  }

  async uploadBase64(upload: KieBase64Upload): Promise<KieUploadedFile> {
    return this.upload(KIE_PATHS.upload.base64, { json: upload })
  }

  /** Kie downloads `fileUrl` itself (30 s limit on its side). */
  async uploadFromUrl(upload: KieUrlUpload): Promise<KieUploadedFile> {
    return this.upload(KIE_PATHS.upload.url, { json: upload })
  }

  /** A temporary (20 min) download link for a Kie-generated file URL. */
  async getDownloadUrl(url: string): Promise<string> {
    const path = KIE_PATHS.downloadUrl
    const envelope = await this.transport.send({
      method: 'POST',
      baseUrl: this.baseUrl,
      path,
      json: { url },
      idempotent: true,
      timeoutMs: this.timeoutMs,
    })
    const link = textOrNull(envelope.data)
    if (link === null) throw this.invalid(`POST ${path}`, 'no link in the answer')
    return link
  }

  private async upload(path: string, body: { json?: unknown; form?: () => FormData }): Promise<KieUploadedFile> {
    const envelope = await this.transport.send({
      method: 'POST',
      baseUrl: this.uploadBaseUrl,
      path,
      ...body,
      idempotent: true,
      timeoutMs: this.uploadTimeoutMs,
    })
    const data = asObject(envelope.data)
    // some answers carry the link as fileUrl only
    const downloadUrl = textOrNull(data.downloadUrl) ?? textOrNull(data.fileUrl)
    if (downloadUrl === null) throw this.invalid(`POST ${path}`, 'no downloadUrl or fileUrl in the answer')
    return {
      downloadUrl,
      fileName: textOrNull(data.fileName),
      filePath: textOrNull(data.filePath),
      fileSize: numberOrNull(data.fileSize),
      mimeType: textOrNull(data.mimeType),
    }
  }

  /**
   * Catalog calls share one budget of about 1 request/s per account: the caller paces them,
   * so they are sent once (a 429 is the caller's signal to slow down, not to retry here).
   */
  private catalogGet(path: string, query: Record<string, string> = {}) {
    return this.transport.send({
      method: 'GET',
      baseUrl: this.baseUrl,
      path,
      query,
      idempotent: true,
      retryable: false,
      timeoutMs: this.timeoutMs,
    })
  }

  private invalid(endpoint: string, what: string): KieError {
    return new KieError({
      kind: 'invalid_response',
      message: `Kie ${endpoint}: ${what}`,
      code: null,
      status: 200,
      retryable: false,
      endpoint,
    })
  }
}
