import type { AwaitedKind, AwaitedText, BotContext, Deps } from '../bot/context'

export type { AwaitedKind, AwaitedText }

// What the next text a user types answers: a promo code, the message after /paysupport, a
// comparison's prompt, an admin's input, a search (a catalog page is open: state/browsing.ts).
// One slot per user (a new wait replaces the one before), read once per update together with
// the rate limiter (bot/middleware.ts), and ended there by any command or any button that is
// not the waiting screen's own: so a word typed after /help is never taken for a promo code
// asked earlier.

export const awaitedKey = (deps: Deps, userId: bigint) => `${deps.config.QUEUE_PREFIX}:await:${userId}`

/** The slot as stored: read by the middleware (undefined when empty or unreadable). */
export function parseAwaited(raw: string | null): AwaitedText | undefined {
  if (!raw) return undefined
  try {
    const value = JSON.parse(raw) as AwaitedText
    return typeof value?.kind === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** The next text this user types answers `wait`, for `ttlSeconds` at most. */
export async function awaitText(ctx: BotContext, wait: AwaitedText, ttlSeconds: number): Promise<void> {
  await ctx.deps.redis.set(awaitedKey(ctx.deps, ctx.user.id), JSON.stringify(wait), 'EX', ttlSeconds)
  ctx.awaiting = wait
}

/** The wait of this kind, when the user's slot holds one (no Redis call: read with the update). */
export function awaitedOf(ctx: BotContext, kind: AwaitedKind): AwaitedText | undefined {
  return ctx.awaiting?.kind === kind ? ctx.awaiting : undefined
}

/** Deletes the slot only while it still holds this very wait (ARGV[1], as stored). */
const TAKE_IF_SAME = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

/**
 * Uses up the wait of this kind: returns it when this update is the one that took it (two
 * texts at once: one of them), undefined when the slot holds none of this kind, or when
 * another update replaced it meanwhile (that one is left as it is).
 */
export async function takeAwaited(ctx: BotContext, kind: AwaitedKind): Promise<AwaitedText | undefined> {
  const wait = awaitedOf(ctx, kind)
  if (!wait) return undefined
  ctx.awaiting = undefined
  const taken = await ctx.deps.redis.eval(TAKE_IF_SAME, 1, awaitedKey(ctx.deps, ctx.user.id), JSON.stringify(wait))
  return Number(taken) === 1 ? wait : undefined
}

/** Puts a wait back that was taken for a text that could not be handled now (Postgres down: retried). */
export async function restoreAwaited(ctx: BotContext, wait: AwaitedText, ttlSeconds: number): Promise<void> {
  await ctx.deps.redis
    .set(awaitedKey(ctx.deps, ctx.user.id), JSON.stringify(wait), 'EX', ttlSeconds, 'NX')
    .catch(() => undefined)
}

/** Ends this user's wait, whatever it was (only a call to Redis when there is one). */
export async function endWait(ctx: BotContext): Promise<void> {
  if (!ctx.awaiting) return
  ctx.awaiting = undefined
  await ctx.deps.redis.del(awaitedKey(ctx.deps, ctx.user.id))
}

/** Whether this update ends the wait: any command, any button that is not the waiting screen's. */
export function endsWait(ctx: BotContext, wait: AwaitedText): boolean {
  const query = ctx.callbackQuery
  if (query) {
    const data = 'data' in query ? (query.data ?? '') : ''
    return !(wait.keep && data.startsWith(wait.keep))
  }
  const message = ctx.message
  return Boolean(message && 'text' in message && message.text.startsWith('/'))
}
