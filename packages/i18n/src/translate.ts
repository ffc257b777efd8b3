import { en, ru, type MessageKey } from './messages'

export type Lang = 'ru' | 'en'
export const LANGS: readonly Lang[] = ['ru', 'en']

const tables: Record<Lang, Record<MessageKey, string>> = { en, ru }

/** The text for `key` in `lang` with {placeholders} filled; a missing value is an error. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return tables[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`i18n: ${key} needs {${name}}`)
    return String(value)
  })
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}
