import { parseDialogue } from './dialogue'
import { validateParams } from './validate'
import type { CreateTaskBody, FieldError, ModelSpec, Params, TextField } from './types'

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
 * The body of the create-task call. Market: `{ model, callBackUrl, input }`; flat families: the
 * input fields at the top level plus `callBackUrl`. Media params are URLs already uploaded
 * to Kie. Measured params (file lengths) are never sent. The path it goes to is packages/kie's
 * (`buildCreateRequest` there, from the model's family and `createEndpoint`).
 */
export function buildCreateBody(model: ModelSpec, params: Params, options: { callBackUrl: string }): CreateTaskBody {
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
  const body =
    model.family === 'market'
      ? { model: model.kieModel, callBackUrl: options.callBackUrl, input }
      : { ...input, callBackUrl: options.callBackUrl }
  return { family: model.family, endpoint: model.createEndpoint ?? 'generate', body }
}
