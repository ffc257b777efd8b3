export { KieClient, DEFAULT_BASE_URL, DEFAULT_UPLOAD_BASE_URL } from './client'
export type {
  KieClientOptions,
  KieCreateRequest,
  KieUploadedFile,
  KieFileUpload,
  KieBase64Upload,
  KieUrlUpload,
} from './client'
export { KieError, isKieError, isRetryableCode } from './errors'
export type { KieErrorKind, KieErrorDetails } from './errors'
export { DEFAULT_RETRY } from './transport'
export type { RetryPolicy, KieLogger } from './transport'
export { isFinalState } from './task'
export type { KieTask, KieTaskState, TrackTexts } from './task'
export { FAMILY_ENDPOINTS, taskFromRecord } from './families'
export { CREATE_TASK_PATHS, KIE_PATHS, createPathOf, createPaths } from './paths'
export { buildCreateRequest } from './build'
export {
  parseCallback,
  callbackTaskId,
  signWebhook,
  verifyWebhookSignature,
  webhookHeaders,
  WEBHOOK_TIMESTAMP_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  callbackToken,
  callbackUrlFor,
  verifyCallbackToken,
  CALLBACK_TOKEN_GRACE_MS,
} from './callbacks'
export type { SunoCallbackType, WebhookSignatureInput, WebhookVerification } from './callbacks'
export { parseModelList, parsePriceEntries, parseModelSchema, parseSuccessRate } from './catalog'
export type { KieCatalogModel, KieModelFilters, KiePriceEntry, KieModelSchema, KieSuccessRate } from './catalog'
