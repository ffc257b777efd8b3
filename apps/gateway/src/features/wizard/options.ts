import {
  availableOptions,
  type EnumField,
  type FieldSpec,
  type MediaKind,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'
import { pluralForm } from '../../ui'

// What a step knows beyond its field: the value that fits the user's files and the model's
// kind (a fitting default), an option that is the only one left (the step is skipped, saying
// why), and how uploaded files read ("2 photos").

const AUTO = new Set(['auto', 'Auto', 'adaptive'])
const EDITOR_KINDS = new Set(['image-edit', 'image-to-image'])
const WIDE = ['16:9', 'landscape', 'landscape_16_9']

/** A value's width / height when it names an aspect ratio (`16:9`, `landscape_4_3`, `square_hd`). */
export function ratioOf(value: unknown): number | undefined {
  const text = String(value)
  const colon = /^(\d+):(\d+)$/.exec(text)
  if (colon) return Number(colon[1]) / Number(colon[2])
  const named = /^(portrait|landscape)_(\d+)_(\d+)$/.exec(text)
  if (named) {
    const long = Math.max(Number(named[2]), Number(named[3]))
    const short = Math.min(Number(named[2]), Number(named[3]))
    return named[1] === 'landscape' ? long / short : short / long
  }
  if (text === 'square' || text === 'square_hd') return 1
  return undefined
}

/** An enum field whose options are aspect ratios (most of them parse as one). */
function isAspectField(field: FieldSpec): field is EnumField {
  if (field.type !== 'enum') return false
  const ratios = field.enum.filter((v) => ratioOf(v) !== undefined || AUTO.has(String(v)) || v === 'portrait')
  return ratios.length >= 2 && ratios.length >= field.enum.length - 1
}

/**
 * The default that fits, when it is not the model's: an editor keeps the source's shape ("auto"
 * where Kie offers it, else the option closest to the first photo sent); text-to-video is wide
 * (16:9) rather than square or tall. `undefined`: the model's own default fits.
 */
export function fittingDefault(model: ModelSpec, field: FieldSpec, draft: Pick<Draft, 'sourceAspect'>) {
  if (!isAspectField(field)) return undefined
  let fit: string | number | undefined
  if (EDITOR_KINDS.has(model.kind)) {
    fit = field.enum.find((v) => AUTO.has(String(v)))
    if (fit === undefined && draft.sourceAspect !== undefined) {
      const source = Math.log(draft.sourceAspect)
      let best = Infinity
      for (const value of field.enum) {
        const ratio = ratioOf(value)
        if (ratio === undefined) continue
        const distance = Math.abs(Math.log(ratio) - source)
        if (distance < best - 1e-9) [best, fit] = [distance, value]
      }
    }
  } else if (model.kind === 'text-to-video') {
    const tall = ['9:16', 'portrait']
    if (![...WIDE, ...tall].includes(String(field.default))) fit = field.enum.find((v) => WIDE.includes(String(v)))
  }
  return fit === undefined || fit === field.default ? undefined : fit
}

/** True when the fitting default is the option closest to the user's photo (the step says so). */
export function fitsSourcePhoto(model: ModelSpec, field: FieldSpec, draft: Pick<Draft, 'sourceAspect'>): boolean {
  const fit = fittingDefault(model, field, draft)
  return fit !== undefined && draft.sourceAspect !== undefined && !AUTO.has(String(fit)) && EDITOR_KINDS.has(model.kind)
}

/** The field's default as the wizard offers it: the fitting one, else the model's. */
export function effectiveDefault(model: ModelSpec, field: FieldSpec, draft: Pick<Draft, 'sourceAspect'>): unknown {
  return fittingDefault(model, field, draft) ?? field.default
}

/** Params with every unset field that has a fitting default set to it (the confirmation's values). */
export function withFittingDefaults(model: ModelSpec, draft: Draft): Params {
  const params = { ...draft.params }
  for (const field of model.fields) {
    if (!field.ask || params[field.key] !== undefined) continue
    const fit = fittingDefault(model, field, draft)
    if (fit !== undefined) params[field.key] = fit
  }
  return params
}

/**
 * An enum step with one option left under the values chosen so far (Runway: 1080p needs 5 s):
 * that option, and why the others are gone (the first sentence of the rule the model gives).
 */
export function onlyOption(
  ctx: BotContext,
  model: ModelSpec,
  field: FieldSpec,
  params: Params,
): { value: string | number; reason?: string } | undefined {
  if (field.type !== 'enum' || field.enum.length < 2) return undefined
  const allowed = availableOptions(model, field.key, params)
  if (allowed.length !== 1) return undefined
  const value = allowed[0]!
  const excluded = field.enum.find((v) => v !== value)
  const base: Params = {}
  for (const f of model.fields) if (f.default !== undefined) base[f.key] = f.default
  const clash = model.crossFieldErrors({ ...base, ...params, [field.key]: excluded })[0]
  const sentence = clash?.message[ctx.lang].split(/(?<=\.)\s/)[0]
  // it follows a colon: lower-case, unless it starts with a name or an abbreviation ("HD", "1080p")
  const reason = sentence && /^\p{Lu}\p{Ll}/u.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence
  return reason ? { value, reason } : { value }
}

/** "2 photos", "1 аудиофайл". */
export function mediaCount(ctx: BotContext, kind: MediaKind, count: number): string {
  const form = pluralForm(ctx.lang, count)
  return ctx.t(`count.${kind}.${form === 'other' ? 'many' : form}`, { count })
}
