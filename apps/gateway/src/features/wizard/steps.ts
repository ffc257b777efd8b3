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
import { show } from '../../ui'
import { confirmationScreen, fieldChoices, fieldScreen } from './screens'
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
  if (draft.field < fields.length) {
    const field = fields[draft.field]
    const picks = isTaskRef(field) ? await taskSources(ctx, field) : undefined
    await show(ctx, fieldScreen(ctx, model, draft, options.error, picks), options)
    return
  }
  const checked = validateParams(model, draft.params, { telegramFiles: true })
  if (!checked.ok) {
    // Go back to the first field with a problem (e.g. a rule between two fields).
    const first = checked.errors[0]!
    const index = fields.findIndex((f) => f.key === first.field)
    draft.field = index >= 0 ? index : 0
    draft.shownKopecks = undefined
    await ctx.deps.drafts.save(draft)
    await show(ctx, fieldScreen(ctx, model, draft, first.message[ctx.lang]), options)
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
  draft.shownKopecks = quote.kopecks
  await ctx.deps.drafts.save(draft)
  await show(ctx, confirmationScreen(ctx, model, draft, checked.params, quote, options.note), options)
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
  if (options.advance ?? true) draft.field = draft.thenConfirm ? askedFields(model).length : draft.field + 1
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
  if (field.required && draft.params[field.key] === undefined && field.default === undefined)
    return showStep(ctx, draft)
  draft.field += 1
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}

export async function goBack(ctx: BotContext, draft: Draft): Promise<void> {
  draft.field = Math.max(0, Math.min(draft.field, askedFields(modelOf(draft)).length) - 1)
  draft.shownKopecks = undefined
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
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
  draft.field += 1
  await ctx.deps.drafts.save(draft)
  await showStep(ctx, draft)
}
