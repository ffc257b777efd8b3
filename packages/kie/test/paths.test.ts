import { API_FAMILIES, getModel, listModels } from '@kiebot/models'
import { CREATE_TASK_PATHS, FAMILY_ENDPOINTS, KIE_PATHS, createPathOf, createPaths } from '@kiebot/kie'

describe('Kie paths (one table)', () => {
  it('every family has a create and a status path, and the client uses them', () => {
    for (const family of API_FAMILIES) {
      expect(FAMILY_ENDPOINTS[family]).toEqual({ create: KIE_PATHS.create[family], status: KIE_PATHS.status[family] })
      expect(CREATE_TASK_PATHS[family]).toBe(KIE_PATHS.create[family])
    }
  })

  it('a model with its own create endpoint is created there, others at their family generate', () => {
    expect(createPathOf(getModel('veo-3-1-fast-extend')!)).toBe('/api/v1/veo/extend')
    expect(createPathOf(getModel('nano-banana')!)).toBe('/api/v1/jobs/createTask')
    const paths = createPaths().map((p) => p.path)
    expect(new Set(paths).size).toBe(paths.length)
    for (const model of listModels()) expect(paths).toContain(createPathOf(model))
  })

  it('catalog detail paths keep model ids with slashes readable', () => {
    expect(KIE_PATHS.modelDetail('kling-2.6/text-to-video', 'price')).toBe(
      '/api/v1/models/kling-2.6%2Ftext-to-video/price',
    )
  })
})
