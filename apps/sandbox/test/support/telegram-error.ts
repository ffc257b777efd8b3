import { TelegramError } from 'telegraf'

/** The TelegramError a telegraf call rejects with (fails the test if it succeeds). */
export async function telegramError(promise: Promise<unknown>): Promise<TelegramError> {
  const error = await promise.then(
    () => new Error('expected a TelegramError, the call succeeded'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(TelegramError)
  return error as TelegramError
}
