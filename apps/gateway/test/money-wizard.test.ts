import { findBalanceMismatches } from '@kiebot/db'
import { askedFields, getModel } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import type { TranscriptEntry } from '@kiebot/sandbox'
import { buttonsOf, findButton, plain, startHarness, WEBHOOK_SECRET, type Harness } from './harness'

// Money without dead ends (a top-up from "not enough money" brings the draft back, only the
// packs that cover it, Stars beside rubles, named balance operations) and a wizard that
// respects taps (option prices, grids, ✓ moves on, one-option steps passed, "what to change",
// files counted and removable, defaults that fit), in English and Russian.

let h: Harness
beforeAll(async () => {
  h = await startHarness({ TOPUP_PACKS: '10,50,100', STARS_RUB_RATE: '1.2' })
})
afterEach(async () => {
  expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([])
})
afterAll(async () => {
  await h.close()
})

const balanceOf = async (chat: number) =>
  (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks
const rub = (kopecks: number, lang: 'en' | 'ru' = 'en') => plain(formatRub(kopecks, lang))
const labels = (entry: TranscriptEntry) => buttonsOf(entry).map((b) => plain(b.text))
const keyboardRows = (entry: TranscriptEntry) =>
  (entry.message as { reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] } }).reply_markup
    ?.inline_keyboard ?? []

async function payFromConfirmation(chat: number, confirmation: TranscriptEntry, stars: number) {
  const invoice = await h.press(chat, confirmation.messageId, findButton(confirmation, `p:${stars}`))
  expect(invoice.kind).toBe('invoice')
  expect((await h.tg.control.payInvoice(chat, invoice.messageId)).status).toBe('paid')
  await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
  return invoice
}

describe('not enough money', () => {
  it('offers only the packs that cover the price, the smallest marked, with Stars beside rubles (EN)', async () => {
    const chat = await h.user({ balanceKopecks: 400 })
    // nano-banana-pro: 17 ₽ (≈ 15 ⭐ at 1.20 ₽ a Star); 4 ₽ on the balance: 13 ₽ missing, more than 10 ⭐ (12 ₽)
    const confirmation = await h.command(chat, 'gen', 'nano-banana-pro a lighthouse in a storm')
    const text = plain(confirmation.text)
    expect(text).toContain('Price: 17 ₽ ≈ 15 ⭐')
    expect(text).toContain('Your balance is 13 ₽ ≈ 11 ⭐ short')
    expect(text).toContain('The ✅ pack is the smallest that covers it.')
    const packs = buttonsOf(confirmation).filter((b) => b.callback_data.startsWith('p:'))
    expect(packs.map((b) => [plain(b.text), b.callback_data])).toEqual([
      ['✅ 50 ⭐ → 60 ₽', 'p:50'],
      ['100 ⭐ → 120 ₽', 'p:100'],
    ])
  })

  it('offers the largest pack and says so when no single pack covers it (RU)', async () => {
    const chat = await h.user({ languageCode: 'ru' })
    await h.command(chat, 'start')
    // Veo 3.1 Quality (250 credits: 225 ₽) is dearer than 120 ₽, the largest pack
    const dear = await h.command(chat, 'gen', 'veo-3-1 маяк в шторм')
    expect(plain(dear.text)).toContain('Не хватает 225 ₽ ≈ 188 ⭐')
    expect(plain(dear.text)).toContain('Одного пакета не хватит')
    expect(
      buttonsOf(dear)
        .filter((b) => b.callback_data.startsWith('p:'))
        .map((b) => b.callback_data),
    ).toEqual(['p:100'])
  })

  it('a top-up paid from there brings the draft back as its confirmation with the new balance, and Pay goes through (EN)', async () => {
    const chat = await h.user({ balanceKopecks: 400 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana-pro a lighthouse in a storm')
    const draftId = /^e:([\w-]{8})$/.exec(findButton(confirmation, /^e:/))![1]!
    await payFromConfirmation(chat, confirmation, 50)
    const resumed = await h.tg.control.waitForMessage(chat, (e) => plain(e.text).includes('Payment received'))
    const text = plain(resumed.text)
    expect(text).toContain('60 ₽ credited')
    expect(text).toContain('Your order is waiting below')
    expect(text).toContain('Nano Banana Pro')
    expect(text).toContain('Balance: 64 ₽ → 47 ₽')
    const pay = findButton(resumed, `y:${draftId}`)
    expect(plain(buttonsOf(resumed).find((b) => b.callback_data === pay)?.text)).toBe('✅ Pay 17 ₽')
    // the "not enough money" message above has done its job: no packs left on it
    const old = h.tg.control.transcript(chat).find((e) => e.messageId === confirmation.messageId)!
    expect(buttonsOf(old)).toEqual([])
    // one message: the credit and the confirmation together
    expect(h.tg.control.transcript(chat).filter((e) => plain(e.text).includes('Payment received'))).toHaveLength(1)

    const status = await h.press(chat, resumed.messageId, pay)
    expect(plain(status.text)).toContain('is queued')
    expect(await balanceOf(chat)).toBe(6_400 - 1_700)
    const draft = await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(draft).toMatchObject({ modelId: 'nano-banana-pro', priceKopecks: 1_700, status: 'queued' })
  })

  it('the same in Russian; Confirm re-quotes: a price changed meanwhile is asked again', async () => {
    const chat = await h.user({ balanceKopecks: 400, languageCode: 'ru' })
    const confirmation = await h.command(chat, 'gen', 'nano-banana-pro маяк в шторм')
    expect(plain(confirmation.text)).toContain('Цена: 17 ₽ ≈ 15 ⭐')
    await payFromConfirmation(chat, confirmation, 50)
    const resumed = await h.tg.control.waitForMessage(chat, (e) => plain(e.text).includes('Оплата получена'))
    expect(plain(resumed.text)).toContain('Ваш заказ ждёт ниже')
    expect(plain(resumed.text)).toContain('Баланс: 64 ₽ → 47 ₽')
    // an admin sets a fixed price before the user pays: nothing is charged, the new price is shown
    await h.gateway.deps.db.modelSetting.upsert({
      where: { modelId: 'nano-banana-pro' },
      create: { modelId: 'nano-banana-pro', fixedPriceKopecks: 2_000 },
      update: { fixedPriceKopecks: 2_000 },
    })
    h.gateway.deps.prices.invalidate()
    try {
      const again = await h.press(chat, resumed.messageId, findButton(resumed, /^y:/))
      expect(plain(again.text)).toContain('Цена изменилась: теперь 20 ₽')
      expect(await balanceOf(chat)).toBe(6_400)
    } finally {
      await h.gateway.deps.db.modelSetting.delete({ where: { modelId: 'nano-banana-pro' } })
      h.gateway.deps.prices.invalidate()
    }
  })

  it('a pack bought from /topup, or naming a draft that is not the payer’s, only credits', async () => {
    const owner = await h.user({ balanceKopecks: 400 })
    const confirmation = await h.command(owner, 'gen', 'nano-banana-pro a lighthouse')
    const ownersDraft = /^e:([\w-]{8})$/.exec(findButton(confirmation, /^e:/))![1]!
    const payer = await h.user()
    const topup = await h.command(payer, 'topup')
    const invoice = await h.press(payer, topup.messageId, findButton(topup, 'p:10'))
    const order = await h.gateway.deps.db.topupOrder.findFirstOrThrow({ where: { userId: BigInt(payer) } })
    expect((invoice.message as { payload?: string }).payload ?? order.id).toBe(order.id)
    // a successful payment whose payload names someone else's draft (never sent by us)
    const response = await fetch(`${h.config.PUBLIC_URL}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: JSON.stringify({
        update_id: 998_000_001,
        message: {
          message_id: 900_001,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payer, type: 'private', first_name: 'Tester' },
          from: { id: payer, is_bot: false, first_name: 'Tester', language_code: 'en' },
          successful_payment: {
            currency: 'XTR',
            total_amount: 10,
            invoice_payload: `${order.id}:${ownersDraft}`,
            telegram_payment_charge_id: 'charge-forged-draft',
            provider_payment_charge_id: '',
          },
        },
      }),
    })
    expect(response.status).toBe(200)
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    expect(await balanceOf(payer)).toBe(1_200)
    const last = plain(h.lastBotMessage(payer).text)
    expect(last).toContain('Payment received: 12 ₽ credited')
    expect(last).not.toContain('Nano Banana')
  })
})

describe('Stars beside rubles and named operations', () => {
  it('the card shows Stars beside its price (EN and RU)', async () => {
    const en = await h.user()
    expect(plain((await h.command(en, 'start', 'm_nano-banana')).text)).toContain('Price: 3.60 ₽ ≈ 3 ⭐')
    const ru = await h.user({ languageCode: 'ru' })
    expect(plain((await h.command(ru, 'start', 'm_nano-banana-pro')).text)).toMatch(/Цена: .*₽.* \(≈ \d+–\d+ ⭐\)/)
  })

  it('charges and refunds on the balance name the model and the prompt (EN and RU)', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a red fox in the snow at dawn, very long prompt')
    const status = await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    await h.press(chat, status.messageId, findButton(status, /^gc:/))
    const balance = plain((await h.command(chat, 'balance')).text)
    expect(balance).toContain('+3.60 ₽ · refund: Nano Banana · “a red fox in the snow at dawn…”')
    expect(balance).toContain('−3.60 ₽ · generation: Nano Banana · “a red fox in the snow at dawn…”')

    const ru = await h.user({ balanceKopecks: 10_000, languageCode: 'ru' })
    const screen = await h.command(ru, 'gen', 'nano-banana рыжая лиса')
    await h.press(ru, screen.messageId, findButton(screen, /^y:/))
    expect(plain((await h.command(ru, 'balance')).text)).toContain('−3,60 ₽ · генерация: Nano Banana · «рыжая лиса»')
  })
})

describe('wizard steps', () => {
  it('option buttons say what the run costs with them; a step left with one option is passed, saying why (EN)', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const model = getModel('runway-gen4-turbo')!
    const card = await h.command(chat, 'start', 'm_runway-gen4-turbo')
    let screen = await h.press(chat, card.messageId, 'w:runway-gen4-turbo')
    screen = await h.text(chat, 'a lighthouse in a storm')
    screen = await h.press(chat, screen.messageId, findButton(screen, /^s:/)) // no source image
    expect(plain(screen.text)).toContain('Aspect ratio')
    // the ratio does not change the price: no prices on its buttons
    expect(labels(screen).some((l) => l.includes('₽'))).toBe(false)
    screen = await h.press(chat, screen.messageId, findButton(screen, /^s:/)) // ✓ 16:9 moves on
    expect(plain(screen.text)).toContain('Duration')
    const price = async (params: Record<string, unknown>) =>
      rub((await h.gateway.deps.prices.quote(model, { prompt: 'x', ...params })).kopecks)
    expect(labels(screen)).toEqual(
      expect.arrayContaining([
        `✓ 5 s · ${await price({ duration: 5 })}`,
        `10 s · ${await price({ duration: 10, quality: '720p' })}`,
      ]),
    )
    screen = await h.press(chat, screen.messageId, findButton(screen, /^o:[\w-]{8}:3:1$/)) // 10 s
    // at 10 s Runway has only 720p: the resolution step is passed, and the confirmation says why
    const text = plain(screen.text)
    expect(text).toContain('⏭ Resolution: 720p, the only option here: 1080p is only available for 5 s videos.')
    expect(text).toContain(`Price: ${await price({ duration: 10, quality: '720p' })}`)
    // the duration again, from "what to change": the chosen one carries ✓ and its price
    const menu = await h.press(chat, screen.messageId, findButton(screen, /^e:/))
    const duration = await h.press(chat, menu.messageId, findButton(menu, /^ef:[\w-]{8}:3$/))
    expect(plain(duration.text)).toContain('step 4 of 5')
    expect(labels(duration)).toContain(`✓ 10 s · ${await price({ duration: 10, quality: '720p' })}`)
    // 5 s: straight back to the price, where 1080p can be chosen again
    const five = await h.press(chat, duration.messageId, findButton(duration, /^o:[\w-]{8}:3:0$/))
    expect(plain(five.text)).toContain(`Price: ${await price({ duration: 5, quality: '720p' })}`)
    expect(plain(five.text)).not.toContain('⏭')
  })

  it('Back passes a one-option step too (Veo without photos: text only)', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const [, images, mode, ratio] = askedFields(getModel('veo-3-1-fast')!)
    const card = await h.command(chat, 'start', 'm_veo-3-1-fast')
    await h.press(chat, card.messageId, 'w:veo-3-1-fast')
    const photos = await h.text(chat, 'a lighthouse in a storm')
    const aspect = await h.press(chat, photos.messageId, findButton(photos, /^s:/)) // no photos
    expect(plain(aspect.text)).toContain(`⏭ ${mode!.label.en}: `)
    expect(plain(aspect.text)).toContain('this mode needs photos.')
    expect(plain(aspect.text)).toContain(ratio!.label.en)
    const back = await h.press(chat, aspect.messageId, findButton(aspect, /^b:/))
    expect(plain(back.text)).toContain(`step 2 of`)
    expect(plain(back.text)).toContain(images!.label.en)
  })

  it('the same in Russian', async () => {
    const chat = await h.user({ balanceKopecks: 100_000, languageCode: 'ru' })
    const card = await h.command(chat, 'start', 'm_runway-gen4-turbo')
    let screen = await h.press(chat, card.messageId, 'w:runway-gen4-turbo')
    screen = await h.text(chat, 'маяк в шторм')
    screen = await h.press(chat, screen.messageId, findButton(screen, /^s:/))
    screen = await h.press(chat, screen.messageId, findButton(screen, /^s:/))
    expect(labels(screen).some((l) => /^10 с · \d+ ₽$/.test(plain(l)))).toBe(true)
    screen = await h.press(chat, screen.messageId, findButton(screen, /^o:[\w-]{8}:3:1$/))
    expect(plain(screen.text)).toContain(
      '⏭ Разрешение: 720p — другого варианта нет: 1080p доступно только для видео 5 с.',
    )
  })

  it('grids have 2-3 buttons a row, and the chosen option carries ✓ with no "keep" beside it', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const card = await h.command(chat, 'start', 'm_nano-banana')
    await h.press(chat, card.messageId, 'w:nano-banana')
    const step = await h.text(chat, 'a red fox')
    const options = keyboardRows(step).filter((row) => row.some((b) => /^[os]:/.test(b.callback_data ?? '')))
    expect(options.length).toBeGreaterThan(1)
    for (const row of options.slice(0, -1)) expect([2, 3]).toContain(row.length)
    const chosen = buttonsOf(step).filter((b) => b.text.startsWith('✓'))
    expect(chosen).toHaveLength(1)
    expect(chosen[0]!.callback_data).toMatch(/^s:/)
    expect(labels(step).some((l) => l.startsWith('⏭'))).toBe(false)
  })

  it('Edit asks what to change and goes back to the price after that one field (EN and RU)', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a red fox')
    const menu = await h.press(chat, confirmation.messageId, findButton(confirmation, /^e:/))
    expect(plain(menu.text)).toContain('What would you like to change?')
    expect(labels(menu)).toEqual(expect.arrayContaining(['Prompt: a red fox', 'Aspect ratio: 1:1 square']))
    const ratio = await h.press(chat, menu.messageId, findButton(menu, /^ef:[\w-]{8}:1$/))
    const wide = buttonsOf(ratio).find((b) => b.text.startsWith('16:9'))!
    const back = await h.press(chat, ratio.messageId, wide.callback_data)
    expect(plain(back.text)).toContain('Aspect ratio: 16:9 widescreen')
    expect(plain(back.text)).toContain('Prompt: a red fox')
    expect(findButton(back, /^y:/)).toBeDefined()
    // "Back to the price" from the menu changes nothing
    const menu2 = await h.press(chat, back.messageId, findButton(back, /^e:/))
    const same = await h.press(chat, menu2.messageId, findButton(menu2, /^ed:/))
    expect(plain(same.text)).toContain('Aspect ratio: 16:9 widescreen')

    const ru = await h.user({ balanceKopecks: 100_000, languageCode: 'ru' })
    const screen = await h.command(ru, 'gen', 'nano-banana рыжая лиса')
    const ruMenu = await h.press(ru, screen.messageId, findButton(screen, /^e:/))
    expect(plain(ruMenu.text)).toContain('Что хотите изменить?')
    const prompt = await h.press(ru, ruMenu.messageId, findButton(ruMenu, /^ef:[\w-]{8}:0$/))
    expect(plain(prompt.text)).toContain('Сейчас')
    const changed = await h.text(ru, 'белый медведь')
    expect(plain(changed.text)).toContain('белый медведь')
    expect(findButton(changed, /^y:/)).toBeDefined()
  })

  it('files show as counts and one can be removed; an editor defaults to "auto" (EN and RU)', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const card = await h.command(chat, 'start', 'm_nano-banana-edit')
    await h.press(chat, card.messageId, 'w:nano-banana-edit')
    await h.media(chat, 'photo')
    const two = await h.media(chat, 'photo')
    expect(plain(two.text)).toContain('2 photos')
    expect(labels(two)).toEqual(expect.arrayContaining(['🗑 Photo 1', '🗑 Photo 2', '✅ Done (2)']))
    const one = await h.press(chat, two.messageId, findButton(two, /^wr:[\w-]{8}:0:0$/))
    expect(plain(one.text)).toContain('Removed Photo 1.')
    expect(plain(one.text)).toContain('1 photo')
    expect(labels(one)).not.toContain('🗑 Photo 2')
    let screen = await h.press(chat, one.messageId, findButton(one, /^d:/))
    screen = await h.text(chat, 'make it blue')
    expect(plain(screen.text)).toContain('Aspect ratio')
    const chosen = buttonsOf(screen).find((b) => b.text.startsWith('✓'))!
    expect(chosen.text.toLowerCase()).toContain('auto')
    const confirmation = await h.press(chat, screen.messageId, chosen.callback_data)
    expect(plain(confirmation.text)).toContain('Source images: 1 photo')
    const draft = await h.gateway.deps.drafts.current(String(chat))
    expect(draft?.params).toMatchObject({ aspect_ratio: 'auto' })

    const ru = await h.user({ balanceKopecks: 100_000, languageCode: 'ru' })
    const ruCard = await h.command(ru, 'start', 'm_nano-banana-edit')
    await h.press(ru, ruCard.messageId, 'w:nano-banana-edit')
    await h.media(ru, 'photo')
    const ruTwo = await h.media(ru, 'photo')
    expect(plain(ruTwo.text)).toContain('2 фото')
    expect(labels(ruTwo)).toEqual(expect.arrayContaining(['🗑 Фото 1', '🗑 Фото 2']))
  })

  it('an editor without "auto" takes the source\'s shape; text-to-video defaults to 16:9', async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const card = await h.command(chat, 'start', 'm_seedream-4-5-edit')
    await h.press(chat, card.messageId, 'w:seedream-4-5-edit')
    const photo = await h.media(chat, 'photo') // 64 x 48: 4:3
    let screen = await h.press(chat, photo.messageId, findButton(photo, /^d:/))
    screen = await h.text(chat, 'make it blue')
    expect(plain(screen.text)).toContain('Chosen to fit your photo: 4:3')
    expect(buttonsOf(screen).find((b) => b.text.startsWith('✓'))?.text).toContain('4:3')

    const video = await h.user({ balanceKopecks: 100_000 })
    const confirmation = await h.command(video, 'gen', 'kling-2-6 a fox running through snow')
    expect(plain(confirmation.text)).toContain('Aspect ratio: 16:9')
    // in its wizard, 16:9 is the default offered (and no photo is claimed)
    const klingCard = await h.command(video, 'start', 'm_kling-2-6')
    await h.press(video, klingCard.messageId, 'w:kling-2-6')
    const ratio = await h.text(video, 'a fox running through snow')
    expect(plain(ratio.text)).toContain('Default: 16:9')
    expect(plain(ratio.text)).not.toContain('photo')
    expect(buttonsOf(ratio).find((b) => b.text.startsWith('✓'))?.text).toContain('16:9')
  })
})
