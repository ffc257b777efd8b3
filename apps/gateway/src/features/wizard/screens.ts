import { callbackData as cb } from '@kiebot/jobs'
import {
  askedFields,
  availableOptions,
  measuredFields,
  type FieldSpec,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import type { Quote } from '@kiebot/pricing'
import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'
import { button, escapeHtml, formatDate, formatRub, menuButton, rows, type Keyboard, type Screen } from '../../ui'
import { packsFor, withStars } from '../money'
import { effectiveDefault, fitsSourcePhoto, mediaCount } from './options'
import type { TaskPick } from './task-refs'

const BYTES_PER_MB = 1024 * 1024

/** The choices offered as buttons for a field (enum values, yes/no, number presets). */
export function fieldChoices(field: FieldSpec): readonly (string | number | boolean)[] {
  switch (field.type) {
    case 'enum':
      return field.enum
    case 'boolean':
      return [true, false]
    case 'integer':
    case 'number':
      return field.presets ?? []
    default:
      return []
  }
}

/** How a value reads on screen. */
export function displayValue(ctx: BotContext, field: FieldSpec, value: unknown): string {
  if (value === undefined) return '—'
  if (field.type === 'boolean') return ctx.t(value ? 'value.yes' : 'value.no')
  if (field.type === 'enum') return escapeHtml(field.optionLabels?.[String(value)]?.[ctx.lang] ?? String(value))
  if (field.type === 'media') return mediaCount(ctx, field.kind, Array.isArray(value) ? value.length : 1)
  const text = String(value)
  return escapeHtml(text.length > 200 ? `${text.slice(0, 200)}…` : text)
}

function choiceLabel(ctx: BotContext, field: FieldSpec, value: string | number | boolean): string {
  if (field.type === 'boolean') return ctx.t(value ? 'btn.yes' : 'btn.no')
  if (field.type === 'enum') return field.optionLabels?.[String(value)]?.[ctx.lang] ?? String(value)
  return String(value)
}

function instruction(ctx: BotContext, field: FieldSpec, value: unknown): string {
  switch (field.type) {
    case 'text':
      return field.minLength && field.minLength > 1
        ? ctx.t('wizard.text_range', { min: field.minLength, max: field.maxLength ?? 4000 })
        : ctx.t('wizard.text', { max: field.maxLength ?? 4000 })
    case 'enum':
    case 'boolean':
      return ctx.t('wizard.choose')
    case 'integer':
    case 'number':
      return ctx.t('wizard.number', { min: field.min ?? 0, max: field.max ?? '∞' })
    case 'media': {
      const kind = ctx.t(`media.${field.kind}`)
      const mb = Math.floor(field.maxBytes / BYTES_PER_MB)
      if (!field.multiple) return ctx.t('wizard.media_one', { kind, mb })
      const count = Array.isArray(value) ? value.length : 0
      return ctx.t('wizard.media_many', { kind, mb, min: Math.max(field.minItems, 1), max: field.maxItems, count })
    }
  }
}

function pickLabel(ctx: BotContext, pick: TaskPick): string {
  const { prompt, title } = (pick.params ?? {}) as { prompt?: unknown; title?: unknown }
  // a track is best known by its title (Suno's custom modes have one)
  const named = pick.track !== undefined && typeof title === 'string' && title.trim() !== '' ? title : prompt
  const text = typeof named === 'string' ? named.trim() : ''
  const icon = pick.track === undefined ? '🖼' : `🎵${pick.track}`
  return `${icon} ${formatDate(pick.createdAt, ctx.lang)}${text ? ` · ${text.length > 24 ? `${text.slice(0, 24)}…` : text}` : ''}`
}

/** What a step shows beyond the draft: option prices, notes from steps skipped on the way. */
export interface StepExtras {
  error?: string
  /** a field naming an earlier task: the user's own generations it can name */
  picks?: readonly TaskPick[]
  /** by option index: what the run costs with that option (only when options differ in price) */
  optionPrices?: ReadonlyMap<number, number>
  /** lines above the step (a step skipped on the way: its only option and why) */
  notes?: readonly string[]
}

/** Buttons per row of an option grid: 3 short labels ("✓ 1K · 17 ₽"), 2 longer ones, 1 when they are long. */
function perRow(labels: readonly string[]): number {
  const longest = Math.max(0, ...labels.map((l) => [...l].length))
  return longest <= 14 ? 3 : longest <= 22 ? 2 : 1
}

/**
 * One wizard step: the field, its current value, and what the user can do. The chosen (or
 * default) option carries ✓ and moves on as it is; a paid option says what the run costs with it.
 */
export function fieldScreen(ctx: BotContext, model: ModelSpec, draft: Draft, extras: StepExtras = {}): Screen {
  const { error, picks } = extras
  const fields = askedFields(model)
  const field = fields[draft.field]
  if (!field) throw new Error(`draft ${draft.id} has no field ${draft.field}`)
  const value = draft.params[field.key]
  const fallback = effectiveDefault(model, field, draft)
  const lines = [
    ...(extras.notes ?? []).flatMap((note) => [note, '']),
    ctx.t('wizard.header', {
      model: escapeHtml(model.name[ctx.lang]),
      step: draft.field + 1,
      total: fields.length,
      label: escapeHtml(field.label[ctx.lang]),
    }),
  ]
  if (field.hint) lines.push(escapeHtml(field.hint[ctx.lang]))
  if (value !== undefined) lines.push(ctx.t('wizard.current', { value: displayValue(ctx, field, value) }))
  else if (fitsSourcePhoto(model, field, draft))
    lines.push(ctx.t('wizard.default_fits', { value: displayValue(ctx, field, fallback) }))
  else if (fallback !== undefined) lines.push(ctx.t('wizard.default', { value: displayValue(ctx, field, fallback) }))
  else if (!field.required) lines.push(ctx.t('wizard.optional'))
  lines.push(
    '',
    picks ? ctx.t(picks.length > 0 ? 'wizard.task_pick' : 'wizard.task_none') : instruction(ctx, field, value),
  )
  if (error) lines.push('', ctx.t('wizard.invalid', { error: escapeHtml(error) }))

  const keyboard: Keyboard = []
  for (const pick of picks ?? []) keyboard.push([button(pickLabel(ctx, pick), cb.wizardTask(draft.id, pick.id))])
  const choices = fieldChoices(field)
  const selected = value ?? fallback
  let selectedShown = false
  if (choices.length > 0) {
    const allowed = field.type === 'enum' ? new Set(availableOptions(model, field.key, draft.params)) : undefined
    const buttons = choices.flatMap((choice, index) => {
      if (allowed && !allowed.has(choice as string | number)) return []
      const price = extras.optionPrices?.get(index)
      const label = choiceLabel(ctx, field, choice) + (price === undefined ? '' : ` · ${formatRub(price, ctx.lang)}`)
      // the chosen option moves on as it is: no separate "keep" button beside it
      if (choice === selected) {
        selectedShown = true
        return [button(`✓ ${label}`, cb.wizardSkip(draft.id, draft.field))]
      }
      return [button(label, cb.wizardOption(draft.id, draft.field, index))]
    })
    keyboard.push(...rows(buttons, perRow(buttons.map((b) => b.text))))
  }
  if (field.type === 'media') {
    const files = Array.isArray(value) ? value : value === undefined ? [] : [value]
    // one upload can be taken back; a single required file is replaced by sending another
    if (field.multiple || !field.required) {
      const kind = ctx.t(`media.one.${field.kind}`)
      const removes = files.map((_, i) =>
        button(ctx.t('btn.remove_file', { kind, number: i + 1 }), cb.wizardRemoveFile(draft.id, draft.field, i)),
      )
      keyboard.push(...rows(removes, 3))
    }
  }
  if (field.type === 'media' && field.multiple && Array.isArray(value) && value.length >= Math.max(field.minItems, 1))
    keyboard.push([button(ctx.t('btn.done', { count: value.length }), cb.wizardDone(draft.id, draft.field))])
  if (!selectedShown) {
    if (value === undefined && fallback !== undefined)
      keyboard.push([
        button(
          ctx.t('btn.skip_default', { value: choiceLabelOrValue(ctx, field, fallback) }),
          cb.wizardSkip(draft.id, draft.field),
        ),
      ])
    else if (value === undefined && !field.required)
      keyboard.push([button(ctx.t('btn.skip'), cb.wizardSkip(draft.id, draft.field))])
    else if (value !== undefined && field.type !== 'media')
      keyboard.push([
        button(
          ctx.t('btn.skip_default', { value: choiceLabelOrValue(ctx, field, value) }),
          cb.wizardSkip(draft.id, draft.field),
        ),
      ])
  }
  keyboard.push([
    button(ctx.t('btn.back'), cb.wizardBack(draft.id)),
    button(ctx.t('btn.cancel'), cb.wizardCancel(draft.id)),
  ])
  return { text: lines.join('\n'), keyboard }
}

/** "Edit" on the confirmation: which field to change; each goes back to the price once set. */
export function editScreen(ctx: BotContext, model: ModelSpec, draft: Draft): Screen {
  const fieldButtons = askedFields(model).map((field, index) => {
    const value = draft.params[field.key] ?? effectiveDefault(model, field, draft)
    const shown = value === undefined ? '—' : plainValue(ctx, field, value)
    return button(
      ctx.t('btn.edit_field', { label: field.label[ctx.lang], value: shown }),
      cb.editField(draft.id, index),
    )
  })
  return {
    text: ctx.t('edit.title', { model: escapeHtml(model.name[ctx.lang]) }),
    keyboard: [
      ...rows(fieldButtons, fieldButtons.every((b) => [...b.text].length <= 22) ? 2 : 1),
      [button(ctx.t('btn.edit_done'), cb.editDone(draft.id)), button(ctx.t('btn.cancel'), cb.wizardCancel(draft.id))],
    ],
  }
}

/** A value as a button shows it (no HTML; a long text cut short). */
function plainValue(ctx: BotContext, field: FieldSpec, value: unknown): string {
  if (field.type === 'media') return mediaCount(ctx, field.kind, Array.isArray(value) ? value.length : 1)
  return choiceLabelOrValue(ctx, field, value)
}

function choiceLabelOrValue(ctx: BotContext, field: FieldSpec, value: unknown): string {
  if (typeof value === 'boolean' && field.type !== 'boolean') return ctx.t(value ? 'btn.yes' : 'btn.no')
  const label =
    field.type === 'enum' || field.type === 'boolean'
      ? choiceLabel(ctx, field, value as string | number | boolean)
      : String(value)
  return label.length > 24 ? `${label.slice(0, 24)}…` : label
}

/** The parameter summary of a draft (asked fields only). */
export function paramsSummary(ctx: BotContext, model: ModelSpec, params: Params): string {
  return askedFields(model)
    .filter((f) => params[f.key] !== undefined)
    .map((f) =>
      ctx.t('confirm.param_line', { label: escapeHtml(f.label[ctx.lang]), value: displayValue(ctx, f, params[f.key]) }),
    )
    .join('\n')
}

/** The price confirmation: exact price, balance before and after; or the top-up offer. */
export function confirmationScreen(
  ctx: BotContext,
  model: ModelSpec,
  draft: Draft,
  params: Params,
  quote: Quote,
  note?: string,
): Screen {
  const balance = ctx.user.balanceKopecks
  const measured = measuredNote(ctx, model, draft.params, quote)
  const rub = formatRub(quote.kopecks, ctx.lang)
  const price = measured.upTo ? ctx.t('confirm.up_to', { price: rub }) : rub
  const priceWithStars = measured.upTo
    ? ctx.t('confirm.up_to', { price: withStars(ctx, quote.kopecks) })
    : withStars(ctx, quote.kopecks)
  const summary = [paramsSummary(ctx, model, params), ...measured.lines].filter((line) => line !== '').join('\n')
  const common = {
    model: escapeHtml(model.name[ctx.lang]),
    params: summary,
    price: priceWithStars,
    balance: formatRub(balance, ctx.lang),
  }
  const edit = [button(ctx.t('btn.edit'), cb.edit(draft.id)), button(ctx.t('btn.cancel'), cb.wizardCancel(draft.id))]
  const prefix = note ? `${note}\n\n` : ''
  if (balance < quote.kopecks) {
    const missing = quote.kopecks - balance
    const packs = packsFor(ctx, missing)
    return {
      text: prefix + ctx.t('confirm.insufficient', { ...common, missing: withStars(ctx, missing) }) + `\n${packs.note}`,
      keyboard: [...rows(packs.buttons, 2), edit, [menuButton(ctx)]],
    }
  }
  return {
    text:
      prefix +
      ctx.t('confirm.text', { ...common, after: formatRub(balance - quote.kopecks, ctx.lang) }) +
      (measured.note ? `\n\n${measured.note}` : ''),
    keyboard: [[button(ctx.t('btn.confirm', { price }), cb.confirm(draft.id))], edit],
  }
}

/**
 * The lines for values measured from the user's files (length, size), and what the price
 * means: what Telegram reported is only a claim, an unknown value is priced at the model's
 * maximum; the worker measures the file before Kie is paid, charges what it really costs
 * (never more than this) and gives the difference back.
 */
function measuredNote(
  ctx: BotContext,
  model: ModelSpec,
  draftParams: Params,
  quote: Quote,
): { lines: string[]; upTo: boolean; note?: string } {
  const fields = measuredFields(model).filter((f) => f.measuredFrom && draftParams[f.measuredFrom.media] !== undefined)
  if (fields.length === 0 || quote.fixed) return { lines: [], upTo: false }
  const lines = fields.map((f) => {
    const value = draftParams[f.key]
    const shown =
      value === undefined
        ? ctx.t('value.measured_unknown')
        : ctx.t(f.unit === 'px' ? 'value.pixels' : 'value.seconds_up_to', { value: String(value) })
    return ctx.t('confirm.param_line', { label: escapeHtml(f.label[ctx.lang]), value: shown })
  })
  return { lines, upTo: true, note: ctx.t('confirm.measured', { price: formatRub(quote.kopecks, ctx.lang) }) }
}
