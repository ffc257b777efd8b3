import net from 'node:net'
import { latestFxRate, modelSettings, recordFxRate, updateModelSettings, type Db } from '@kiebot/db'
import { quote, resolveFxRate } from '@kiebot/pricing'
import { useTestDb } from './support/database'

const testDb = useTestDb()
let db: Db

beforeAll(() => {
  db = testDb.db
})

/** A URL on which nothing listens: the CBR is unreachable. */
async function deadUrl(): Promise<string> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as net.AddressInfo
  await new Promise((r) => server.close(r))
  return `http://127.0.0.1:${port}/daily_json.js`
}

describe('FX rate history', () => {
  it('is empty at first, then returns the newest stored rate', async () => {
    expect(await latestFxRate(db)).toBeNull()
    await recordFxRate(db, { rubPerUsd: 91.12345, source: 'cbr-json', rateDate: '2026-11-25' })
    await recordFxRate(db, { rubPerUsd: 92.5432, source: 'cbr-xml', rateDate: '2026-11-26' })
    const latest = await latestFxRate(db)
    expect(latest).toMatchObject({ rubPerUsd: 92.5432, source: 'cbr-xml' })
    expect(latest?.rateDate.toISOString().slice(0, 10)).toBe('2026-11-26')
  })

  it('serves as the last-good fallback when the CBR cannot be reached', async () => {
    const url = await deadUrl()
    const resolved = await resolveFxRate({
      sources: [{ url, format: 'json' }],
      timeoutMs: 1000,
      lastGood: () => latestFxRate(db),
      defaultRate: 80,
    })
    expect(resolved.source).toBe('last-good')
    expect(resolved.rubPerUsd).toBe(92.5432)
  })
})

describe('model settings', () => {
  it('feed the per-model override into the one quote function, audited', async () => {
    expect((await modelSettings(db)).get('nano-banana')).toBeUndefined()
    await updateModelSettings(db, 42n, 'nano-banana', { markupOverride: 3 })
    await updateModelSettings(db, 42n, 'veo-fast', { fixedPriceKopecks: 9_900, enabled: false })
    const settings = await modelSettings(db)
    expect(settings.get('nano-banana')).toEqual({ enabled: true, override: { markup: 3, fixedPriceKopecks: null } })
    expect(settings.get('veo-fast')).toEqual({ enabled: false, override: { markup: null, fixedPriceKopecks: 9_900 } })
    // 4 credits × 0.005 × 100 ₽ × 3 (override replaces the global 2) = 6.00 ₽
    expect(
      quote({ credits: 4, fxRubPerUsd: 100, markup: 2, override: settings.get('nano-banana')?.override }).kopecks,
    ).toBe(600)
    expect(
      quote({ credits: 60, fxRubPerUsd: 100, markup: 2, override: settings.get('veo-fast')?.override }).kopecks,
    ).toBe(9_900)
    expect(await db.adminAuditLog.count({ where: { action: 'model.settings', adminId: 42n } })).toBe(2)
  })
})
