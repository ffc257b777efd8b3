import Fuse from 'fuse.js'
import { getModel, listModels, type ModelSpec } from '@kiebot/models'

// Finding a model by what a user calls it: the product's slug (`nano-banana`), Kie's model id
// (`google/nano-banana`) or its name in either language ("Nano Banana", "Seedream 4.5: редактор"),
// whatever the case and punctuation. Fuzzy matching is fuse.js's (the catalog's search, the
// closest models for an unknown `/gen` name).

/** "Google/Nano-Banana" and "google nano banana" read the same. */
export function normalizeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s\-_/.:,«»"“”()]+/g, ' ')
    .trim()
}

/** Cyrillic spelled in Latin letters, as Russian speakers write brand names ("клинг", "нано банана"). */
const CYRILLIC = 'абвгдежзийклмнопрстуфхцчшщъыьэюя'
const LATIN = 'a b v g d e j z i y k l m n o p r s t u f h c ch sh sch _ y _ e yu ya'.split(' ')

function latin(normalized: string): string {
  return [...normalized]
    .map((c) => {
      const at = CYRILLIC.indexOf(c)
      return at < 0 ? c : LATIN[at]!.replace('_', '')
    })
    .join('')
}

/** The spellings a name is looked up by: as typed, and in Latin letters when it has Cyrillic ones. */
function spellings(text: string): string[] {
  const normalized = normalizeName(text)
  const transliterated = latin(normalized)
  return transliterated === normalized ? [normalized] : [normalized, transliterated]
}

interface Entry {
  slug: string
  names: string[]
}

let index: { exact: Map<string, string>; names: string[]; vocabulary: Set<string>; fuse: Fuse<Entry> } | undefined

function built(): NonNullable<typeof index> {
  if (index) return index
  const exact = new Map<string, string>()
  const entries: Entry[] = []
  for (const model of listModels()) {
    const names = [model.slug, model.kieModel, model.name.en, model.name.ru]
    // the first offering of a shared Kie id (Suno, Midjourney) is the one it names
    for (const name of names) if (!exact.has(normalizeName(name))) exact.set(normalizeName(name), model.slug)
    entries.push({ slug: model.slug, names: names.map(normalizeName) })
  }
  const fuse = new Fuse(entries, { keys: ['names'], includeScore: true, ignoreLocation: true, threshold: 0.4 })
  const names = entries.flatMap((e) => e.names)
  index = { exact, names, vocabulary: new Set(names.flatMap((n) => n.split(' '))), fuse }
  return index
}

/** The model this exact name, slug or Kie id names. */
export function exactModel(name: string): ModelSpec | undefined {
  const slug = spellings(name)
    .map((spelling) => built().exact.get(spelling))
    .find((found) => found !== undefined)
  return slug ? getModel(slug) : undefined
}

/**
 * How much worse than the closest match a result may score and still be shown: when the text is
 * part of some names ("seedream"), only those; after a typo ("klng"), the near ones.
 */
const spreadAfter = (best: number): number => (best < 0.01 ? 0.01 : 0.1)

/** Models whose names look like `query`, closest first (with fuse's score: 0 is exact). */
export function similarModels(query: string): { model: ModelSpec; score: number }[] {
  const scores = new Map<string, number>()
  for (const spelling of spellings(query)) {
    if (spelling === '') continue
    for (const r of built().fuse.search(spelling))
      scores.set(r.item.slug, Math.min(scores.get(r.item.slug) ?? 1, r.score ?? 1))
  }
  const ranked = [...scores].sort((a, b) => a[1] - b[1])
  const best = ranked[0]?.[1] ?? 0
  return ranked.flatMap(([slug, score]) => {
    const model = getModel(slug)
    return model && score <= best + spreadAfter(best) ? [{ model, score }] : []
  })
}

/** The text is a model's name, or the beginning of one ("kling", "seedream 4"). */
export function looksLikeName(text: string): boolean {
  const typed = spellings(text).filter((spelling) => spelling.length >= 3)
  return typed.some((spelling) => built().names.some((name) => name.startsWith(spelling)))
}

/** Up to this many words of a `/gen` text can name the model ("Seedream 4.5 Edit ..."). */
const MAX_NAME_WORDS = 6
/** A fuzzy guess of where the name ends looks at its first few words only. */
const MAX_GUESS_WORDS = 3

export type GenArgs =
  | { found: true; model: ModelSpec; prompt: string }
  | { found: false; name: string; prompt: string; suggestions: ModelSpec[] }

/**
 * Reads `/gen <model> [prompt]`: the longest run of leading words that names a model exactly;
 * otherwise the leading words that look most like a model (closest models as suggestions),
 * the rest being the prompt.
 */
export function readGenArgs(args: string): GenArgs | undefined {
  const words = [...args.matchAll(/\S+/g)]
  if (words.length === 0) return undefined
  const split = (count: number) => {
    const last = words[count - 1]!
    return {
      name: words
        .slice(0, count)
        .map((w) => w[0])
        .join(' '),
      prompt: args.slice(last.index + last[0].length).trim(),
    }
  }
  for (let count = Math.min(MAX_NAME_WORDS, words.length); count >= 1; count--) {
    const { name, prompt } = split(count)
    const model = exactModel(name)
    if (model) return { found: true, model, prompt }
  }
  const guesses = Math.min(MAX_GUESS_WORDS, words.length)
  // the longest run of words that begins a model's name ("nano banan" of "Nano Banana")
  for (let count = guesses; count >= 1; count--) {
    const names = spellings(split(count).name).filter((name) => name !== '')
    if (names.some((name) => built().names.some((n) => n.startsWith(name))))
      return { found: false, ...split(count), suggestions: similarModels(split(count).name).map((s) => s.model) }
  }
  // else the first word and the next ones that read like a part of a name ("4.5", "edit", "pro"),
  // not like the prompt ("a", "make"); the closest models to it, or to fewer words when none
  let count = 1
  while (count < guesses && isNameWord(words[count]![0])) count++
  for (; count >= 1; count--) {
    const suggestions = similarModels(split(count).name).map((s) => s.model)
    if (suggestions.length > 0 || count === 1) return { found: false, ...split(count), suggestions }
  }
  return { found: false, ...split(1), suggestions: [] }
}

/** A word every part of which is a number or a word (of two letters or more) of some model's name. */
function isNameWord(word: string): boolean {
  return spellings(word).some((spelling) =>
    spelling.split(' ').every((part) => /^\d+$/.test(part) || (part.length >= 2 && built().vocabulary.has(part))),
  )
}
