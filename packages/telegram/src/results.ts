import { callbackData, RESULT_TASKS, type ResultTask } from '@kiebot/jobs'
import { t, type Lang } from '@kiebot/i18n'
import {
  askedFields,
  getModel,
  canCompare,
  listModels,
  mediaFields,
  promptField,
  type FieldSpec,
  type ModelKind,
  type ModelSpec,
  type OutputKind,
  type Params,
} from '@kiebot/models'
import { escapeHtml } from './html'
import type { CallbackButton, WebAppButton } from './keyboard'

// What a result says about itself, whoever sends it (the worker's delivery, a re-send from
// the history): the model, a short prompt and the key options, a variant's label, an audio's
// title and performer. Captions are HTML, within Telegram's 1024-character limit.

/** Telegram's caption limit (characters after entities are parsed; we count the raw text). */
export const CAPTION_MAX_CHARS = 1024
/** A text message's limit. */
export const MESSAGE_MAX_CHARS = 4096
/** How much of the prompt a caption quotes. */
export const CAPTION_PROMPT_CHARS = 200
/** How much of the prompt a history line quotes. */
export const SNIPPET_CHARS = 40
/** At most this many options follow the prompt ("16:9 · 10 s · 4K"). */
const CAPTION_OPTIONS = 4

/**
 * How long Kie's result links live, in hours. Kie's docs disagree (14 days in Getting Started,
 * "typically 24 hours" on the record page): users are promised the shorter, which always holds.
 */
export const RESULT_LINK_HOURS = 24

/** What a caption is made from (the fields of a `generations` row it reads). */
export interface ResultRow {
  modelId: string
  params: unknown
  /** Suno's own title of each result ('' where it gave none) */
  resultTitles?: readonly string[]
  /** Suno's own lyrics of each result ('' for an instrumental) */
  resultLyrics?: readonly string[]
}

function paramsOf(row: ResultRow): Params {
  return typeof row.params === 'object' && row.params !== null && !Array.isArray(row.params)
    ? (row.params as Params)
    : {}
}

/** Cuts a plain text to `max` characters (code points), on a word edge when one is near, with "…". */
export function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()]
  if (chars.length <= max) return chars.join('')
  const cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`
}

/** The prompt the user typed (the model's primary text), or undefined. */
export function promptOf(row: ResultRow): string | undefined {
  const model = getModel(row.modelId)
  const field = model ? promptField(model) : undefined
  const value = field ? paramsOf(row)[field.key] : undefined
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** A prompt snippet for a list line (plain text, not escaped). */
export function promptSnippet(row: ResultRow, max = SNIPPET_CHARS): string | undefined {
  const prompt = promptOf(row)
  return prompt === undefined ? undefined : shorten(prompt, max)
}

function optionText(field: FieldSpec, value: unknown, lang: Lang): string | undefined {
  if (value === undefined || value === null) return undefined
  if (field.type === 'enum') {
    const raw = String(value)
    // a ratio reads best as itself ("16:9"), other options by their label ("4K", "10 s")
    if (/^\d+:\d+$/.test(raw)) return raw
    return field.optionLabels?.[raw]?.[lang] ?? raw
  }
  if (field.type === 'integer' || field.type === 'number') {
    if (field.measuredFrom) return undefined
    return field.unit === 'seconds' ? t(lang, 'results.seconds', { value: String(value) }) : String(value)
  }
  return undefined
}

/** The key options of a generation, as "16:9 · 10 s · 4K" (plain text, not escaped). */
export function keyOptions(model: ModelSpec, params: Params, lang: Lang): string {
  return askedFields(model)
    .map((f) => optionText(f, params[f.key] ?? f.default, lang))
    .filter((text): text is string => text !== undefined && text !== '')
    .slice(0, CAPTION_OPTIONS)
    .join(' · ')
}

function isSuno(row: ResultRow): boolean {
  const model = getModel(row.modelId)
  return model !== undefined && model.output === 'audio' && model.family === 'suno'
}

/** Suno's custom mode (the user names the track): the prompt is the song's lyrics. */
function ownLyrics(row: ResultRow): string | undefined {
  const model = getModel(row.modelId)
  if (!model || !isSuno(row)) return undefined
  if (!askedFields(model).some((f) => f.key === 'title')) return undefined
  return promptOf(row)
}

/**
 * The lyrics of a Suno result (plain text): the user's own (custom mode), else the ones Suno
 * wrote, once when its tracks share them, else each under its variant's label.
 */
export function lyricsOf(row: ResultRow, lang: Lang): string | undefined {
  const own = ownLyrics(row)
  if (own !== undefined || !isSuno(row)) return own
  const sung = (row.resultLyrics ?? []).map((lyrics) => lyrics.trim())
  const distinct = [...new Set(sung.filter((lyrics) => lyrics !== ''))]
  if (distinct.length === 0) return undefined
  if (distinct.length === 1) return distinct[0]
  return sung
    .map((lyrics, index) =>
      lyrics === '' ? '' : `${t(lang, 'results.lyrics_variant', { n: index + 1, count: sung.length })}\n${lyrics}`,
    )
    .filter((text) => text !== '')
    .join('\n\n')
}

/** An audio result's title and performer (the user's title, else Suno's, else the prompt or the model's name; "Suno" for Suno). */
export function audioMeta(
  row: ResultRow,
  lang: Lang,
  variant?: { index: number; count: number },
): { title: string; performer: string } {
  const model = getModel(row.modelId)
  const own = paramsOf(row).title
  const suno = row.resultTitles?.[variant?.index ?? 0]?.trim()
  const base =
    typeof own === 'string' && own.trim() !== ''
      ? own.trim()
      : suno
        ? suno
        : (promptSnippet(row, 40) ?? model?.name[lang] ?? row.modelId)
  const title =
    variant && variant.count > 1
      ? t(lang, 'results.audio_title_variant', { title: base, n: variant.index + 1, count: variant.count })
      : base
  const performer = model?.family === 'suno' ? 'Suno' : (model?.name[lang] ?? 'Kie')
  return { title: shorten(title, 64), performer }
}

export interface CaptionOptions {
  /** the result's place among several ("variant 2/4") */
  variant?: { index: number; count: number }
}

function captionHead(row: ResultRow, lang: Lang, options: CaptionOptions): string {
  const name = escapeHtml(getModel(row.modelId)?.name[lang] ?? row.modelId)
  return options.variant && options.variant.count > 1
    ? t(lang, 'results.caption_variant', { model: name, n: options.variant.index + 1, count: options.variant.count })
    : t(lang, 'results.caption', { model: name })
}

/** The caption without lyrics: the head, the prompt in quotes (not for lyrics) and the key options. */
function captionBody(row: ResultRow, lang: Lang, options: CaptionOptions): string {
  const model = getModel(row.modelId)
  const lines = [captionHead(row, lang, options)]
  const prompt = promptOf(row)
  // custom mode's prompt is the lyrics (shown below); a description is quoted above Suno's lyrics
  if (prompt !== undefined && ownLyrics(row) === undefined)
    lines.push(`«${escapeHtml(shorten(prompt, CAPTION_PROMPT_CHARS))}»`)
  const opts = model ? keyOptions(model, paramsOf(row), lang) : ''
  if (opts) lines.push(escapeHtml(opts))
  return lines.join('\n')
}

/** Whether the lyrics (Suno's custom mode) fit in the caption; otherwise they follow in a message. */
function lyricsFit(row: ResultRow, lang: Lang, options: CaptionOptions): boolean {
  const lyrics = lyricsOf(row, lang)
  if (lyrics === undefined) return false
  return captionBody(row, lang, options).length + 2 + escapeHtml(lyrics).length <= CAPTION_MAX_CHARS
}

/**
 * A result's caption: "✨ Model · variant 2/4", the prompt in quotes and the key options; for
 * Suno's custom mode the lyrics when they fit. HTML-escaped, cut before escaping so no entity
 * is cut in half, and always within Telegram's 1024 characters.
 */
export function resultCaption(row: ResultRow, lang: Lang, options: CaptionOptions = {}): string {
  let caption = captionBody(row, lang, options)
  if (lyricsFit(row, lang, options)) caption = `${caption}\n\n${escapeHtml(lyricsOf(row, lang)!)}`
  return caption.length <= CAPTION_MAX_CHARS ? caption : captionHead(row, lang, options)
}

/** The lyrics when they do not fit the caption: a message of their own (cut to its limit), else undefined. */
export function lyricsMessage(row: ResultRow, lang: Lang): string | undefined {
  const lyrics = lyricsOf(row, lang)
  if (lyrics === undefined || lyricsFit(row, lang, {})) return undefined
  const head = t(lang, 'results.lyrics', { model: escapeHtml(getModel(row.modelId)?.name[lang] ?? row.modelId) })
  const room = MESSAGE_MAX_CHARS - head.length - 2
  // cut the plain text so that its escaped form fits (never an entity cut in half)
  let chars = [...lyrics]
  while (escapeHtml(chars.join('')).length > room) chars = chars.slice(0, Math.floor(chars.length * 0.95) - 1)
  const text = chars.length < [...lyrics].length ? `${chars.join('').trimEnd()}…` : lyrics
  return `${head}\n\n${escapeHtml(text)}`
}

/** What a result can be used for, by the kind of model that takes it. */
const TASK_OF_KIND: Partial<Record<ModelKind, ResultTask>> = {
  'image-edit': 'edit',
  'image-to-image': 'edit',
  'image-to-video': 'animate',
  'text-to-video': 'animate',
  'image-upscale': 'upscale',
  'video-upscale': 'upscale',
  'background-removal': 'background',
  'video-to-video': 'restyle',
  'talking-avatar': 'lip_sync',
  'lip-sync': 'lip_sync',
  'speech-to-video': 'lip_sync',
  'audio-isolation': 'isolate',
  music: 'cover',
}

/** A model that can take a result as its input, and the field that takes it. */
export interface InputTarget {
  model: ModelSpec
  field: FieldSpec
  task: ResultTask
  /** `file`: the result's file goes into a media field; `task`: the field names the result's Kie task (or track) */
  via: 'file' | 'task'
}

/** What a model naming an earlier task does with it (Veo/Runway/Suno extend, Grok upscale). */
const TASK_OF_REF_KIND: Partial<Record<ModelKind, ResultTask>> = {
  'video-extend': 'extend',
  music: 'extend',
  'image-upscale': 'upscale',
  'video-upscale': 'upscale',
}

/**
 * Every model that takes a result of this kind as an input, in the registry's order: first
 * those whose first media field takes the file, then (knowing the result's model) those whose
 * asked field names that model's task or track (extend, Grok's upscale). The place in this list is
 * what a "use as input" button carries. The gateway hides the ones not offered now.
 */
export function inputTargets(kind: OutputKind, sourceModelId?: string): readonly InputTarget[] {
  // the registry is fixed for the process: one list per kind and source model, kept (bounded by
  // the registry's size: an unknown source model shares its kind's list)
  const source = sourceModelId === undefined ? undefined : getModel(sourceModelId)
  const key = source ? `${kind} ${source.slug}` : kind
  let targets = TARGETS.get(key)
  if (!targets) {
    targets = Object.freeze(findInputTargets(kind, source))
    TARGETS.set(key, targets)
  }
  return targets
}

const TARGETS = new Map<string, readonly InputTarget[]>()

function findInputTargets(kind: OutputKind, source: ModelSpec | undefined): InputTarget[] {
  const byFile = listModels().flatMap((model): InputTarget[] => {
    const task = TASK_OF_KIND[model.kind]
    const field = mediaFields(model).find((f) => f.kind === kind)
    return task && field && mediaFields(model)[0] === field ? [{ model, field, task, via: 'file' }] : []
  })
  if (!source) return byFile
  const byTask = listModels().flatMap((model): InputTarget[] => {
    const task = TASK_OF_REF_KIND[model.kind]
    const field = askedFields(model).find((f) => f.type === 'text' && f.taskRef?.kieModels.includes(source.kieModel))
    return task && field ? [{ model, field, task, via: 'task' }] : []
  })
  return [...byFile, ...byTask]
}

/** The tasks a result of this kind (of this model) can go on to, in a fixed order. */
export function inputTasks(kind: OutputKind, sourceModelId?: string): ResultTask[] {
  const present = new Set(inputTargets(kind, sourceModelId).map((target) => target.task))
  return RESULT_TASKS.filter((task) => present.has(task))
}

/** What sits under a result: another variant (same settings, straight to the price) and the menu. */
export function variantKeyboard(generationId: string, lang: Lang): CallbackButton[][] {
  return [
    [
      { text: t(lang, 'results.btn.variant'), callback_data: callbackData.repeat(generationId) },
      { text: t(lang, 'result.btn.menu'), callback_data: callbackData.menu() },
    ],
  ]
}

/**
 * The "what next" buttons after a generation's results: edit the prompt; for each result its
 * original file (images: Telegram recompresses photos), "use as input" (when some model
 * takes it) and a star for the favourites. Several results get a row each, numbered as they were sent;
 * last, one row with Compare and the gallery.
 */
export function nextStepsKeyboard(
  generation: ResultRow & { id: string; resultUrls: readonly string[] },
  lang: Lang,
  /** the Mini App's address: the last row opens this result in the gallery */
  webAppUrl?: string,
): (CallbackButton | WebAppButton)[][] {
  const model = getModel(generation.modelId)
  const rows: (CallbackButton | WebAppButton)[][] = []
  const count = generation.resultUrls.length
  const first: CallbackButton[] = []
  if (model && promptField(model))
    first.push({
      text: t(lang, 'results.btn.edit_prompt'),
      callback_data: callbackData.resultEditPrompt(generation.id),
    })
  if (count === 1)
    first.push({ text: t(lang, 'results.btn.favorite'), callback_data: callbackData.favorite(generation.id, 0) })
  if (first.length > 0) rows.push(first)
  const kind = model?.output
  const usable = kind !== undefined && inputTargets(kind, generation.modelId).length > 0
  for (let index = 0; index < count && index < 10; index++) {
    const row: CallbackButton[] = []
    const n = index + 1
    if (kind === 'image')
      row.push({
        text: count > 1 ? t(lang, 'results.btn.original_n', { n }) : t(lang, 'results.btn.original'),
        callback_data: callbackData.resultOriginal(generation.id, index),
      })
    if (usable)
      row.push({
        text: count > 1 ? t(lang, 'results.btn.use_n', { n }) : t(lang, 'results.btn.use'),
        callback_data: callbackData.resultUse(generation.id, index),
      })
    if (count > 1)
      row.push({
        text: t(lang, 'results.btn.favorite_n', { n }),
        callback_data: callbackData.favorite(generation.id, index),
      })
    if (row.length > 0) rows.push(row)
  }
  // one last row: the same prompt on other models of this kind (this one picked), and the gallery
  const last: (CallbackButton | WebAppButton)[] = []
  if (model && canCompare(model))
    last.push({
      text: t(lang, 'compare.btn.start_short'),
      callback_data: callbackData.compareFromResult(generation.id),
    })
  if (webAppUrl !== undefined && rows.length > 0)
    last.push({
      text: t(lang, 'gallery.open'),
      web_app: { url: `${webAppUrl}?open=${encodeURIComponent(generation.id)}` },
    })
  if (last.length > 0) rows.push(last)
  return rows
}
