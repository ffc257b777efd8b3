/**
 * Kie.ai API families the registry uses. Each has its own create and status
 * endpoints and its own success flag; packages/kie normalises them.
 * - market: POST /api/v1/jobs/createTask, GET /api/v1/jobs/recordInfo
 * - veo: POST /api/v1/veo/generate, GET /api/v1/veo/record-info
 * - suno: POST /api/v1/generate, GET /api/v1/generate/record-info
 * - runway: POST /api/v1/runway/generate, GET /api/v1/runway/record-detail
 * - flux-kontext: POST /api/v1/flux/kontext/generate, GET /api/v1/flux/kontext/record-info
 * - gpt4o-image: POST /api/v1/gpt4o-image/generate, GET /api/v1/gpt4o-image/record-info
 * - midjourney: POST /api/v1/mj/generate, GET /api/v1/mj/record-info
 */
export const API_FAMILIES = ['market', 'veo', 'suno', 'runway', 'flux-kontext', 'gpt4o-image', 'midjourney'] as const
export type ApiFamily = (typeof API_FAMILIES)[number]
