import { findBalanceMismatches, ledgerKeys } from '@kiebot/db'
import { callbacks, DEFAULT_JOB_OPTIONS } from '@kiebot/jobs'
import { comparableModels, compareKindOf, getModel, isOffered } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import { startKieEmulator, type RunningKieEmulator } from '@kiebot/sandbox'
import { freePort, spawnApp, type AppProcess } from '@kiebot/testing'
import { ADMIN_ID, buttonsOf, findButton, plain, startHarness, type Harness } from './harness'

// Comparing models end to end: the real webhook, the gateway, the worker as a process, the
// Telegram and Kie emulators, Postgres and Redis. Three models on one prompt, one of them
// failing in Kie: two results in one album with their model and price, the failed part
// refunded alone, the ledger exact, and "continue with" making a model the current one.

let h: Harness
let kie: RunningKieEmulator
let worker: AppProcess

const KIE_KEY = 'kie-test-key'
const PICKED = ['nano-banana', 'imagen4-fast', 'flux-2-pro']
const START_BALANCE = 1_000_000

beforeAll(async () => {
  kie = await startKieEmulator({ port: 0, apiKey: KIE_KEY })
  kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  h = await startHarness({ KIE_BASE_URL: kie.url, KIE_UPLOAD_BASE_URL: kie.uploadUrl, MAX_ACTIVE_GENERATIONS: '1' })
  const port = await freePort()
  worker = spawnApp('apps/worker/dist/main.js', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: h.config.DATABASE_URL,
    REDIS_URL: h.config.REDIS_URL,
    QUEUE_PREFIX: h.config.QUEUE_PREFIX,
    TELEGRAM_BOT_TOKEN: h.botToken,
    TELEGRAM_API_ROOT: h.tg.url,
    PUBLIC_URL: h.config.PUBLIC_URL,
    KIE_API_KEY: KIE_KEY,
    KIE_BASE_URL: kie.url,
    KIE_UPLOAD_BASE_URL: kie.uploadUrl,
    KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
    FX_CBR_JSON_URL: 'http://127.0.0.1:9/daily_json.js',
    FX_CBR_XML_URL: 'http://127.0.0.1:9/XML_daily.asp',
    FX_DEFAULT_RUB_PER_USD: '90',
    KIE_POLL_MIN_MS: '200',
    KIE_POLL_MAX_MS: '1000',
    WORKER_PORT: String(port),
    TELEGRAM_CHAT_INTERVAL_MS: '100',
    STATUS_EDIT_INTERVAL_MS: '300',
    SCHEDULE_SWEEPER_MS: '1000',
    SCHEDULE_CATALOG_MS: '0',
    RESULT_URL_HOSTS: '127.0.0.1',
    RESULT_URL_ALLOW_PRIVATE: 'true',
  })
  await worker.waitForHttp(`http://127.0.0.1:${port}/healthz`)
}, 120_000)

afterAll(async () => {
  await worker?.stop('SIGKILL')
  await h?.close()
  await kie?.close()
})

afterEach(async () => {
  expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([])
})

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const toggleOf = (draftData: string, slug: string) =>
  callbacks.compareToggle.pack({ draftId: callbacks.compareNext.unpack(draftData)!.draftId, slug })

/** /compare, the three models picked, the prompt typed: the confirmation. */
async function openConfirmation(chatId: number, prompt: string) {
  let picker = await h.command(chatId, 'compare')
  const next = findButton(picker, callbacks.compareNext.match)
  for (const slug of PICKED) picker = await h.press(chatId, picker.messageId, toggleOf(next, slug))
  const asked = await h.press(chatId, picker.messageId, next)
  expect(plain(asked.text)).toContain('Write the prompt')
  return h.text(chatId, prompt)
}

describe('compare models on one prompt', () => {
  it('the picker offers only the models that take the same inputs, and /compare is a listed command', async () => {
    const chatId = await h.user({ balanceKopecks: START_BALANCE })
    const picker = await h.command(chatId, 'compare')
    expect(plain(picker.text)).toContain('Text to image')
    const offered = buttonsOf(picker)
      .map((b) => callbacks.compareToggle.unpack(b.callback_data)?.slug)
      .filter((s): s is string => s !== undefined)
    expect(offered.length).toBeGreaterThanOrEqual(3)
    // every text-to-image model on sale (a retired upstream is not), and nothing else
    const onSale = comparableModels('text-to-image').filter((m) => isOffered(m))
    expect(new Set(offered)).toEqual(new Set(onSale.map((m) => m.slug)))
    // an editor (needs a photo) and a video model are not offered with text-to-image models
    expect(offered).not.toContain('nano-banana-edit')
    expect(offered.every((slug) => compareKindOf(getModel(slug)!) === 'text-to-image')).toBe(true)
    // a press naming a model of another kind picks nothing
    const next = findButton(picker, callbacks.compareNext.match)
    const after = await h.press(chatId, picker.messageId, toggleOf(next, 'veo-3-1-fast'), { force: true })
    expect(plain(after.text)).toContain('picked: 0')
    const commands = h.tg.control.calls({ method: 'setMyCommands' })
    expect(commands.some((c) => JSON.stringify(c.params).includes('"compare"'))).toBe(true)
  })

  it("any command ends the wait for the prompt (/help too): the text after it is not the comparison's", async () => {
    const chatId = await h.user({ balanceKopecks: START_BALANCE })
    let picker = await h.command(chatId, 'compare')
    const next = findButton(picker, callbacks.compareNext.match)
    for (const slug of PICKED) picker = await h.press(chatId, picker.messageId, toggleOf(next, slug))
    expect(plain((await h.press(chatId, picker.messageId, next)).text)).toContain('Write the prompt')
    await h.command(chatId, 'help')
    const after = await h.text(chatId, 'A lighthouse at dusk')
    expect(buttonsOf(after).some((b) => callbacks.compareConfirm.match.test(b.callback_data))).toBe(false)
    expect(await h.gateway.deps.redis.exists(`${h.config.QUEUE_PREFIX}:await:${chatId}`)).toBe(0)
    // asked again by the comparison's own button: the next text is its prompt
    await h.press(chatId, picker.messageId, next, { force: true })
    expect(await h.gateway.deps.redis.exists(`${h.config.QUEUE_PREFIX}:await:${chatId}`)).toBe(1)
    const priced = await h.text(chatId, 'A lighthouse at dusk')
    expect(plain(priced.text)).toContain('A lighthouse at dusk')
    findButton(priced, callbacks.compareConfirm.match)
  })

  it('three models, one failing: two results in one album, the failed part refunded alone, continue-with sets the model', async () => {
    const db = h.gateway.deps.db
    const chatId = await h.user({ balanceKopecks: START_BALANCE })
    const confirmation = await openConfirmation(chatId, 'A red fox in fresh snow')
    const text = plain(confirmation.text)
    for (const slug of PICKED) expect(text).toContain(getModel(slug)!.name.en)
    expect(text).toContain('Total:')
    expect(text).toContain('Shared settings')
    // a shared setting: the aspect ratio every picked model takes, set once for all of them
    const wide = buttonsOf(confirmation).find((b) => b.text === '16:9 widescreen')!
    expect(callbacks.compareOption.match.test(wide.callback_data)).toBe(true)
    const widened = await h.press(chatId, confirmation.messageId, wide.callback_data)
    expect(buttonsOf(widened).some((b) => b.text === '✅ 16:9 widescreen')).toBe(true)
    const confirm = findButton(widened, callbacks.compareConfirm.match)

    // the first task Kie creates fails; the other two succeed
    kie.control.forceNextOutcome({ outcome: 'fail', failCode: '500', failMessage: 'Internal error' })
    const started = await h.press(chatId, confirmation.messageId, confirm)
    expect(plain(started.text)).toContain('Comparing 3 models')

    const group = await until('the group', () => db.compareGroup.findFirst({ where: { userId: BigInt(chatId) } }))
    const parts = await db.generation.findMany({ where: { groupId: group.id } })
    expect(parts).toHaveLength(3)
    expect(parts.map((p) => (p.params as { aspect_ratio?: unknown }).aspect_ratio)).toEqual(['16:9', '16:9', '16:9'])
    expect(new Set(parts.map((p) => p.modelId))).toEqual(new Set(PICKED))
    const total = parts.reduce((n, p) => n + p.priceKopecks, 0)
    expect(text).toContain(plain(formatRub(total, 'en')))
    const charges = await db.ledgerEntry.findMany({ where: { userId: BigInt(chatId), kind: 'charge' } })
    expect(charges.map((c) => c.amountKopecks).sort()).toEqual(parts.map((p) => -p.priceKopecks).sort())

    await until(
      'the delivery',
      async () => (await db.compareGroup.findUnique({ where: { id: group.id } }))?.deliveredAt,
    )
    const ended = await db.generation.findMany({ where: { groupId: group.id } })
    const failed = ended.filter((p) => p.status === 'failed')
    const succeeded = ended.filter((p) => p.status === 'succeeded')
    expect(failed).toHaveLength(1)
    expect(succeeded).toHaveLength(2)

    // one album of two, each captioned with its model and price
    const albums = h.tg.control.calls({ method: 'sendMediaGroup', chatId }).filter((c) => c.ok)
    expect(albums).toHaveLength(1)
    const media = albums[0]!.params.media as { caption?: string }[]
    expect(media).toHaveLength(2)
    for (const part of succeeded) {
      const name = getModel(part.modelId)!.name.en
      expect(
        media.some((m) => m.caption?.includes(name) && m.caption.includes(formatRub(part.priceKopecks, 'en'))),
      ).toBe(true)
      expect(part.telegramFileIds).toHaveLength(1)
    }
    // no part had a status message of its own
    expect(ended.every((p) => p.statusMessageId === null)).toBe(true)

    // the failed part: its own refund entry, the balance exact
    const refunds = await db.ledgerEntry.findMany({ where: { userId: BigInt(chatId), kind: 'refund' } })
    expect(refunds.map((r) => [r.idempotencyKey, r.amountKopecks])).toEqual([
      [ledgerKeys.refund(failed[0]!.id), failed[0]!.priceKopecks],
    ])
    const user = await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })
    expect(user.balanceKopecks).toBe(START_BALANCE - total + failed[0]!.priceKopecks)

    // the summary: the failed model named with its refund, a "continue with" per delivered model
    const summary = await until('the summary', async () =>
      h.tg.control.transcript(chatId).find((e) => e.direction === 'out' && plain(e.text).includes('Comparison done')),
    )
    expect(plain(summary.text)).toContain('2 of 3')
    expect(plain(summary.text)).toContain(`${getModel(failed[0]!.modelId)!.name.en} failed`)
    const continues = buttonsOf(summary).filter((b) => callbacks.compareContinue.match.test(b.callback_data))
    expect(continues.map((b) => callbacks.compareContinue.unpack(b.callback_data)!.generationId).sort()).toEqual(
      succeeded.map((p) => p.id).sort(),
    )

    // continue with one of them: it becomes the current model, its confirmation with the same prompt
    const chosen = succeeded[1]!
    const shown = await h.press(chatId, summary.messageId, callbacks.compareContinue.pack({ generationId: chosen.id }))
    expect(plain(shown.text)).toContain('A red fox in fresh snow')
    const after = await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })
    expect(after.currentModelId).toBe(chosen.modelId)

    // a result's "compare": its model picked, its prompt kept, straight to the price after Next
    const picker = await h.press(
      chatId,
      summary.messageId,
      callbacks.compareFromResult.pack({ generationId: chosen.id }),
      {
        force: true,
      },
    )
    expect(plain(picker.text)).toContain('picked: 1')
    const next = findButton(picker, callbacks.compareNext.match)
    const other = PICKED.find((slug) => slug !== chosen.modelId)!
    const two = await h.press(chatId, picker.messageId, toggleOf(next, other))
    const priced = await h.press(chatId, two.messageId, next)
    expect(plain(priced.text)).toContain('A red fox in fresh snow')
    findButton(priced, callbacks.compareConfirm.match)
    findButton(priced, callbacks.comparePrompt.match)

    // the admin's stats count the comparison, its parts and the share that succeeded
    const admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
    const home = await h.command(admin, 'admin')
    const stats = plain((await h.press(admin, home.messageId, 'a:stats')).text)
    expect(stats).toContain('Comparisons (30 days): 1, parts: 3, succeeded: 67%')
  }, 120_000)

  it('Telegram refuses the album with 5xx every time: parts left undelivered, the admin lists them, the user told', async () => {
    const db = h.gateway.deps.db
    const telegram = h.gateway.deps.queues.telegram
    const chatId = await h.user({ balanceKopecks: START_BALANCE })
    h.tg.control.failNext('sendMediaGroup', { chatId, times: Infinity, errorCode: 502, description: 'Bad Gateway' })
    try {
      const confirmation = await openConfirmation(chatId, 'A lighthouse in a storm')
      await h.press(chatId, confirmation.messageId, findButton(confirmation, callbacks.compareConfirm.match))
      const group = await until('the group', () => db.compareGroup.findFirst({ where: { userId: BigInt(chatId) } }))
      // every attempt of the group's delivery fails; the back-off between them is waited out at once
      await until('the delivery to give up', async () => {
        for (const job of await telegram.getJobs(['delayed']))
          if (job.data.kind === 'compare' && job.data.groupId === group.id) await job.promote().catch(() => undefined)
        return (await db.compareGroup.findUnique({ where: { id: group.id } }))?.deliveredAt
      })
      const albums = h.tg.control.calls({ method: 'sendMediaGroup', chatId })
      expect(albums.length).toBeGreaterThanOrEqual(DEFAULT_JOB_OPTIONS.telegram.attempts!)
      expect(albums.filter((c) => c.ok)).toEqual([])
      const parts = await db.generation.findMany({ where: { groupId: group.id } })
      expect(parts.map((p) => [p.status, p.undelivered, p.deliveredAt, p.telegramFileIds])).toEqual(
        parts.map(() => ['succeeded', true, null, []]),
      )

      // the user is told where the results are, with the history's button
      const told = await until('the message', async () =>
        h.tg.control
          .transcript(chatId)
          .find((e) => e.direction === 'out' && plain(e.text).includes('Telegram would not accept the files')),
      )
      const total = parts.reduce((n, p) => n + p.priceKopecks, 0)
      expect(plain(told.text)).toContain(`The comparison is ready (3 of 3 models)`)
      expect(plain(told.text)).toContain(`${plain(formatRub(total, 'en'))} charged`)
      findButton(told, callbacks.history.pack({ page: 0 }))
      // the money as reserved: every part charged once, nothing refunded
      expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })).balanceKopecks).toBe(
        START_BALANCE - total,
      )
      expect(await db.ledgerEntry.count({ where: { userId: BigInt(chatId), kind: 'refund' } })).toBe(0)

      // the admin's undelivered screen lists the three parts, and sends one again
      const admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
      const home = await h.command(admin, 'admin')
      const screen = await h.press(admin, home.messageId, callbacks.admin.undelivered.pack({}))
      for (const part of parts) {
        expect(plain(screen.text)).toContain(`${getModel(part.modelId)!.name.en}, user ${chatId}`)
        findButton(screen, callbacks.admin.undeliveredResend.pack({ generationId: part.id }))
      }
      const part = parts[0]!
      await h.press(admin, screen.messageId, callbacks.admin.undeliveredResend.pack({ generationId: part.id }))
      const resent = await until('the resent links', async () =>
        h.tg.control
          .transcript(chatId)
          .find((e) => e.direction === 'out' && plain(e.text).includes('here is your result again')),
      )
      expect(plain(resent.text)).toContain(part.resultUrls[0]!)
    } finally {
      h.tg.control.clearFaults()
    }
  }, 120_000)

  it('/cancel while the parts are queued cancels the whole comparison: each part refunded once, one message', async () => {
    const db = h.gateway.deps.db
    const queue = h.gateway.deps.queues.generation
    const chatId = await h.user({ balanceKopecks: START_BALANCE })
    // the worker takes no generation job meanwhile: the parts stay queued
    await queue.pause()
    try {
      const confirmation = await openConfirmation(chatId, 'A quiet harbour at dawn')
      const started = await h.press(
        chatId,
        confirmation.messageId,
        findButton(confirmation, callbacks.compareConfirm.match),
      )
      expect(plain(started.text)).toContain('Comparing 3 models')
      const group = await until('the group', () => db.compareGroup.findFirst({ where: { userId: BigInt(chatId) } }))
      const parts = await db.generation.findMany({ where: { groupId: group.id } })
      expect(parts.map((p) => p.status)).toEqual(['queued', 'queued', 'queued'])
      const total = parts.reduce((n, p) => n + p.priceKopecks, 0)

      const answer = await h.command(chatId, 'cancel')
      expect(plain(answer.text)).toBe(
        `✖️ The comparison is cancelled. The money (${plain(formatRub(total, 'en'))}) has been returned to your balance.`,
      )
      const ended = await db.generation.findMany({ where: { groupId: group.id } })
      expect(ended.map((p) => p.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
      for (const part of parts) {
        const refunds = await db.ledgerEntry.findMany({ where: { generationId: part.id, kind: 'refund' } })
        expect(refunds.map((r) => r.amountKopecks)).toEqual([part.priceKopecks])
      }
      expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })).balanceKopecks).toBe(START_BALANCE)
      expect((await db.compareGroup.findUniqueOrThrow({ where: { id: group.id } })).deliveredAt).not.toBeNull()
      // nothing is left to cancel, and nothing is refunded twice
      expect(plain((await h.command(chatId, 'cancel')).text)).toBe('There is nothing to cancel.')
    } finally {
      await queue.resume()
    }
    // the parts' own jobs run and end at once: no second message, no summary of refunds
    const before = h.tg.control.transcript(chatId).length
    await until('the parts’ jobs to end', async () => {
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized')
      return Object.values(counts).every((n) => n === 0)
    })
    await new Promise((r) => setTimeout(r, 1500))
    expect(
      h.tg.control
        .transcript(chatId)
        .slice(before)
        .filter((e) => e.direction === 'out'),
    ).toEqual([])
    expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })).balanceKopecks).toBe(START_BALANCE)
  }, 120_000)

  it('not enough money: the total, the balance and the packs; nothing reserved, Confirm stays', async () => {
    const db = h.gateway.deps.db
    const chatId = await h.user({ balanceKopecks: 100 })
    const confirmation = await openConfirmation(chatId, 'A small boat')
    const refused = await h.press(
      chatId,
      confirmation.messageId,
      findButton(confirmation, callbacks.compareConfirm.match),
    )
    expect(plain(refused.text)).toContain('Not enough money')
    expect(plain(refused.text)).toContain(plain(formatRub(100, 'en')))
    expect(buttonsOf(refused).some((b) => callbacks.pack.match.test(b.callback_data))).toBe(true)
    findButton(refused, callbacks.compareConfirm.match)
    expect(await db.compareGroup.count({ where: { userId: BigInt(chatId) } })).toBe(0)
    expect(await db.generation.count({ where: { userId: BigInt(chatId) } })).toBe(0)
    expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })).balanceKopecks).toBe(100)
  })

  it('a double press on Confirm reserves once; a comparison is one unit of the active limit', async () => {
    const db = h.gateway.deps.db
    const chatId = await h.user({ balanceKopecks: START_BALANCE })
    // slow tasks, so the comparison is still running when the next one is confirmed
    kie.control.setTimeline({ queuingMs: 3000, generatingMs: 3000, completeMs: 3000 })
    try {
      const confirmation = await openConfirmation(chatId, 'A lighthouse at dusk')
      const confirm = findButton(confirmation, callbacks.compareConfirm.match)
      const presses = [1, 2].map(() => h.tg.control.pressButton(chatId, confirmation.messageId, { data: confirm }))
      await Promise.all(presses.map((p) => h.tg.control.waitForCallbackAnswer(p.queryId, 15_000)))
      await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
      expect(await db.compareGroup.count({ where: { userId: BigInt(chatId) } })).toBe(1)
      const parts = await db.generation.findMany({ where: { userId: BigInt(chatId) } })
      expect(parts).toHaveLength(3)
      const user = await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })
      expect(user.balanceKopecks).toBe(START_BALANCE - parts.reduce((n, p) => n + p.priceKopecks, 0))

      // MAX_ACTIVE_GENERATIONS = 1 here: the three running parts are one unit, so a second comparison is refused
      const second = await openConfirmation(chatId, 'A second lighthouse')
      const refused = await h.press(chatId, second.messageId, findButton(second, callbacks.compareConfirm.match))
      expect(plain(refused.text)).toMatch(/in progress|at once/i)
      expect(await db.compareGroup.count({ where: { userId: BigInt(chatId) } })).toBe(1)
      const unchanged = await db.user.findUniqueOrThrow({ where: { id: BigInt(chatId) } })
      expect(unchanged.balanceKopecks).toBe(user.balanceKopecks)
    } finally {
      kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
    }
  }, 120_000)
})
