import { setAutoConfirm } from '@kiebot/db'
import { callbackData as cb } from '@kiebot/jobs'
import type { Quote } from '@kiebot/pricing'
import type { BotContext } from '../../bot/context'
import type { Draft } from '../../state/drafts'
import { button, escapeHtml, formatRub, menuButton, rows, type Screen } from '../../ui'
import { confirmDraft } from '../generations'
import { modelOf } from '../wizard'

/** "Don't ask up to N ₽": the limits a user can choose (kopecks). */
export const AUTO_CONFIRM_LIMITS = [1_000, 2_500, 5_000, 10_000] as const

export function settingsScreen(ctx: BotContext, saved = false): Screen {
  const limit = ctx.user.autoConfirmKopecks
  const value =
    limit === null ? ctx.t('settings.always_ask') : ctx.t('settings.up_to', { price: formatRub(limit, ctx.lang) })
  const mark = (on: boolean, text: string) => (on ? `✓ ${text}` : text)
  const limits = AUTO_CONFIRM_LIMITS.map((kopecks) =>
    button(
      mark(limit === kopecks, ctx.t('settings.btn_up_to', { price: formatRub(kopecks, ctx.lang) })),
      cb.autoConfirm(kopecks),
    ),
  )
  return {
    text: (saved ? `${ctx.t('settings.saved')}\n\n` : '') + ctx.t('settings.title', { value }),
    keyboard: [
      ...rows(limits, 2),
      [button(mark(limit === null, ctx.t('settings.btn_always')), cb.autoConfirm(0))],
      [menuButton(ctx)],
    ],
  }
}

/** A press of one of the limits (0: always ask); a value no button offers changes nothing. */
export async function chooseAutoConfirm(ctx: BotContext, kopecks: number): Promise<Screen> {
  const limit =
    kopecks === 0 ? null : (AUTO_CONFIRM_LIMITS as readonly number[]).includes(kopecks) ? kopecks : undefined
  if (limit === undefined) return settingsScreen(ctx)
  await setAutoConfirm(ctx.deps.db, ctx.user.id, limit)
  ctx.user = { ...ctx.user, autoConfirmKopecks: limit }
  return settingsScreen(ctx, true)
}

/**
 * Where the confirmation would be shown: a run within the user's limit, which their balance
 * covers, goes through the same Confirm (re-quote, reserve, enqueue) without the question. From
 * a button, its message becomes the status message; from a text, a new message does (sent
 * before anything is reserved, so the worker never sends a second one).
 */
export async function runWithoutAsking(ctx: BotContext, draft: Draft, quote: Quote): Promise<boolean> {
  const limit = ctx.user.autoConfirmKopecks
  if (limit === null || quote.kopecks > limit || ctx.user.balanceKopecks < quote.kopecks) return false
  const price = formatRub(quote.kopecks, ctx.lang)
  const note = ctx.t('auto.note', { price, limit: formatRub(limit, ctx.lang) })
  const pressed = ctx.callbackQuery?.message?.message_id
  if (pressed !== undefined) {
    await confirmDraft(ctx, draft, { statusMessageId: pressed, note })
    return true
  }
  const sent = await ctx.telegram.sendMessage(
    draft.chatId,
    ctx.t('auto.starting', { model: escapeHtml(modelOf(draft).name[ctx.lang]), price }),
    { parse_mode: 'HTML' },
  )
  await confirmDraft(ctx, draft, { statusMessageId: sent.message_id, note })
  // nothing reserved (the price moved, the balance ran short meanwhile): Confirm said why in a message of its own
  const row = await ctx.deps.db.generation.findUnique({
    where: { id: draft.generationId },
    select: { statusMessageId: true },
  })
  if (row?.statusMessageId !== sent.message_id)
    await ctx.telegram.deleteMessage(draft.chatId, sent.message_id).catch(() => undefined)
  return true
}
