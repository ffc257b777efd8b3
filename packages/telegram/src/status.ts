import { callbackData } from '@kiebot/jobs'
import { t, type Lang } from '@kiebot/i18n'
import { getModel, measuredFields } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import { escapeHtml } from './html'
import type { CallbackButton } from './keyboard'

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
    keyboard: [[{ text: t(lang, 'status.btn.cancel'), callback_data: callbackData.cancelGeneration(generation.id) }]],
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
      return generation.failureReason
        ? t(lang, 'failure.kie_failed_detail', { detail: escapeHtml(generation.failureReason.slice(0, 200)) })
        : t(lang, 'failure.kie_failed')
    case 'kie_rejected':
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

/**
 * The status message of a generation as its row says now: queued (with Cancel),
 * generating with the elapsed time, sending, done, or ended with the reason and the refund.
 */
export function renderStatus(generation: StatusRow, lang: Lang, now = new Date()): RenderedStatus {
  const model = modelName(generation.modelId, lang)
  const price = formatRub(generation.priceKopecks, lang)
  const elapsed = elapsedText((generation.completedAt ?? now).getTime() - generation.createdAt.getTime(), lang)
  switch (generation.status) {
    case 'queued':
      return queuedStatus(generation, lang)
    case 'running':
      if (generation.step === 'deliver' || generation.step === 'settle')
        return { text: t(lang, 'status.delivering', { model }), keyboard: [], final: false }
      return { text: t(lang, 'status.generating', { model, elapsed }), keyboard: [], final: false }
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
        text: t(lang, 'status.failed', { model, reason: failureReason(generation, lang), price }),
        keyboard: resultKeyboard(generation.id, lang),
        final: true,
      }
  }
}
