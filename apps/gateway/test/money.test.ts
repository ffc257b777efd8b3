import { findBalanceMismatches } from '@kiebot/db'
import { failNextDbCall, findButton, plain, startHarness, WEBHOOK_SECRET, type Harness } from './harness'

// Money through the gateway, driven through the Telegram emulator (and, where
// Telegram's per-chat ordering would hide a race, by posting webhooks directly).

let h: Harness
beforeAll(async () => {
  h = await startHarness({
    TOPUP_PACKS: '50,100',
    STARS_RUB_RATE: '1.2',
    REFERRAL_PERCENT: '10',
    WELCOME_BONUS_KOPECKS: '500',
    MAX_ACTIVE_GENERATIONS: '5',
  })
})
afterEach(async () => {
  expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([])
})
afterAll(async () => {
  await h.close()
})

const balanceOf = async (chat: number) =>
  (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks

async function postUpdate(update: Record<string, unknown>, secret = WEBHOOK_SECRET): Promise<Response> {
  return fetch(`${h.config.PUBLIC_URL}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  })
}

describe('Stars top-up', () => {
  it('insufficient balance -> pack -> invoice -> pay -> credited -> the generation goes through', async () => {
    const chat = await h.user()
    await h.command(chat, 'start') // welcome bonus: 5 ₽
    expect(await balanceOf(chat)).toBe(500)
    // nano-banana-pro costs 18 credits x 0.005 x 90 x 2 = 16.20 -> 17 ₽ (display rule): more than 5 ₽
    const confirmation = await h.command(chat, 'gen', 'nano-banana-pro a lighthouse in a storm')
    expect(plain(confirmation.text)).toContain('Your balance is')
    const invoice = await h.press(chat, confirmation.messageId, findButton(confirmation, 'p:50'))
    expect(invoice.kind).toBe('invoice')
    const paid = await h.tg.control.payInvoice(chat, invoice.messageId)
    expect(paid.status).toBe('paid')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const credited = await h.tg.control.waitForMessage(chat, (e) => plain(e.text).includes('Payment received'))
    expect(plain(credited.text)).toContain('60 ₽ credited') // 50 Stars x 1.20 ₽
    expect(await balanceOf(chat)).toBe(6_500)

    const again = await h.command(chat, 'gen', 'nano-banana-pro a lighthouse in a storm')
    const status = await h.press(chat, again.messageId, findButton(again, /^y:/))
    expect(plain(status.text)).toContain('is queued')
    expect(await balanceOf(chat)).toBe(6_500 - 1_700)
    const order = await h.gateway.deps.db.topupOrder.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(order).toMatchObject({ stars: 50, kopecks: 6_000, status: 'paid' })
  })

  it('a payment delivered twice (webhook retry and a repeated update) credits once', async () => {
    const chat = await h.user()
    const topup = await h.command(chat, 'topup')
    const invoice = await h.press(chat, topup.messageId, findButton(topup, 'p:100'))
    h.tg.control.duplicateDeliveries(1)
    const paid = await h.tg.control.payInvoice(chat, invoice.messageId)
    expect(paid.status).toBe('paid')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    // The same successful_payment again under a new update_id (e.g. re-sent by Telegram).
    const message = paid.status === 'paid' ? paid.message : undefined
    const response = await postUpdate({ update_id: 999_000_001, message })
    expect(response.status).toBe(200)
    expect(await balanceOf(chat)).toBe(12_000)
    expect(await h.gateway.deps.db.starsPayment.count({ where: { userId: BigInt(chat) } })).toBe(1)
    const credits = h.tg.control.transcript(chat).filter((e) => plain(e.text).includes('Payment received'))
    expect(credits).toHaveLength(1)
  })

  it('an old invoice paid twice is two payments, each credited once', async () => {
    const chat = await h.user()
    const topup = await h.command(chat, 'topup')
    const invoice = await h.press(chat, topup.messageId, findButton(topup, 'p:50'))
    expect((await h.tg.control.payInvoice(chat, invoice.messageId)).status).toBe('paid')
    expect((await h.tg.control.payInvoice(chat, invoice.messageId, { again: true })).status).toBe('paid')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect(await balanceOf(chat)).toBe(12_000)
  })

  it('pre-checkout refuses an invoice that is not ours or does not match', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const response = await postUpdate({
      update_id: 999_000_002,
      pre_checkout_query: {
        id: 'pcq-forged',
        from: { id: chat, is_bot: false, first_name: 'T' },
        currency: 'XTR',
        total_amount: 1,
        invoice_payload: 'not-an-order',
      },
    })
    expect(response.status).toBe(200)
    const answer = h.tg.control
      .calls({ method: 'answerPreCheckoutQuery' })
      .find((c) => c.params.pre_checkout_query_id === 'pcq-forged')
    expect(answer?.params).toMatchObject({
      ok: false,
      error_message: 'This invoice is no longer valid. Please open /topup again.',
    })
  })

  it('the referrer gets the configured percent of the referee top-ups', async () => {
    const referrer = await h.user()
    await h.command(referrer, 'start')
    const code = (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(referrer) } })).referralCode
    const before = await balanceOf(referrer)
    const referee = await h.user()
    await h.command(referee, 'start', `r_${code}`)
    const topup = await h.command(referee, 'topup')
    const invoice = await h.press(referee, topup.messageId, findButton(topup, 'p:100'))
    await h.tg.control.payInvoice(referee, invoice.messageId)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect(await balanceOf(referrer)).toBe(before + 1_200) // 10 % of 120 ₽
    const job = (await h.gateway.deps.queues.telegram.getJobs(['waiting'])).find(
      (j) => j.data.kind === 'text' && j.data.chatId === String(referrer),
    )
    expect(job?.data.kind === 'text' && job.data.text).toContain('referral reward')
  })
})

describe('first contact retried', () => {
  it('a first /start that failed after the user row was written still binds the referral and grants the welcome bonus on its retry', async () => {
    const referrer = await h.user()
    await h.command(referrer, 'start')
    const code = (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(referrer) } })).referralCode
    const referee = await h.user()
    // Postgres fails once right after the new user's row is inserted (the referrer's lookup):
    // the webhook answers 503 and Telegram re-delivers the same /start.
    const findUnique = failNextDbCall(h.gateway.deps.db.user, 'findUnique')
    try {
      h.tg.control.configure({ webhook: { retryBaseMs: 100, retryMaxMs: 200 } })
      await h.command(referee, 'start', `r_${code}`)
      await h.tg.control.waitForMessage(referee, (e) => /welcome bonus/i.test(plain(e.text)), 10_000)
      expect(findUnique.failed()).toBe(true) // the first delivery did fail
    } finally {
      findUnique.restore()
    }
    const user = await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(referee) } })
    expect(user.referrerId).toBe(BigInt(referrer))
    expect(user.welcomedAt).not.toBeNull()
    expect(await balanceOf(referee)).toBe(500)
    // a later /start grants nothing more
    await h.command(referee, 'start')
    expect(await balanceOf(referee)).toBe(500)
    expect(h.tg.control.transcript(referee).filter((e) => /welcome bonus/i.test(plain(e.text)))).toHaveLength(1)
  })
})

describe('reservation under concurrency', () => {
  it('20 concurrent confirms on a balance that covers 3 create exactly 3 generations', async () => {
    const chat = await h.user({ balanceKopecks: 3 * 1_700 - 500 }) // plus the 5 ₽ welcome bonus = 3 x 17 ₽
    expect(await balanceOf(chat)).toBe(3 * 1_700)
    // 20 confirmation screens (20 drafts), confirmed at once: straight to the webhook,
    // as 20 gateway replicas or retries could see them.
    const confirmations = []
    for (let i = 0; i < 20; i++) confirmations.push(await h.command(chat, 'gen', 'nano-banana-pro a red fox'))
    const responses = await Promise.all(
      confirmations.map((c, i) =>
        postUpdate({
          update_id: 998_000_000 + i,
          callback_query: {
            id: `cq-${i}`,
            from: { id: chat, is_bot: false, first_name: 'Tester', language_code: 'en' },
            chat_instance: '1',
            message: c.message,
            data: findButton(c, /^y:/),
          },
        }),
      ),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
    const generations = await h.gateway.deps.db.generation.findMany({ where: { userId: BigInt(chat) } })
    expect(generations).toHaveLength(3)
    expect(await balanceOf(chat)).toBe(0)
  })

  it('the same confirm delivered 3 times has one effect', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a cat')
    h.tg.control.duplicateDeliveries(2)
    const status = await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    expect(plain(status.text)).toContain('is queued')
    // and once more as a new update for the same button
    await postUpdate({
      update_id: 997_000_001,
      callback_query: {
        id: 'cq-again',
        from: { id: chat, is_bot: false, first_name: 'T' },
        chat_instance: '1',
        message: confirmation.message,
        data: findButton(confirmation, /^y:/),
      },
    })
    expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(1)
    expect(await balanceOf(chat)).toBe(10_500 - 360)
  })

  it('cancel while queued refunds once; a second cancel changes nothing', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a dog')
    const status = await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    const cancelled = await h.press(chat, status.messageId, findButton(status, /^gc:/))
    expect(plain(cancelled.text)).toContain('cancelled. 3.60 ₽ returned')
    await h.command(chat, 'cancel')
    expect(plain(h.lastBotMessage(chat).text)).toBe('There is nothing to cancel.')
    expect(await balanceOf(chat)).toBe(10_500)
    const generation = await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(generation.status).toBe('cancelled')
    expect(await h.gateway.deps.db.ledgerEntry.count({ where: { generationId: generation.id, kind: 'refund' } })).toBe(
      1,
    )
  })

  it('the concurrent generations limit answers politely', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    for (let i = 0; i < 5; i++) {
      const c = await h.command(chat, 'gen', 'nano-banana a bird')
      await h.press(chat, c.messageId, findButton(c, /^y:/))
    }
    const third = await h.command(chat, 'gen', 'nano-banana a bird')
    await h.press(chat, third.messageId, findButton(third, /^y:/))
    expect(plain(h.lastBotMessage(chat).text)).toContain('You already have 5 generations in progress')
    expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(5)
  })
})
