/**
 * Rules between fields that Kie documents but a per-field schema cannot express
 * (the `note`s of kie-models.json and kie-api.md §6). Keyed by family, or by market model id.
 */
type Json = Record<string, unknown>
type Rule = (params: Json) => string | null

const given = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0)

/** POST /api/v1/generate/extend: custom parameters need the lyrics, style, title and the second to continue from. */
const sunoExtendRule: Rule = (p) => {
  if (p.defaultParamFlag !== true) return null
  for (const name of ['prompt', 'style', 'title', 'continueAt'])
    if (!given(p[name])) return `${name} is required when defaultParamFlag is true`
  if (typeof p.continueAt === 'number' && p.continueAt <= 0) return 'continueAt must be greater than 0'
  const v4 = p.model === 'V4'
  if (v4 && typeof p.prompt === 'string' && p.prompt.length > 3000)
    return 'prompt must be at most 3000 characters for V4'
  if (v4 && typeof p.style === 'string' && p.style.length > 200) return 'style must be at most 200 characters for V4'
  if ((v4 || p.model === 'V4_5ALL') && typeof p.title === 'string' && p.title.length > 80)
    return `title must be at most 80 characters for ${String(p.model)}`
  return null
}

const sunoRule: Rule = (p) => {
  if (given(p.audioId)) return sunoExtendRule(p)
  const prompt = typeof p.prompt === 'string' ? p.prompt : ''
  const v4 = p.model === 'V4'
  if (p.customMode !== true) {
    return prompt.length > 500 ? 'prompt must be at most 500 characters when customMode is false' : null
  }
  if (!given(p.style)) return 'style is required when customMode is true'
  if (!given(p.title)) return 'title is required when customMode is true'
  if (v4 && typeof p.style === 'string' && p.style.length > 200) return 'style must be at most 200 characters for V4'
  if (v4 && p.instrumental !== true && prompt.length > 3000) return 'prompt must be at most 3000 characters for V4'
  return null
}

const runwayRule: Rule = (p) => {
  // an extension (POST /api/v1/runway/extend) continues a video: no duration or aspect ratio
  if (given(p.taskId)) return null
  if (p.quality === '1080p' && p.duration === 10) return '1080p is only available for 5-second videos'
  if (!given(p.imageUrl) && !given(p.aspectRatio)) return 'aspectRatio is required for text-to-video'
  return null
}

const gpt4oImageRule: Rule = (p) =>
  given(p.prompt) || given(p.filesUrl) || given(p.fileUrl) ? null : 'prompt or filesUrl is required'

const veoRule: Rule = (p) => {
  const images = count(p.imageUrls)
  if (p.generationType === 'REFERENCE_2_VIDEO') {
    if (p.model === 'veo3') return 'REFERENCE_2_VIDEO is only available for veo3_fast and veo3_lite'
    if (images < 1 || images > 3) return 'REFERENCE_2_VIDEO needs 1 to 3 imageUrls'
    if (given(p.duration) && p.duration !== 8) return 'REFERENCE_2_VIDEO only supports duration 8'
  }
  if (p.generationType === 'FIRST_AND_LAST_FRAMES_2_VIDEO' && (images < 1 || images > 2)) {
    return 'FIRST_AND_LAST_FRAMES_2_VIDEO needs 1 or 2 imageUrls'
  }
  return null
}

const grokImageToVideoRule: Rule = (p) => {
  if (given(p.image_urls) && given(p.task_id)) return 'use either image_urls or task_id, not both'
  if (!given(p.image_urls) && !given(p.task_id)) return 'image_urls or task_id is required'
  return null
}

/** Midjourney: image-to-image and video start from the uploaded image(s). */
const midjourneyRule: Rule = (p) =>
  (p.taskType === 'mj_img2img' || p.taskType === 'mj_video') && !given(p.fileUrls)
    ? `fileUrls is required for ${String(p.taskType)}`
    : null

const RULES: Record<string, Rule> = {
  midjourney: midjourneyRule,
  suno: sunoRule,
  runway: runwayRule,
  'gpt4o-image': gpt4oImageRule,
  veo: veoRule,
  'grok-imagine/image-to-video': grokImageToVideoRule,
}

/**
 * Fields the catalog marks required that the docs make optional in some modes:
 * Suno's prompt (the lyrics) is not needed for an instrumental in custom mode.
 */
const OPTIONAL_WHEN: Record<string, Record<string, (params: Json) => boolean>> = {
  suno: { prompt: (p) => p.customMode === true && p.instrumental === true },
}

/** The field specs with such fields made optional when their condition holds. */
export function applicableSchema<T extends { required?: boolean }>(
  key: string,
  params: Json,
  schema: Record<string, T>,
): Record<string, T> {
  const optional = Object.entries(OPTIONAL_WHEN[key] ?? {}).filter(([name, when]) => schema[name] && when(params))
  if (optional.length === 0) return schema
  const relaxed = { ...schema }
  for (const [name] of optional) relaxed[name] = { ...schema[name]!, required: false }
  return relaxed
}

/** `key` is the family for flat APIs, the model id for market models. */
export function crossFieldProblem(key: string, params: Json): string | null {
  return RULES[key]?.(params) ?? null
}
