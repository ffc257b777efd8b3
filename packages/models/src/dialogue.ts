import type { DialogueLine, DialogueSpec, LocalizedText, Params, TextField } from './types'

/**
 * Dialogue scripts: what a Telegram user types for a multi-voice model, one turn per line,
 * `Voice: text` (e.g. "Adam: Hi!"). The draft keeps the script as text; the request sends
 * Kie's `[{ text, voice }]` list. Voice names match whatever their case, and are sent as Kie
 * spells them (Kie refuses "adam").
 */

export type ParsedDialogue =
  | { readonly ok: true; readonly lines: readonly DialogueLine[] }
  | { readonly ok: false; readonly message: LocalizedText }

/** "Name: text", the name before the first colon (ASCII or full-width). */
const TURN = /^([^:：]{1,40})[:：]\s*(.*)$/s

export function parseDialogue(script: string, spec: DialogueSpec): ParsedDialogue {
  const byName = new Map(spec.voices.map((v) => [v.toLowerCase(), v]))
  const lines: DialogueLine[] = []
  const rows = script.split(/\r?\n/)
  for (const [index, raw] of rows.entries()) {
    const row = raw.trim()
    if (row === '') continue
    const n = index + 1
    const match = TURN.exec(row)
    if (!match)
      return fail(
        `Строка ${n}: начните её с имени голоса, например «Adam: Привет!».`,
        `Line ${n}: start it with a voice name, e.g. "Adam: Hello!".`,
      )
    const name = match[1]!.trim()
    const voice = byName.get(name.toLowerCase())
    if (!voice) {
      const list = spec.voices.join(', ')
      return fail(
        `Строка ${n}: голоса «${name}» нет. Доступны: ${list}.`,
        `Line ${n}: there is no voice "${name}". Available: ${list}.`,
      )
    }
    const text = match[2]!.trim()
    if (text === '')
      return fail(`Строка ${n}: после «${voice}:» нет текста.`, `Line ${n}: there is nothing to say after "${voice}:".`)
    lines.push({ text, voice })
  }
  if (lines.length === 0)
    return fail('Напишите хотя бы одну реплику: «Голос: текст».', 'Write at least one line: "Voice: text".')
  const voices = new Set(lines.map((l) => l.voice)).size
  if (voices > spec.maxVoices) {
    return fail(
      `В одном диалоге может быть не больше ${spec.maxVoices} разных голосов, а у вас ${voices}.`,
      `One dialogue can have at most ${spec.maxVoices} different voices; yours has ${voices}.`,
    )
  }
  return { ok: true, lines }
}

function fail(ru: string, en: string): ParsedDialogue {
  return { ok: false, message: { ru, en } }
}

/** Characters Kie bills for a dialogue: the spoken texts, without the voice names. */
export function spokenLength(params: Params, field: TextField): number {
  const value = params[field.key]
  if (typeof value !== 'string' || !field.dialogue) throw new Error(`price needs a dialogue "${field.key}"`)
  const parsed = parseDialogue(value, field.dialogue)
  if (!parsed.ok) throw new Error(`price needs a valid dialogue "${field.key}"`)
  return parsed.lines.reduce((sum, line) => sum + [...line.text].length, 0)
}

/** Shortest and longest valid script of at most `maxLength` characters (price range). */
export function dialogueExtremes(field: TextField): string[] {
  const voice = field.dialogue?.voices[0] ?? 'Voice'
  const prefix = `${voice}: `
  const longest = field.maxLength === undefined ? 'x' : 'x'.repeat(Math.max(1, field.maxLength - prefix.length))
  return [`${prefix}x`, `${prefix}${longest}`]
}
