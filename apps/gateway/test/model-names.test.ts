import { listModels } from '@kiebot/models'
import { exactModel, readGenArgs, similarModels } from '../src/features/prompt/search'

// What a user may call a model: its slug, Kie's model id, its name in either language.

describe('model names', () => {
  const sharedKieIds = new Set(
    listModels()
      .map((m) => m.kieModel)
      .filter((id, i, all) => all.indexOf(id) !== i),
  )

  it.each(listModels().map((m) => [m.slug, m] as const))('%s is found by its slug, names and Kie id', (slug, model) => {
    const names = [model.slug, model.slug.toUpperCase(), model.name.en, model.name.ru, model.name.en.toLowerCase()]
    if (!sharedKieIds.has(model.kieModel)) names.push(model.kieModel)
    for (const name of names) expect({ name, found: exactModel(name)?.slug }).toEqual({ name, found: slug })
  })

  it('a Kie id several offerings share names the first of them', () => {
    expect(exactModel('suno')?.slug).toBe('suno-song')
    expect(exactModel('midjourney')?.slug).toBe('midjourney')
  })

  it('/gen splits the name from the prompt', () => {
    expect(readGenArgs('')).toBeUndefined()
    expect(readGenArgs('google/nano-banana a red fox')).toMatchObject({
      found: true,
      model: { slug: 'nano-banana' },
      prompt: 'a red fox',
    })
    expect(readGenArgs('Seedream 4.5 Edit  make it\nblue')).toMatchObject({
      found: true,
      model: { slug: 'seedream-4-5-edit' },
      prompt: 'make it\nblue',
    })
    expect(readGenArgs('kling-2-6')).toMatchObject({ found: true, model: { slug: 'kling-2-6' }, prompt: '' })
    // a name cut short: it ends where a model's name could still begin
    const cut = readGenArgs('nano banan a red fox')
    expect(cut).toMatchObject({ found: false, name: 'nano banan', prompt: 'a red fox' })
    expect(cut?.found === false && cut.suggestions.map((m) => m.slug)).toContain('nano-banana')
    // a typo: the closest models, the rest is the prompt
    const typo = readGenArgs('klng a fox')
    expect(typo).toMatchObject({ found: false, name: 'klng', prompt: 'a fox' })
    expect(typo?.found === false && typo.suggestions[0]?.slug).toMatch(/^kling-/)
    // a brand spelled in Cyrillic
    expect(readGenArgs('нано банана рыжая лиса')).toMatchObject({
      found: true,
      model: { slug: 'nano-banana' },
      prompt: 'рыжая лиса',
    })
    expect(readGenArgs('клинг 2.6 рыжая лиса')).toMatchObject({
      found: true,
      model: { slug: 'kling-2-6' },
      prompt: 'рыжая лиса',
    })
    expect(readGenArgs('клинк 2.6 рыжая лиса')).toMatchObject({ found: false, name: 'клинк 2.6', prompt: 'рыжая лиса' })
    // nothing alike
    expect(readGenArgs('qqqqqqqq hello')).toMatchObject({ found: false, name: 'qqqqqqqq', suggestions: [] })
  })

  it('the search finds a family by part of its name', () => {
    const slugs = similarModels('seedream').map((s) => s.model.slug)
    expect(slugs).toEqual(expect.arrayContaining(['seedream-4', 'seedream-4-5', 'seedream-5-lite']))
    expect(slugs.every((s) => s.startsWith('seedream'))).toBe(true)
  })
})
