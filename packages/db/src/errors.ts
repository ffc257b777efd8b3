export type MoneyErrorCode =
  | 'insufficient_funds'
  | 'too_many_active_generations'
  | 'user_not_found'
  | 'order_not_found'
  | 'payment_mismatch'
  | 'invalid_amount'
  | 'reason_required'
  /** the posting's idempotency key is in the ledger already: it was done before */
  | 'already_posted'

/** A money operation refused for a business reason; nothing was written. */
export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string = code,
  ) {
    super(message)
    this.name = 'MoneyError'
  }
}
