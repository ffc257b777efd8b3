import { audioMeta, CAPTION_MAX_CHARS, keyOptions, resultCaption, shorten } from '@kiebot/telegram'
import { getModel } from '@kiebot/models'

// What a result says about itself: the same words in both apps, escaped, within Telegram's limit.
describe('result captions', () => {
  it('quote the prompt and the key options, in the user language', () => {
    const row = { modelId: 'nano-banana', params: { prompt: 'a fox & <snow>', aspect_ratio: '21:9' } }
    expect(resultCaption(row, 'en')).toBe('✨ <b>Nano Banana</b>\n«a fox &amp; &lt;snow&gt;»\n21:9')
    expect(resultCaption(row, 'ru', { variant: { index: 1, count: 4 } })).toBe(
      '✨ <b>Nano Banana</b> · вариант 2 из 4\n«a fox &amp; &lt;snow&gt;»\n21:9',
    )
  })

  it('show seconds in each language and leave measured values out', () => {
    const video = getModel('kling-2-6-i2v')!
    const en = keyOptions(video, {}, 'en')
    const ru = keyOptions(video, {}, 'ru')
    expect(en).not.toBe('')
    expect(en.split(' · ').length).toBeLessThanOrEqual(4)
    expect(en).toMatch(/(^| )\d+ s( |$)/)
    expect(ru).toMatch(/(^| )\d+ с( |$)/)
  })

  it('never exceed 1024 characters, whatever the prompt', () => {
    const prompt = '&<>'.repeat(3000)
    const caption = resultCaption({ modelId: 'nano-banana', params: { prompt } }, 'en')
    expect(caption.length).toBeLessThanOrEqual(CAPTION_MAX_CHARS)
    expect(caption).toContain('…»')
    expect(shorten('one two three four five six', 20)).toBe('one two three four…')
  })

  it('give audio a title and a performer', () => {
    const row = { modelId: 'suno-lyrics', params: { prompt: 'la la', title: 'Fox Song', style: 'folk', model: 'V5' } }
    expect(audioMeta(row, 'en', { index: 0, count: 2 })).toEqual({ title: 'Fox Song (1 of 2)', performer: 'Suno' })
    expect(audioMeta({ modelId: 'suno-song', params: { prompt: 'a song about a fox' } }, 'ru')).toEqual({
      title: 'a song about a fox',
      performer: 'Suno',
    })
  })

  it("use Suno's own titles and lyrics when it wrote them (description mode)", () => {
    const row = {
      modelId: 'suno-song',
      params: { prompt: 'a song about a fox' },
      resultTitles: ['Fox Tale', 'Fox Tale II'],
      resultLyrics: ['[Verse]\nred & quick', '[Verse]\nred & quick'],
    }
    expect(audioMeta(row, 'en', { index: 1, count: 2 })).toEqual({ title: 'Fox Tale II (2 of 2)', performer: 'Suno' })
    // shared lyrics once, escaped, below the quoted description
    const caption = resultCaption(row, 'en')
    expect(caption.startsWith('✨ <b>Suno song from a description</b>\n«a song about a fox»\n')).toBe(true)
    expect(caption.endsWith('\n\n[Verse]\nred &amp; quick')).toBe(true)
    expect(caption.split('[Verse]')).toHaveLength(2)
    // lyrics that differ are told apart by variant, in the user's language
    const apart = { ...row, resultLyrics: ['one', 'two'] }
    expect(resultCaption(apart, 'ru')).toContain('Вариант 1 из 2:\none\n\nВариант 2 из 2:\ntwo')
    // the user's own title wins over Suno's
    expect(audioMeta({ ...row, params: { ...row.params, title: 'Mine' } }, 'en').title).toBe('Mine')
  })
})
