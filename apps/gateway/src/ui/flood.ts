import type { Telegram } from 'telegraf'

/** The longest Telegram flood wait the gateway sits out inside an update (the webhook waits). */
export const MAX_INLINE_RETRY_AFTER_SECONDS = 5

/**
 * Makes this Telegram client wait out short 429s ("retry after N", N <= 5 s) and
 * try again, twice at most: a reply should not fail because the user clicked fast.
 * Longer waits fail as before (the worker's delivery queue handles long ones).
 */
export function waitOutShortFloods(telegram: Telegram): void {
  const callApi = telegram.callApi.bind(telegram) as (...args: unknown[]) => Promise<unknown>
  ;(telegram as unknown as { callApi: (...args: unknown[]) => Promise<unknown> }).callApi = async (
    ...args: unknown[]
  ) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await callApi(...args)
      } catch (error) {
        const { code, parameters } = error as { code?: number; parameters?: { retry_after?: number } }
        const wait = parameters?.retry_after
        if (code !== 429 || wait === undefined || wait > MAX_INLINE_RETRY_AFTER_SECONDS || attempt >= 2) throw error
        await new Promise((resolve) => setTimeout(resolve, wait * 1000))
      }
    }
  }
}
