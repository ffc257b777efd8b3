import {
  API_FAMILIES,
  askedFields,
  defaultParams,
  getModel,
  isOffered,
  listByCategory,
  listModels,
  listOffered,
  measuredFields,
  mediaFields,
  promptField,
  withMeasurements,
  TELEGRAM_DOWNLOAD_LIMIT_BYTES,
  type FieldSpec,
  type LocalizedText,
} from '@kiebot/models'
import { CATALOG } from './kie-catalog'

const MODELS = listModels()
const MINUTE = 60_000

function expectLocalized(text: LocalizedText, where: string) {
  expect({ where, ru: text.ru.trim().length > 0, en: text.en.trim().length > 0 }).toEqual({ where, ru: true, en: true })
}

describe('offering counts', () => {
  it('offers every model the predecessor had (all 42), under its current Kie id where Kie replaced it', () => {
    const predecessor = CATALOG.filter((e) => e.inPredecessor)
    expect(predecessor).toHaveLength(42)
    const offered = new Set(MODELS.map((m) => m.catalogModel))
    expect(predecessor.map((e) => e.supersededBy ?? e.model).filter((model) => !offered.has(model))).toEqual([])
    // a superseding id is a catalog entry of its own
    for (const entry of predecessor)
      if (entry.supersededBy) expect(CATALOG.map((e) => e.model)).toContain(entry.supersededBy)
  })

  it('counts 107 offerings, 100 on sale after the upstream retirements (37 image, 53 video, 10 audio)', () => {
    expect(MODELS).toHaveLength(107)
    expect(listOffered()).toHaveLength(100)
    expect([listByCategory('image').length, listByCategory('video').length, listByCategory('audio').length]).toEqual([
      37, 53, 10,
    ])
  })

  it('has at least 21 image, 21 video and 7 audio offerings on sale', () => {
    expect(listByCategory('image').length).toBeGreaterThanOrEqual(21)
    expect(listByCategory('video').length).toBeGreaterThanOrEqual(21)
    expect(listByCategory('audio').length).toBeGreaterThanOrEqual(7)
    expect(listByCategory('image').length + listByCategory('video').length + listByCategory('audio').length).toBe(
      listOffered().length,
    )
    const all = (['image', 'video', 'audio'] as const).map((c) => listByCategory(c, { includeRetired: true }).length)
    expect(all.reduce((a, b) => a + b, 0)).toBe(MODELS.length)
  })

  it('uses only the allowed API families; Midjourney is its own family', () => {
    for (const model of MODELS) expect(API_FAMILIES).toContain(model.family)
    const midjourney = MODELS.filter((m) => m.catalogModel.startsWith('midjourney'))
    expect(midjourney.map((m) => `${m.slug}:${m.kind}`)).toEqual([
      'midjourney:text-to-image',
      'midjourney-i2i:image-to-image',
      'midjourney-video:image-to-video',
    ])
    for (const model of midjourney) expect(model.family).toBe('midjourney')
  })
})

describe('upstream retirements', () => {
  const RETIRED = [
    'sora-2',
    'sora-2-i2v',
    'sora-2-pro',
    'sora-watermark-remover',
    'gpt-4o-image',
    'gpt-image-1-5',
    'gpt-image-1-5-edit',
  ]

  it('flag exactly the offerings whose upstream vendor is gone, with an ISO date', () => {
    expect(
      MODELS.filter((m) => m.upstreamRetired !== undefined)
        .map((m) => m.slug)
        .sort(),
    ).toEqual([...RETIRED].sort())
    for (const slug of RETIRED) expect(getModel(slug)!.upstreamRetired).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(getModel('sora-2')!.upstreamRetired).toBe('2026-09-24')
    expect(getModel('gpt-4o-image')!.upstreamRetired).toBe('2026-10-23')
  })

  it('leaves them out of the catalog listings but keeps them for history and old generations', () => {
    const listed = new Set(
      [...listOffered(), ...listByCategory('image'), ...listByCategory('video'), ...listByCategory('audio')].map(
        (m) => m.slug,
      ),
    )
    for (const slug of RETIRED) {
      expect({ slug, listed: listed.has(slug) }).toEqual({ slug, listed: false })
      expect(getModel(slug)).toBeDefined()
      expect(isOffered(getModel(slug)!)).toBe(false)
    }
    expect(listModels()).toHaveLength(MODELS.length)
    expect(listByCategory('video', { includeRetired: true }).map((m) => m.slug)).toContain('sora-2')
    expect(isOffered(getModel('veo-3-1-fast')!)).toBe(true)
  })

  it('come back when the latest good catalog sync lists their Kie model', () => {
    const sora = getModel('sora-2')!
    expect(isOffered(sora, { listedKieModels: new Set([sora.kieModel]) })).toBe(true)
    expect(isOffered(sora, { listedKieModels: new Set(['sora-2-pro-text-to-video']) })).toBe(false)
    expect(listByCategory('video', { listedKieModels: new Set([sora.kieModel]) }).map((m) => m.slug)).toContain(
      'sora-2',
    )
  })
})

describe('slugs', () => {
  it('are unique, [a-z0-9-], at most 32 characters', () => {
    const slugs = MODELS.map((m) => m.slug)
    expect(new Set(slugs).size).toBe(slugs.length)
    for (const slug of slugs) {
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(slug.length).toBeLessThanOrEqual(32)
    }
  })

  it('fit a /start deep-link payload (m_<slug>, [A-Za-z0-9_-], <= 64)', () => {
    for (const model of MODELS) expect(`m_${model.slug}`).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
  })

  it('resolve with getModel', () => {
    for (const model of MODELS) expect(getModel(model.slug)).toBe(model)
    expect(getModel('no-such-model')).toBeUndefined()
  })
})

describe('offering texts and metadata', () => {
  it('have a name and a one-line description in Russian and English', () => {
    for (const model of MODELS) {
      expectLocalized(model.name, `${model.slug} name`)
      expectLocalized(model.description, `${model.slug} description`)
      expect(model.description.ru).toMatch(/[а-яё]/i)
      expect(model.description.en).not.toMatch(/[а-яё]/i)
      expect(model.description.ru).not.toContain('\n')
      expect(model.description.en).not.toContain('\n')
      expect(model.description.ru.length).toBeLessThanOrEqual(160)
      expect(model.description.en.length).toBeLessThanOrEqual(160)
    }
  })

  it('deliver what the category says and have a deadline by category', () => {
    const minimum = { image: 10 * MINUTE, video: 30 * MINUTE, audio: 10 * MINUTE }
    for (const model of MODELS) {
      expect(model.output).toBe(model.category)
      expect(model.deadlineMs).toBeGreaterThanOrEqual(minimum[model.category])
      expect(model.deadlineMs).toBeLessThanOrEqual(60 * MINUTE)
    }
  })

  it('name the exact wire model: the catalog id on the market, the body model or the family on flat APIs', () => {
    for (const model of MODELS) {
      if (model.family === 'market') expect(model.kieModel).toBe(model.catalogModel)
      else expect(model.kieModel).toBe(model.fixedInput.model ?? model.family)
    }
  })
})

describe('field specs', () => {
  const everyField = MODELS.flatMap((model) => model.fields.map((field) => ({ model, field })))

  it('have unique keys, labels in both languages, and keys disjoint from fixed/omitted/derived inputs', () => {
    for (const model of MODELS) {
      const keys = model.fields.map((f) => f.key)
      expect(new Set(keys).size).toBe(keys.length)
      const other = [...Object.keys(model.fixedInput), ...Object.keys(model.omittedInput)]
      expect(new Set(other).size).toBe(other.length)
      expect(keys.filter((k) => other.includes(k))).toEqual([])
      for (const key of model.derivedInput) expect(Object.keys(model.fixedInput)).not.toContain(key)
      for (const field of model.fields) expectLocalized(field.label, `${model.slug}.${field.key}`)
    }
  })

  it('ask the user unless measured from a file', () => {
    for (const { field } of everyField) {
      const measured = (field.type === 'integer' || field.type === 'number') && field.measuredFrom !== undefined
      expect(field.ask).toBe(!measured)
    }
  })

  it('keep defaults inside their own limits', () => {
    for (const { model, field } of everyField) checkOwnLimits(model.slug, field)
  })

  it('cap media at the Telegram download limit and keep counts consistent', () => {
    for (const model of MODELS) {
      for (const media of mediaFields(model)) {
        expect(media.maxBytes).toBeGreaterThan(0)
        expect(media.maxBytes).toBeLessThanOrEqual(TELEGRAM_DOWNLOAD_LIMIT_BYTES)
        expect(media.minItems).toBeGreaterThanOrEqual(1)
        expect(media.maxItems).toBeGreaterThanOrEqual(media.minItems)
        if (!media.multiple) expect(media.maxItems).toBe(1)
      }
    }
  })

  it('measure only media of the same model', () => {
    for (const model of MODELS) {
      for (const field of measuredFields(model)) {
        const media = mediaFields(model).find((m) => m.key === field.measuredFrom?.media)
        expect(media).toBeDefined()
        expect(
          field.max === undefined || field.default === field.max || field.measuredFrom?.quantity === 'long-side-px',
        ).toBe(true)
      }
    }
  })

  it('give every offering something to ask and at most one primary text', () => {
    for (const model of MODELS) {
      expect(askedFields(model).length).toBeGreaterThan(0)
      expect(model.fields.filter((f) => f.type === 'text' && f.primary).length).toBeLessThanOrEqual(1)
      const required = askedFields(model).filter((f) => f.required && f.default === undefined)
      expect(required.length).toBeGreaterThan(0)
    }
  })

  it('declare price inputs that are fields', () => {
    for (const model of MODELS) {
      for (const key of model.priceInputs) expect(model.fields.map((f) => f.key)).toContain(key)
    }
  })
})

describe('wizard helpers', () => {
  it('askedFields keeps wizard order and leaves measured fields out', () => {
    const infinitalk = getModel('infinitalk')!
    expect(askedFields(infinitalk).map((f) => f.key)).toEqual(['image_url', 'audio_url', 'prompt', 'resolution'])
    expect(measuredFields(infinitalk).map((f) => f.key)).toEqual(['audio_seconds'])
  })

  it('mediaFields lists file inputs with kind, count and size', () => {
    expect(mediaFields(getModel('nano-banana-edit')!)).toEqual([
      expect.objectContaining({
        key: 'image_urls',
        kind: 'image',
        multiple: true,
        minItems: 1,
        maxItems: 10,
        maxBytes: 10 * 1024 * 1024,
      }),
    ])
    expect(mediaFields(getModel('nano-banana-pro')!)[0]).toMatchObject({
      key: 'image_input',
      required: false,
      maxBytes: TELEGRAM_DOWNLOAD_LIMIT_BYTES,
    })
    expect(mediaFields(getModel('eleven-isolate')!)[0]).toMatchObject({
      key: 'audio_url',
      kind: 'audio',
      multiple: false,
    })
  })

  it('promptField finds the text /gen fills', () => {
    expect(promptField(getModel('imagen4')!)?.key).toBe('prompt')
    expect(promptField(getModel('eleven-tts')!)?.key).toBe('text')
    expect(promptField(getModel('suno-instrumental')!)?.key).toBe('style')
    expect(promptField(getModel('sora-watermark-remover')!)?.key).toBe('video_url')
    expect(promptField(getModel('recraft-remove-bg')!)).toBeUndefined()
  })

  it('withMeasurements follows the new file: known values set, unknown ones cleared, claims get a second more', () => {
    const topaz = getModel('topaz-video-upscale')!
    const max = measuredFields(topaz)[0]!.max!
    // a 1 s video measured earlier, then a file that reports no length: the old value must go
    const afterFirst = withMeasurements(
      topaz,
      { upscale_factor: '4' },
      'video_url',
      { 'duration-seconds': 1 },
      { claimed: true },
    )
    expect(afterFirst).toEqual({ upscale_factor: '4', video_seconds: 2 })
    expect(withMeasurements(topaz, afterFirst, 'video_url', {}, { claimed: true })).toEqual({ upscale_factor: '4' })
    // read from the file itself: whole seconds rounded up, no margin, never clamped (too long stays too long)
    expect(withMeasurements(topaz, afterFirst, 'video_url', { 'duration-seconds': 14.2 })).toMatchObject({
      video_seconds: 15,
    })
    expect(withMeasurements(topaz, afterFirst, 'video_url', { 'duration-seconds': 0.3 })).toMatchObject({
      video_seconds: 1,
    })
    expect(withMeasurements(topaz, afterFirst, 'video_url', { 'duration-seconds': 90 })).toMatchObject({
      video_seconds: 90,
    })
    // a claim at the maximum is priced at the maximum, not past it
    expect(withMeasurements(topaz, {}, 'video_url', { 'duration-seconds': max }, { claimed: true })).toEqual({
      video_seconds: max,
    })
    // measurements of another media field are left alone; bad numbers count as unknown
    expect(withMeasurements(topaz, afterFirst, 'other', { 'duration-seconds': 30 })).toEqual(afterFirst)
    expect(withMeasurements(topaz, afterFirst, 'video_url', { 'duration-seconds': Number.NaN })).toEqual({
      upscale_factor: '4',
    })
    const upscale = getModel('topaz-image-upscale')!
    expect(withMeasurements(upscale, {}, 'image_url', { 'long-side-px': 1280 }, { claimed: true })).toEqual({
      image_long_side: 1280,
    })
  })

  it('defaultParams holds every asked default and leaves the prompt to the wizard', () => {
    expect(defaultParams(getModel('kling-2-6')!)).toEqual({ aspect_ratio: '1:1', duration: '5', sound: false })
    expect(defaultParams(getModel('veo-3-1-fast')!)).toEqual({ aspectRatio: '16:9', resolution: '720p', duration: 8 })
    expect(defaultParams(getModel('infinitalk')!)).toEqual({ resolution: '480p' })
    for (const model of MODELS) {
      const defaults = defaultParams(model)
      for (const field of askedFields(model)) {
        if (field.default === undefined) expect(defaults).not.toHaveProperty(field.key)
        else expect(defaults[field.key]).toBe(field.default)
      }
    }
  })
})

function checkOwnLimits(slug: string, field: FieldSpec) {
  const where = `${slug}.${field.key}`
  switch (field.type) {
    case 'enum':
      expect({ where, empty: field.enum.length === 0 }).toEqual({ where, empty: false })
      if (field.default !== undefined) expect(field.enum).toContain(field.default)
      for (const key of Object.keys(field.optionLabels ?? {})) expect(field.enum.map(String)).toContain(key)
      for (const label of Object.values(field.optionLabels ?? {})) expectLocalized(label, where)
      break
    case 'integer':
    case 'number':
      for (const value of [field.default, ...(field.presets ?? [])]) {
        if (value === undefined) continue
        if (field.min !== undefined) expect(value).toBeGreaterThanOrEqual(field.min)
        if (field.max !== undefined) expect(value).toBeLessThanOrEqual(field.max)
        if (field.type === 'integer') expect(Number.isInteger(value)).toBe(true)
      }
      break
    case 'text':
      if (field.pattern) {
        expect(field.example).toBeDefined()
        expect(field.example).toMatch(new RegExp(field.pattern.regex))
      }
      if (field.minLength !== undefined && field.maxLength !== undefined)
        expect(field.minLength).toBeLessThanOrEqual(field.maxLength)
      break
    case 'boolean':
    case 'media':
      break
  }
}
