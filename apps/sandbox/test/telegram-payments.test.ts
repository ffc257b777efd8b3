/**
 * The Telegram Stars flow with a telegraf bot: invoice → pre_checkout_query → answer →
 * successful_payment; unanswered or rejected pre-checkouts; paying twice; refunds.
 */
import { Telegraf, Telegram } from 'telegraf'
import { message } from 'telegraf/filters'
import { startTelegramEmulator, type RunningTelegramEmulator } from '../src/telegram'
import { telegramError } from './support/telegram-error'

const STARS_INVOICE = {
  title: '100 credits',
  description: 'Credits for AI generations',
  payload: 'order-42',
  provider_token: '',
  currency: 'XTR',
  prices: [{ label: '100 credits', amount: 75 }],
}

let emu: RunningTelegramEmulator
let token: string
let tg: Telegram
let userId: number
let bot: Telegraf | undefined

interface BotLog {
  preCheckouts: Array<{ id: string; payload: string; amount: number }>
  payments: string[]
  refunds: string[]
}

/** a telegraf bot on long polling: /buy sends an invoice; pre-checkout answered as `answer` says */
function startShop(answer: 'ok' | 'reject' | 'ignore'): BotLog {
  const log: BotLog = { preCheckouts: [], payments: [], refunds: [] }
  bot = new Telegraf(token, { telegram: { apiRoot: emu.url, webhookReply: false } })
  bot.command('buy', (ctx) => ctx.replyWithInvoice(STARS_INVOICE))
  bot.on('pre_checkout_query', async (ctx) => {
    const query = ctx.preCheckoutQuery
    log.preCheckouts.push({ id: query.id, payload: query.invoice_payload, amount: query.total_amount })
    if (answer === 'ok') await ctx.answerPreCheckoutQuery(true)
    if (answer === 'reject') await ctx.answerPreCheckoutQuery(false, 'This offer has expired')
  })
  bot.on(message('successful_payment'), async (ctx) => {
    log.payments.push(ctx.message.successful_payment.telegram_payment_charge_id)
    await ctx.reply(`Thanks! +${ctx.message.successful_payment.total_amount} ⭐️`)
  })
  bot.on('message', (ctx) => {
    const refunded = (ctx.message as { refunded_payment?: { telegram_payment_charge_id: string } }).refunded_payment
    if (refunded) log.refunds.push(refunded.telegram_payment_charge_id)
  })
  void bot.launch()
  return log
}

async function invoiceMessageId(): Promise<number> {
  emu.control.sendCommand(userId, 'buy')
  return (await emu.control.waitForMessage(userId, (entry) => entry.kind === 'invoice')).messageId
}

async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const refund = (user: number, chargeId: string): Promise<unknown> =>
  (tg.callApi as unknown as (method: string, payload: object) => Promise<unknown>).call(tg, 'refundStarPayment', {
    user_id: user,
    telegram_payment_charge_id: chargeId,
  })

beforeAll(async () => {
  emu = await startTelegramEmulator({ flood: { enabled: false } })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.control.reset()
  emu.control.configure({ preCheckoutTimeoutMs: 300 })
  token = emu.control.createBot({ username: 'shop_bot' }).token
  tg = new Telegram(token, { apiRoot: emu.url })
  userId = emu.control.createUser({ first_name: 'Ann' }).id
})
afterEach(() => {
  bot?.stop()
  bot = undefined
})

it('invoice → pre_checkout_query → answer → successful_payment with a charge id', async () => {
  const log = startShop('ok')
  const invoiceId = await invoiceMessageId()
  const result = await emu.control.payInvoice(userId, invoiceId)
  if (result.status !== 'paid') throw new Error(`payment ${result.status}`)
  expect(result.chargeId).toMatch(/^stx[\w-]+$/)
  expect(result.message.successful_payment).toMatchObject({
    currency: 'XTR',
    total_amount: 75,
    invoice_payload: 'order-42',
    telegram_payment_charge_id: result.chargeId,
    provider_payment_charge_id: expect.any(String),
  })
  expect(log.preCheckouts).toEqual([{ id: result.queryId, payload: 'order-42', amount: 75 }])
  await emu.control.waitForMessage(userId, (entry) => entry.text === 'Thanks! +75 ⭐️')
  expect(log.payments).toEqual([result.chargeId])
  expect(emu.control.calls({ method: 'answerPreCheckoutQuery' })[0]).toMatchObject({
    ok: true,
    params: { pre_checkout_query_id: result.queryId, ok: true },
  })
  expect(emu.control.transcript(userId).map((entry) => `${entry.direction} ${entry.kind}`)).toEqual([
    'in text',
    'out invoice',
    'in successful_payment',
    'out text',
  ])
})

it('a paid invoice is not paid again unless asked (again: true), in process and over HTTP', async () => {
  const log = startShop('ok')
  const invoiceId = await invoiceMessageId()
  const first = await emu.control.payInvoice(userId, invoiceId)
  if (first.status !== 'paid') throw new Error('the first payment should succeed')
  const repeat = await emu.control.payInvoice(userId, invoiceId)
  expect(repeat).toEqual({ status: 'already_paid', queryId: first.queryId, chargeId: first.chargeId })
  const overHttp = await fetch(`${emu.url}/_control/telegram/chats/${userId}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messageId: invoiceId }),
  })
  expect(await overHttp.json()).toEqual({
    ok: true,
    result: { status: 'already_paid', queryId: first.queryId, chargeId: first.chargeId },
  })
  expect(log.preCheckouts).toHaveLength(1)
  expect(emu.control.charges()).toHaveLength(1)
  expect(emu.control.transcript(userId).find((entry) => entry.messageId === invoiceId)?.paidChargeId).toBe(
    first.chargeId,
  )
  const again = await fetch(`${emu.url}/_control/telegram/chats/${userId}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messageId: invoiceId, again: true }),
  })
  expect(((await again.json()) as { result: { status: string } }).result.status).toBe('paid')
  expect(emu.control.charges()).toHaveLength(2)
  // the invoice keeps its first charge
  expect(emu.control.transcript(userId).find((entry) => entry.messageId === invoiceId)?.paidChargeId).toBe(
    first.chargeId,
  )
})

it('paying the same invoice twice gives two distinct charge ids', async () => {
  const log = startShop('ok')
  const invoiceId = await invoiceMessageId()
  const first = await emu.control.payInvoice(userId, invoiceId)
  const second = await emu.control.payInvoice(userId, invoiceId, { again: true })
  if (first.status !== 'paid' || second.status !== 'paid') throw new Error('both payments should succeed')
  expect(first.chargeId).not.toBe(second.chargeId)
  const thanks = () => emu.control.transcript(userId).filter((entry) => entry.text === 'Thanks! +75 ⭐️').length
  await eventually(() => thanks() === 2)
  expect(log.payments).toEqual([first.chargeId, second.chargeId])
  expect(emu.control.charges().map((charge) => charge.chargeId)).toEqual([first.chargeId, second.chargeId])
})

it('an unanswered pre-checkout fails: no successful_payment, and a late answer is too old', async () => {
  const log = startShop('ignore')
  const invoiceId = await invoiceMessageId()
  const started = Date.now()
  const result = await emu.control.payInvoice(userId, invoiceId)
  expect(result.status).toBe('timeout')
  expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  expect(log.preCheckouts).toHaveLength(1)
  const late = await telegramError(tg.answerPreCheckoutQuery(result.queryId, true))
  expect(late.response).toEqual({
    ok: false,
    error_code: 400,
    description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
  })
  expect(emu.control.transcript(userId).some((entry) => entry.kind === 'successful_payment')).toBe(false)
  expect(log.payments).toEqual([])
})

it("a pre-checkout answered ok:false fails with the bot's error message", async () => {
  startShop('reject')
  const invoiceId = await invoiceMessageId()
  await expect(emu.control.payInvoice(userId, invoiceId)).resolves.toMatchObject({
    status: 'rejected',
    errorMessage: 'This offer has expired',
  })
  expect(emu.control.transcript(userId).some((entry) => entry.kind === 'successful_payment')).toBe(false)
})

it('answerPreCheckoutQuery works only once', async () => {
  const invoice = await tg.sendInvoice(userId, STARS_INVOICE)
  const paying = emu.control.payInvoice(userId, invoice.message_id)
  const [update] = await tg.getUpdates(0, 100, 0, undefined)
  const queryId = (update as { pre_checkout_query: { id: string } }).pre_checkout_query.id
  await tg.answerPreCheckoutQuery(queryId, true)
  expect((await telegramError(tg.answerPreCheckoutQuery(queryId, true))).description).toBe(
    'Bad Request: query is too old and response timeout expired or query ID is invalid',
  )
  await expect(paying).resolves.toMatchObject({ status: 'paid' })
})

it('refundStarPayment: refunded_payment follows; a repeat is CHARGE_ALREADY_REFUNDED', async () => {
  const log = startShop('ok')
  const paid = await emu.control.payInvoice(userId, await invoiceMessageId())
  if (paid.status !== 'paid') throw new Error(paid.status)
  await expect(refund(userId, paid.chargeId)).resolves.toBe(true)
  const refunded = await emu.control.waitForMessage(userId, (entry) => entry.kind === 'refunded_payment', 2000, {
    direction: 'in',
  })
  expect(refunded.message.refunded_payment).toEqual({
    currency: 'XTR',
    total_amount: 75,
    invoice_payload: 'order-42',
    telegram_payment_charge_id: paid.chargeId,
  })
  const again = await telegramError(refund(userId, paid.chargeId))
  expect(again.response).toEqual({ ok: false, error_code: 400, description: 'Bad Request: CHARGE_ALREADY_REFUNDED' })
  expect((await telegramError(refund(userId, 'stxUnknown'))).description).toBe('Bad Request: CHARGE_NOT_FOUND')
  await eventually(() => log.refunds.length > 0)
  expect(log.refunds).toEqual([paid.chargeId])
  expect(emu.control.charges()[0]?.refundedAt).toEqual(expect.any(Number))
})

it("an invoice link is paid from the user's private chat", async () => {
  const log = startShop('ok')
  const link = await tg.createInvoiceLink(STARS_INVOICE)
  const result = await emu.control.payInvoiceLink(link, userId)
  expect(result.status).toBe('paid')
  await emu.control.waitForMessage(userId, (entry) => entry.text === 'Thanks! +75 ⭐️')
  expect(log.payments).toHaveLength(1)
})
