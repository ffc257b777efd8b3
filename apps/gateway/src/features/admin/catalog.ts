import {
  applyProposedFactor,
  AUDIT_ACTIONS,
  catalogOfferings,
  latestCatalogSync,
  latestGoodCatalog,
  recordAudit,
  reenableCatalogOffering,
} from '@kiebot/db'
import { callbacks, requestCatalogSync } from '@kiebot/jobs'
import { creditRange, getModel, listModels, missingRequiredInputs, scaleCredits, type ModelSpec } from '@kiebot/models'
import { quote } from '@kiebot/pricing'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, formatRub, type Keyboard, type Screen } from '../../ui'

const cb = callbacks.admin

// Admin: Kie's live catalog as the worker's catalog sync last read it. What the sync hid,
// raised, and found cheaper or new; buttons to sync now, lower a price to Kie's, show a
// hidden model again (only while Kie lists it as we send it).

/** Lines of one list shown before "…and N more" (a Telegram message holds 4096 characters). */
const SHOWN = 10

interface StoredReport {
  repriced?: { slug: string }[]
  newModels?: { model: string; provider: string | null; taskTypes: string[]; priceText: string | null }[]
  schemaChanges?: { slug: string; missingFields: string[] }[]
}

const nameOf = (ctx: BotContext, slug: string) => escapeHtml(getModel(slug)?.name[ctx.lang] ?? slug)

function limited(ctx: BotContext, lines: string[]): string {
  const shown = lines.slice(0, SHOWN)
  if (lines.length > SHOWN) shown.push(ctx.t('admin.catalog_more', { count: lines.length - SHOWN }))
  return shown.join('\n')
}

/** The dearest option's price at a credit factor (today's FX, the markup in force; a fixed price wins). */
async function dearestPrice(ctx: BotContext, model: ModelSpec, factor: number): Promise<string> {
  const [fxRubPerUsd, settings] = await Promise.all([ctx.deps.prices.fxRate(), ctx.deps.prices.settingsOf(model.slug)])
  const credits = scaleCredits(creditRange(model).max, factor)
  return formatRub(
    quote({ credits, fxRubPerUsd, markup: ctx.deps.config.PRICING_MARKUP, override: settings?.override ?? null })
      .kopecks,
    ctx.lang,
  )
}

export async function catalogScreen(ctx: BotContext, note?: string): Promise<Screen> {
  const { db } = ctx.deps
  const [last, good, offerings] = await Promise.all([
    latestCatalogSync(db),
    latestGoodCatalog(db),
    catalogOfferings(db),
  ])
  const runText = (run: NonNullable<typeof last> | null | undefined) =>
    !run
      ? ctx.t('admin.catalog_never')
      : run.ok
        ? ctx.t('admin.catalog_ok', {
            date: formatDate(run.fetchedAt ?? run.startedAt, ctx.lang),
            count: run.id === good?.sync.id ? good.models.length : '?',
          })
        : ctx.t('admin.catalog_failed', {
            date: formatDate(run.startedAt, ctx.lang),
            error: escapeHtml(run.error ?? ''),
          })
  const parts = [ctx.t('admin.catalog', { last: runText(last), good: runText(good?.sync) })]
  const keyboard: Keyboard = [[button(ctx.t('admin.btn.catalog_sync'), cb.catalogSync.pack({}))]]

  const hidden = listModels().filter((m) => offerings.get(m.slug)?.hiddenReason)
  if (hidden.length > 0) {
    const lines = hidden.map((m) => {
      const state = offerings.get(m.slug)!
      if (state.hiddenReason === 'schema')
        return ctx.t('admin.catalog_hidden_schema', {
          model: nameOf(ctx, m.slug),
          fields: escapeHtml(state.missingFields.join(', ')),
        })
      const back = good?.listed.has(m.kieModel) ?? false
      return ctx.t(back ? 'admin.catalog_hidden_unlisted_back' : 'admin.catalog_hidden_unlisted', {
        model: nameOf(ctx, m.slug),
        kie: `<code>${escapeHtml(m.kieModel)}</code>`,
      })
    })
    parts.push(ctx.t('admin.catalog_hidden', { lines: limited(ctx, lines) }))
    for (const m of hidden.slice(0, SHOWN))
      keyboard.push([
        button(ctx.t('admin.btn.catalog_enable', { model: m.slug }), cb.catalogEnable.pack({ slug: m.slug })),
      ])
  }

  const report = (good?.sync.report ?? {}) as StoredReport
  if (report.repriced?.length)
    parts.push(ctx.t('admin.catalog_repriced', { list: report.repriced.map((r) => nameOf(ctx, r.slug)).join(', ') }))

  const cheaper = listModels().filter((m) => {
    const state = offerings.get(m.slug)
    return state?.proposedFactor != null && state.proposedFactor < state.creditFactor
  })
  if (cheaper.length > 0) {
    const lines: string[] = []
    for (const m of cheaper.slice(0, SHOWN)) {
      const state = offerings.get(m.slug)!
      const [from, to] = await Promise.all([
        dearestPrice(ctx, m, state.creditFactor),
        dearestPrice(ctx, m, state.proposedFactor!),
      ])
      lines.push(ctx.t('admin.catalog_cheaper_line', { model: nameOf(ctx, m.slug), from, to }))
      keyboard.push([
        button(ctx.t('admin.btn.catalog_lower', { model: m.slug, price: to }), cb.catalogLower.pack({ slug: m.slug })),
      ])
    }
    if (cheaper.length > SHOWN) lines.push(ctx.t('admin.catalog_more', { count: cheaper.length - SHOWN }))
    parts.push(ctx.t('admin.catalog_cheaper', { lines: lines.join('\n') }))
  }
  if (report.schemaChanges?.length)
    parts.push(
      ctx.t('admin.catalog_schema', {
        list: report.schemaChanges
          .map((s) => `${nameOf(ctx, s.slug)} (${escapeHtml(s.missingFields.join(', '))})`)
          .join(', '),
      }),
    )
  if (report.newModels?.length) {
    const lines = report.newModels.map((n) =>
      ctx.t('admin.catalog_new_line', {
        model: escapeHtml(n.model),
        provider: escapeHtml(n.provider ?? '?'),
        types: escapeHtml(n.taskTypes.join(', ') || '?'),
        price: escapeHtml(n.priceText ?? '?'),
      }),
    )
    parts.push(ctx.t('admin.catalog_new', { lines: limited(ctx, lines) }))
  }
  if (good && parts.length === 1) parts.push(ctx.t('admin.catalog_quiet'))
  if (note) parts.push(note)
  keyboard.push([button(ctx.t('admin.btn.home'), cb.home.pack({}))])
  return { text: parts.join('\n\n'), keyboard }
}

/** The Catalog screen's buttons: sync now (`catr`), lower a price to Kie's (`catl`), show a hidden model again (`cate`). */
export async function catalogAction(ctx: BotContext, kind: string, slug: string): Promise<Screen> {
  const { db } = ctx.deps
  if (kind === 'catr') {
    await requestCatalogSync(ctx.deps.queues.scheduled)
    await recordAudit(db, { adminId: ctx.user.id, action: AUDIT_ACTIONS.catalogSync })
    return catalogScreen(ctx, ctx.t('admin.catalog_sync_queued'))
  }
  const model = getModel(slug)
  if (!model) return catalogScreen(ctx)
  if (kind === 'catl') {
    const done = await applyProposedFactor(db, ctx.user.id, slug)
    ctx.deps.prices.invalidate()
    if (done === 'nothing') return catalogScreen(ctx, ctx.t('admin.catalog_lower_gone'))
    const factor = (await ctx.deps.prices.catalogOf(slug))?.creditFactor ?? 1
    return catalogScreen(
      ctx,
      ctx.t('admin.catalog_lowered', { model: nameOf(ctx, slug), price: await dearestPrice(ctx, model, factor) }),
    )
  }
  // cate: shown again only while Kie's latest good catalog lists it and its schema asks for nothing we do not send
  const good = await latestGoodCatalog(db)
  const listed = good?.models.find((m) => m.kieModel === model.kieModel)
  const siblings = listModels().filter((m) => m.kieModel === model.kieModel)
  if (!listed || missingRequiredInputs(siblings, listed.requiredFields).length > 0) {
    return catalogScreen(ctx, ctx.t('admin.catalog_still_missing', { model: nameOf(ctx, slug) }))
  }
  await reenableCatalogOffering(db, ctx.user.id, slug)
  ctx.deps.prices.invalidate()
  return catalogScreen(ctx, ctx.t('admin.catalog_enabled', { model: nameOf(ctx, slug) }))
}
