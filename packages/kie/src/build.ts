import { buildCreateBody, type ModelSpec, type Params } from '@kiebot/models'
import type { KieCreateRequest } from './client'
import { createPathOf } from './paths'

/**
 * The exact create-task call for a registry model: the registry's validated body (market:
 * `{ model, callBackUrl, input }`; flat families: the input fields at the top level plus
 * `callBackUrl`) sent to the model's create path. Throws InvalidParamsError on invalid params.
 */
export function buildCreateRequest(
  model: ModelSpec,
  params: Params,
  options: { callBackUrl: string },
): KieCreateRequest {
  const { family, body } = buildCreateBody(model, params, options)
  return { family, path: createPathOf(model), body }
}
