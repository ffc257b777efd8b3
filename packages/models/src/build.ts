import type { ApiFamily } from './family'
import { parseDialogue } from './dialogue'
import { validateParams } from './validate'
import type { CreateTaskRequest, FieldError, ModelSpec, Params, TextField } from './types'

/** Create-task endpoint of each API family (kie-api.md §2.1, §6). */
export const CREATE_TASK_PATHS: Readonly<Record<ApiFamily, string>> = {
  market: '/api/v1/jobs/createTask',
  veo: '/api/v1/veo/generate',
  suno: '/api/v1/generate',
  runway: '/api/v1/runway/generate',
  'flux-kontext': '/api/v1/flux/kontext/generate',
  'gpt4o-image': '/api/v1/gpt4o-image/generate',
  midjourney: '/api/v1/mj/generate',
}

export class InvalidParamsError extends Error {
  constructor(
    readonly slug: string,
    readonly errors: readonly FieldError[],
  ) {
    super(`${slug}: invalid params: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`)
    this.name = 'InvalidParamsError'
  }
}

/** Validated params (defaults filled); throws InvalidParamsError otherwise. */
export function requireValidParams(model: ModelSpec, params: Params): Params {
  const result = validateParams(model, params)
  if (!result.ok) throw new InvalidParamsError(model.slug, result.errors)
  return result.params
}

/** A validated dialogue script as Kie's `[{ text, voice }]` list. */
function dialogueLines(value: unknown, spec: NonNullable<TextField['dialogue']>) {
  const parsed = parseDialogue(String(value), spec)
  if (!parsed.ok) throw new Error('dialogue passed validation but does not parse')
  return parsed.lines.map((line) => ({ text: line.text, voice: line.voice }))
}

/**
 * The exact create-task call. Market: `{ model, callBackUrl, input }`; flat families: the
 * input fields at the top level plus `callBackUrl`. Media params are URLs already uploaded
 * to Kie. Measured params (file lengths) are never sent.
 */
export function buildCreateRequest(model: ModelSpec, params: Params, options: { callBackUrl: string }): CreateTaskRequest {
  const valid = requireValidParams(model, params)
  const input: Record<string, unknown> = { ...model.fixedInput }
  for (const field of model.fields) {
    const value = valid[field.key]
    if (!field.ask || value === undefined) continue
    input[field.key] = field.type === 'text' && field.dialogue ? dialogueLines(value, field.dialogue) : value
  }
  for (const [key, value] of Object.entries(model.deriveInput(valid))) {
    if (input[key] === undefined) input[key] = value
  }
  const path = model.createPath ?? CREATE_TASK_PATHS[model.family]
  const body =
    model.family === 'market'
      ? { model: model.kieModel, callBackUrl: options.callBackUrl, input }
      : { ...input, callBackUrl: options.callBackUrl }
  return { family: model.family, path, body }
}
