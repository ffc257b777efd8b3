import { catalogOfferings, latestCatalogSync, latestGoodCatalog } from '@kiebot/db'
import { requestCatalogSync } from '@kiebot/jobs'
import { getModel, listModels, scaleCredits } from '@kiebot/models'
import { CATALOG_FIXTURE_CHANGES, registryEmulatedCatalog } from '@kiebot/sandbox'
import type { CatalogReport } from '../src/scheduled/catalog-diff'
import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
} from './support/harness'

// The catalog sync, run by a real worker process (on demand through the scheduled queue, as
// the admin panel asks for it) against the Kie emulator's catalog API.
let h: Harness
const ADMIN_ID = 555_000_011

beforeAll(async () => {
  // the emulator's budget is raised (and the worker's spacing shortened) so a full sync of
  // every registry model takes seconds; the last test keeps Kie's 1 request/s
  h = await startHarness({ kie: { catalogRateLimit: { requests: 40, windowMs: 1_000 } } })
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  h.telegram.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' })
  // (the harness turns the scheduled run off: every sync here is asked for, as the admin panel does)
  await spawnWorker(h, { ADMIN_IDS: String(ADMIN_ID), KIE_CATALOG_INTERVAL_MS: '30' })
}, 60_000)
afterAll(() => h.close())

/** Asks for a sync (like the admin button) and waits for its run row. */
async function sync(): Promise<NonNullable<Awaited<ReturnType<typeof latestCatalogSync>>>> {
  const before = (await latestCatalogSync(h.db))?.id ?? 0n
  const jobId = await requestCatalogSync(h.queues.scheduled)
  return waitFor(
    'the sync run',
    async () => {
      const run = await latestCatalogSync(h.db)
      const job = await h.queues.scheduled.getJob(jobId)
      // the job ended too (a request while it runs is deduplicated into it)
      return run && run.id > before && (!job || (await job.isCompleted()) || (await job.isFailed())) ? run : null
    },
    60_000,
  )
}

const alerts = (pattern: RegExp) => sentTo(h, ADMIN_ID).filter((m) => pattern.test(m.text ?? ''))

describe('catalog sync against the emulator', () => {
  it('hides what Kie dropped or whose schema the registry no longer satisfies, raises what Kie raised, proposes what Kie lowered, lists new models', async () => {
    const run = await sync()
    expect(run).toMatchObject({ ok: true, error: null })
    const report = run.report as CatalogReport
    // the model Kie stopped listing is not flagged as retired upstream, so the sync holds it; the
    // flagged ones (which Kie no longer lists either) stay hidden by the flag itself, not by the sync
    expect(getModel(CATALOG_FIXTURE_CHANGES.unlisted)!.upstreamRetired).toBeUndefined()
    expect(report.hidden).toEqual([
      { slug: 'z-image', kieModel: CATALOG_FIXTURE_CHANGES.unlisted, reason: 'unlisted', missingFields: [] },
      {
        slug: 'hailuo-02-pro',
        kieModel: CATALOG_FIXTURE_CHANGES.schemaRequired.model,
        reason: 'schema',
        missingFields: ['prompt_optimizer'],
      },
    ])
    expect(listModels().some((m) => m.kieModel === CATALOG_FIXTURE_CHANGES.newModel)).toBe(false)
    expect(report.newModels).toEqual([
      {
        model: CATALOG_FIXTURE_CHANGES.newModel,
        provider: 'minimax',
        taskTypes: ['text-to-video'],
        priceText: 'A 6-second video costs 100 credits (0.50 USD)',
      },
    ])
    expect(report.repriced).toEqual([{ slug: 'kling-2-6', fromFactor: 1, toFactor: expect.any(Number) }])
    expect(report.proposed).toEqual([{ slug: 'nano-banana-2', currentFactor: 1, proposedFactor: expect.any(Number) }])

    const offerings = await catalogOfferings(h.db)
    expect(offerings.get('z-image')).toMatchObject({ hiddenReason: 'unlisted' })
    expect(offerings.get('hailuo-02-pro')).toMatchObject({
      hiddenReason: 'schema',
      missingFields: ['prompt_optimizer'],
    })
    // the sync leaves the retired upstreams alone (no offering rows): the flag hides them
    for (const model of listModels().filter((m) => m.upstreamRetired !== undefined))
      expect([model.slug, offerings.get(model.slug)]).toEqual([model.slug, undefined])
    // the price rose so that every mode is at or above Kie's credits: 5 s / 10 s without sound cost Kie 60 / 120 (registry 56 / 112)
    const kling = getModel('kling-2-6')!
    const factor = offerings.get('kling-2-6')!.creditFactor
    expect(scaleCredits(kling.credits({ prompt: 'p', duration: '5', sound: false }), factor)).toBeGreaterThanOrEqual(60)
    expect(scaleCredits(kling.credits({ prompt: 'p', duration: '10', sound: false }), factor)).toBeGreaterThanOrEqual(
      120,
    )
    expect(factor).toBeLessThan(1.072) // and not more than needed (60 / 56 = 120 / 112 = 1.0714…)
    // the drop is only proposed: the price stays
    expect(offerings.get('nano-banana-2')).toMatchObject({ creditFactor: 1 })
    const proposal = offerings.get('nano-banana-2')!.proposedFactor!
    expect(
      scaleCredits(getModel('nano-banana-2')!.credits({ prompt: 'p', resolution: '4K' }), proposal),
    ).toBeGreaterThanOrEqual(12)
    expect(
      scaleCredits(getModel('nano-banana-2')!.credits({ prompt: 'p', resolution: '2K' }), proposal),
    ).toBeGreaterThanOrEqual(8)

    // the snapshot: every listed model, the offered ones with prices and schemas
    const good = await latestGoodCatalog(h.db)
    expect(good!.sync.id).toBe(run.id)
    expect(good!.listed.has(CATALOG_FIXTURE_CHANGES.unlisted)).toBe(false)
    expect(good!.listed.has(getModel('sora-2')!.kieModel)).toBe(false)
    const nano = good!.models.find((m) => m.kieModel === 'nano-banana-2')!
    expect(nano.priceEntries!.map((e) => e.credits)).toEqual([5, 8, 12])
    expect(nano.requiredFields).toContain('prompt')
    expect(good!.models.find((m) => m.kieModel === CATALOG_FIXTURE_CHANGES.newModel)).toMatchObject({
      priceEntries: null,
      priceText: 'A 6-second video costs 100 credits (0.50 USD)',
    })
    // only the models the registry offers got /price and /schema
    const detailPaths = h.kie.control
      .requests()
      .filter((r) => /^\/api\/v1\/models\/.+\/(price|schema)$/.test(r.path))
      .map((r) => r.path)
    expect(detailPaths.some((p) => p.includes(encodeURIComponent(CATALOG_FIXTURE_CHANGES.newModel)))).toBe(false)
    expect(new Set(detailPaths).size).toBe(detailPaths.length)

    await waitFor(
      'the admins alerted',
      async () =>
        alerts(/hidden from the bot: z-image, hailuo-02-pro \(prompt_optimizer\)\./).length === 1 &&
        alerts(/charges more for kling-2-6: its price was raised from .+ to .+/).length === 1 &&
        alerts(/charges less for: nano-banana-2/).length === 1 &&
        alerts(/Kie lists 1 model\(s\) we do not sell/).length === 1,
    )
  }, 90_000)

  it('a generation of a hidden model confirmed before the sync is refunded at submit, never sent to Kie', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'z-image', params: { prompt: 'a fox in the snow' } })
    const done = await waitForGeneration(h, id, ended)
    expect(done).toMatchObject({ status: 'failed', failureCode: 'model_unavailable' })
    expect(kieTasksOf(h, id)).toHaveLength(0)
    const money = await ledgerOf(h, id)
    expect(money.charge + money.refund).toBe(0)
  })

  it('a second sync keeps what was hidden and raised; it does not repeat the proposal as a change', async () => {
    const before = await catalogOfferings(h.db)
    const run = await sync()
    expect(run.ok).toBe(true)
    const report = run.report as CatalogReport
    expect(report.hidden).toEqual([])
    expect(report.stillHidden.map((s) => s.slug).sort()).toEqual(['hailuo-02-pro', 'z-image'])
    expect(report.repriced).toEqual([])
    expect(await catalogOfferings(h.db)).toEqual(before)
  }, 90_000)

  it('a failed or unreadable answer changes nothing, keeps the last good snapshot and alerts', async () => {
    const good = await latestGoodCatalog(h.db)
    const offerings = await catalogOfferings(h.db)
    // Kie fails in the middle of the run (a price of one model)
    h.kie.control.failNext(1, { pathPrefix: '/api/v1/models/nano-banana-2/price', status: 500 })
    const broken = await sync()
    expect(broken).toMatchObject({ ok: false, error: expect.stringContaining('nano-banana-2/price') })
    // a malformed listing
    h.kie.control.setCatalog({ ...h.kie.control.catalog(), listOverride: { models: 'soon' } })
    expect(await sync()).toMatchObject({ ok: false, error: expect.stringContaining('no model list') })
    // a listing that would hide most of the catalog at once is not trusted
    h.kie.control.setCatalog({ models: registryEmulatedCatalog().models.slice(0, 5) })
    expect(await sync()).toMatchObject({ ok: false, error: expect.stringContaining('not trusted') })
    // a price list Kie wrote in a shape we cannot read
    h.kie.control.resetCatalog()
    h.kie.control.upsertCatalogModel({ model: 'nano-banana-2', prices: 'ask sales' })
    expect(await sync()).toMatchObject({ ok: false, error: expect.stringContaining('no price entries') })

    expect((await latestGoodCatalog(h.db))!.sync.id).toBe(good!.sync.id)
    expect(await catalogOfferings(h.db)).toEqual(offerings)
    await waitFor('the failure alert', async () => alerts(/catalog sync failed, nothing was changed/).length >= 1)
    h.kie.control.resetCatalog()
  }, 120_000)

  it("paces every catalog call at Kie's 1 request/s: none is refused", async () => {
    h.kie.control.configure({ catalogRateLimit: { requests: 1, windowMs: 1_000 } })
    // a small listing (the run then fails as untrusted, after reading the details it needs)
    const few = listModels()
      .slice(0, 3)
      .map((m) => m.kieModel)
    h.kie.control.setCatalog({ models: registryEmulatedCatalog().models.filter((m) => few.includes(m.model)) })
    h.kie.control.clearRequests()
    // the first worker spaces calls 30 ms apart: a worker at the production default does this run
    await h.workers[0]!.stop('SIGTERM')
    const paced = await spawnWorker(h, { WORKER_QUEUES: 'scheduled' })
    const run = await sync()
    await paced.stop('SIGTERM')
    const calls = h.kie.control.requests().filter((r) => r.path.startsWith('/api/v1/models'))
    expect(run.ok).toBe(false)
    // the run that did it: 1 list + price and schema of each listed model, each at least 1 s after the previous
    const theRun = calls.slice(-(1 + 2 * few.length))
    expect(theRun[0]!.path).toBe('/api/v1/models')
    for (let i = 1; i < theRun.length; i++) expect(theRun[i]!.at - theRun[i - 1]!.at).toBeGreaterThanOrEqual(1_000)
  }, 120_000)
})
