import { randomUUID } from 'node:crypto'
import { refundGeneration, reserveFunds, settleMeasuredPrice } from '@kiebot/db'
import { callbackData } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import { followUpGenerationId } from '../src/features/generations/measured'
import { findButton, plain, startHarness, type Harness } from './harness'

// Prices that depend on a file's length or size (topaz-video-upscale bills per second):
// what the Telegram update says is a claim; a file that says nothing is priced at the
// model's maximum, and the confirmation says the exact price follows the file's check.

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

const SLUG = 'topaz-video-upscale'

async function priceFor(seconds: number, factor: string): Promise<number> {
  return (await h.gateway.deps.prices.quote(getModel(SLUG)!, { upscale_factor: factor, video_seconds: seconds }))
    .kopecks
}

async function openWizard(chat: number) {
  const card = await h.command(chat, 'start', `m_${SLUG}`)
  return h.press(chat, card.messageId, `w:${SLUG}`)
}

describe('measured prices in the wizard', () => {
  it('Back and a video sent as a file: the 1 s of the first video does not survive, the price is up to the 60 s maximum', async () => {
    const chat = await h.user({ balanceKopecks: 500_000 })
    await openWizard(chat)
    let screen = await h.media(chat, 'video', { duration: 1 })
    expect(plain(screen.text)).toContain('Upscale') // the factor step
    screen = await h.press(chat, screen.messageId, findButton(screen, /^b:/))
    screen = await h.media(chat, 'document', { mimeType: 'video/mp4', fileName: 'clip.mp4' })
    const factor4 = findButton(screen, /^o:[\w-]{8}:1:2$/)
    const confirmation = await h.press(chat, screen.messageId, factor4)

    const max = await priceFor(60, '4')
    expect(max).toBeGreaterThan(await priceFor(2, '4'))
    const text = plain(confirmation.text)
    expect(text).toContain(`Price: up to ${plain(formatRub(max, 'en'))}`)
    expect(text).toContain('the exact price is charged after the file is checked')
    expect(text).toContain('checked after upload')
    // Confirm reserves the maximum; the worker charges the real length and refunds the rest
    await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    const generation = await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(generation.priceKopecks).toBe(max)
    expect(generation.params).toMatchObject({ video_seconds: 60 }) // the maximum, until the worker measures the file
  })

  it('a video that says 1 s is priced for up to 2 s, and says so', async () => {
    const chat = await h.user({ balanceKopecks: 500_000 })
    await openWizard(chat)
    const screen = await h.media(chat, 'video', { duration: 1 })
    const confirmation = await h.press(chat, screen.messageId, findButton(screen, /^o:[\w-]{8}:1:2$/))
    const text = plain(confirmation.text)
    expect(text).toContain(`Price: up to ${plain(formatRub(await priceFor(2, '4'), 'en'))}`)
    expect(text).toContain('up to 2 s')
  })

  it('a claim beyond the model’s limit is refused at the file step', async () => {
    const chat = await h.user({ balanceKopecks: 500_000 })
    await openWizard(chat)
    const screen = await h.media(chat, 'video', { duration: 300 })
    expect(plain(screen.text)).toMatch(/60/)
    expect(findButton(screen, /^b:/)).toBeTruthy()
    expect(() => findButton(screen, /^o:[\w-]{8}:1:2$/)).toThrow()
  })
})

describe('Run for the measured price', () => {
  /** A generation the worker refunded because the file cost more than reserved. */
  async function rechecked(chat: number, measuredSeconds: number) {
    const db = h.gateway.deps.db
    const id = randomUUID()
    const reserved = await priceFor(2, '4')
    const credits = getModel(SLUG)!.credits({ upscale_factor: '4', video_seconds: 2 })
    const fileId = h.tg.control.sendMedia(chat, { kind: 'video', bytes: Buffer.from('video'), duration: 1 }).fileId
    await reserveFunds(db, {
      generationId: id,
      userId: BigInt(chat),
      chatId: BigInt(chat),
      modelId: SLUG,
      params: { video_url: `tg:${fileId}`, upscale_factor: '4', video_seconds: 2 },
      price: { credits, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: h.config.PRICING_MARKUP, kopecks: reserved },
      deadlineAt: new Date(Date.now() + 600_000),
    })
    const truePrice = await priceFor(measuredSeconds, '4')
    await settleMeasuredPrice(db, id, {
      measured: { video_seconds: measuredSeconds },
      credits: credits * 30,
      kopecks: truePrice,
    })
    await db.generation.update({ where: { id }, data: { step: 'settle', failureCode: 'price_rechecked' } })
    await refundGeneration(db, id, { status: 'failed', failureCode: 'price_rechecked' })
    const status = await h.command(chat, 'balance')
    return { id, truePrice, messageId: status.messageId }
  }

  it('one tap reserves the true price once, however often it is pressed', async () => {
    const chat = await h.user({ balanceKopecks: 500_000 })
    const { id, truePrice, messageId } = await rechecked(chat, 60)
    const before = (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks
    const status = await h.press(chat, messageId, callbackData.confirmMeasured(id), { force: true })
    expect(plain(status.text)).toContain('is queued')
    await h.press(chat, status.messageId, callbackData.confirmMeasured(id), { force: true })

    const followUps = await h.gateway.deps.db.generation.findMany({ where: { userId: BigInt(chat), id: { not: id } } })
    expect(followUps.map((g) => g.id)).toEqual([followUpGenerationId(id)])
    expect(followUps[0]).toMatchObject({
      priceKopecks: truePrice,
      status: 'queued',
      params: expect.objectContaining({ video_seconds: 60, upscale_factor: '4' }),
    })
    const after = (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks
    expect(before - after).toBe(truePrice)
  })

  it('someone else’s generation, or one that was not re-priced, offers nothing', async () => {
    const owner = await h.user({ balanceKopecks: 500_000 })
    const { id } = await rechecked(owner, 60)
    const stranger = await h.user({ balanceKopecks: 500_000 })
    const menu = await h.command(stranger, 'menu')
    const answer = await h.press(stranger, menu.messageId, callbackData.confirmMeasured(id), { force: true })
    expect(plain(answer.text)).toContain('no longer valid')
    expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(stranger) } })).toBe(0)
  })

  it('a price that moved since the check is shown again instead of charged', async () => {
    const chat = await h.user({ balanceKopecks: 500_000 })
    const { id, messageId } = await rechecked(chat, 60)
    await h.gateway.deps.db.generation.update({ where: { id }, data: { measuredPriceKopecks: 1 } })
    const screen = await h.press(chat, messageId, callbackData.confirmMeasured(id), { force: true })
    expect(plain(screen.text)).toContain('The price has changed')
    expect(findButton(screen, /^y:/)).toBeTruthy()
    expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(1)
  })
})
