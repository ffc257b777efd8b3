import type { CatalogOfferingState, CatalogSnapshotModel } from '@kiebot/db'
import { getModel, listModels, scaleCredits, upstreamAvailable, type ModelSpec } from '@kiebot/models'
import { diffCatalog, neededFactor } from '../src/scheduled/catalog-diff'

// The diff of a snapshot against the registry, on its own (the worker process runs it in catalog-sync.test.ts).
const listedAs = (model: ModelSpec, extra: Partial<CatalogSnapshotModel> = {}): CatalogSnapshotModel => ({
  kieModel: model.kieModel, provider: null, taskTypes: [model.kind], priceText: null, priceEntries: [], requiredFields: [], enums: {}, ...extra,
})
const state = (patch: Partial<CatalogOfferingState>): CatalogOfferingState => ({ creditFactor: 1, proposedFactor: null, hiddenReason: null, hiddenAt: null, missingFields: [], ...patch })

describe('catalog diff', () => {
  const sora = getModel('sora-2')!
  const retired: ModelSpec = { ...sora, upstreamRetired: '2026-09-24' }

  it('a model its vendor retired is hidden unless the latest good sync lists it, and comes back by itself', () => {
    expect(upstreamAvailable(retired, null)).toBe(false) // no good sync yet
    expect(upstreamAvailable(retired, new Set(['nano-banana-2']))).toBe(false)
    expect(upstreamAvailable(retired, new Set([sora.kieModel]))).toBe(true)
    expect(upstreamAvailable(sora, null)).toBe(true) // not flagged: not gated
    // the sync does not hold it (no admin tap needed when Kie lists it again); an unflagged one is held
    expect(diffCatalog([retired], [], new Map()).changes).toEqual([])
    expect(diffCatalog([sora], [], new Map()).changes).toEqual([{ modelId: 'sora-2', hide: { reason: 'unlisted', missingFields: [] } }])
  })

  it('the credit factor keeps every priced mode at or above Kie, rounded up; entries naming no mode are ignored', () => {
    const kling = getModel('kling-2-6')!
    const entries = [
      { params: { duration: '5', sound: false }, credits: 56, description: null },
      { params: { duration: '10', sound: false }, credits: 113, description: null },
      { params: { duration: '7', sound: false }, credits: 999, description: null }, // not a valid mode
      { params: { resolution: '8K' }, credits: 999, description: null }, // not a field of this model
      { params: { duration: '5', sound: true }, credits: null, description: 'ask us' },
    ]
    const factor = neededFactor(kling, entries)!
    expect(scaleCredits(kling.credits({ prompt: 'p', duration: '5', sound: false }), factor)).toBeGreaterThanOrEqual(56)
    expect(scaleCredits(kling.credits({ prompt: 'p', duration: '10', sound: false }), factor)).toBeGreaterThanOrEqual(113)
    expect(factor).toBeLessThan(1.03)
    expect(neededFactor(kling, entries.slice(2))).toBeNull()
    // raise at once, propose a drop, clear a proposal once Kie is back at our price
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: entries })], new Map()).changes).toEqual([{ modelId: 'kling-2-6', creditFactor: factor, proposedFactor: null }])
    const cheaper = [{ params: { duration: '5', sound: false }, credits: 44, description: null }]
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: cheaper })], new Map()).changes).toEqual([{ modelId: 'kling-2-6', proposedFactor: 0.8 }])
    const same = [{ params: { duration: '5', sound: false }, credits: 55, description: null }]
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: same })], new Map([['kling-2-6', state({ proposedFactor: 0.8 })]])).changes).toEqual([{ modelId: 'kling-2-6', proposedFactor: null }])
    expect(diffCatalog([kling], [listedAs(kling, { priceEntries: [] })], new Map()).report.unpriced).toEqual(['kling-2-6'])
  })

  it('a schema field none of the offerings of that Kie model sends hides them; one some of them send does not', () => {
    const suno = listModels().filter((m) => m.kieModel === 'suno')
    expect(suno.length).toBeGreaterThan(1)
    const snapshot = [listedAs(suno[0]!, { requiredFields: ['prompt', 'model'] })]
    expect(diffCatalog(suno, snapshot, new Map()).report.hidden).toEqual([])
    const drifted = [listedAs(suno[0]!, { requiredFields: ['prompt', 'personaId'] })]
    expect(diffCatalog(suno, drifted, new Map()).report.hidden.map((h) => [h.slug, h.reason, h.missingFields])).toEqual(suno.map((m) => [m.slug, 'schema', ['personaId']]))
  })

  it('what is hidden stays hidden (reported as listed again once Kie lists it as we send it); new Kie models are reported, not sold', () => {
    const nano = getModel('nano-banana-2')!
    const hidden = new Map([['nano-banana-2', state({ hiddenReason: 'unlisted' })]])
    const { report, changes } = diffCatalog([nano], [listedAs(nano), { ...listedAs(nano), kieModel: 'midjourney/v8', provider: 'midjourney', priceText: '8 credits' }], hidden)
    expect(changes).toEqual([])
    expect(report.stillHidden).toEqual([{ slug: 'nano-banana-2', kieModel: 'nano-banana-2', reason: 'unlisted', listedAgain: true, missingFields: [] }])
    expect(report.newModels).toEqual([{ model: 'midjourney/v8', provider: 'midjourney', taskTypes: ['text-to-image'], priceText: '8 credits' }])
  })
})
