import { latestCatalogSync } from '@kiebot/db'
import { getModel, listModels } from '@kiebot/models'
import { quote } from '@kiebot/pricing'
import { freePort, spawnApp, type AppProcess } from '@kiebot/testing'
import { CATALOG_FIXTURE_CHANGES, startKieEmulator, type RunningKieEmulator } from '@kiebot/sandbox'
import { ADMIN_ID, findButton, plain, startHarness, type Harness } from './harness'

// The live catalog end to end: the gateway (this process) and a real worker process that runs
// the catalog sync against the Kie emulator when the admin presses "Sync now". What users see
// and pay follows: hidden models disappear and open drafts of them are refused without a
// charge; a price Kie raised moves the card, the confirmation and the charge together; a price
// Kie lowered waits for the admin's tap.
let h: Harness
let kie: RunningKieEmulator
let worker: AppProcess
let admin: number

beforeAll(async () => {
  h = await startHarness({ MAX_ACTIVE_GENERATIONS: '100' })
  kie = await startKieEmulator({ apiKey: 'kie-test-key', catalogRateLimit: { requests: 40, windowMs: 1_000 } })
  const port = await freePort()
  worker = spawnApp('apps/worker/dist/main.js', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: h.config.DATABASE_URL,
    REDIS_URL: h.config.REDIS_URL,
    QUEUE_PREFIX: h.config.QUEUE_PREFIX,
    TELEGRAM_BOT_TOKEN: h.botToken,
    TELEGRAM_API_ROOT: h.tg.url,
    PUBLIC_URL: h.config.PUBLIC_URL,
    KIE_API_KEY: 'kie-test-key',
    KIE_BASE_URL: kie.url,
    KIE_UPLOAD_BASE_URL: kie.uploadUrl,
    KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
    ADMIN_IDS: String(ADMIN_ID),
    FX_DEFAULT_RUB_PER_USD: '90',
    FX_CBR_JSON_URL: 'http://127.0.0.1:9/daily_json.js',
    FX_CBR_XML_URL: 'http://127.0.0.1:9/XML_daily.asp',
    // only the scheduled jobs: generations stay queued, so what Confirm charged is what the test reads
    WORKER_QUEUES: 'scheduled',
    WORKER_PORT: String(port),
    KIE_CATALOG_INTERVAL_MS: '30',
    // only the admin's "Sync now" runs it (no run at start)
    SCHEDULE_CATALOG_MS: '0',
  })
  await worker.waitForHttp(`http://127.0.0.1:${port}/healthz`)
  admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
}, 60_000)
afterAll(async () => {
  await worker?.stop()
  await kie?.close()
  await h?.close()
})

const priceOf = (text: string | undefined): number => {
  const match = /Price: ([\d\s.,]+) ₽/.exec(plain(text))
  if (!match) throw new Error(`no price in ${text}`)
  return Number(match[1]!.replace(/\s/g, '').replace(',', '.'))
}

/** The admin opens Catalog and presses "Sync now"; resolves when the worker's run is stored. */
async function syncFromAdminPanel(): Promise<void> {
  const before = (await latestCatalogSync(h.gateway.deps.db))?.id ?? 0n
  const home = await h.command(admin, 'admin')
  const screen = await h.press(admin, home.messageId, findButton(home, 'a:cat'))
  const queued = await h.press(admin, screen.messageId, findButton(screen, 'a:catr'))
  expect(plain(queued.text)).toContain('Sync queued')
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const run = await latestCatalogSync(h.gateway.deps.db)
    const pending = await h.gateway.deps.queues.scheduled.getJobs(['waiting', 'active', 'prioritized'])
    if (run && run.id > before && !pending.some((j) => j.name === 'catalog-sync')) {
      // screens read the catalog through a 30 s cache (Confirm reads it fresh): stand for that time passing
      h.gateway.deps.prices.invalidate()
      return
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('the catalog sync did not run')
}

async function catalogScreen() {
  const home = await h.command(admin, 'admin')
  return h.press(admin, home.messageId, findButton(home, 'a:cat'))
}

/** A bot message's current text (presses edit the message they belong to). */
function messageOf(chat: number, messageId: number): string {
  return h.tg.control.transcript(chat).find((e) => e.messageId === messageId && e.direction === 'out')?.text ?? ''
}

/** Every model button on the pages of a catalog section (its first page and every page it links). */
async function shownIn(chat: number, category: 'image' | 'video'): Promise<string[]> {
  const menu = await h.command(chat, 'menu')
  const visited = new Set<string>([`c:${category}:0`])
  let page = await h.press(chat, menu.messageId, `c:${category}:0`)
  const shown: string[] = []
  for (;;) {
    shown.push(...(JSON.stringify(page.message).match(/m:[a-z0-9-]+/g) ?? []))
    const next = JSON.stringify(page.message)
      .match(new RegExp(`c:${category}:\\d+`, 'g'))
      ?.find((d) => !visited.has(d))
    if (!next) break
    visited.add(next)
    page = await h.press(chat, page.messageId, next)
  }
  return shown
}

// Kie stops listing z-image, a plain offering the registry does not flag as retired upstream
const UNLISTED = 'z-image'

async function chargedFor(chat: number): Promise<number[]> {
  const rows = await h.gateway.deps.db.ledgerEntry.findMany({
    where: { userId: BigInt(chat), kind: 'charge' },
    orderBy: { createdAt: 'asc' },
  })
  return rows.map((r) => -r.amountKopecks)
}

describe('live catalog', () => {
  it('a model Kie stops listing disappears and its open draft is refused without a charge; a price rise moves card, confirmation and charge together; a drop waits for the admin', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const db = h.gateway.deps.db
    expect(getModel(UNLISTED)!.kieModel).toBe(CATALOG_FIXTURE_CHANGES.unlisted)
    expect(getModel(UNLISTED)!.upstreamRetired).toBeUndefined()
    // a model its vendor retired is hidden before any sync (no good sync lists it)
    expect(getModel('sora-2')!.upstreamRetired).toBeDefined()
    expect(plain((await h.command(chat, 'gen', 'sora-2 a fox')).text)).toContain('no longer offered')
    // before any sync: drafts open at the registry's prices
    const unlistedDraft = await h.command(chat, 'gen', `${UNLISTED} a fox in the snow`)
    expect(priceOf(unlistedDraft.text)).toBe(
      quote({ credits: getModel(UNLISTED)!.credits({ prompt: 'p' }), fxRubPerUsd: 90, markup: 2 }).kopecks / 100,
    )
    const klingDraft = await h.command(chat, 'gen', 'kling-2-6 a fox in the snow')
    const klingBefore = priceOf(klingDraft.text)
    // kling-2-6, 5 s without sound: 56 registry credits × 0.005 × 90 × 2 = 50.40 → 51 ₽ (rounded up for display)
    expect(klingBefore).toBe(51)
    const nanoBefore = priceOf((await h.command(chat, 'gen', 'nano-banana-2 a fox')).text)
    expect(await shownIn(chat, 'image')).toContain(`m:${UNLISTED}`)

    await syncFromAdminPanel()
    const screen = await catalogScreen()
    const text = plain(screen.text)
    expect(text).toMatch(/Last good sync: .+Kie lists \d+ models/)
    expect(text).toContain('Hidden')
    expect(text).toContain('Kie now requires prompt_optimizer')
    expect(text).toContain('Raised')
    expect(text).toContain('Kie charges less')
    expect(listModels().some((m) => m.kieModel === CATALOG_FIXTURE_CHANGES.newModel)).toBe(false)
    expect(text).toContain('minimax-h3/text-to-video')
    expect(text).toContain('A 6-second video costs 100 credits (0.50 USD)')

    // the open draft of a hidden model: Confirm refuses it with a clear message, nothing is charged
    const balanceBefore = (await db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks
    await h.press(chat, unlistedDraft.messageId, findButton(unlistedDraft, /^y:/))
    expect(plain(messageOf(chat, unlistedDraft.messageId))).toContain(
      'no longer offered by the provider, so nothing was charged',
    )
    expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(balanceBefore)
    expect(await db.generation.count({ where: { userId: BigInt(chat), modelId: UNLISTED } })).toBe(0)

    // price rise: Kie charges 60 credits for 5 s without sound (registry 56); never below Kie's cost × markup
    const kieCostTimesMarkup = 60 * 0.005 * 90 * 2 // 54.00 ₽
    await h.press(chat, klingDraft.messageId, findButton(klingDraft, /^y:/))
    const reconfirm = h.tg.control.transcript(chat).find((e) => e.messageId === klingDraft.messageId)!
    const klingAfter = priceOf(reconfirm.text)
    expect(plain(reconfirm.text)).toMatch(/price (has )?changed/i)
    expect(klingAfter).toBeGreaterThan(klingBefore)
    expect(klingAfter).toBeGreaterThanOrEqual(kieCostTimesMarkup)
    await h.press(chat, klingDraft.messageId, findButton(reconfirm, /^y:/))
    expect(plain(messageOf(chat, klingDraft.messageId))).toContain('is queued')
    expect(await chargedFor(chat)).toEqual([klingAfter * 100])
    // the card and a new confirmation show the same price
    const fresh = await h.command(chat, 'gen', 'kling-2-6 a fox in the snow')
    expect(priceOf(fresh.text)).toBe(klingAfter)
    const videos = await h.press(chat, (await h.command(chat, 'menu')).messageId, 'c:video:0')
    const card = await h.press(chat, videos.messageId, findButton(videos, 'm:kling-2-6'))
    expect(plain(card.text)).toContain(`${klingAfter} ₽`)

    // hidden: gone from the catalog pages, /gen and deep links refuse it
    const imageButtons = await shownIn(chat, 'image')
    expect(imageButtons).toContain('m:nano-banana-2')
    expect(imageButtons).not.toContain(`m:${UNLISTED}`)
    const videoButtons = await shownIn(chat, 'video')
    expect(videoButtons).toContain('m:kling-2-6')
    expect(videoButtons).not.toContain('m:hailuo-02-pro')
    // Kie does not list the retired upstreams either: they stay hidden after the sync
    expect(videoButtons).not.toContain('m:sora-2')
    expect(plain((await h.command(chat, 'gen', 'sora-2 a fox')).text)).toContain('no longer offered')
    expect(plain((await h.command(chat, 'gen', `${UNLISTED} a fox`)).text)).toContain('no longer offered')
    expect(plain((await h.command(chat, 'start', `m_${UNLISTED}`)).text)).not.toContain('Z-Image')

    // price drop: only proposed, the price stays until the admin taps
    expect(priceOf((await h.command(chat, 'gen', 'nano-banana-2 a fox')).text)).toBe(nanoBefore)
    const catalog = await catalogScreen()
    const lowered = await h.press(admin, catalog.messageId, findButton(catalog, 'a:catl:nano-banana-2'))
    expect(plain(lowered.text)).toContain('Nano Banana 2 now costs up to')
    expect(priceOf((await h.command(chat, 'gen', 'nano-banana-2 a fox')).text)).toBeLessThan(nanoBefore)
    expect(await db.adminAuditLog.count({ where: { action: 'catalog.lower_price' } })).toBe(1)
  }, 180_000)

  it('a hidden model comes back only when Kie lists it again and an admin shows it', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    // Kie still requires the field we do not send: the admin cannot show it
    let screen = await catalogScreen()
    const stays = await h.press(admin, screen.messageId, findButton(screen, 'a:cate:hailuo-02-pro'))
    expect(plain(stays.text)).toContain('stays hidden')
    // Kie's catalog as the registry sends it: listed again, still hidden until the admin acts
    kie.control.resetCatalog('registry')
    await syncFromAdminPanel()
    expect(plain((await h.command(chat, 'gen', 'hailuo-02-pro a fox')).text)).not.toContain('Price:')
    screen = await catalogScreen()
    expect(plain(screen.text)).toContain(`Kie lists ${CATALOG_FIXTURE_CHANGES.unlisted} again`)
    const back = await h.press(admin, screen.messageId, findButton(screen, 'a:cate:hailuo-02-pro'))
    expect(plain(back.text)).toContain('is on sale again')
    expect(plain((await h.command(chat, 'gen', 'hailuo-02-pro a fox')).text)).toContain('Price:')
    expect(await h.gateway.deps.db.adminAuditLog.count({ where: { action: 'catalog.reenable' } })).toBe(1)
  }, 120_000)
})

describe('Confirm reads the model as the database holds it now', () => {
  // Another replica's admin or the worker's scheduled sync changed the model's row; this
  // gateway's 30 s cache still holds what the draft was priced with.
  const MODEL = 'flux-kontext-pro'

  async function withOffering(change: { creditFactor?: string; hiddenReason?: string }, run: () => Promise<void>) {
    const db = h.gateway.deps.db
    const before = await db.catalogOffering.findUnique({ where: { modelId: MODEL } })
    await db.catalogOffering.upsert({
      where: { modelId: MODEL },
      create: { modelId: MODEL, ...change },
      update: change,
    })
    try {
      await run()
    } finally {
      if (before) await db.catalogOffering.update({ where: { modelId: MODEL }, data: before })
      else await db.catalogOffering.delete({ where: { modelId: MODEL } })
      h.gateway.deps.prices.invalidate()
    }
  }

  it('a price raised elsewhere is shown again at Confirm, never charged at the cached one', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const draft = await h.command(chat, 'gen', `${MODEL} a quiet harbour at dawn`)
    const shownBefore = priceOf(draft.text)
    await withOffering({ creditFactor: '1.5' }, async () => {
      await h.press(chat, draft.messageId, findButton(draft, /^y:/))
      const reconfirm = h.tg.control.transcript(chat).find((e) => e.messageId === draft.messageId)!
      expect(plain(reconfirm.text)).toMatch(/price (has )?changed/i)
      const shownAfter = priceOf(reconfirm.text)
      expect(shownAfter).toBeGreaterThan(shownBefore)
      expect(await chargedFor(chat)).toEqual([])
      await h.press(chat, draft.messageId, findButton(reconfirm, /^y:/))
      expect(plain(messageOf(chat, draft.messageId))).toContain('is queued')
      expect(await chargedFor(chat)).toEqual([Math.round(shownAfter * 100)])
    })
  })

  it('a model hidden elsewhere is refused at Confirm with nothing charged', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const draft = await h.command(chat, 'gen', `${MODEL} a quiet harbour at dusk`)
    expect(plain(draft.text)).toContain('Price:')
    await withOffering({ hiddenReason: 'unlisted' }, async () => {
      await h.press(chat, draft.messageId, findButton(draft, /^y:/))
      expect(plain(messageOf(chat, draft.messageId))).toContain(
        'no longer offered by the provider, so nothing was charged',
      )
      expect(await chargedFor(chat)).toEqual([])
      expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(0)
    })
  })
})
