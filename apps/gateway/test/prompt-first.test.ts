import { MODEL_CHOICES_PER_USER, rememberModelChoice } from '@kiebot/db'
import { listModels } from '@kiebot/models'
import type { TranscriptEntry } from '@kiebot/sandbox'
import { buttonsOf, findButton, plain, startHarness, type Harness } from './harness'

// Prompt-first: a typed prompt goes to the current model with the options last chosen for it,
// "don't ask up to N ₽", a file sent outside a form gets its tasks, /gen finds models by any
// name, and the catalog searches what is typed while a page is open.

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

const db = () => h.gateway.deps.db

/** Walks Nano Banana's wizard from its card: prompt, aspect ratio 16:9, then Confirm. */
async function runNanoBanana16x9(chat: number, prompt: string): Promise<TranscriptEntry> {
  const card = await h.command(chat, 'start', 'm_nano-banana')
  await h.press(chat, card.messageId, 'w:nano-banana')
  const ratio = await h.text(chat, prompt)
  const confirmation = await h.press(chat, ratio.messageId, findButton(ratio, /^o:[\w-]{8}:1:2$/))
  expect(plain(confirmation.text)).toContain('16:9')
  return h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
}

describe('prompt-first with a sticky model', () => {
  it('a prompt typed after a run goes straight to the price with the options chosen last time (EN)', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const status = await runNanoBanana16x9(chat, 'a red fox in the snow')
    expect(plain(status.text)).toContain('is queued')
    const choice = await db().userModelChoice.findUniqueOrThrow({
      where: { userId_modelId: { userId: BigInt(chat), modelId: 'nano-banana' } },
    })
    // the option is remembered, never the prompt
    expect(choice.options).toEqual({ aspect_ratio: '16:9' })

    const next = await h.text(chat, 'a grey wolf at dawn')
    expect(plain(next.text)).toContain('Nano Banana')
    expect(plain(next.text)).toContain('a grey wolf at dawn')
    expect(plain(next.text)).toContain('16:9')
    expect(plain(next.text)).toContain('Price: 3.60 ₽')
    findButton(next, /^y:/)

    // the card's Create has the remembered option selected too
    const card = await h.command(chat, 'start', 'm_nano-banana')
    await h.press(chat, card.messageId, 'w:nano-banana')
    const step2 = await h.text(chat, 'a lighthouse')
    expect(buttonsOf(step2).find((b) => b.text.startsWith('✓'))?.text).toMatch(/^✓ 16:9/)

    // /help names the current model
    expect(plain((await h.command(chat, 'help')).text)).toContain('Current model: Nano Banana')
  })

  it('the same in Russian; a text on a confirmation replaces its prompt in a new draft', async () => {
    const chat = await h.user({ balanceKopecks: 10_000, languageCode: 'ru' })
    await runNanoBanana16x9(chat, 'рыжая лиса в снегу')
    const first = await h.text(chat, 'серый волк на рассвете')
    expect(plain(first.text)).toContain('серый волк на рассвете')
    expect(plain(first.text)).toContain('16:9')
    expect(plain(first.text)).toContain('Цена: 3,60 ₽')
    const second = await h.text(chat, 'маяк в шторм')
    expect(plain(second.text)).toContain('маяк в шторм')
    expect(plain(second.text)).not.toContain('серый волк')
    expect(findButton(second, /^y:/)).not.toBe(findButton(first, /^y:/))
    // the older confirmation still runs what it shows
    await h.press(chat, first.messageId, findButton(first, /^y:/))
    const rows = await db().generation.findMany({ where: { userId: BigInt(chat) }, orderBy: { createdAt: 'asc' } })
    expect(rows.map((r) => (r.params as { prompt: string }).prompt)).toEqual([
      'рыжая лиса в снегу',
      'серый волк на рассвете',
    ])
    expect(rows[1]!.params).toMatchObject({ aspect_ratio: '16:9' })
    expect(plain((await h.command(chat, 'help')).text)).toContain('Текущая модель: Nano Banana')
  })

  it('a model opened from the catalog takes the next text as its prompt', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const menu = await h.command(chat, 'menu')
    const images = await h.press(chat, menu.messageId, 'c:image:0')
    const card = await h.press(chat, images.messageId, findButton(images, 'm:nano-banana'))
    expect(plain(card.text)).toContain('Nano Banana')
    const confirmation = await h.text(chat, 'a quiet harbour at night')
    expect(plain(confirmation.text)).toContain('a quiet harbour at night')
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')

    // a model without a prompt says so and shows what it takes
    await h.command(chat, 'start', 'm_recraft-remove-bg')
    const step = await h.text(chat, 'remove the background please')
    expect(plain(step.text)).toContain('Background remover')
    expect(plain(step.text)).toContain('step 1 of 1')
    const said = h.tg.control
      .transcript(chat)
      .filter((e) => e.direction === 'out')
      .at(-2)
    expect(plain(said?.text)).toContain('Background remover does not use a text prompt')
  })

  it('options are kept for the 20 most recent models of a user', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const slugs = listModels()
      .slice(0, MODEL_CHOICES_PER_USER + 3)
      .map((m) => m.slug)
    for (const slug of slugs) await rememberModelChoice(db(), BigInt(chat), slug, {})
    const kept = await db().userModelChoice.findMany({ where: { userId: BigInt(chat) } })
    expect(kept.length).toBe(MODEL_CHOICES_PER_USER)
    expect(kept.map((k) => k.modelId).sort()).toEqual(slugs.slice(3).sort())
  })
})

describe("don't ask up to N ₽", () => {
  it('is off by default; once set, a cheap run starts without the confirmation and says what was charged', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const settings = await h.command(chat, 'settings')
    expect(plain(settings.text)).toContain('Now: always ask')
    const saved = await h.press(chat, settings.messageId, 'pf:auto:1000')
    expect(plain(saved.text)).toContain('Saved')
    expect(plain(saved.text)).toContain('Now: up to 10 ₽')
    expect(buttonsOf(saved).find((b) => b.text.startsWith('✓'))?.callback_data).toBe('pf:auto:1000')

    const status = await h.command(chat, 'gen', 'nano-banana a red fox')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const last = h.lastBotMessage(chat)
    expect(plain(last.text)).toContain('is queued')
    expect(plain(last.text)).toContain('3.60 ₽ is reserved')
    expect(plain(last.text)).toContain('Started without asking: 3.60 ₽ is within your limit of 10 ₽')
    expect(status.messageId).toBe(last.messageId)
    const row = await db().generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(row.priceKopecks).toBe(360)
    expect(row.statusMessageId).toBe(last.messageId)
    const user = await db().user.findUniqueOrThrow({ where: { id: BigInt(chat) } })
    expect(user.balanceKopecks).toBe(10_000 - 360)
    const charges = await db().ledgerEntry.findMany({ where: { userId: BigInt(chat), kind: 'charge' } })
    expect(charges.map((c) => c.amountKopecks)).toEqual([-360])
    // no "starting" message left behind: the only bot message after the command is the status
    expect(h.tg.control.transcript(chat).filter((e) => e.direction === 'out' && e.text?.includes('Starting'))).toEqual(
      [],
    )

    // from the wizard's last step, the step's message becomes the status message
    const card = await h.command(chat, 'start', 'm_nano-banana')
    await h.press(chat, card.messageId, 'w:nano-banana')
    const ratio = await h.text(chat, 'a blue fox')
    const ran = await h.press(chat, ratio.messageId, findButton(ratio, /^o:[\w-]{8}:1:2$/))
    expect(ran.messageId).toBe(ratio.messageId)
    expect(plain(ran.text)).toContain('Started without asking')
    expect(await db().generation.count({ where: { userId: BigInt(chat) } })).toBe(2)

    // dearer than the limit: the confirmation is shown as always
    const dear = await h.command(chat, 'gen', 'veo-3-1 a slow pan over a harbour')
    expect(plain(dear.text)).toContain('Price:')
    findButton(dear, /^e:/)
    expect(await db().generation.count({ where: { userId: BigInt(chat) } })).toBe(2)

    // turned off again (Russian screen)
    await db().user.update({ where: { id: BigInt(chat) }, data: { language: 'ru' } })
    const ru = await h.command(chat, 'settings')
    expect(plain(ru.text)).toContain('Сейчас: до 10 ₽')
    const off = await h.press(chat, ru.messageId, 'pf:auto:0')
    expect(plain(off.text)).toContain('Сейчас: всегда спрашивать')
    const asked = await h.command(chat, 'gen', 'nano-banana рыжая лиса')
    findButton(asked, /^y:/)
  })

  it('never runs what the balance does not cover: the top-up offer is shown instead', async () => {
    const chat = await h.user({ balanceKopecks: 200 })
    const settings = await h.command(chat, 'settings')
    await h.press(chat, settings.messageId, 'pf:auto:1000')
    const offer = await h.command(chat, 'gen', 'nano-banana a red fox')
    // the confirmation's top-up offer (its packs), not a run
    findButton(offer, /^p:\d+$/)
    expect(buttonsOf(offer).some((b) => b.callback_data.startsWith('y:'))).toBe(false)
    expect(await db().generation.count({ where: { userId: BigInt(chat) } })).toBe(0)
    expect((await db().user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks).toBe(200)
  })

  it('is reachable from /help', async () => {
    const chat = await h.user()
    const help = await h.command(chat, 'help')
    const settings = await h.press(chat, help.messageId, findButton(help, 'pf:set'))
    expect(plain(settings.text)).toContain('Run without asking')
  })
})

describe('a file sent outside a form', () => {
  it('a photo with a caption: its tasks with prices, then the picked model with the photo and the prompt filled (EN)', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    await h.command(chat, 'start')
    const tasks = await h.media(chat, 'photo', { caption: 'make it look like a watercolour' })
    expect(plain(tasks.text)).toContain('What shall I do with this photo?')
    expect(plain(tasks.text)).toContain('Your caption will be the prompt: make it look like a watercolour')
    const labels = buttonsOf(tasks).map((b) => plain(b.text))
    expect(labels.some((l) => /^✏️ Edit · from \d/.test(l))).toBe(true)
    expect(labels.some((l) => l.startsWith('🎬 Animate · from'))).toBe(true)
    expect(labels.some((l) => l.startsWith('🔍 Upscale'))).toBe(true)
    // one model for the task: the button picks it at once, with its price
    expect(buttonsOf(tasks).find((b) => b.text.startsWith('✂️'))?.callback_data).toMatch(
      /^pf:fm:[\w-]{8}:recraft-remove-bg$/,
    )
    const edit = await h.press(chat, tasks.messageId, findButton(tasks, /^pf:fk:[\w-]{8}:image-edit:0$/))
    expect(plain(edit.text)).toContain('Edit: choose a model')
    expect(buttonsOf(edit).some((b) => / · \d/.test(plain(b.text)))).toBe(true)
    const confirmation = await h.press(chat, edit.messageId, findButton(edit, /^pf:fm:[\w-]{8}:nano-banana-edit$/))
    expect(plain(confirmation.text)).toContain('Nano Banana Edit')
    expect(plain(confirmation.text)).toContain('make it look like a watercolour')
    expect(plain(confirmation.text)).toContain('Price:')
    await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    const row = await db().generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(row.modelId).toBe('nano-banana-edit')
    const params = row.params as { image_urls: string[]; prompt: string }
    expect(params.prompt).toBe('make it look like a watercolour')
    expect(params.image_urls).toHaveLength(1)
    expect(params.image_urls[0]).toMatch(/^tg:/)

    // the next prompt for this model reuses the photo: straight to the price
    const again = await h.text(chat, 'now as a pencil sketch')
    expect(plain(again.text)).toContain('Nano Banana Edit')
    expect(plain(again.text)).toContain('now as a pencil sketch')
    await h.press(chat, again.messageId, findButton(again, /^y:/))
    const second = await db().generation.findFirstOrThrow({
      where: { userId: BigInt(chat), NOT: { id: row.id } },
    })
    expect(second.params).toMatchObject({ prompt: 'now as a pencil sketch', image_urls: params.image_urls })
  })

  it('an image sent as a file gets the same tasks; anything else is refused with a reason', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const tasks = await h.media(chat, 'document', { mimeType: 'image/png', fileName: 'photo.png' })
    expect(plain(tasks.text)).toContain('What shall I do with this photo?')
    const other = await h.media(chat, 'document', { mimeType: 'application/pdf', fileName: 'terms.pdf' })
    expect(plain(other.text)).toContain('I cannot do anything with this kind of file')
  })

  it('a video without a caption in Russian; a model that needs a prompt asks for it', async () => {
    const chat = await h.user({ balanceKopecks: 10_000, languageCode: 'ru' })
    await h.command(chat, 'start')
    const tasks = await h.media(chat, 'video', { duration: 4 })
    expect(plain(tasks.text)).toContain('Что сделать с этим видео?')
    expect(plain(tasks.text)).toContain('если модели нужен запрос, я его спрошу')
    const upscale = buttonsOf(tasks).find((b) => b.text.startsWith('🔍'))
    expect(upscale).toBeDefined()
    const audio = await h.media(chat, 'audio', { duration: 5 })
    expect(plain(audio.text)).toContain('Что сделать с этой записью?')
    const talk = await h.press(chat, audio.messageId, findButton(audio, /^pf:fk:[\w-]{8}:talking-avatar:0$/))
    expect(plain(talk.text)).toContain('Говорящее фото: выберите модель')
    // a talking photo needs the photo next: the wizard asks for it, the recording is already in
    const step = await h.press(chat, talk.messageId, findButton(talk, /^pf:fm:[\w-]{8}:infinitalk$/))
    expect(plain(step.text)).toContain('InfiniteTalk')
    expect(plain(step.text)).toMatch(/шаг \d из \d/)
  })

  it('a file older than the last three is gone, and says so', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const first = await h.media(chat, 'photo')
    for (let i = 0; i < 3; i++) await h.media(chat, 'photo')
    await h.press(chat, first.messageId, findButton(first, /^pf:fk:[\w-]{8}:image-edit:0$/))
    const gone = h.tg.control.transcript(chat).find((e) => e.messageId === first.messageId)
    expect(plain(gone?.text)).toContain('I no longer have this file')
  })
})

describe('/gen finds models by any name', () => {
  it("takes the slug, Kie's model id and the name, whatever the case", async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    for (const args of [
      'google/nano-banana a red fox',
      'Nano Banana a red fox',
      'NANO-BANANA a red fox',
      'nano banana a red fox',
    ]) {
      const confirmation = await h.command(chat, 'gen', args)
      expect({ args, text: plain(confirmation.text) }).toEqual({
        args,
        text: expect.stringContaining('Prompt: a red fox'),
      })
      expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')
    }
    const cyrillic = await h.command(chat, 'gen', 'нано банана рыжая лиса')
    expect(plain(cyrillic.text)).toContain('Prompt: рыжая лиса')
    const edit = await h.command(chat, 'gen', 'Seedream 4.5 Edit make it blue')
    expect(plain(edit.text)).toContain('Seedream 4.5 Edit')
  })

  it('an unknown name suggests the closest models, which run with the prompt typed', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const suggestions = await h.command(chat, 'gen', 'nano banan a red fox')
    expect(plain(suggestions.text)).toContain('There is no model called “nano banan”. Did you mean one of these?')
    const pick = findButton(suggestions, 'pf:g:nano-banana')
    expect(buttonsOf(suggestions).find((b) => b.callback_data === pick)?.text).toMatch(/^Nano Banana · /)
    const confirmation = await h.press(chat, suggestions.messageId, pick)
    expect(plain(confirmation.text)).toContain('Prompt: a red fox')
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')

    const ru = await h.user({ languageCode: 'ru' })
    const closest = await h.command(ru, 'gen', 'klng рыжая лиса')
    expect(plain(closest.text)).toContain('Модели «klng» нет')
    expect(buttonsOf(closest).some((b) => /^pf:g:kling-/.test(b.callback_data))).toBe(true)
  })

  it('without a prompt it starts the wizard', async () => {
    const chat = await h.user()
    const step = await h.command(chat, 'gen', 'google/nano-banana')
    expect(plain(step.text)).toContain('Nano Banana')
    expect(plain(step.text)).toContain('step 1 of 2')
  })
})

describe('search by name in the catalog', () => {
  it('a name typed while a catalog page is open lists the matching models', async () => {
    const chat = await h.user()
    const menu = await h.command(chat, 'menu')
    const video = await h.press(chat, menu.messageId, 'c:video:0')
    expect(plain(video.text)).toContain('To find a model by name, just type it.')
    const found = await h.text(chat, 'kling')
    expect(plain(found.text)).toContain('Models matching “kling”')
    const cards = buttonsOf(found).filter((b) => b.callback_data.startsWith('m:'))
    expect(cards.length).toBeGreaterThan(2)
    for (const card of cards) expect(card.callback_data).toMatch(/^m:kling-/)
    const card = await h.press(chat, found.messageId, cards[0]!.callback_data)
    expect(plain(card.text)).toContain('Kling')

    // with no model chosen yet, a model's name is looked up too (and anything else is not)
    const fresh = await h.user()
    await h.command(fresh, 'start')
    expect(plain((await h.text(fresh, 'Midjourney')).text)).toContain('Models matching “Midjourney”')
    expect(plain((await h.text(fresh, 'a red fox in the snow')).text)).toContain('Use /menu to choose a model')

    const ru = await h.user({ languageCode: 'ru' })
    const ruMenu = await h.command(ru, 'menu')
    await h.press(ru, ruMenu.messageId, 'c:image:0')
    expect(plain((await h.text(ru, 'щщщщ')).text)).toContain('Ничего похожего на «щщщщ» не нашлось')
    // a name spelled in Cyrillic, as Russian speakers type brands
    const kling = await h.text(ru, 'клинг')
    expect(buttonsOf(kling).some((b) => /^m:kling-/.test(b.callback_data))).toBe(true)
    const seedream = await h.text(ru, 'seedream')
    expect(plain(seedream.text)).toContain('Модели по запросу «seedream»')
    expect(buttonsOf(seedream).some((b) => b.callback_data === 'm:seedream-4-5')).toBe(true)
  })
})
