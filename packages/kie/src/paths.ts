import type { ApiFamily, CreateEndpoint } from '@kiebot/models'

// Every Kie.ai API path, in one table (kie-api.md §2, §6): the client calls them, the sandbox's
// emulator serves them, and the registry names a model's create endpoint without its path.

const CREATE: Readonly<Record<ApiFamily, string>> = {
  market: '/api/v1/jobs/createTask',
  veo: '/api/v1/veo/generate',
  suno: '/api/v1/generate',
  runway: '/api/v1/runway/generate',
  'flux-kontext': '/api/v1/flux/kontext/generate',
  'gpt4o-image': '/api/v1/gpt4o-image/generate',
  midjourney: '/api/v1/mj/generate',
}

/** Create endpoints other than a family's generate, by the name a model spec uses (`createEndpoint`). */
const OTHER_CREATE: Readonly<Record<Exclude<CreateEndpoint, 'generate'>, { family: ApiFamily; path: string }>> = {
  'veo-extend': { family: 'veo', path: '/api/v1/veo/extend' },
  'runway-extend': { family: 'runway', path: '/api/v1/runway/extend' },
  'suno-upload-cover': { family: 'suno', path: '/api/v1/generate/upload-cover' },
  'suno-extend': { family: 'suno', path: '/api/v1/generate/extend' },
}

const STATUS: Readonly<Record<ApiFamily, string>> = {
  market: '/api/v1/jobs/recordInfo',
  veo: '/api/v1/veo/record-info',
  suno: '/api/v1/generate/record-info',
  runway: '/api/v1/runway/record-detail',
  'flux-kontext': '/api/v1/flux/kontext/record-info',
  'gpt4o-image': '/api/v1/gpt4o-image/record-info',
  midjourney: '/api/v1/mj/record-info',
}

export const KIE_PATHS = {
  /** each family's generate endpoint */
  create: CREATE,
  otherCreate: OTHER_CREATE,
  /** each family's task record */
  status: STATUS,
  credits: '/api/v1/chat/credit',
  downloadUrl: '/api/v1/common/download-url',
  /** the upload host's three ways in */
  upload: { stream: '/api/file-stream-upload', base64: '/api/file-base64-upload', url: '/api/file-url-upload' },
  /** the catalog: the listing, and one model's price, schema and success rate */
  models: '/api/v1/models',
  modelDetail: (model: string, detail: 'price' | 'schema' | 'success-rate') =>
    `/api/v1/models/${encodeURIComponent(model)}/${detail}`,
} as const

/** The create path of a model: its own endpoint when it names one (Veo extend), else its family's generate. */
export function createPathOf(model: { family: ApiFamily; createEndpoint?: CreateEndpoint }): string {
  const endpoint = model.createEndpoint ?? 'generate'
  return endpoint === 'generate' ? CREATE[model.family] : OTHER_CREATE[endpoint].path
}

/** Every create path with its family (what the emulator routes). */
export function createPaths(): { path: string; family: ApiFamily }[] {
  return [
    ...(Object.entries(CREATE) as [ApiFamily, string][]).map(([family, path]) => ({ path, family })),
    ...Object.values(OTHER_CREATE).map(({ family, path }) => ({ path, family })),
  ]
}

/** Each family's generate path (a model without its own endpoint is created there). */
export const CREATE_TASK_PATHS = CREATE
