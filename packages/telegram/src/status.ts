import { callbackData } from '@kiebot/jobs'
import { t, type Lang } from '@kiebot/i18n'
import { getModel, measuredFields, mediaFields, promptField } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import { escapeHtml } from './html'
import type { CallbackButton } from './keyboard'
import { telegramFileIdOf } from './media'
import { providerFailure, usualText, type UsualDuration } from './progress'

// The status message of a generation: one text for each state, whoever renders it (the
// gateway shows "queued" right after Confirm, the worker renders every later state).

export type StatusKeyboard = CallbackButton[][]

export interface RenderedStatus {
  text: string
  keyboard: StatusKeyboard
  /** the generation has ended: the message will not change again */
  final: boolean
}

type GenerationStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled'

/** What the status message is rendered from (the fields of a `generations` row it reads). */
export interface StatusRow {
  id: string
  modelId: string
  status: GenerationStatus
  step: string
  priceKopecks: number
  createdAt: Date
  completedAt: Date | null
  undelivered: boolean
  failureCode: string | null
  failureReason: string | null
  measured: unknown
  measuredPriceKopecks: number | null
  /** the generation's parameters and the files uploaded so far: "uploading your files (1 of 2)" */
  params?: unknown
  uploadedInputs?: unknown
}

/** What the worker adds to a live status message: the model's usual duration, and whether the reader is an admin. */
export interface StatusExtras {
  /** shows the elapsed time (and this usual duration) on every live stage */
  usual?: UsualDuration
  /** admins also see the provider's own words of a failure */
  admin?: boolean
}

/** The model's name in the user's language, escaped for HTML (the slug when the model is gone). */
export function modelName(modelId: string, lang: Lang): string {
  return escapeHtml(getModel(modelId)?.name[lang] ?? modelId)
}

export function elapsedText(ms: number, lang: Lang): string {
  const total = Math.max(0, Math.round(ms / 1000))
  if (total < 60) return t(lang, 'status.elapsed_seconds', { seconds: total })
  return t(lang, 'status.elapsed_minutes', { minutes: Math.floor(total / 60), seconds: total % 60 })
}

/** Repeat and Menu: under a result and under a failure. */
export function resultKeyboard(generationId: string, lang: Lang): StatusKeyboard {
  return [
    [
      { text: t(lang, 'result.btn.repeat'), callback_data: callbackData.repeat(generationId) },
      { text: t(lang, 'result.btn.menu'), callback_data: callbackData.menu() },
    ],
  ]
}

/** The provider's own words of a failure, for an admin reading their own chat (users never see them). */
function adminDetail(
  generation: Pick<StatusRow, 'failureCode' | 'failureReason'>,
  lang: Lang,
  extras: StatusExtras,
): string {
  if (!extras.admin || !generation.failureReason) return ''
  if (generation.failureCode !== 'kie_failed' && generation.failureCode !== 'kie_rejected') return ''
  return '\n\n' + t(lang, 'progress.admin_detail', { detail: escapeHtml(generation.failureReason.slice(0, 300)) })
}

/** "Queued, N ₽ reserved" with Cancel: what Confirm shows, and what the worker shows until it starts. */
export function queuedStatus(
  generation: Pick<StatusRow, 'id' | 'modelId' | 'priceKopecks'>,
  lang: Lang,
): RenderedStatus {
  return {
    text: t(lang, 'status.queued_long', {
      model: modelName(generation.modelId, lang),
      price: formatRub(generation.priceKopecks, lang),
    }),
    keyboard: cancelKeyboard(generation.id, lang),
    final: false,
  }
}

/**
 * What the worker measured in the user's file, as a phrase ("the file is 60 s long"), and
 * the model's limit; a file it could not read was counted as the model's maximum.
 */
function measuredPhrase(
  generation: Pick<StatusRow, 'modelId' | 'measured'>,
  lang: Lang,
): { measured: string; max: string } | undefined {
  const model = getModel(generation.modelId)
  const values = generation.measured
  if (!model || typeof values !== 'object' || values === null || Array.isArray(values)) return undefined
  const field = measuredFields(model)[0]
  if (!field) return undefined
  const pixels = field.measuredFrom?.quantity === 'long-side-px'
  const limit = field.max ?? field.default
  const max =
    limit === undefined ? '' : t(lang, pixels ? 'measured.max_pixels' : 'measured.max_seconds', { value: limit })
  const value = (values as Record<string, unknown>)[field.key]
  if (typeof value !== 'number')
    return {
      measured: t(lang, 'measured.unreadable', {
        max: t(lang, pixels ? 'measured.as_pixels' : 'measured.as_seconds', { value: limit ?? '?' }),
      }),
      max,
    }
  return { measured: t(lang, pixels ? 'measured.pixels' : 'measured.seconds', { value }), max }
}

/** The reason a generation ended without a result, in the user's language. */
export function failureReason(
  generation: Pick<StatusRow, 'status' | 'failureCode' | 'failureReason' | 'modelId' | 'measured'>,
  lang: Lang,
): string {
  if (generation.status === 'cancelled') return t(lang, 'failure.cancelled')
  if (generation.status === 'timed_out') return t(lang, 'failure.deadline')
  switch (generation.failureCode) {
    case 'input_too_long': {
      const phrase = measuredPhrase(generation, lang)
      return phrase ? t(lang, 'failure.input_too_long', phrase) : t(lang, 'failure.input_unavailable')
    }
    case 'kie_failed':
      return t(lang, `provider.${providerFailure(generation.failureReason)}`)
    case 'kie_rejected': {
      const category = providerFailure(generation.failureReason)
      return category === 'failed' ? t(lang, 'failure.kie_rejected') : t(lang, `provider.${category}`)
    }
    case 'kie_no_credits':
    case 'submit_unknown':
    case 'input_unavailable':
    case 'model_unavailable':
    case 'price_rechecked':
    case 'deadline':
      return t(lang, `failure.${generation.failureCode}`)
    default:
      return t(lang, 'failure.kie_failed')
  }
}

/** The user's files not uploaded to Kie yet, of all the generation's files (none: undefined). */
export function pendingUploads(
  generation: Pick<StatusRow, 'modelId' | 'params' | 'uploadedInputs'>,
): { done: number; total: number } | undefined {
  const model = getModel(generation.modelId)
  const params = generation.params
  if (!model || typeof params !== 'object' || params === null) return undefined
  const uploaded =
    typeof generation.uploadedInputs === 'object' && generation.uploadedInputs !== null
      ? (generation.uploadedInputs as Record<string, unknown>)
      : {}
  let total = 0
  let done = 0
  for (const field of mediaFields(model)) {
    const value = (params as Record<string, unknown>)[field.key]
    for (const ref of Array.isArray(value) ? value : [value]) {
      if (typeof ref !== 'string' || telegramFileIdOf(ref) === null) continue
      total++
      if (typeof uploaded[ref] === 'string') done++
    }
  }
  return total > done ? { done, total } : undefined
}

/** Cancel is offered exactly while it works: the row is queued (no Kie task can exist yet). */
function cancelKeyboard(generationId: string, lang: Lang): StatusKeyboard {
  return [[{ text: t(lang, 'status.btn.cancel'), callback_data: callbackData.cancelGeneration(generationId) }]]
}

/**
 * Under a failure: Repeat and Menu, and "Edit the prompt" where the prompt is what to
 * change (the service refused it under its content rules) and the model takes one.
 */
export function failureKeyboard(
  generation: Pick<StatusRow, 'id' | 'modelId' | 'failureCode' | 'failureReason'>,
  lang: Lang,
): StatusKeyboard {
  const model = getModel(generation.modelId)
  const rows = resultKeyboard(generation.id, lang)
  const byProvider = generation.failureCode === 'kie_failed' || generation.failureCode === 'kie_rejected'
  if (byProvider && providerFailure(generation.failureReason) === 'content_policy' && model && promptField(model))
    rows.push([
      { text: t(lang, 'progress.btn.edit_prompt'), callback_data: callbackData.failedEditPrompt(generation.id) },
    ])
  return rows
}

/**
 * The status message of a generation as its row says now: queued (with Cancel), uploading
 * the user's files (with Cancel), sending to the service, generating, sending the result,
 * done, or ended with the reason and the refund. With `extras.usual` (the worker) every
 * live stage shows the elapsed time and the model's usual duration.
 */
export function renderStatus(
  generation: StatusRow,
  lang: Lang,
  now = new Date(),
  extras: StatusExtras = {},
): RenderedStatus {
  const model = modelName(generation.modelId, lang)
  const price = formatRub(generation.priceKopecks, lang)
  const elapsed = elapsedText((generation.completedAt ?? now).getTime() - generation.createdAt.getTime(), lang)
  const clock = extras.usual
    ? '\n' + t(lang, 'progress.clock_usual', { elapsed, usual: usualText(extras.usual, lang) })
    : ''
  switch (generation.status) {
    case 'queued': {
      const uploads = generation.step === 'submit' ? pendingUploads(generation) : undefined
      if (uploads)
        return {
          text: t(lang, 'progress.uploading', { model, price, ...uploads }) + clock,
          keyboard: cancelKeyboard(generation.id, lang),
          final: false,
        }
      if (!extras.usual) return queuedStatus(generation, lang)
      const queued = queuedStatus(generation, lang)
      return { ...queued, text: queued.text + clock }
    }
    case 'running':
      if (generation.step === 'deliver' || generation.step === 'settle')
        return { text: t(lang, 'status.delivering', { model }), keyboard: [], final: false }
      if (generation.step === 'submit')
        return { text: t(lang, 'progress.sending', { model }) + clock, keyboard: [], final: false }
      return {
        text:
          t(lang, 'status.generating', { model, elapsed }) +
          (extras.usual ? '\n' + t(lang, 'progress.usual_line', { usual: usualText(extras.usual, lang) }) : ''),
        keyboard: [],
        final: false,
      }
    case 'succeeded':
      // Telegram refused the file every time: the result waits in the history (resend from there)
      if (generation.undelivered)
        return {
          text: t(lang, 'status.undelivered', { model, elapsed, price }),
          keyboard: [[{ text: t(lang, 'status.btn.history'), callback_data: callbackData.history(0) }]],
          final: true,
        }
      return { text: t(lang, 'status.done', { model, elapsed, price }), keyboard: [], final: true }
    case 'failed':
    case 'timed_out':
    case 'cancelled':
      if (generation.failureCode === 'price_rechecked' && generation.measuredPriceKopecks !== null) {
        const phrase = measuredPhrase(generation, lang)
        const measuredPrice = formatRub(generation.measuredPriceKopecks, lang)
        if (phrase)
          return {
            text: t(lang, 'status.price_rechecked', {
              model,
              measured: phrase.measured,
              price: measuredPrice,
              reserved: price,
            }),
            keyboard: [
              [
                {
                  text: t(lang, 'result.btn.confirm_measured', { price: measuredPrice }),
                  callback_data: callbackData.confirmMeasured(generation.id),
                },
                { text: t(lang, 'result.btn.menu'), callback_data: callbackData.menu() },
              ],
            ],
            final: true,
          }
      }
      return {
        text:
          t(lang, 'status.failed', { model, reason: failureReason(generation, lang), price }) +
          adminDetail(generation, lang, extras),
        keyboard:
          generation.status === 'cancelled' ? resultKeyboard(generation.id, lang) : failureKeyboard(generation, lang),
        final: true,
      }
  }
}
