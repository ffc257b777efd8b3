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
import {
  button,
  escapeHtml,
  formatDate,
  formatRub,
  menuButton,
  pluralForm,
  rows,
  type Keyboard,
  type Screen,
} from '../../ui'
import { packButtons } from '../money'
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
  if (field.type === 'media') {
    const count = Array.isArray(value) ? value.length : 1
    if (count === 1) return ctx.t('value.file')
    const form = pluralForm(ctx.lang, count)
    return ctx.t(form === 'one' ? 'value.files_one' : form === 'few' ? 'value.files_few' : 'value.files', { count })
  }
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

/**
 * One wizard step: the field, its current value, and what the user can do. `picks`
 * (a field naming an earlier task): the user's own generations it can name.
 */
export function fieldScreen(
  ctx: BotContext,
  model: ModelSpec,
  draft: Draft,
  error?: string,
  picks?: readonly TaskPick[],
): Screen {
  const fields = askedFields(model)
  const field = fields[draft.field]
  if (!field) throw new Error(`draft ${draft.id} has no field ${draft.field}`)
  const value = draft.params[field.key]
  const lines = [
    ctx.t('wizard.header', {
      model: escapeHtml(model.name[ctx.lang]),
      step: draft.field + 1,
      total: fields.length,
      label: escapeHtml(field.label[ctx.lang]),
    }),
  ]
  if (field.hint) lines.push(escapeHtml(field.hint[ctx.lang]))
  if (value !== undefined) lines.push(ctx.t('wizard.current', { value: displayValue(ctx, field, value) }))
  else if (field.default !== undefined)
    lines.push(ctx.t('wizard.default', { value: displayValue(ctx, field, field.default) }))
  else if (!field.required) lines.push(ctx.t('wizard.optional'))
  lines.push(
    '',
    picks ? ctx.t(picks.length > 0 ? 'wizard.task_pick' : 'wizard.task_none') : instruction(ctx, field, value),
  )
  if (error) lines.push('', ctx.t('wizard.invalid', { error: escapeHtml(error) }))

  const keyboard: Keyboard = []
  for (const pick of picks ?? []) keyboard.push([button(pickLabel(ctx, pick), cb.wizardTask(draft.id, pick.id))])
  const choices = fieldChoices(field)
  if (choices.length > 0) {
    const allowed = field.type === 'enum' ? new Set(availableOptions(model, field.key, draft.params)) : undefined
    const buttons = choices.flatMap((choice, index) =>
      allowed && !allowed.has(choice as string | number)
        ? []
        : [
            button(
              `${choice === (value ?? field.default) ? '✓ ' : ''}${choiceLabel(ctx, field, choice)}`,
              cb.wizardOption(draft.id, draft.field, index),
            ),
          ],
    )
    const perRow = buttons.every((b) => b.text.length <= 8) ? 4 : buttons.every((b) => b.text.length <= 16) ? 2 : 1
    keyboard.push(...rows(buttons, perRow))
  }
  if (field.type === 'media' && field.multiple && Array.isArray(value) && value.length >= Math.max(field.minItems, 1))
    keyboard.push([button(ctx.t('btn.done', { count: value.length }), cb.wizardDone(draft.id, draft.field))])
  if (value === undefined && field.default !== undefined)
    keyboard.push([
      button(
        ctx.t('btn.skip_default', { value: choiceLabelOrValue(ctx, field, field.default) }),
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
  keyboard.push([
    button(ctx.t('btn.back'), cb.wizardBack(draft.id)),
    button(ctx.t('btn.cancel'), cb.wizardCancel(draft.id)),
  ])
  return { text: lines.join('\n'), keyboard }
}

function choiceLabelOrValue(ctx: BotContext, field: FieldSpec, value: unknown): string {
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
  const price = measured.upTo
    ? ctx.t('confirm.up_to', { price: formatRub(quote.kopecks, ctx.lang) })
    : formatRub(quote.kopecks, ctx.lang)
  const summary = [paramsSummary(ctx, model, params), ...measured.lines].filter((line) => line !== '').join('\n')
  const common = {
    model: escapeHtml(model.name[ctx.lang]),
    params: summary,
    price,
    balance: formatRub(balance, ctx.lang),
  }
  const edit = [button(ctx.t('btn.edit'), cb.edit(draft.id)), button(ctx.t('btn.cancel'), cb.wizardCancel(draft.id))]
  const prefix = note ? `${note}\n\n` : ''
  if (balance < quote.kopecks) {
    const packs = packButtons(ctx)
    return {
      text:
        prefix + ctx.t('confirm.insufficient', { ...common, missing: formatRub(quote.kopecks - balance, ctx.lang) }),
      keyboard: [...rows(packs, 2), edit, [menuButton(ctx)]],
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
