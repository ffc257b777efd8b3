import { CATALOG_TASKS, VENDOR_IDS, cardSlugs, catalogTaskOf, listModels, modelCardInfo, promptField } from '../src'

// Every offering's card data: a vendor, what it is best at in both languages, an example prompt
// for each model a user types a prompt for, and none of the registry's internal names in them.

describe('model cards', () => {
  const models = listModels()

  it('every offering has card data, and no card names an unknown offering', () => {
    expect(models.filter((m) => !modelCardInfo(m.slug)).map((m) => m.slug)).toEqual([])
    const slugs = new Set(models.map((m) => m.slug))
    expect(cardSlugs().filter((s) => !slugs.has(s))).toEqual([])
  })

  it('says what each model is best at in Russian and English, and names a known vendor', () => {
    for (const model of models) {
      const card = modelCardInfo(model.slug)!
      expect({ slug: model.slug, vendor: VENDOR_IDS.includes(card.vendor) }).toEqual({ slug: model.slug, vendor: true })
      for (const lang of ['ru', 'en'] as const)
        expect({ slug: model.slug, lang, length: card.bestAt[lang].length > 10 }).toEqual({
          slug: model.slug,
          lang,
          length: true,
        })
      // the Russian text is Russian, the English one has no Cyrillic
      expect(card.bestAt.ru).toMatch(/[а-яё]/i)
      expect(card.bestAt.en).not.toMatch(/[а-яё]/i)
    }
  })

  it('gives an example prompt to every model whose main input is a free prompt, within its limit', () => {
    for (const model of models) {
      const prompt = promptField(model)
      const card = modelCardInfo(model.slug)!
      const freePrompt = prompt !== undefined && prompt.taskRef === undefined && prompt.pattern === undefined
      if (freePrompt && model.slug !== 'sora-watermark-remover')
        expect({ slug: model.slug, example: card.example !== undefined }).toEqual({ slug: model.slug, example: true })
      if (!card.example) continue
      for (const lang of ['ru', 'en'] as const) {
        const text = card.example[lang]
        expect([...text].length).toBeLessThanOrEqual(prompt?.maxLength ?? 5000)
        // no wire names (snake_case or camelCase keys) in what a user reads
        expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z][a-zA-Z]+\b/)
      }
    }
  })

  it('puts every offering under one of the catalog tasks, and each task has models', () => {
    const byTask = new Map<string, number>()
    for (const model of models) {
      const task = catalogTaskOf(model)
      expect(CATALOG_TASKS).toContain(task)
      byTask.set(task, (byTask.get(task) ?? 0) + 1)
    }
    for (const task of CATALOG_TASKS)
      expect({ task, models: (byTask.get(task) ?? 0) > 0 }).toEqual({ task, models: true })
    expect(catalogTaskOf(models.find((m) => m.slug === 'nano-banana')!)).toBe('text-to-image')
    expect(catalogTaskOf(models.find((m) => m.slug === 'kling-2-6-i2v')!)).toBe('photo-to-video')
    expect(catalogTaskOf(models.find((m) => m.slug === 'suno-song')!)).toBe('music')
  })
})
