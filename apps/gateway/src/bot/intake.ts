import type { Telegram } from 'telegraf'

// What the webhook route did for an update before it handed it to telegraf: the update was
// guarded (the update edge does not check it again), its sender's updates this minute were
// counted and awaited-input slot read in the same Redis call as its dedup mark (the middleware
// takes them from here instead of asking Redis again), and its callback query's answer waits
// to go back in the webhook's response. Polling mode has none of this: the middleware and the
// edge do their own.

export interface WebhookIntake {
  /** the sender's count in this minute's window (this update included) and awaited slot; none without a sender */
  window?: { count: number; awaited: string | null }
  /** the callback query's answer, sent as the webhook's response (Telegram executes a method there) */
  answer?: Record<string, unknown>
  /** the response went (a handler still running past telegraf's timeout answers with a call of its own) */
  responded?: boolean
}

/** Keyed by the update object the webhook hands to telegraf (the edge keeps that very object). */
export const webhookIntakes = new WeakMap<object, WebhookIntake>()

export const ANSWER_METHOD = 'answerCallbackQuery'

/**
 * Makes this update's callback answer go back in the webhook's response: one HTTP call fewer a
 * button press, and the spinner stops when the handler has finished (as soon as Telegram has
 * the response). The answer's result is never used: telegraf resolves a webhook reply with
 * `true` too; Telegram does not report a method it refuses there (our answers' texts are short).
 * A second answer of the same update is dropped, as Telegram would refuse it.
 */
export function answerInResponse(telegram: Telegram, intake: WebhookIntake): void {
  const callApi = telegram.callApi.bind(telegram) as (method: string, payload: unknown, ...rest: unknown[]) => unknown
  ;(telegram as unknown as { callApi: typeof callApi }).callApi = (method, payload, ...rest) => {
    if (method !== ANSWER_METHOD || intake.responded) return callApi(method, payload, ...rest)
    intake.answer ??= { ...(payload as Record<string, unknown>) }
    return Promise.resolve(true)
  }
}
