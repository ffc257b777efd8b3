import type { BotContext } from '../../bot/context'
import { isInfrastructureError } from '../../infra'
import { awaitText, restoreAwaited, takeAwaited } from '../../state/awaiting'
import { show } from '../../ui'
import { homeButton } from './home'

// Admin: the text an admin was asked for (a user to look up, an adjustment, a price, a
// broadcast), the admin's awaited-input slot (state/awaiting.ts) for 10 minutes. Each concern reads its own
// kind (the switch is in index.ts).

const INPUT_TTL_SECONDS = 600

export type AdminInput =
  | { kind: 'user' }
  | { kind: 'adjust'; userId: string }
  | { kind: 'price'; slug: string }
  | { kind: 'broadcast' }
  | { kind: 'promo' }

/** One kind of awaited input, as its concern reads it. */
export type InputOf<K extends AdminInput['kind']> = Extract<AdminInput, { kind: K }>

/** The admin's next text is this input (the admin panel's buttons keep the wait; anything else ends it). */
export async function expectInput(ctx: BotContext, input: AdminInput): Promise<void> {
  await awaitText(ctx, { kind: 'admin', data: JSON.stringify(input), keep: 'a:' }, INPUT_TTL_SECONDS)
}

/** Asks for the next text as the input named (user lookup, adjustment, broadcast). */
export async function askInput(
  ctx: BotContext,
  input: AdminInput,
  prompt: 'admin.user_prompt' | 'admin.adjust_prompt' | 'admin.broadcast_prompt',
): Promise<void> {
  await expectInput(ctx, input)
  await show(ctx, { text: ctx.t(prompt), keyboard: [[homeButton(ctx)]] })
}

/**
 * A text message from an admin who was asked for something, read by `apply`. Returns false
 * when not.
 */
export async function handleAdminInput(
  ctx: BotContext,
  text: string,
  apply: (ctx: BotContext, input: AdminInput, text: string) => Promise<boolean>,
): Promise<boolean> {
  const wait = await takeAwaited(ctx, 'admin')
  if (!wait?.data) return false
  try {
    return await apply(ctx, JSON.parse(wait.data) as AdminInput, text)
  } catch (error) {
    // Postgres down: the webhook answers 503 and Telegram re-delivers this text; keep the
    // expectation so that the retry is read as the same input.
    if (isInfrastructureError(error)) await restoreAwaited(ctx, wait, INPUT_TTL_SECONDS)
    throw error
  }
}
