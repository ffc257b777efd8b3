import { recordCatalogSnapshot } from '@kiebot/db'
import { askedFields, getModel, listOffered, validateParams, type ModelSpec } from '@kiebot/models'
import { formatRub, quote } from '@kiebot/pricing'
import { findButton, plain, startHarness, type Harness } from './harness'
import type { TranscriptEntry } from '@kiebot/sandbox'

// A full wizard for one model of each API family: every step answered through
// Telegram (text, files, buttons), ending in the reserved generation, its job and
// the exact price shown.

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

/**
 * What production needs to sell a model whose vendor retired it (`upstreamRetired`): a good
 * catalog sync that still sees Kie list its kieModel (with every model the registry sells).
 */
async function kieStillLists(model: ModelSpec): Promise<void> {
  const kieModels = new Map([...listOffered(), model].map((m) => [m.kieModel, m.kind]))
  await recordCatalogSnapshot(h.gateway.deps.db, {
    startedAt: new Date(),
    fetchedAt: new Date(),
    models: [...kieModels].map(([kieModel, kind]) => ({
      kieModel,
      provider: null,
      taskTypes: [kind],
      priceText: null,
      priceEntries: [],
      requiredFields: [],
      enums: {},
    })),
    report: { hidden: [], stillHidden: [], repriced: [], proposed: [], newModels: [], schemaChanges: [], unpriced: [] },
    changes: [],
  })
  // the screens read the catalog through a 30 s cache: stand for that time passing
  h.gateway.deps.prices.invalidate()
}

const MEDIA_KIND = { image: 'photo', video: 'video', audio: 'audio' } as const

/** Answers each wizard step: text for text fields, a file for media, the default or first option otherwise. */
async function walkWizard(chat: number, slug: string, useOptionalMedia: boolean): Promise<TranscriptEntry> {
  const model = getModel(slug)!
  const card = await h.command(chat, 'start', `m_${slug}`)
  let screen = await h.press(chat, card.messageId, `w:${slug}`)
  for (const field of askedFields(model)) {
    expect(plain(screen.text)).toContain(field.label.en)
    // a step left with one option is passed by itself, named (with why) above the next screen
    if (plain(screen.text).includes(`⏭ ${field.label.en}: `)) continue
    if (field.type === 'text' && (field.required || field.default !== undefined)) {
      screen = field.required
        ? await h.text(chat, field.example ?? 'a calm lake at dawn, mist over the water')
        : await h.press(chat, screen.messageId, findButton(screen, /^s:/))
    } else if (field.type === 'media' && (field.required || useOptionalMedia)) {
      screen = await h.media(chat, MEDIA_KIND[field.kind])
      if (field.multiple && field.maxItems > 1)
        screen = await h.press(chat, screen.messageId, findButton(screen, /^d:/))
    } else if (screen.message && /"s:/.test(JSON.stringify(screen.message))) {
      screen = await h.press(chat, screen.messageId, findButton(screen, /^s:/))
    } else {
      screen = await h.press(chat, screen.messageId, findButton(screen, /^o:/))
    }
  }
  return screen
}

describe.each([
  ['market', 'nano-banana-edit', true],
  ['veo', 'veo-3-1-fast', false],
  ['suno', 'suno-lyrics', false],
  ['runway', 'runway-gen4-turbo', true],
  ['flux-kontext', 'flux-kontext-pro', true],
  ['gpt4o-image', 'gpt-4o-image', true],
  ['midjourney', 'midjourney-i2i', true],
  // a dialogue script typed as "Voice: text" lines
  ['market', 'eleven-dialogue', false],
])('%s family (%s)', (family, slug, withMedia) => {
  it('walks the wizard to a reserved, enqueued generation at the price shown', async () => {
    const model = getModel(slug)!
    expect(model.family).toBe(family)
    // gpt-4o-image (the only model of its family) was retired by OpenAI: it is on sale only while Kie still lists it
    if (model.upstreamRetired !== undefined) await kieStillLists(model)
    const chat = await h.user({ balanceKopecks: 100_000 })
    const confirmation = await walkWizard(chat, slug, withMedia)
    const confirm = findButton(confirmation, /^y:/)

    const status = await h.press(chat, confirmation.messageId, confirm)
    expect(plain(status.text)).toContain('is queued')
    expect(findButton(status, /^gc:/)).toMatch(/^gc:[0-9a-f-]{36}$/)

    const generation = await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    expect(generation).toMatchObject({
      modelId: slug,
      status: 'queued',
      step: 'submit',
      statusMessageId: status.messageId,
    })
    expect(generation.enqueuedAt).not.toBeNull()
    // The params are valid for the model, media are Telegram file references to upload later.
    const checked = validateParams(model, generation.params as Record<string, unknown>, { telegramFiles: true })
    expect(checked.ok).toBe(true)
    if (withMedia) expect(JSON.stringify(generation.params)).toMatch(/"tg:[A-Za-z0-9_-]+"/)
    // The price charged is the one quote() gives, and the one that was shown.
    const expected = quote({ credits: model.credits(checked.ok ? checked.params : {}), fxRubPerUsd: 90, markup: 2 })
    expect(generation.priceKopecks).toBe(expected.kopecks)
    expect(plain(confirmation.text)).toContain(`Price: ${plain(formatRub(expected.kopecks, 'en'))}`)
    const user = await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })
    expect(user.balanceKopecks).toBe(100_000 - expected.kopecks)
    // One job, named by the generation id, carrying only it.
    const job = await h.gateway.deps.queues.generation.getJob(generation.id)
    expect(job?.data).toEqual({ generationId: generation.id })
  })
})

describe('dialogue script (eleven-dialogue)', () => {
  it("explains a wrong line in the user's words and goes on once it is fixed", async () => {
    const chat = await h.user({ balanceKopecks: 100_000 })
    const card = await h.command(chat, 'start', 'm_eleven-dialogue')
    const step = await h.press(chat, card.messageId, 'w:eleven-dialogue')
    expect(plain(step.text)).toContain('Female voices: Alice, Jessica')
    const wrong = await h.text(chat, 'Adam: Hi!\nRachel: Hello.')
    expect(plain(wrong.text)).toContain('Line 2: there is no voice "Rachel". Available: Adam, Alice')
    const next = await h.text(chat, 'Adam: Hi!\nsarah: Hello.')
    expect(plain(next.text)).toContain('Delivery')
  })
})
