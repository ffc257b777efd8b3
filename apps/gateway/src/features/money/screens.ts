import { pendingPromoBonus, statementEntries } from '@kiebot/db'
import { callbackData as cb } from '@kiebot/jobs'
import { getModel, promptField, type ModelSpec } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, formatRub, formatSignedRub, menuButton, rows, type Screen } from '../../ui'
import { packButtons } from './packs'

const ENTRIES_SHOWN = 10
const PROMPT_SNIPPET_CHARS = 30

/** The first characters of a generation's prompt, on one line, if it had one. */
function promptSnippet(model: ModelSpec, params: unknown): string | undefined {
  const field = promptField(model)
  const value = field && (params as Record<string, unknown> | null)?.[field.key]
  if (typeof value !== 'string') return undefined
  const text = value.replace(/\s+/g, ' ').trim()
  if (text === '') return undefined
  const chars = [...text]
  if (chars.length <= PROMPT_SNIPPET_CHARS) return text
  // cut at a word when one ends in the second half, without the punctuation before the cut
  const cut = chars.slice(0, PROMPT_SNIPPET_CHARS).join('')
  // the character after the cut counts: a space there means the last word is whole
  const space = `${cut}${chars[PROMPT_SNIPPET_CHARS]}`.lastIndexOf(' ')
  const words = space > PROMPT_SNIPPET_CHARS / 2 ? cut.slice(0, space) : cut
  return `${words.replace(/[\s,.;:!?-]+$/u, '')}…`
}

export async function balanceScreen(ctx: BotContext): Promise<Screen> {
  const entries = await statementEntries(ctx.deps.db, ctx.user.id, { take: ENTRIES_SHOWN })
  const lines = entries.map((e) => {
    const line = {
      date: formatDate(e.createdAt, ctx.lang),
      amount: formatSignedRub(e.amountKopecks, ctx.lang),
      kind: ctx.t(`ledger.${e.kind}`),
    }
    if (!e.generation) return ctx.t('balance.entry', line)
    // a charge or a refund names what it was for: the model and the start of the prompt
    const model = getModel(e.generation.modelId)
    const named = { ...line, model: escapeHtml(model?.name[ctx.lang] ?? e.generation.modelId) }
    const prompt = model && promptSnippet(model, e.generation.params)
    return prompt
      ? ctx.t('balance.entry_generation_prompt', { ...named, prompt: escapeHtml(prompt) })
      : ctx.t('balance.entry_generation', named)
  })
  let text = ctx.t('balance.text', {
    balance: formatRub(ctx.user.balanceKopecks, ctx.lang),
    entries: lines.length > 0 ? lines.join('\n') : ctx.t('balance.empty'),
  })
  const { REFERRAL_PERCENT, REFERRAL_DAYS } = ctx.deps.config
  if (REFERRAL_PERCENT > 0 && ctx.botInfo?.username)
    text += ctx.t('balance.referral', {
      percent: REFERRAL_PERCENT,
      days: REFERRAL_DAYS,
      link: `https://t.me/${ctx.botInfo.username}?start=r_${ctx.user.referralCode}`,
    })
  return {
    text,
    keyboard: [
      [button(ctx.t('btn.topup'), cb.topup()), button(ctx.t('btn.history'), cb.history())],
      [button(ctx.t('btn.promo'), cb.promo()), menuButton(ctx)],
    ],
  }
}

export async function topupScreen(ctx: BotContext): Promise<Screen> {
  const packs = packButtons(ctx)
  // a percent promo code waiting for this top-up is shown before paying
  const bonus = await pendingPromoBonus(ctx.deps.db, ctx.user.id)
  const bonusLine = bonus
    ? ctx.t('promo.topup_bonus', {
        percent: bonus.percent,
        cap: formatRub(bonus.capKopecks, ctx.lang),
        code: escapeHtml(bonus.code),
      })
    : ''
  return {
    text: ctx.t('topup.text', { balance: formatRub(ctx.user.balanceKopecks, ctx.lang) }) + bonusLine,
    keyboard: [...rows(packs, 2), [button(ctx.t('btn.balance'), cb.balance()), menuButton(ctx)]],
  }
}
