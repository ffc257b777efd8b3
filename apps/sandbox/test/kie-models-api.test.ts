import { KieClient, KieError, parseModelSchema } from '@kiebot/kie'
import { getModel, listModels, listOffered, missingRequiredInputs } from '@kiebot/models'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'
import { CATALOG_FIXTURE_CHANGES } from '../src/kie/models-catalog'

// Kie's catalog API as the emulator plays it, read through the real client.
const API_KEY = 'models-api-key'
let emulator: RunningKieEmulator
let client: KieClient

beforeAll(async () => {
  emulator = await startKieEmulator({ apiKey: API_KEY })
  client = new KieClient({ apiKey: API_KEY, baseUrl: emulator.url, retry: { maxAttempts: 1 } })
})
afterAll(() => emulator.close())
beforeEach(() => {
  emulator.control.reset()
  emulator.control.configure({ catalogRateLimit: null })
})

async function failure(promise: Promise<unknown>): Promise<KieError> {
  const error = await promise.then(
    () => new Error('expected failure'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(KieError)
  return error as KieError
}

describe('catalog API', () => {
  it('lists models with provider, task types and price text; filters by taskType, provider, q', async () => {
    const all = await client.listModels()
    const ids = all.map((m) => m.model)
    expect(ids).toContain('nano-banana-2')
    expect(ids).toContain(CATALOG_FIXTURE_CHANGES.newModel)
    expect(ids).not.toContain(CATALOG_FIXTURE_CHANGES.unlisted)
    // the fixture's differences are differences from the current registry
    const unlisted = listModels().filter((m) => m.kieModel === CATALOG_FIXTURE_CHANGES.unlisted)
    expect(unlisted.length).toBeGreaterThan(0)
    expect(unlisted.every((m) => m.upstreamRetired === undefined)).toBe(true)
    expect(listModels().some((m) => m.kieModel === CATALOG_FIXTURE_CHANGES.newModel)).toBe(false)
    // models whose vendor retired them are not listed; everything else the registry sells is
    for (const model of listModels()) {
      if (model.upstreamRetired !== undefined)
        expect([model.slug, ids.includes(model.kieModel)]).toEqual([model.slug, false])
      else if (model.kieModel !== CATALOG_FIXTURE_CHANGES.unlisted)
        expect([model.slug, ids.includes(model.kieModel)]).toEqual([model.slug, true])
    }
    expect(all.find((m) => m.model === CATALOG_FIXTURE_CHANGES.newModel)).toMatchObject({
      provider: 'minimax',
      taskTypes: ['text-to-video'],
      pricingDesc: 'A 6-second video costs 100 credits (0.50 USD)',
    })
    const videos = await client.listModels({ taskType: 'text-to-video' })
    expect(videos.length).toBeGreaterThan(0)
    expect(videos.every((m) => m.taskTypes.includes('text-to-video'))).toBe(true)
    expect((await client.listModels({ provider: 'kling' })).every((m) => m.provider === 'kling')).toBe(true)
    expect((await client.listModels({ q: 'banana' })).map((m) => m.model).sort()).toEqual([
      'google/nano-banana',
      'google/nano-banana-edit',
      'nano-banana-2',
      'nano-banana-pro',
    ])
  })

  it('price entries per mode, schema with required fields and enums, success rate (ids with slashes)', async () => {
    const rise = await client.getModelPrice(CATALOG_FIXTURE_CHANGES.priceRise)
    expect(rise).toContainEqual(expect.objectContaining({ params: { duration: '5', sound: false }, credits: 60 }))
    expect(rise).toContainEqual(expect.objectContaining({ params: { duration: '10', sound: false }, credits: 120 }))
    // dearer than the registry, cheaper for nano-banana-2
    expect(getModel('kling-2-6')!.credits({ prompt: 'p', duration: '5', sound: false })).toBeLessThan(60)
    expect(getModel('kling-2-6')!.credits({ prompt: 'p', duration: '10', sound: false })).toBeLessThan(120)
    const drop = await client.getModelPrice('nano-banana-2')
    expect(drop.map((e) => e.credits)).toEqual([5, 8, 12])
    const nanoRegistry = getModel('nano-banana-2')!
    expect(['1K', '2K', '4K'].map((resolution) => nanoRegistry.credits({ prompt: 'p', resolution }))).toEqual([
      8, 12, 18,
    ])

    const schema = await client.getModelSchema(CATALOG_FIXTURE_CHANGES.schemaRequired.model)
    expect(schema.required).toContain('prompt_optimizer')
    expect(getModel('hailuo-02-pro')).toMatchObject({ kieModel: CATALOG_FIXTURE_CHANGES.schemaRequired.model })
    expect(getModel('hailuo-02-pro')!.upstreamRetired).toBeUndefined()
    expect(missingRequiredInputs([getModel('hailuo-02-pro')!], schema.required)).toEqual(['prompt_optimizer'])
    const nano = await client.getModelSchema('nano-banana-2')
    expect(nano.required).toContain('prompt')
    expect(nano.enums.resolution).toEqual(expect.arrayContaining(['1K', '2K', '4K']))
    expect(missingRequiredInputs([getModel('nano-banana-2')!], nano.required)).toEqual([])
    // the registry's own schemas (every offering it sells) require nothing the registry does not send
    emulator.control.resetCatalog('registry')
    for (const model of listOffered()) {
      const entry = emulator.control.catalog().models.find((m) => m.model === model.kieModel)!
      expect([
        model.slug,
        missingRequiredInputs(
          listModels().filter((m) => m.kieModel === model.kieModel),
          parseModelSchema(entry.schema, 'x').required,
        ),
      ]).toEqual([model.slug, []])
    }
    emulator.control.resetCatalog()

    expect((await client.getModelSuccessRate('nano-banana-2')).rate).toBeCloseTo(0.97)
    const missing = await failure(client.getModelPrice(CATALOG_FIXTURE_CHANGES.unlisted))
    expect(missing).toMatchObject({ kind: 'api', code: 404 })
  })

  it('one budget of 1 request/s per key for the four endpoints: 429 beyond it', async () => {
    emulator.control.configure({ catalogRateLimit: { requests: 1, windowMs: 1_000 } })
    await client.listModels()
    const limited = await failure(client.getModelSchema('nano-banana-2'))
    expect(limited).toMatchObject({ kind: 'api', code: 429, retryable: true, attempts: 1 })
    await failure(client.getModelSuccessRate('nano-banana-2'))
    await new Promise((resolve) => setTimeout(resolve, 1_050))
    expect(await client.getModelPrice('nano-banana-2')).toHaveLength(3)
  })

  it('malformed answers are errors of that call, never an empty catalog', async () => {
    emulator.control.setCatalog({ models: [], listOverride: { unexpected: true } })
    expect(await failure(client.listModels())).toMatchObject({ kind: 'invalid_response' })
    emulator.control.setCatalog({ models: [], listOverride: [{ model: 'a' }, { provider: 'no id' }] })
    expect(await failure(client.listModels())).toMatchObject({ kind: 'invalid_response' })
    emulator.control.setCatalog({
      models: [
        {
          model: 'x/y',
          provider: null,
          taskType: [],
          pricingDesc: null,
          prices: 'free',
          schema: 42,
          successRate: 'n/a',
        },
      ],
    })
    expect(await failure(client.getModelPrice('x/y'))).toMatchObject({ kind: 'invalid_response' })
    expect(await failure(client.getModelSchema('x/y'))).toMatchObject({ kind: 'invalid_response' })
    expect((await client.getModelSuccessRate('x/y')).rate).toBeNull()
    // unknown fields are kept, unreadable entries kept without credits
    emulator.control.upsertCatalogModel({
      model: 'x/y',
      prices: [{ credits: '7.5', params: { a: 1 }, tier: 'gold' }, { cost: 'ask us' }],
    })
    const prices = await client.getModelPrice('x/y')
    expect(prices[0]).toMatchObject({ credits: 7.5, params: { a: 1 }, raw: { tier: 'gold' } })
    expect(prices[1]).toMatchObject({ credits: null, raw: { cost: 'ask us' } })
  })

  it('the control HTTP API sets any catalog', async () => {
    const control = `${emulator.url}/_control`
    const put = await fetch(`${control}/catalog`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        models: [
          {
            model: 'only/one',
            provider: 'p',
            taskType: ['text-to-image'],
            pricingDesc: '1 credit',
            prices: [{ credits: 1 }],
            schema: { required: ['prompt'] },
            successRate: 1,
          },
        ],
      }),
    })
    expect(put.status).toBe(200)
    expect((await client.listModels()).map((m) => m.model)).toEqual(['only/one'])
    await fetch(`${control}/catalog/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'two/b', pricingDesc: 'x' }),
    })
    await fetch(`${control}/catalog/models/${encodeURIComponent('only/one')}`, { method: 'DELETE' })
    expect((await client.listModels()).map((m) => m.model)).toEqual(['two/b'])
    await fetch(`${control}/catalog/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'registry' }),
    })
    expect((await client.listModels()).map((m) => m.model)).toContain(CATALOG_FIXTURE_CHANGES.unlisted)
    expect(
      (
        await fetch(`${control}/catalog`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{"models":[{"model":""}]}',
        })
      ).status,
    ).toBe(400)
  })
})
