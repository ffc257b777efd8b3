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

interface Entry {
  slug: string
  names: string[]
}

let index: { exact: Map<string, string>; names: string[]; fuse: Fuse<Entry> } | undefined

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
  index = { exact, names: entries.flatMap((e) => e.names), fuse }
  return index
}

/** The model this exact name, slug or Kie id names. */
export function exactModel(name: string): ModelSpec | undefined {
  const slug = built().exact.get(normalizeName(name))
  return slug ? getModel(slug) : undefined
}

/** Models whose names look like `query`, closest first (with fuse's score: 0 is exact). */
export function similarModels(query: string): { model: ModelSpec; score: number }[] {
  const normalized = normalizeName(query)
  if (normalized === '') return []
  return built()
    .fuse.search(normalized)
    .flatMap((r) => {
      const model = getModel(r.item.slug)
      return model ? [{ model, score: r.score ?? 1 }] : []
    })
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
    const name = normalizeName(split(count).name)
    if (name !== '' && built().names.some((n) => n.startsWith(name)))
      return { found: false, ...split(count), suggestions: similarModels(split(count).name).map((s) => s.model) }
  }
  // else the run that looks most like one; on a tie the shorter (the prompt keeps its words)
  let best = { count: 1, score: Infinity, models: [] as ModelSpec[] }
  for (let count = 1; count <= guesses; count++) {
    const similar = similarModels(split(count).name)
    const score = similar[0]?.score ?? Infinity
    if (score < best.score - 0.01) best = { count, score, models: similar.map((s) => s.model) }
  }
  return { found: false, ...split(best.count), suggestions: best.models }
}
