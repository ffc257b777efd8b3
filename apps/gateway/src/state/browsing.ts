import type { BotContext } from '../bot/context'
import { awaitedOf, awaitText } from './awaiting'

// "A catalog page is open": set by a catalog page, 15 minutes at most, in the user's
// awaited-input slot (state/awaiting.ts), so any other button or any command ends it with no
// call of its own. While it is set, a typed text is a search by name and a sent file gets its
// tasks, even with a wizard left open behind the catalog.

export const BROWSING_TTL_SECONDS = 15 * 60

export async function markBrowsing(ctx: BotContext): Promise<void> {
  await awaitText(ctx, { kind: 'browsing' }, BROWSING_TTL_SECONDS)
}

export function isBrowsing(ctx: BotContext): boolean {
  return awaitedOf(ctx, 'browsing') !== undefined
}
