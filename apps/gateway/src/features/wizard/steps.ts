import {
  askedFields,
  getModel,
  validateParams,
  withMeasurements,
  type FieldSpec,
  type MediaField,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import { telegramFileRef } from '@kiebot/telegram'
import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'
import { PricesUnavailableError } from '../../state/prices'
import { escapeHtml, show } from '../../ui'
import { ranWithoutAsking } from './auto'
import { effectiveDefault, onlyOption, withFittingDefaults } from './options'
import { confirmationScreen, displayValue, editScreen, fieldChoices, fieldScreen } from './screens'
import { isTaskRef, ownsTask, taskSources } from './task-refs'

// The parameter wizard: one step per asked field of the model, then the price
// confirmation. The draft (Redis) says which step is current.

export function modelOf(draft: Draft): ModelSpec {
  const model = getModel(draft.slug)
  if (!model) throw new Error(`draft ${draft.id} names unknown model ${draft.slug}`)
  return model
}

/**
 * Text values longer than their field's limit, cut to it before the draft stores
 * them (a `/gen` prompt can be 4096 characters; the draft keeps only what the model
 * takes). Returns the keys that were shortened, for the confirmation to say so.
 */
export function capTexts(model: ModelSpec, params: Params): { params: Params; shortened: string[] } {
  const capped: Params = { ...params }
  const shortened: string[] = []
  for (const field of model.fields) {
    const value = capped[field.key]
    if (field.type !== 'text' || field.maxLength === undefined || typeof value !== 'string') continue
    const chars = [...value.trim()]
    if (chars.length <= field.maxLength) continue
    capped[field.key] = chars.slice(0, field.maxLength).join('')
    shortened.push(field.key)
  }
  return { params: capped, shortened }
}

/** Shows the draft's current step (a field, or the confirmation after the last one). */
export async function showStep(
  ctx: BotContext,
  draft: Draft,
  options: { error?: string; note?: string; newMessage?: boolean } = {},
): Promise<void> {
  const model = modelOf(draft)
  const fields = askedFields(model)
  const notes = skipOnlyOptions(ctx, model, draft)
  if (draft.field < fields.length) {
    const field = fields[draft.field]!
    const picks = isTaskRef(field) ? await taskSources(ctx, field) : undefined
    if (notes.length > 0) await ctx.deps.drafts.save(draft)
    const screen = fieldScreen(ctx, model, draft, {
      ...(options.error !== undefined && { error: options.error }),
      ...(picks && { picks }),
      optionPrices: await optionPrices(ctx, model, draft, field),
      notes: [...(options.note ? [options.note] : []), ...notes],
    })
    await remember(ctx, draft, await show(ctx, screen, options))
    return
  }
  const checked = validateParams(model, withFittingDefaults(model, draft), { telegramFiles: true })
  if (!checked.ok) {
    // Go back to the first field with a problem (e.g. a rule between two fields).
    const first = checked.errors[0]!
    const index = fields.findIndex((f) => f.key === first.field)
    draft.field = index >= 0 ? index : 0
    draft.shownKopecks = undefined
    await ctx.deps.drafts.save(draft)
    const field = fields[draft.field]!
    const screen = fieldScreen(ctx, model, draft, {
      error: first.message[ctx.lang],
      optionPrices: await optionPrices(ctx, model, draft, field),
      notes,
    })
    await remember(ctx, draft, await show(ctx, screen, options))
    return
  }
  let quote
  try {
    quote = await ctx.deps.prices.quote(model, checked.params)
  } catch (error) {
    if (error instanceof PricesUnavailableError) {
      await ctx.reply(ctx.t('prices.unavailable'))
      return
    }
    throw error
  }
  // the values the price is for are the draft's from now on (a fitting default included)
  draft.params = withFittingDefaults(model, draft)
  draft.shownKopecks = quote.kopecks
  draft.editing = undefined
  await ctx.deps.drafts.save(draft)
  const note = [options.note, ...notes].filter((n): n is string => n !== undefined).join('\n')
  // a note (the price moved, a text was cut, a step was passed) must be read: never run past it
  if (!note && (await ranWithoutAsking(ctx, draft, quote))) return
  const screen = confirmationScreen(ctx, model, draft, checked.params, quote, note || undefined)
  await remember(ctx, draft, await show(ctx, screen, options))
}

/**
 * Keeps the id of the message that shows the draft now (a top-up pressed there resumes it);
 * when that is a new message, the one that showed the previous step loses its buttons (they
 * would act on a step that is gone).
 */
async function remember(ctx: BotContext, draft: Draft, messageId: number | undefined): Promise<void> {
  if (messageId === undefined || draft.messageId === messageId) return
  const previous = draft.messageId
  draft.messageId = messageId
  await ctx.deps.drafts.save(draft)
  if (previous === undefined) return
  await ctx.telegram
    .editMessageReplyMarkup(Number(draft.chatId), previous, undefined, { inline_keyboard: [] })
    .catch((error: unknown) => ctx.deps.logger.info('old step keeps its buttons', { error: String(error) }))
}

/**
 * Steps left with one option under the values chosen (Runway at 10 s: only 720p) take it and
 * are passed; returns a line for each, saying why. Does not save the draft.
 */
function skipOnlyOptions(ctx: BotContext, model: ModelSpec, draft: Draft): string[] {
  const fields = askedFields(model)
  const notes: string[] = []
  for (let field = fields[draft.field]; field !== undefined; field = fields[draft.field]) {
    const only = onlyOption(ctx, model, field, draft.params)
    if (!only) break
    draft.params = { ...draft.params, [field.key]: only.value }
    draft.field = nextField(draft)
    const line = {
      label: escapeHtml(field.label[ctx.lang]),
      value: displayValue(ctx, field, only.value),
    }
    notes.push(
      only.reason
        ? ctx.t('wizard.only_option', { ...line, reason: escapeHtml(only.reason) })
        : ctx.t('wizard.only_option_plain', line),
    )
  }
  return notes
}

/**
 * What the run costs with each option of this step, when the price depends on the field and
 * the options differ in price (the other values as chosen so far, defaults for the rest).
 */
async function optionPrices(
  ctx: BotContext,
  model: ModelSpec,
  draft: Draft,
  field: FieldSpec,
): Promise<ReadonlyMap<number, number> | undefined> {
  if (!model.priceInputs.includes(field.key)) return undefined
  const choices = fieldChoices(field)
  if (choices.length < 2) return undefined
  const params = withFittingDefaults(model, draft)
  const prices = new Map<number, number>()
  try {
    for (const [index, choice] of choices.entries())
      prices.set(index, (await ctx.deps.prices.quote(model, { ...params, [field.key]: choice })).kopecks)
  } catch {
    return undefined // a combination the price table does not know: no prices rather than a wrong one
  }
  return new Set(prices.values()).size > 1 ? prices : undefined
}

/** The problem with this field's value, if any (rules about later fields are ignored). */
function fieldProblem(ctx: BotContext, model: ModelSpec, field: FieldSpec, params: Params): string | undefined {
  const checked = validateParams(model, params, { telegramFiles: true })
  if (checked.ok) return undefined
  const own = checked.errors.find((e) => e.field === field.key && e.code !== 'required')
  return own?.message[ctx.lang]
}

/** Sets the current field's value; moves on when valid, else re-shows the step with the reason. */
export async function setValue(
  ctx: BotContext,
  draft: Draft,
  value: unknown,
  options: { advance?: boolean } = {},
): Promise<void> {
  const model = modelOf(draft)
  const field = askedFields(model)[draft.field]
  if (!field) return showStep(ctx, draft)
  const params = { ...draft.params, [field.key]: value }
  const problem = fieldProblem(ctx, model, field, params)
  if (problem) return showStep(ctx, draft, { error: problem, newMessage: !ctx.callbackQuery })
  draft.params = params
  if (options.advance ?? true) draft.field = nextField(draft)
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft, { newMessage: !ctx.callbackQuery })
}

/** A button choice (enum value, yes/no, number preset) by its index. */
export async function chooseOption(
  ctx: BotContext,
  draft: Draft,
  fieldIndex: number,
  optionIndex: number,
): Promise<void> {
  const field = askedFields(modelOf(draft))[fieldIndex]
  const choice = field ? fieldChoices(field)[optionIndex] : undefined
  if (fieldIndex !== draft.field || choice === undefined) return showStep(ctx, draft) // an older message's button
  await setValue(ctx, draft, choice)
}

/** Skip: keep the current value or the default, or leave an optional field empty. */
export async function skipField(ctx: BotContext, draft: Draft, fieldIndex: number): Promise<void> {
  const field = askedFields(modelOf(draft))[fieldIndex]
  if (!field || fieldIndex !== draft.field) return showStep(ctx, draft)
  const model = modelOf(draft)
  const fallback = effectiveDefault(model, field, draft)
  if (field.required && draft.params[field.key] === undefined && fallback === undefined) return showStep(ctx, draft)
  if (draft.params[field.key] === undefined && fallback !== field.default)
    draft.params = { ...draft.params, [field.key]: fallback }
  draft.field = nextField(draft)
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}

/**
 * The step after the current one: the next field, or the price when only this field was asked
 * ("what to change" from the confirmation, or a result's "edit the prompt").
 */
function nextField(draft: Draft): number {
  return draft.editing || draft.thenConfirm ? askedFields(modelOf(draft)).length : draft.field + 1
}

export async function goBack(ctx: BotContext, draft: Draft): Promise<void> {
  const model = modelOf(draft)
  const fields = askedFields(model)
  draft.shownKopecks = undefined
  if (draft.editing) {
    // a field chosen from "what to change": back to that menu
    draft.editing = undefined
    draft.field = fields.length
    await ctx.deps.drafts.save(draft)
    await show(ctx, editScreen(ctx, model, draft))
    return
  }
  draft.field = Math.max(0, Math.min(draft.field, fields.length) - 1)
  // a step passed because it had one option is passed going back too
  while (draft.field > 0 && onlyOption(ctx, model, fields[draft.field]!, draft.params)) draft.field -= 1
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}

/** "Edit" on the confirmation: what to change. */
export async function showEditMenu(ctx: BotContext, draft: Draft): Promise<void> {
  const model = modelOf(draft)
  draft.field = askedFields(model).length
  draft.editing = undefined
  draft.thenConfirm = undefined
  await ctx.deps.drafts.save(draft)
  await remember(ctx, draft, await show(ctx, editScreen(ctx, model, draft)))
}

/** One field from "what to change": its step, then straight back to the confirmation. */
export async function editField(ctx: BotContext, draft: Draft, fieldIndex: number): Promise<void> {
  const fields = askedFields(modelOf(draft))
  if (fieldIndex >= fields.length) return showStep(ctx, draft)
  draft.field = fieldIndex
  draft.editing = true
  draft.shownKopecks = undefined
  draft.thenConfirm = undefined // `editing` brings this one field back to the confirmation
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}

/** The confirmation again, nothing changed ("Back to the price"). */
export async function backToConfirmation(ctx: BotContext, draft: Draft): Promise<void> {
  draft.field = askedFields(modelOf(draft)).length
  draft.editing = undefined
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}

/** Removes one of the files sent on a media step; the step is shown again. */
export async function removeFile(ctx: BotContext, draft: Draft, fieldIndex: number, fileIndex: number): Promise<void> {
  const model = modelOf(draft)
  const field = askedFields(model)[fieldIndex]
  if (fieldIndex !== draft.field || field?.type !== 'media') return showStep(ctx, draft)
  const value = draft.params[field.key]
  const files = Array.isArray(value) ? [...(value as unknown[])] : value === undefined ? [] : [value]
  if (fileIndex >= files.length) return showStep(ctx, draft)
  files.splice(fileIndex, 1)
  // what was measured from the files is measured again by the worker: priced at the maximum meanwhile
  const { [field.key]: _removed, ...rest } = withMeasurements(model, draft.params, field.key, {})
  draft.params = files.length === 0 ? rest : { ...rest, [field.key]: field.multiple ? files : files[0] }
  if (files.length === 0 && fieldIndex === 0) draft.sourceAspect = undefined
  draft.shownKopecks = undefined
  await ctx.deps.drafts.save(draft)
  const kind = ctx.t(`media.one.${field.kind}`)
  await showStep(ctx, draft, { note: ctx.t('wizard.file_removed', { kind, number: fileIndex + 1 }) })
}

/** Text typed while a draft is open: the value of a text or number field. */
export async function acceptText(ctx: BotContext, draft: Draft, text: string): Promise<void> {
  const field = askedFields(modelOf(draft))[draft.field]
  if (!field || field.type === 'media' || field.type === 'enum' || field.type === 'boolean')
    return showStep(ctx, draft, { error: ctx.t('wizard.wrong_input'), newMessage: true })
  // A task id is accepted only when it is one of the user's own generations.
  if (isTaskRef(field) && !(await ownsTask(ctx, field, text)))
    return showStep(ctx, draft, { error: ctx.t('wizard.task_not_yours'), newMessage: true })
  if (field.type === 'integer' || field.type === 'number') {
    const n = Number(text.trim().replace(',', '.'))
    if (!Number.isFinite(n) || text.trim() === '')
      return showStep(ctx, draft, { error: ctx.t('wizard.not_number'), newMessage: true })
    return setValue(ctx, draft, n)
  }
  return setValue(ctx, draft, text)
}

/** A file the user sent, as the wizard sees it. */
export interface IncomingFile {
  kind: 'image' | 'video' | 'audio' | 'other'
  fileId: string
  size?: number
  /** seconds, for audio and video */
  duration?: number
  /** pixels of the longer side, for images */
  longSide?: number
  /** width / height, for photos */
  aspect?: number
}

/** A photo/video/audio/voice/document sent while a draft is open. */
export async function acceptFile(ctx: BotContext, draft: Draft, file: IncomingFile): Promise<void> {
  const model = modelOf(draft)
  const field = askedFields(model)[draft.field]
  if (!field || field.type !== 'media')
    return showStep(ctx, draft, { error: ctx.t('wizard.wrong_input'), newMessage: true })
  const media: MediaField = field
  if (file.kind !== media.kind)
    return showStep(ctx, draft, {
      error: ctx.t('wizard.wrong_media', { kind: ctx.t(`media.${media.kind}`) }),
      newMessage: true,
    })
  if (file.size !== undefined && file.size > media.maxBytes) {
    const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1)
    return showStep(ctx, draft, {
      error: ctx.t('wizard.file_too_big', { size: mb(file.size), max: mb(media.maxBytes) }),
      newMessage: true,
    })
  }
  // Fields measured from this file (duration, size) follow the new file: what Telegram
  // reports is only a claim (the worker measures the file itself before Kie is paid), and
  // what it does not report is cleared, so it is priced at the model's maximum.
  const measured = (params: Params) =>
    withMeasurements(
      model,
      params,
      media.key,
      { 'duration-seconds': file.duration, 'long-side-px': file.longSide },
      { claimed: true },
    )
  const ref = telegramFileRef(file.fileId)
  // an editor's aspect ratio follows the first photo sent
  if (file.aspect !== undefined && draft.sourceAspect === undefined) draft.sourceAspect = file.aspect
  if (!media.multiple) {
    draft.params = measured(draft.params)
    return setValue(ctx, draft, ref)
  }
  const current = Array.isArray(draft.params[media.key]) ? (draft.params[media.key] as string[]) : []
  if (current.length >= media.maxItems)
    return showStep(ctx, draft, { error: ctx.t('wizard.too_many_files', { max: media.maxItems }), newMessage: true })
  draft.params = measured(draft.params)
  const files = [...current, ref]
  // Move on by itself once the maximum is reached; otherwise wait for "Done".
  await setValue(ctx, draft, files, { advance: files.length >= media.maxItems })
}

/** "Done" on a multi-file step. */
export async function finishFiles(ctx: BotContext, draft: Draft, fieldIndex: number): Promise<void> {
  if (fieldIndex !== draft.field) return showStep(ctx, draft)
  draft.field = nextField(draft)
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}
