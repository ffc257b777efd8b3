import { catalogTaskOf, getModel, listModels, modelCardInfo } from '@kiebot/models'
import type { TranscriptEntry } from '@kiebot/sandbox'
import { formatDate } from '../src/ui'
import { ADMIN_ID, buttonsOf, findButton, plain, startHarness, seedGeneration, type Harness } from './harness'

// Browsing the catalog: popular models (admins' pins first, then this week's use), models by
// task and by vendor, what a card says; and the small things: dates, toasts, the English
// command list, a step's old message without its buttons.

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

const modelsOn = (entry: TranscriptEntry) =>
  buttonsOf(entry)
    .map((b) => b.callback_data)
    .filter((d) => d.startsWith('m:'))
    .map((d) => d.slice(2))

/** `count` finished generations of a model by a user, made `hoursAgo` ago. */
async function used(userId: number, modelId: string, count: number, hoursAgo = 1) {
  for (let i = 0; i < count; i++)
    await seedGeneration(h, userId, {
      modelId,
      createdAt: new Date(Date.now() - hoursAgo * 3600_000),
    })
}

describe('catalog navigation', () => {
  it('a section page leads to Popular and to the catalog home, which lists Popular first, then every task, then vendors', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'menu')
    const images = await h.press(chat, menu.messageId, 'c:image:0')
    expect(
      buttonsOf(images)
        .slice(0, 2)
        .map((b) => b.callback_data),
    ).toEqual(['pop:0', 'ct'])
    const home = await h.press(chat, images.messageId, 'ct')
    expect(plain(home.text)).toContain('Catalog')
    expect(buttonsOf(home).map((b) => b.callback_data)).toEqual([
      'pop:0',
      'tk:text-to-image:0',
      'tk:photo-edit:0',
      'tk:photo-to-video:0',
      'tk:upscale:0',
      'tk:text-to-video:0',
      'tk:voice:0',
      'tk:music:0',
      'tk:more:0',
      'vns',
      'c:image:0',
      'c:video:0',
      'c:audio:0',
      'menu',
    ])
    expect(buttonsOf(home).map((b) => b.text)).toEqual(
      expect.arrayContaining(['🖼 Text to image', '✏️ Edit a photo', '🎞 Animate a photo', '🔍 Upscale', '🎵 Music']),
    )
  })

  it('a task page lists that task’s models from every section, page by page', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'menu')
    const section = await h.press(chat, menu.messageId, 'c:video:0')
    const home = await h.press(chat, section.messageId, 'ct')
    const animate = await h.press(chat, home.messageId, 'tk:photo-to-video:0')
    expect(plain(animate.text)).toContain('Animate a photo')
    const listed: string[] = []
    let page = animate
    for (let n = 1; ; n++) {
      listed.push(...modelsOn(page))
      const next = buttonsOf(page).find((b) => b.callback_data === `tk:photo-to-video:${n}`)
      if (!next) break
      page = await h.press(chat, page.messageId, next.callback_data)
    }
    expect(listed).toContain('kling-2-6-i2v')
    expect(listed).toContain('midjourney-video')
    expect(listed).toContain('kling-avatar')
    expect(listed).not.toContain('kling-2-6')
    for (const slug of listed)
      expect({ slug, task: catalogTaskOf(getModel(slug)!) }).toEqual({ slug, task: 'photo-to-video' })
    // retired upstreams are not on sale, so not listed
    expect(listed).not.toContain('sora-2-i2v')
    const back = await h.press(chat, page.messageId, 'ct')
    const music = await h.press(chat, back.messageId, 'tk:music:0')
    expect(modelsOn(music)).toEqual(['suno-song', 'suno-lyrics', 'suno-instrumental', 'suno-extend', 'suno-cover'])
  })

  it('by vendor: every vendor with a model on sale, and one vendor’s models', async () => {
    const chat = await h.user({ languageCode: 'ru' })
    const menu = await h.command(chat, 'menu')
    const section = await h.press(chat, menu.messageId, 'c:video:0')
    const home = await h.press(chat, section.messageId, 'ct')
    const vendors = await h.press(chat, home.messageId, 'vns')
    expect(plain(vendors.text)).toContain('По разработчикам')
    const eleven = buttonsOf(vendors).find((b) => b.callback_data === 'vn:elevenlabs:0')!
    expect(eleven.text).toBe('ElevenLabs · 5')
    const page = await h.press(chat, vendors.messageId, 'vn:elevenlabs:0')
    expect(modelsOn(page)).toEqual([
      'eleven-tts',
      'eleven-tts-turbo',
      'eleven-sfx',
      'eleven-isolate',
      'eleven-dialogue',
    ])
    expect(findButton(page, 'vns')).toBe('vns')
  })
})

describe('popular', () => {
  it('lists the models used most this week, most used first; older use does not count', async () => {
    const buyer = await h.user()
    await h.command(buyer, 'start')
    await used(buyer, 'kling-2-6', 3)
    await used(buyer, 'suno-song', 2)
    await used(buyer, 'z-image', 1)
    await used(buyer, 'wan-2-5', 9, 24 * 8)
    const chat = await h.user()
    const menu = await h.command(chat, 'menu')
    const popular = await h.press(chat, menu.messageId, 'c:image:0').then((p) => h.press(chat, p.messageId, 'pop:0'))
    expect(plain(popular.text)).toContain('Popular')
    expect(modelsOn(popular).slice(0, 3)).toEqual(['kling-2-6', 'suno-song', 'z-image'])
    expect(modelsOn(popular)).not.toContain('wan-2-5')
    // a quiet week still shows a full page
    expect(modelsOn(popular).length).toBe(8)
  })

  it('an admin pins a model from its card: it leads Popular until unpinned', async () => {
    const admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
    const card = await h.command(admin, 'start', 'm_eleven-sfx')
    const pin = findButton(card, 'a:pin:eleven-sfx')
    expect(buttonsOf(card).find((b) => b.callback_data === pin)?.text).toBe('📌 Pin to Popular')
    const { queryId } = h.tg.control.pressButton(admin, card.messageId, { data: pin })
    expect((await h.tg.control.waitForCallbackAnswer(queryId)).text).toBe(
      '📌 ElevenLabs Sound Effects is pinned to the top of Popular.',
    )
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const pinnedCard = h.lastBotMessage(admin)
    expect(buttonsOf(pinnedCard).find((b) => b.callback_data === pin)?.text).toBe('📌 Unpin from Popular')
    const audit = await h.gateway.deps.db.adminAuditLog.findFirst({ where: { adminId: BigInt(ADMIN_ID) } })
    expect(audit?.details).toEqual({ modelId: 'eleven-sfx', pinned: true })

    const chat = await h.user()
    const menu = await h.command(chat, 'menu')
    const popular = await h.press(chat, menu.messageId, 'c:audio:0').then((p) => h.press(chat, p.messageId, 'pop:0'))
    expect(modelsOn(popular)[0]).toBe('eleven-sfx')
    // a user's card of the same model has no pin button
    const userCard = await h.press(chat, popular.messageId, 'm:eleven-sfx')
    expect(buttonsOf(userCard).some((b) => b.callback_data.startsWith('a:'))).toBe(false)
    // a pin pressed by someone who is not an admin changes nothing
    h.tg.control.pressButton(chat, userCard.messageId, { data: pin, force: true })
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const unpin = h.tg.control.pressButton(admin, pinnedCard.messageId, { data: pin })
    expect((await h.tg.control.waitForCallbackAnswer(unpin.queryId)).text).toBe(
      'ElevenLabs Sound Effects is no longer pinned to Popular.',
    )
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const again = await h
      .command(chat, 'menu')
      .then((m) => h.press(chat, m.messageId, 'c:audio:0'))
      .then((p) => h.press(chat, p.messageId, 'pop:0'))
    expect(modelsOn(again)[0]).not.toBe('eleven-sfx')
  })
})

describe('model cards', () => {
  it('say what the model is best at, give an example prompt and say Russian prompts are fine, with /gen on its own line', async () => {
    const chat = await h.user()
    const card = plain((await h.command(chat, 'start', 'm_veo-3-1-fast')).text)
    const info = modelCardInfo('veo-3-1-fast')!
    expect(card).toContain('Veo 3.1 Fast · by Google')
    expect(card).toContain(`Why this one: ${info.bestAt.en}`)
    expect(card).toContain(`Example prompt:\n${info.example!.en}`)
    expect(card).toContain('Russian prompts are fine: they are translated into English automatically.')
    expect(card.split('\n')).toContain('/gen veo-3-1-fast your prompt')
    const ru = await h.user({ languageCode: 'ru' })
    const ruCard = plain((await h.command(ru, 'start', 'm_seedream-4-5')).text)
    expect(ruCard).toContain(`Чем выделяется: ${modelCardInfo('seedream-4-5')!.bestAt.ru}`)
    expect(ruCard).toContain('/gen seedream-4-5 ваш запрос')
    // where nothing is known about Russian prompts, the card claims nothing and its example is the English one
    expect(ruCard).not.toContain('по-русски')
    expect(ruCard).toContain(`Пример запроса (на английском):\n${modelCardInfo('seedream-4-5')!.example!.en}`)
    const veoRu = plain((await h.command(ru, 'start', 'm_veo-3-1-fast')).text)
    expect(veoRu).toContain(`Пример запроса:\n${info.example!.ru}`)
  })

  it('of every model on sale, show no wire field names, Kie ids or slugs except on the /gen line', async () => {
    const chat = await h.user()
    for (const model of listModels()) {
      if (!(await h.gateway.deps.prices.isOffered(model.slug))) continue
      const card = plain((await h.command(chat, 'start', `m_${model.slug}`)).text)
      const shortcut = card.split('\n').findIndex((l) => l.startsWith('/gen '))
      expect({ slug: model.slug, shortcut: shortcut >= 0 }).toEqual({ slug: model.slug, shortcut: true })
      const body = card
        .split('\n')
        .filter((_, i) => i !== shortcut)
        .join('\n')
      const leaks = [
        model.slug,
        model.kieModel,
        ...model.fields.map((f) => f.key).filter((k) => /[_A-Z]/.test(k) || k.length > 12),
      ].filter((name) => body.includes(name))
      expect({ slug: model.slug, leaks }).toEqual({ slug: model.slug, leaks: [] })
    }
  }, 120_000)
})

describe('texts and small things', () => {
  it('dates are unambiguous in both languages, in Moscow time', () => {
    const now = new Date('2026-12-20T12:00:00Z')
    expect(formatDate(new Date('2026-12-01T06:37:00Z'), 'ru', now)).toBe('1 дек, 09:37 МСК')
    expect(formatDate(new Date('2026-12-01T06:37:00Z'), 'en', now)).toBe('Dec 1, 09:37 MSK')
    // another year says which; a time after Moscow's midnight is the next day there
    expect(formatDate(new Date('2025-05-31T21:05:00Z'), 'ru', now)).toBe('1 июн 2025, 00:05 МСК')
    expect(formatDate(new Date('2025-05-31T21:05:00Z'), 'en', now)).toBe('Jun 1, 2025, 00:05 MSK')
  })

  it('the balance screen shows its dates that way', async () => {
    const chat = await h.user({ balanceKopecks: 5_000 })
    const balance = plain((await h.command(chat, 'balance')).text)
    expect(balance).toContain(`${formatDate(new Date(), 'en')} · +50 ₽ · bonus`)
    expect(balance).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2} MSK/)
  })

  it('registers the command list for the default, English and Russian', () => {
    const calls = h.tg.control.calls({ method: 'setMyCommands' })
    expect(calls.map((c) => (c.params as { language_code?: string }).language_code ?? 'default')).toEqual([
      'default',
      'en',
      'ru',
    ])
    const en = h.tg.control.commands({ languageCode: 'en' })
    expect(en.find((c) => c.command === 'balance')?.description).toBe('Balance and operations')
    expect(en.map((c) => c.command)).toEqual(h.tg.control.commands().map((c) => c.command))
  })

  it('a second Pay press is answered "already paid"; a Cancel pressed once the generation runs, "too late"', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a red fox in the snow')
    const pay = findButton(confirmation, /^y:/)
    const status = await h.press(chat, confirmation.messageId, pay)
    expect(plain(status.text)).toContain('is queued')
    const again = h.tg.control.pressButton(chat, confirmation.messageId, { data: pay, force: true })
    expect((await h.tg.control.waitForCallbackAnswer(again.queryId)).text).toBe(
      'Already paid: this generation is on its way.',
    )
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    const generation = await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    await h.gateway.deps.db.generation.update({ where: { id: generation.id }, data: { status: 'running' } })
    const cancel = h.tg.control.pressButton(chat, confirmation.messageId, { data: `gc:${generation.id}`, force: true })
    expect((await h.tg.control.waitForCallbackAnswer(cancel.queryId)).text).toBe(
      'Too late to cancel: the task is already with the generation service.',
    )
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    // the toast is the answer: no new message under the status
    expect(h.lastBotMessage(chat).messageId).toBe(confirmation.messageId)
    expect((await h.gateway.deps.db.generation.findUniqueOrThrow({ where: { id: generation.id } })).status).toBe(
      'running',
    )
  })

  it('a step answered by a typed message: the old step message loses its buttons', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const card = await h.command(chat, 'start', 'm_nano-banana')
    const step1 = await h.press(chat, card.messageId, 'w:nano-banana')
    expect(plain(step1.text)).toContain('step 1 of')
    expect(buttonsOf(step1).length).toBeGreaterThan(0)
    const step2 = await h.text(chat, 'a red fox in the snow')
    expect(plain(step2.text)).toContain('step 2 of')
    expect(step2.messageId).not.toBe(step1.messageId)
    const old = h.tg.control.transcript(chat).find((e) => e.messageId === step1.messageId)!
    expect(buttonsOf(old)).toEqual([])
    expect(buttonsOf(step2).length).toBeGreaterThan(0)
  })

  it('counts of files read naturally in Russian', async () => {
    const chat = await h.user({ languageCode: 'ru' })
    const card = await h.command(chat, 'start', 'm_nano-banana-edit')
    await h.press(chat, card.messageId, 'w:nano-banana-edit')
    await h.media(chat, 'photo')
    const two = await h.media(chat, 'photo')
    expect(plain(two.text)).toContain('Сейчас выбрано: 2 фото')
    expect(plain(two.text)).toContain('Отправьте фото (можно файлом): от 1 до 10 файлов')
  })
})
