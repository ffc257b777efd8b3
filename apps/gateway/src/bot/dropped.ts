/**
 * Updates the rate limiter dropped unhandled: the webhook keeps no dedup mark for them
 * (nothing was done, so a re-delivery is not a duplicate), which bounds one account's
 * marks by the rate limit instead of by how fast it can send. Keyed by the update object
 * the webhook handed to telegraf (the update edge passes on a cleaned copy and carries
 * the mark back to the original).
 */
export const droppedUpdates = new WeakSet<object>()
