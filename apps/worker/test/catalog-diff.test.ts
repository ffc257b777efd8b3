import type { CatalogOfferingState, CatalogSnapshotModel } from '@kiebot/db'
import { exampleParams, getModel, listModels, scaleCredits, upstreamAvailable, type ModelSpec } from '@kiebot/models'
import { diffCatalog, neededFactor } from '../src/scheduled/catalog-diff'

// The diff of a snapshot against the registry, on its own (the worker process runs it in catalog-sync.test.ts).
const listedAs = (model: ModelSpec, extra: Partial<CatalogSnapshotModel> = {}): CatalogSnapshotModel => ({
  kieModel: model.kieModel,
  provider: null,
  taskTypes: [model.kind],
  priceText: null,
  priceEntries: [],
  requiredFields: [],
  enums: {},
  ...extra,
})
const state = (patch: Partial<CatalogOfferingState>): CatalogOfferingState => ({
  creditFactor: 1,
  proposedFactor: null,
  hiddenReason: null,
  hiddenAt: null,
  missingFields: [],
  ...patch,
})

describe('catalog diff', () => {
  // a plain offering the registry does not flag, and the same offering flagged as retired upstream
  const plain = getModel('z-image')!
  const retired: ModelSpec = { ...plain, upstreamRetired: '2026-09-24' }

  it('a model its vendor retired is hidden unless the latest good sync lists it, and comes back by itself', () => {
    expect(plain.upstreamRetired).toBeUndefined()
    expect(upstreamAvailable(retired, null)).toBe(false) // no good sync yet
    expect(upstreamAvailable(retired, new Set(['nano-banana-2']))).toBe(false)
    expect(upstreamAvailable(retired, new Set([plain.kieModel]))).toBe(true)
    expect(upstreamAvailable(plain, null)).toBe(true) // not flagged: not gated
    // the registry's own flag works the same way (sora-2: retired by OpenAI on 2026-09-24)
    const sora = getModel('sora-2')!
    expect(sora.upstreamRetired).toBe('2026-09-24')
    expect(upstreamAvailable(sora, null)).toBe(false)
    expect(upstreamAvailable(sora, new Set([sora.kieModel]))).toBe(true)
    // the sync does not hold it (no admin tap needed when Kie lists it again); an unflagged one is held
    expect(diffCatalog([retired], [], new Map()).changes).toEqual([])
    expect(diffCatalog([sora], [], new Map()).changes).toEqual([])
    expect(diffCatalog([plain], [], new Map()).changes).toEqual([
      { modelId: 'z-image', hide: { reason: 'unlisted', missingFields: [] } },
    ])
  })

  it('the credit factor keeps every priced mode at or above Kie, rounded up; entries naming no mode are ignored', () => {
    // the registry: 5 s / 10 s without sound at 56 / 112 credits
    const kling = getModel('kling-2-6')!
    expect([
      kling.credits({ prompt: 'p', duration: '5', sound: false }),
      kling.credits({ prompt: 'p', duration: '10', sound: false }),
    ]).toEqual([56, 112])
    const entries = [
      { params: { duration: '5', sound: false }, credits: 57, description: null },
      { params: { duration: '10', sound: false }, credits: 115, description: null },
      { params: { duration: '7', sound: false }, credits: 999, description: null }, // not a valid mode
      { params: { resolution: '8K' }, credits: 999, description: null }, // not a field of this model
      { params: { duration: '5', sound: true }, credits: null, description: 'ask us' },
    ]
    const factor = neededFactor(kling, entries)!
    expect(scaleCredits(kling.credits({ prompt: 'p', duration: '5', sound: false }), factor)).toBeGreaterThanOrEqual(57)
    expect(scaleCredits(kling.credits({ prompt: 'p', duration: '10', sound: false }), factor)).toBeGreaterThanOrEqual(
      115,
    )
    // the dearer mode decides (115 / 112 = 1.02678…, above 57 / 56 = 1.01785…), rounded up to 4 decimals
    expect(factor).toBe(1.0268)
    expect(neededFactor(kling, entries.slice(2))).toBeNull()
    // raise at once, propose a drop, clear a proposal once Kie is back at our price
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: entries })], new Map()).changes).toEqual([
      { modelId: 'kling-2-6', creditFactor: factor, proposedFactor: null },
    ])
    // 42 / 56 = 0.75
    const cheaper = [{ params: { duration: '5', sound: false }, credits: 42, description: null }]
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: cheaper })], new Map()).changes).toEqual([
      { modelId: 'kling-2-6', proposedFactor: 0.75 },
    ])
    const same = [{ params: { duration: '5', sound: false }, credits: 56, description: null }]
    expect(
      diffCatalog(
        [kling],
        [listedAs(kling, { priceEntries: same })],
        new Map([['kling-2-6', state({ proposedFactor: 0.75 })]]),
      ).changes,
    ).toEqual([{ modelId: 'kling-2-6', proposedFactor: null }])
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: [] })], new Map()).report.unpriced).toEqual([
      'kling-2-6',
    ])
  })

  it('a price entry that does not say which offering of a shared Kie model it prices is matched to none of them', () => {
    // Veo's three extend tiers are one Kie model, told apart only by the task they extend
    const extend = listModels().filter((m) => m.kieModel === 'veo')
    expect(extend.map((m) => [m.slug, m.credits(exampleParams(m))])).toEqual([
      ['veo-3-1-fast-extend', 60],
      ['veo-3-1-extend', 250],
      ['veo-3-1-lite-extend', 30],
    ])
    const entries = [{ params: {}, credits: 60, description: null }]
    expect(neededFactor(extend[2]!, entries)).toBe(2) // read alone, it would double the Lite tier
    expect(neededFactor(extend[2]!, entries, extend)).toBeNull()
    const { report, changes } = diffCatalog(extend, [listedAs(extend[0]!, { priceEntries: entries })], new Map())
    expect(changes).toEqual([])
    expect(report.unpriced).toEqual(['veo-3-1-fast-extend', 'veo-3-1-extend', 'veo-3-1-lite-extend'])
    // offerings the entry prices alike (Suno's modes, 12 credits each) are all matched by it
    const suno = listModels().filter((m) => m.kieModel === 'suno')
    expect(new Set(suno.map((m) => m.credits(exampleParams(m))))).toEqual(new Set([12]))
    const dearer = diffCatalog(
      suno,
      [listedAs(suno[0]!, { priceEntries: [{ params: {}, credits: 13, description: null }] })],
      new Map(),
    )
    expect(dearer.report.repriced).toEqual(suno.map((m) => ({ slug: m.slug, fromFactor: 1, toFactor: 1.0834 })))
  })

  it('a schema field none of the offerings of that Kie model sends hides them; one some of them send does not', () => {
    const suno = listModels().filter((m) => m.kieModel === 'suno')
    expect(suno.length).toBeGreaterThan(1)
    const snapshot = [listedAs(suno[0]!, { requiredFields: ['prompt', 'model'] })]
    expect(diffCatalog(suno, snapshot, new Map()).report.hidden).toEqual([])
    const drifted = [listedAs(suno[0]!, { requiredFields: ['prompt', 'personaId'] })]
    expect(diffCatalog(suno, drifted, new Map()).report.hidden.map((h) => [h.slug, h.reason, h.missingFields])).toEqual(
      suno.map((m) => [m.slug, 'schema', ['personaId']]),
    )
  })

  it('what is hidden stays hidden (reported as listed again once Kie lists it as we send it); new Kie models are reported, not sold', () => {
    const nano = getModel('nano-banana-2')!
    const hidden = new Map([['nano-banana-2', state({ hiddenReason: 'unlisted' })]])
    const { report, changes } = diffCatalog(
      [nano],
      [
        listedAs(nano),
        { ...listedAs(nano), kieModel: 'midjourney/v8', provider: 'midjourney', priceText: '8 credits' },
      ],
      hidden,
    )
    expect(changes).toEqual([])
    expect(report.stillHidden).toEqual([
      { slug: 'nano-banana-2', kieModel: 'nano-banana-2', reason: 'unlisted', listedAgain: true, missingFields: [] },
    ])
    expect(report.newModels).toEqual([
      { model: 'midjourney/v8', provider: 'midjourney', taskTypes: ['text-to-image'], priceText: '8 credits' },
    ])
  })

  it('a per-second price is not compared with the registry at the maximum length, and a stale proposed drop is withdrawn', () => {
    const topaz = getModel('topaz-video-upscale')!
    // Kie prices per second ("upscale_factor 2: 8 credits"); the registry's mode is 8 x seconds
    const perSecond = [{ params: { upscale_factor: '2' }, credits: 8, description: null }]
    const diff = diffCatalog([topaz], [listedAs(topaz, { priceEntries: perSecond })], new Map())
    expect(diff.changes).toEqual([])
    expect(diff.report.unpriced).toEqual(['topaz-video-upscale'])
    expect(diff.report.proposed).toEqual([])
    // an entry that names the length is compared as usual
    const forTen = [{ params: { upscale_factor: '2', video_seconds: 10 }, credits: 100, description: null }]
    expect(diffCatalog([topaz], [listedAs(topaz, { priceEntries: forTen })], new Map()).changes).toEqual([
      { modelId: 'topaz-video-upscale', creditFactor: 1.25, proposedFactor: null },
    ])
    // a drop proposed before, then no entry Kie lists matches a mode, or Kie stops listing it: the proposal goes
    const proposed = new Map([['topaz-video-upscale', state({ proposedFactor: 0.8 })]])
    expect(diffCatalog([topaz], [listedAs(topaz, { priceEntries: perSecond })], proposed).changes).toEqual([
      { modelId: 'topaz-video-upscale', proposedFactor: null },
    ])
    expect(diffCatalog([topaz], [], proposed).changes).toEqual([
      { modelId: 'topaz-video-upscale', hide: { reason: 'unlisted', missingFields: [] } },
      { modelId: 'topaz-video-upscale', proposedFactor: null },
    ])
  })
})
