import {
  createPromoCode,
  disablePromoCode,
  listPromoCodes,
  promoDetails,
  PROMO_LIMITS,
  type CreatePromoInput,
  type PromoCode,
  type PromoInputError,
  type PromoSpec,
} from '@kiebot/db'
import { callbacks } from '@kiebot/jobs'
import type { BotContext } from '../../bot/context'
import { button, escapeHtml, formatDate, formatRub, show, type Keyboard, type Screen } from '../../ui'
import { homeButton } from './home'
import { expectInput } from './input'

const cb = callbacks.admin

// Admin: promo codes. Created from one line (`CODE 150 uses=100 days=30`,
// `CODE 10% max=500 uses=100 days=30 new`), listed by page, one code with its redemptions,
// disabled; creating and disabling are audited (packages/db/src/promo.ts).

type Parsed = Omit<CreatePromoInput, 'adminId'>
type ParseError = PromoInputError | 'format'

/** Reads an admin's line; every bound is checked again by `createPromoCode`. */
export function parsePromoLine(line: string, now = Date.now()): Parsed | { error: ParseError } {
  const [code, amount, ...options] = line.trim().split(/\s+/)
  if (!code || !amount) return { error: 'format' }
  const percent = /^(\d{1,3})%$/.exec(amount)
  const rubles = /^(\d{1,7})(?:[.,](\d{1,2}))?(?:₽)?$/.exec(amount)
  if (!percent && !rubles) return { error: 'format' }
  let maxUses: number | undefined
  let days: number | undefined
  let capKopecks: number | undefined
  let newUsersOnly = false
  for (const option of options) {
    const [key, value] = option.toLowerCase().split('=')
    if (key === 'new' && value === undefined) newUsersOnly = true
    else if (key === 'uses' && value && /^\d{1,9}$/.test(value)) maxUses = Number(value)
    else if (key === 'days' && value && /^\d{1,4}$/.test(value)) days = Number(value)
    else if (key === 'max' && value && /^\d{1,7}(?:[.,]\d{1,2})?$/.test(value)) capKopecks = toKopecks(value)
    else return { error: 'format' }
  }
  let spec: PromoSpec
  if (percent) {
    if (capKopecks === undefined) return { error: 'bad_cap' }
    spec = { kind: 'percent', percent: Number(percent[1]), capKopecks }
  } else {
    if (capKopecks !== undefined) return { error: 'format' }
    spec = { kind: 'fixed', amountKopecks: toKopecks(amount.replace('₽', '')) }
  }
  if (maxUses === undefined) return { error: 'bad_uses' }
  if (days === undefined || days < 1 || days > PROMO_LIMITS.maxDays) return { error: 'bad_expiry' }
  return { code, spec, maxUses, expiresAt: new Date(now + days * 86_400_000), newUsersOnly }
}

function toKopecks(rubles: string): number {
  const [whole, fraction = ''] = rubles.split(/[.,]/)
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

const limits = (ctx: BotContext) => ({
  maxRub: formatRub(PROMO_LIMITS.maxFixedKopecks, ctx.lang),
  maxUses: PROMO_LIMITS.maxUses,
  maxDays: PROMO_LIMITS.maxDays,
})

function what(ctx: BotContext, promo: PromoCode): string {
  return promo.kind === 'fixed'
    ? ctx.t('admin.promo.what_fixed', { rub: formatRub(promo.amountKopecks ?? 0, ctx.lang) })
    : ctx.t('admin.promo.what_percent', {
        percent: promo.percent ?? 0,
        cap: formatRub(promo.capKopecks ?? 0, ctx.lang),
      })
}

export async function promoListScreen(ctx: BotContext, page: number): Promise<Screen> {
  const { codes, more } = await listPromoCodes(ctx.deps.db, page)
  const keyboard: Keyboard = codes.map((promo) => [button(promo.code, cb.promoView.pack({ promoId: promo.id }))])
  const nav = []
  if (page > 0) nav.push(button(ctx.t('admin.promo.btn.back'), cb.promos.pack({ page: page - 1 })))
  if (more) nav.push(button(ctx.t('admin.promo.btn.more'), cb.promos.pack({ page: page + 1 })))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([button(ctx.t('admin.promo.btn.new'), cb.promoNew.pack({})), homeButton(ctx)])
  if (codes.length === 0 && page === 0) return { text: ctx.t('admin.promo.empty'), keyboard }
  const lines = codes.map((promo) =>
    ctx.t('admin.promo.line', {
      code: escapeHtml(promo.code),
      what: what(ctx, promo),
      uses: promo.uses,
      max: promo.maxUses,
      date: formatDate(promo.expiresAt, ctx.lang),
      flags:
        (promo.newUsersOnly ? ctx.t('admin.promo.flag_new') : '') +
        (promo.disabledAt ? ctx.t('admin.promo.flag_off') : ''),
    }),
  )
  return { text: ctx.t('admin.promo.list', { page: page + 1, lines: lines.join('\n') }), keyboard }
}

export async function promoScreen(ctx: BotContext, promoId: string, note = ''): Promise<Screen> {
  const details = await promoDetails(ctx.deps.db, promoId)
  const back = [button(ctx.t('admin.promo.btn.list'), cb.promos.pack({ page: 0 })), homeButton(ctx)]
  if (!details) return { text: ctx.t('admin.promo.not_found'), keyboard: [back] }
  const { promo, counts, creditedKopecks, latest } = details
  const state = promo.disabledAt
    ? ctx.t('admin.promo.state_off', { date: formatDate(promo.disabledAt, ctx.lang) })
    : promo.expiresAt <= new Date()
      ? ctx.t('admin.promo.state_expired')
      : ctx.t('admin.promo.state_on')
  const lines = latest.map((r) =>
    ctx.t('admin.promo.redemption', {
      date: formatDate(r.createdAt, ctx.lang),
      user: r.userId.toString(),
      status: ctx.t(`admin.promo.status.${r.status}`, { rub: formatRub(r.creditedKopecks, ctx.lang) }),
    }),
  )
  const text =
    note +
    ctx.t('admin.promo.details', {
      code: escapeHtml(promo.code),
      what: what(ctx, promo),
      uses: promo.uses,
      max: promo.maxUses,
      date: formatDate(promo.expiresAt, ctx.lang),
      audience: ctx.t(promo.newUsersOnly ? 'admin.promo.audience_new' : 'admin.promo.audience_all'),
      state,
      count: Object.values(counts).reduce((a, b) => a + b, 0),
      credited: formatRub(creditedKopecks, ctx.lang),
      latest: lines.length > 0 ? lines.join('\n') : ctx.t('admin.promo.no_redemptions'),
    })
  const keyboard: Keyboard = []
  if (!promo.disabledAt)
    keyboard.push([button(ctx.t('admin.promo.btn.disable'), cb.promoDisable.pack({ promoId: promo.id }))])
  keyboard.push(back)
  return { text, keyboard }
}

/** "New code": the next text is its line. */
export async function askNewPromo(ctx: BotContext): Promise<void> {
  await expectInput(ctx, { kind: 'promo' })
  await show(ctx, {
    text: ctx.t('admin.promo.create_prompt', limits(ctx)),
    keyboard: [[button(ctx.t('admin.promo.btn.list'), cb.promos.pack({ page: 0 })), homeButton(ctx)]],
  })
}

/** The awaited line: a new code (its screen), or what is wrong with the line (asked again). */
export async function createFromInput(ctx: BotContext, text: string): Promise<void> {
  const parsed = parsePromoLine(text)
  const retry = async (error: ParseError, code = '') => {
    await expectInput(ctx, { kind: 'promo' })
    await show(
      ctx,
      {
        text: ctx.t(`admin.promo.error.${error}`, { ...limits(ctx), code: escapeHtml(code.toUpperCase()) }),
        keyboard: [[button(ctx.t('admin.promo.btn.list'), cb.promos.pack({ page: 0 })), homeButton(ctx)]],
      },
      { newMessage: true },
    )
  }
  if ('error' in parsed) return retry(parsed.error)
  const created = await createPromoCode(ctx.deps.db, { ...parsed, adminId: ctx.user.id })
  if (!created.ok) return retry(created.error, parsed.code)
  await show(ctx, await promoScreen(ctx, created.promo.id, ctx.t('admin.promo.created')), { newMessage: true })
}

export async function disablePromo(ctx: BotContext, promoId: string): Promise<void> {
  const done = await disablePromoCode(ctx.deps.db, { adminId: ctx.user.id, promoId })
  await show(ctx, await promoScreen(ctx, promoId, done ? ctx.t('admin.promo.now_disabled') : ''))
}
