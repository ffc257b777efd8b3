import { randomUUID } from 'node:crypto'
import { findBalanceMismatches, reserveFunds, updateModelSettings } from '@kiebot/db'
import {
  ADMIN_ID,
  buttonsOf,
  findButton,
  plain,
  startHarness,
  WEBHOOK_SECRET,
  withDeliveryWorker,
  type Harness,
} from './harness'

// Administration through Telegram: only ADMIN_IDS get in; stats, user lookup,
// audited balance adjustment, Stars payment refund, model on/off and price
// override, broadcast with a confirmation step.

let h: Harness
let admin: number

beforeAll(async () => {
  h = await startHarness({ TOPUP_PACKS: '50', STARS_RUB_RATE: '1.2', REFERRAL_PERCENT: '10' })
  admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
})
afterEach(async () => {
  expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([])
})
afterAll(async () => {
  await h.close()
})

async function paidUser(): Promise<number> {
  const chat = await h.user()
  const topup = await h.command(chat, 'topup')
  const invoice = await h.press(chat, topup.messageId, 'p:50')
  await h.tg.control.payInvoice(chat, invoice.messageId)
  await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
  return chat
}

async function openUser(userId: number) {
  const home = await h.command(admin, 'admin')
  await h.press(admin, home.messageId, 'a:user')
  return h.text(admin, String(userId))
}

describe('admin', () => {
  it('refuses everyone else, for the command and for forged buttons', async () => {
    const chat = await h.user()
    expect(plain((await h.command(chat, 'admin')).text)).toBe('This command is for administrators only.')
    const menu = await h.command(chat, 'menu')
    h.tg.control.pressButton(chat, menu.messageId, { data: 'a:stats', force: true })
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect(plain(h.lastBotMessage(chat).text)).toBe('This command is for administrators only.')
  })

  it('shows stats', async () => {
    await paidUser()
    const home = await h.command(admin, 'admin')
    const stats = await h.press(admin, home.messageId, 'a:stats')
    expect(plain(stats.text)).toMatch(/Users: \d+/)
    expect(plain(stats.text)).toContain('Revenue: ')
    expect(plain(stats.text)).toContain('Kie credits: not checked yet')
    await h.gateway.deps.redis.set(
      `${h.config.QUEUE_PREFIX}:kie:credits`,
      JSON.stringify({ credits: 12345, checkedAt: new Date().toISOString() }),
    )
    const again = await h.press(admin, stats.messageId, 'a:home')
    expect(plain((await h.press(admin, again.messageId, 'a:stats')).text)).toContain('Kie credits: 12345')
  })

  it('shows each Kie key of the pool: its balance, tasks created today, a 402 pause', async () => {
    const prefix = h.config.QUEUE_PREFIX
    const checkedAt = new Date().toISOString()
    await h.gateway.deps.redis.hset(`${prefix}:kie:keys`, {
      a: JSON.stringify({ credits: 4321, checkedAt }),
      b: JSON.stringify({ credits: 0, checkedAt }),
    })
    await h.gateway.deps.redis.set(`${prefix}:kie:paused:b`, JSON.stringify({ since: checkedAt, credits: 0 }))
    try {
      const home = await h.command(admin, 'admin')
      const text = plain((await h.press(admin, home.messageId, 'a:stats')).text)
      expect(text).toMatch(/• a: 4321 \(.+\), created today: \d+\n/)
      expect(text).toMatch(/• b: 0 \(.+\), created today: \d+ · ⏸ paused \(402\)/)
      expect(text).not.toMatch(/• a: .*paused/)
    } finally {
      await h.gateway.deps.redis.del(`${prefix}:kie:keys`, `${prefix}:kie:paused:b`)
    }
  })

  it('shows the margin per model over 1, 7 and 30 days from what Kie really charged', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const db = h.gateway.deps.db
    const hour = 3600_000
    // 1 credit = 0.005 USD x 90 RUB = 45 kopecks; Kie's cost at each generation's own snapshot
    const rows = [
      { modelId: 'grok-image', kopecks: 360, credits: 4, consumed: 6, reported: true, agoMs: 2 * hour }, // +90
      { modelId: 'grok-image', kopecks: 360, credits: 4, consumed: 4, reported: true, agoMs: 72 * hour }, // +180
      { modelId: 'grok-image', kopecks: 360, credits: 4, consumed: 4, reported: false, agoMs: 20 * 24 * hour }, // +180, the quote
      { modelId: 'grok-image', kopecks: 360, credits: 4, consumed: 100, reported: true, agoMs: 40 * 24 * hour }, // outside 30 days
      { modelId: 'suno-song', kopecks: 500, credits: 12, consumed: 20, reported: true, agoMs: hour }, // −400
    ]
    for (const row of rows) {
      const id = randomUUID()
      await reserveFunds(db, {
        generationId: id,
        userId: BigInt(chat),
        chatId: BigInt(chat),
        modelId: row.modelId,
        params: { prompt: 'a fox' },
        price: { credits: row.credits, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: row.kopecks },
        deadlineAt: new Date(Date.now() + 600_000),
      })
      // what the worker leaves after a success: Kie's credits (reported) or the quote (not)
      await db.generation.update({
        where: { id },
        data: {
          status: 'succeeded',
          step: 'done',
          completedAt: new Date(Date.now() - row.agoMs),
          kieCreditsConsumed: row.consumed,
          kieCreditsReported: row.reported,
        },
      })
    }
    const home = await h.command(admin, 'admin')
    const text = plain((await h.press(admin, home.messageId, 'a:stats')).text)
    expect(text).toContain('Margin per model (1 / 7 / 30 days, revenue − Kie cost)')
    expect(text).toContain('Grok Imagine: +0.90 ₽ · +2.70 ₽ · +4.50 ₽ ≈')
    expect(text).toMatch(/Suno[^\n]*: −4 ₽ · −4 ₽ · −4 ₽\n/)
    expect(text).toContain('≈ Kie did not report the cost of some generations')
  })

  it('finds a user and adjusts the balance with a reason, audited', async () => {
    const chat = await h.user({ balanceKopecks: 1_000 })
    const card = await openUser(chat)
    expect(plain(card.text)).toContain('Balance: 10 ₽')
    await h.press(admin, card.messageId, findButton(card, `a:adj:${chat}`))
    expect(plain((await h.text(admin, 'lots of money')).text)).toContain('Write a signed amount')
    expect(plain((await h.text(admin, '+150,50 compensation for a failed video')).text)).toContain('Balance: 160.50 ₽')
    const cardAgain = await openUser(chat)
    await h.press(admin, cardAgain.messageId, findButton(cardAgain, `a:adj:${chat}`))
    expect(plain((await h.text(admin, '-500 too much')).text)).toContain('Not applied: insufficient_funds')
    const audit = await h.gateway.deps.db.adminAuditLog.findMany({
      where: { targetUserId: BigInt(chat), action: 'balance.adjust' },
    })
    expect(audit).toHaveLength(1)
    expect(audit[0]!.details).toMatchObject({ amountKopecks: 15_050, reason: 'compensation for a failed video' })
  })

  it('refunds a Stars payment once (Telegram refund, ledger debit), refusing spent money', async () => {
    const chat = await paidUser()
    const card = await openUser(chat)
    const confirm = await h.press(admin, card.messageId, findButton(card, /^a:rf:/))
    const done = await h.press(admin, confirm.messageId, findButton(confirm, /^a:rfy:/))
    expect(plain(done.text)).toContain('Refunded 50 ⭐; 60 ₽ debited')
    expect(h.tg.control.calls({ method: 'refundStarPayment' })).toHaveLength(1)
    const payment = await h.gateway.deps.db.starsPayment.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(payment.refund).toBe('refunded')
    expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(0)
    // Pressing the old confirmation again does nothing more.
    const again = await h.press(admin, done.messageId, findButton(confirm, /^a:rfy:/), { force: true })
    expect(plain(again.text)).toContain('already refunded')
    expect(await h.gateway.deps.db.ledgerEntry.count({ where: { userId: BigInt(chat), kind: 'topup_refund' } })).toBe(1)

    // A payment whose money was spent is not refunded.
    const spender = await paidUser()
    await h.gateway.deps.db.$transaction([
      h.gateway.deps.db.user.update({ where: { id: BigInt(spender) }, data: { balanceKopecks: 0 } }),
      h.gateway.deps.db.ledgerEntry.create({
        data: {
          userId: BigInt(spender),
          kind: 'charge',
          amountKopecks: -6_000,
          balanceAfter: 0,
          idempotencyKey: `spent:${spender}`,
        },
      }),
    ])
    const spenderCard = await openUser(spender)
    const spenderConfirm = await h.press(admin, spenderCard.messageId, findButton(spenderCard, /^a:rf:/))
    expect(
      plain((await h.press(admin, spenderConfirm.messageId, findButton(spenderConfirm, /^a:rfy:/))).text),
    ).toContain('already spent')
  })

  it('a refund Telegram refuses for good gives the money back, and can be retried later', async () => {
    const chat = await paidUser()
    h.tg.control.failNext('refundStarPayment', { errorCode: 400, description: 'Bad Request: CHARGE_NOT_FOUND' })
    const card = await openUser(chat)
    const confirm = await h.press(admin, card.messageId, findButton(card, /^a:rf:/))
    const refused = await h.press(admin, confirm.messageId, findButton(confirm, /^a:rfy:/))
    expect(plain(refused.text)).toContain('Telegram refused the refund')
    // the handler's log entry carries the update's and the sender's ids (the update's child logger)
    const logged = h.logs
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('refundStarPayment refused'))
      .map((line) => JSON.parse(line) as { updateId?: number; userId?: number })
    expect(logged).toHaveLength(1)
    expect(logged[0]!.userId).toBe(admin)
    expect(Number.isSafeInteger(logged[0]!.updateId)).toBe(true)
    const payment = await h.gateway.deps.db.starsPayment.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(payment.refund).toBe('none')
    expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(6_000)
    // later, Telegram accepts: a second attempt debits once more and refunds
    const again = await h.press(admin, refused.messageId, `a:rfy:${payment.id}`, { force: true })
    expect(plain(again.text)).toContain('Refunded 50 ⭐')
    expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(0)
    expect(await h.gateway.deps.db.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'topup_refund' } })).toBe(
      2,
    )
  })

  it('a refund takes the referral reward back from the referrer, writing off what was spent', async () => {
    const referrer = await h.user()
    await h.command(referrer, 'start')
    const code = (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(referrer) } })).referralCode
    const referee = await h.user()
    await h.command(referee, 'start', `r_${code}`)
    const topup = await h.command(referee, 'topup')
    const invoice = await h.press(referee, topup.messageId, 'p:50')
    await h.tg.control.payInvoice(referee, invoice.messageId)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const balance = async (id: number) =>
      (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(id) } })).balanceKopecks
    expect(await balance(referrer)).toBe(600) // 10 % of 60 ₽
    // the referrer spends 2 of the 6 ₽
    const price = { credits: 1, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 200 }
    await reserveFunds(h.gateway.deps.db, {
      generationId: randomUUID(),
      userId: BigInt(referrer),
      chatId: BigInt(referrer),
      modelId: 'nano-banana',
      params: { prompt: 'x' },
      price,
      deadlineAt: new Date(Date.now() + 600_000),
    })

    const card = await openUser(referee)
    const confirm = await h.press(admin, card.messageId, findButton(card, /^a:rf:/))
    const done = await h.press(admin, confirm.messageId, findButton(confirm, /^a:rfy:/))
    expect(plain(done.text)).toContain('Refunded 50 ⭐')
    expect(plain(done.text)).toContain(
      'taken back from the referrer: 4 ₽; 2 ₽ had already been spent and is written off',
    )
    expect(await balance(referee)).toBe(0)
    expect(await balance(referrer)).toBe(0)
  })

  it('two admins refunding one payment at once: one Telegram call, never both the Stars and the rubles back', async () => {
    const chat = await paidUser()
    const card = await openUser(chat)
    const confirm = await h.press(admin, card.messageId, findButton(card, /^a:rf:/))
    const data = findButton(confirm, /^a:rfy:/)
    // The first call is slow and then refused for good; a second call would be accepted.
    h.tg.control.addLatency({ method: 'refundStarPayment', ms: 1_500, times: 1 })
    h.tg.control.failNext('refundStarPayment', { errorCode: 400, description: 'Bad Request: CHARGE_NOT_FOUND' })
    const press = (n: number) =>
      fetch(`${h.config.PUBLIC_URL}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify({
          update_id: 996_000_000 + n,
          callback_query: {
            id: `cq-rf-${n}`,
            from: { id: admin, is_bot: false, first_name: 'Admin', language_code: 'en' },
            chat_instance: '1',
            message: confirm.message,
            data,
          },
        }),
      })
    const first = press(1)
    await new Promise((r) => setTimeout(r, 400))
    expect((await press(2)).status).toBe(200)
    expect((await first).status).toBe(200)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const texts = h.tg.control
      .transcript(admin)
      .flatMap((e) => [e.text, ...e.edits.map((x) => ('text' in x.message ? x.message.text : ''))])
      .map(plain)
    expect(texts.some((t) => t.includes('Another refund attempt for this payment is in progress'))).toBe(true)
    expect(h.tg.control.calls({ method: 'refundStarPayment' }).filter((c) => c.params.user_id === chat)).toHaveLength(1)
    const payment = await h.gateway.deps.db.starsPayment.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(payment.refund).toBe('none') // the only call was refused: the rubles are back and the Stars are not
    expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(6_000)
  })

  it('never shows an exception text in the chat: a non-JSON answer to the refund call does not leak the bot token', async () => {
    const chat = await paidUser()
    h.tg.control.failNext('refundStarPayment', { errorCode: 404, description: 'Not Found', html: true })
    const card = await openUser(chat)
    const confirm = await h.press(admin, card.messageId, findButton(card, /^a:rf:/))
    const failed = await h.press(admin, confirm.messageId, findButton(confirm, /^a:rfy:/))
    expect(plain(failed.text)).toContain('Telegram did not refund yet (no proper answer from Telegram)')
    const everything = JSON.stringify(h.tg.control.transcript(admin))
    expect(everything).not.toContain(h.botToken)
    expect(everything).not.toMatch(/invalid json|127\.0\.0\.1|Unexpected token/i)
    // Telegram's own description is shown, redacted like the logs
    const payment = await h.gateway.deps.db.starsPayment.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    h.tg.control.failNext('refundStarPayment', {
      errorCode: 400,
      description: `Bad Request: CHARGE_NOT_FOUND for bot${h.botToken}`,
    })
    const refused = await h.press(admin, failed.messageId, `a:rfy:${payment.id}`, { force: true })
    expect(plain(refused.text)).toContain(
      'Telegram refused the refund (Bad Request: CHARGE_NOT_FOUND for bot[bot-token])',
    )
    expect(JSON.stringify(h.tg.control.transcript(admin))).not.toContain(h.botToken)
  })

  it('an adjustment typed while Postgres is down is applied when Telegram re-delivers it', async () => {
    const chat = await h.user({ balanceKopecks: 1_000 })
    const card = await openUser(chat)
    await h.press(admin, card.messageId, findButton(card, `a:adj:${chat}`))
    // The input is taken, then the database fails in the adjustment's transaction (the
    // connection drops mid-update): the webhook answers 503 and Telegram re-delivers.
    const db = h.gateway.deps.db
    const transaction = db.$transaction.bind(db)
    let failures = 1
    ;(db as unknown as { $transaction: unknown }).$transaction = (...args: unknown[]) => {
      if (failures-- > 0)
        return Promise.reject(
          Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: 'P1001' }),
        )
      return (transaction as (...a: unknown[]) => Promise<unknown>)(...args)
    }
    try {
      h.tg.control.configure({ webhook: { retryBaseMs: 100, retryMaxMs: 200 } })
      const reply = await h.text(admin, '+10 retry test')
      expect(plain(reply.text)).toContain('Done: +10 ₽ (retry test)')
      expect(failures).toBe(-1) // the first delivery did fail
    } finally {
      ;(db as unknown as { $transaction: unknown }).$transaction = transaction
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(2_000)
  })

  it('turns a model off (gone from the catalog) and overrides a price', async () => {
    const home = await h.command(admin, 'admin')
    const models = await h.press(admin, home.messageId, 'a:models:0')
    const toggle = buttonsOf(models).find(
      (b) => b.callback_data.startsWith('a:mt:') && b.callback_data !== 'a:mt:nano-banana',
    )!
    const slug = toggle.callback_data.slice('a:mt:'.length)
    const toggled = await h.press(admin, models.messageId, toggle.callback_data)
    expect(
      buttonsOf(toggled)
        .find((b) => b.callback_data === toggle.callback_data)!
        .text.startsWith('⛔'),
    ).toBe(true)
    const user = await h.user()
    const card = await h.command(user, 'start', `m_${slug}`)
    expect(plain(card.text)).not.toContain('/gen ' + slug)
    expect(plain((await h.command(user, 'gen', `${slug} a test`)).text)).toContain('temporarily unavailable')

    await h.press(admin, toggled.messageId, 'a:mp:nano-banana', { force: true })
    expect(plain((await h.text(admin, '99')).text)).toContain('fixed 99 ₽')
    const rich = await h.user({ balanceKopecks: 100_000 })
    expect(plain((await h.command(rich, 'gen', 'nano-banana a fox')).text)).toContain('Price: 99 ₽')
    await h.press(admin, toggled.messageId, 'a:mp:nano-banana', { force: true })
    expect(plain((await h.text(admin, 'x3')).text)).toContain('markup ×3')
    expect(plain((await h.command(rich, 'gen', 'nano-banana a fox')).text)).toContain('Price: 5.40 ₽')
    await h.press(admin, toggled.messageId, 'a:mp:nano-banana', { force: true })
    await h.text(admin, 'reset')
    expect(plain((await h.command(rich, 'gen', 'nano-banana a fox')).text)).toContain('Price: 3.60 ₽')
  })

  it('a model turned off (by another replica) while a draft is open is not charged at Confirm', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const confirmation = await h.command(chat, 'gen', 'flux-kontext-pro a quiet harbour')
    expect(plain(confirmation.text)).toContain('Price:')
    // Written straight to the database: this gateway's cached settings still say "on".
    await updateModelSettings(h.gateway.deps.db, BigInt(ADMIN_ID), 'flux-kontext-pro', { enabled: false })
    try {
      const answer = await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
      expect(plain(answer.text)).toContain('temporarily unavailable')
      expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(0)
      expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(
        100_000,
      )
      expect(await h.gateway.deps.drafts.current(String(chat))).toBeNull()
    } finally {
      await updateModelSettings(h.gateway.deps.db, BigInt(ADMIN_ID), 'flux-kontext-pro', { enabled: true })
      h.gateway.deps.prices.invalidate()
    }
  })

  it('broadcasts after a confirmation, once', async () => {
    await h.user()
    const home = await h.command(admin, 'admin')
    await h.press(admin, home.messageId, 'a:bc')
    const preview = await h.text(admin, 'New models are available!')
    expect(plain(preview.text)).toContain('New models are available!')
    const send = findButton(preview, /^a:bcy:/)
    const queued = await h.press(admin, preview.messageId, send)
    const count = Number(/Queued for (\d+) users/.exec(plain(queued.text))?.[1])
    expect(count).toBeGreaterThan(0)
    const again = await h.press(admin, queued.messageId, send, { force: true })
    expect(plain(again.text)).toContain('Broadcast cancelled')
    // the gateway only hands the broadcast to the worker: one job, whatever the number of users
    const jobs = (await h.gateway.deps.queues.telegram.getJobs(['waiting'])).filter((j) => j.data.kind === 'broadcast')
    expect(jobs).toHaveLength(1)
    expect(jobs[0]!.data).toMatchObject({
      kind: 'broadcast',
      adminId: String(admin),
      text: 'New models are available!',
    })
    // (other tests of this file leave their own text jobs, e.g. a referral notice: none is the broadcast's)
    const texts = (await h.gateway.deps.queues.telegram.getJobs(['waiting'])).filter((j) => j.data.kind === 'text')
    expect(texts.filter((j) => JSON.stringify(j.data).includes('New models are available!'))).toHaveLength(0)
  })

  it('an undelivered result: the user re-sends it from the history, an admin re-sends it from the panel (audited)', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const db = h.gateway.deps.db
    const id = randomUUID()
    await reserveFunds(db, {
      generationId: id,
      userId: BigInt(chat),
      chatId: BigInt(chat),
      modelId: 'nano-banana',
      params: { prompt: 'a fox' },
      price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
      deadlineAt: new Date(Date.now() + 600_000),
    })
    // what the worker leaves when Telegram refused the file every time: succeeded, charge kept, nothing sent
    const url = 'https://tempfile.example/undelivered-fox.png'
    await db.generation.update({
      where: { id },
      data: { status: 'succeeded', step: 'done', undelivered: true, resultUrls: [url], completedAt: new Date() },
    })

    const history = await h.command(chat, 'history')
    const resend = findButton(history, `rs:${id}`)
    await h.press(chat, history.messageId, resend)
    // the worker's delivery queue sends it (its process runs for this wait only)
    await withDeliveryWorker(h, () => h.tg.control.waitForMessage(chat, (m) => (m.text ?? '').includes(url), 20_000))

    const home = await h.command(admin, 'admin')
    const list = await h.press(admin, home.messageId, 'a:und')
    expect(plain(list.text)).toContain(String(chat))
    const done = await h.press(admin, list.messageId, `a:undr:${id}`)
    expect(plain(done.text)).toContain(`sent again to user ${chat}`)
    const jobs = (await h.gateway.deps.queues.telegram.getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) =>
      j.id?.startsWith(`undelivered-${id}-`),
    )
    expect(jobs).toHaveLength(1)
    expect(jobs[0]!.data).toMatchObject({ kind: 'text', chatId: String(chat) })
    expect((jobs[0]!.data as { text: string }).text).toContain(url)
    expect(await db.adminAuditLog.count({ where: { action: 'generation.resend', targetUserId: BigInt(chat) } })).toBe(1)
  })
})
