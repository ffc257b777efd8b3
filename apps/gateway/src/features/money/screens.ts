import { callbackData as cb } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, formatDate, formatRub, formatSignedRub, menuButton, rows, type Screen } from '../../ui'
import { packButtons } from './packs'

const ENTRIES_SHOWN = 10

export async function balanceScreen(ctx: BotContext): Promise<Screen> {
  const entries = await ctx.deps.db.ledgerEntry.findMany({
    where: { userId: ctx.user.id },
    orderBy: { id: 'desc' },
    take: ENTRIES_SHOWN,
  })
  const lines = entries.map((e) =>
    ctx.t('balance.entry', {
      date: formatDate(e.createdAt, ctx.lang),
      amount: formatSignedRub(e.amountKopecks, ctx.lang),
      kind: ctx.t(`ledger.${e.kind}`),
    }),
  )
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
    keyboard: [[button(ctx.t('btn.topup'), cb.topup()), button(ctx.t('btn.history'), cb.history())], [menuButton(ctx)]],
  }
}

export function topupScreen(ctx: BotContext): Screen {
  const packs = packButtons(ctx)
  return {
    text: ctx.t('topup.text', { balance: formatRub(ctx.user.balanceKopecks, ctx.lang) }),
    keyboard: [...rows(packs, 2), [button(ctx.t('btn.balance'), cb.balance()), menuButton(ctx)]],
  }
}
