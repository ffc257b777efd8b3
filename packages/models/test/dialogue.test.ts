import { credits, creditRange, getModel, validateParams, type TextField } from '@kiebot/models'
import { catalogEntry } from './kie-catalog'

// ElevenLabs dialogue v3: the user types one "Voice: text" line per turn; the registry checks
// the script with clear errors in both languages and only offers voices the catalog documents.

const model = getModel('eleven-dialogue')!
const script = model.fields.find((f) => f.key === 'dialogue') as TextField

function problem(dialogue: string) {
  const result = validateParams(model, { dialogue })
  if (result.ok) throw new Error(`"${dialogue}" was accepted`)
  return result.errors[0]!
}

describe('eleven-dialogue script', () => {
  it('accepts voices in any case and blank lines between turns', () => {
    const result = validateParams(model, { dialogue: 'adam: Hi!\n\nsarah: Hello.' })
    expect(result).toEqual({ ok: true, params: { dialogue: 'adam: Hi!\n\nsarah: Hello.', stability: 0.5 } })
  })

  it('names the line without a voice', () => {
    const error = problem('Adam: Hi!\nHow are you?')
    expect(error).toMatchObject({ field: 'dialogue', code: 'invalid_format' })
    expect(error.message.en).toBe('Line 2: start it with a voice name, e.g. "Adam: Hello!".')
    expect(error.message.ru).toBe('Строка 2: начните её с имени голоса, например «Adam: Привет!».')
  })

  it('names an unknown voice and lists the available ones', () => {
    const error = problem('Adam: Hi!\nRachel: Hello.')
    expect(error.message.en).toMatch(/^Line 2: there is no voice "Rachel"\. Available: Adam, Alice, Bill, .*Will\.$/)
    expect(error.message.ru).toMatch(/^Строка 2: голоса «Rachel» нет\. Доступны: Adam, /)
  })

  it('refuses a turn with nothing to say', () => {
    expect(problem('Adam: Hi!\nSarah:  ').message.en).toBe('Line 2: there is nothing to say after "Sarah:".')
  })

  it('refuses more than 10 different voices', () => {
    const voices = script.dialogue!.voices.slice(0, 11)
    const error = problem(voices.map((v) => `${v}: hi`).join('\n'))
    expect(error.message.en).toBe('One dialogue can have at most 10 different voices; yours has 11.')
    expect(
      validateParams(model, {
        dialogue: voices
          .slice(0, 10)
          .map((v) => `${v}: hi`)
          .join('\n'),
      }).ok,
    ).toBe(true)
  })

  it("keeps the script within Kie's 5000 characters", () => {
    expect(problem(`Adam: ${'a'.repeat(5000)}`).code).toBe('too_long')
  })

  it('offers only voices and stability values the catalog documents', () => {
    const entry = catalogEntry('elevenlabs/text-to-dialogue-v3') as unknown as {
      input: { dialogue: { itemSchema: { voice: { enum: string[] } } }; stability: { enum: number[] } }
    }
    expect(entry.input.dialogue.itemSchema.voice.enum).toEqual(expect.arrayContaining([...script.dialogue!.voices]))
    expect(script.dialogue!.voices).toHaveLength(20)
    const stability = model.fields.find((f) => f.key === 'stability')
    expect(stability?.type === 'enum' && stability.enum).toEqual(entry.input.stability.enum)
  })

  it('prices the spoken text only, from 1 character to the whole script', () => {
    expect(credits(model, { dialogue: 'Adam: Hello' })).toBe(0.07)
    expect(creditRange(model)).toEqual({ min: 0.014, max: 69.916 })
  })
})
