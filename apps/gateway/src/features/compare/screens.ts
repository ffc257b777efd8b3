import { callbacks, callbackData as cb } from '@kiebot/jobs'
import { COMPARE_MAX_MODELS, sharedOptions, type CompareKind } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import {
  button,
  escapeHtml,
  formatRub,
  formatStartingPrice,
  menuButton,
  rows,
  type Keyboard,
  type Screen,
} from '../../ui'
import { packsFor } from '../money'
import { modelsOf, offeredKinds, offeredModels, type PricedPart } from './logic'
import type { CompareDraft } from './store'

const kindName = (ctx: BotContext, kind: CompareKind) => ctx.t(`compare.kind.${kind}`)

/** The picker: every model of the kind on sale, the picked ones ticked, other kinds, Next and Cancel. */
export async function pickerScreen(ctx: BotContext, draft: CompareDraft): Promise<Screen> {
  const models = await offeredModels(ctx, draft.kind)
  const modelButtons = []
  for (const model of models) {
    const range = await ctx.deps.prices.range(model)
    const price = formatStartingPrice(range.minKopecks, range.minKopecks !== range.maxKopecks, ctx.lang, ctx.t)
    const mark = draft.slugs.includes(model.slug) ? '✅ ' : ''
    modelButtons.push(
      button(
        `${mark}${model.name[ctx.lang]} · ${price}`,
        callbacks.compareToggle.pack({ draftId: draft.id, slug: model.slug }),
      ),
    )
  }
  const kinds = (await offeredKinds(ctx)).filter((k) => k !== draft.kind)
  const keyboard: Keyboard = [
    ...rows(modelButtons, 2),
    ...rows(
      kinds.map((kind) => button(`🔁 ${kindName(ctx, kind)}`, callbacks.compareKind.pack({ draftId: draft.id, kind }))),
      2,
    ),
    [
      button(ctx.t('compare.btn.next'), callbacks.compareNext.pack({ draftId: draft.id })),
      button(ctx.t('compare.btn.cancel'), callbacks.compareCancel.pack({ draftId: draft.id })),
    ],
  ]
  return {
    text: ctx.t('compare.pick_title', {
      kind: kindName(ctx, draft.kind),
      max: COMPARE_MAX_MODELS,
      count: draft.slugs.length,
    }),
    keyboard,
  }
}

export function promptScreen(ctx: BotContext, draft: CompareDraft, error?: string): Screen {
  const names = modelsOf(draft)
    .map((m) => `<b>${escapeHtml(m.name[ctx.lang])}</b>`)
    .join(', ')
  return {
    text: [error, ctx.t('compare.ask_prompt', { models: names })].filter(Boolean).join('\n\n'),
    keyboard: [[button(ctx.t('compare.btn.cancel'), callbacks.compareCancel.pack({ draftId: draft.id }))]],
  }
}

/** The confirmation: each model's price, the total, the shared settings (a button per value), Confirm. */
export function confirmScreen(
  ctx: BotContext,
  draft: CompareDraft,
  parts: PricedPart[],
  total: number,
  note?: string,
): Screen {
  const lines = parts
    .map((p) =>
      ctx.t('compare.line', { model: escapeHtml(p.model.name[ctx.lang]), price: formatRub(p.quote.kopecks, ctx.lang) }),
    )
    .join('\n')
  const shared = sharedOptions(modelsOf(draft))
  const keyboard: Keyboard = []
  const settings: string[] = []
  shared.forEach((option, fieldIndex) => {
    const chosen = draft.options[option.key] ?? option.default
    settings.push(`${escapeHtml(option.label[ctx.lang])}: ${escapeHtml(option.labels[chosen]?.[ctx.lang] ?? chosen)}`)
    keyboard.push(
      ...rows(
        option.values.map((value, optionIndex) =>
          button(
            `${value === chosen ? '✅ ' : ''}${option.labels[value]?.[ctx.lang] ?? value}`,
            callbacks.compareOption.pack({ draftId: draft.id, fieldIndex, optionIndex }),
          ),
        ),
        3,
      ),
    )
  })
  keyboard.push([
    button(
      ctx.t('compare.btn.confirm', { total: formatRub(total, ctx.lang) }),
      callbacks.compareConfirm.pack({ draftId: draft.id }),
    ),
  ])
  keyboard.push([
    button(ctx.t('compare.btn.prompt'), callbacks.comparePrompt.pack({ draftId: draft.id })),
    button(ctx.t('compare.btn.cancel'), callbacks.compareCancel.pack({ draftId: draft.id })),
  ])
  const text = [
    note,
    ctx.t('compare.confirm_title', {
      prompt: escapeHtml(draft.prompt ?? ''),
      lines,
      total: formatRub(total, ctx.lang),
    }),
    settings.length > 0 ? ctx.t('compare.shared', { settings: settings.join(', ') }) : undefined,
  ]
    .filter(Boolean)
    .join('\n\n')
  return { text, keyboard }
}

/** Not enough money: the total, the balance, the Stars packs that cover the rest; Confirm stays on the draft. */
export function noMoneyScreen(ctx: BotContext, draft: CompareDraft, total: number): Screen {
  const missing = Math.max(0, total - ctx.user.balanceKopecks)
  const packs = packsFor(ctx, missing)
  return {
    text: `${ctx.t('compare.no_money', {
      total: formatRub(total, ctx.lang),
      balance: formatRub(ctx.user.balanceKopecks, ctx.lang),
    })}\n${packs.note}`,
    keyboard: [
      ...rows(packs.buttons, 2),
      [
        button(
          ctx.t('compare.btn.confirm', { total: formatRub(total, ctx.lang) }),
          callbacks.compareConfirm.pack({ draftId: draft.id }),
        ),
      ],
      [button(ctx.t('compare.btn.cancel'), callbacks.compareCancel.pack({ draftId: draft.id })), menuButton(ctx)],
    ],
  }
}

export function expiredScreen(ctx: BotContext): Screen {
  return { text: ctx.t('compare.expired'), keyboard: [[button(ctx.t('btn.menu'), cb.menu())]] }
}
