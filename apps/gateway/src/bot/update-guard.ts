import type { MiddlewareFn } from 'telegraf'
import type { Update } from 'telegraf/types'
import { z } from 'zod'
import { redactChatTexts } from '@kiebot/logger'
import type { BotContext, Deps } from './context'
import { droppedUpdates } from './dropped'
import { callsOverUndici } from './bot-api-transport'
import { answerInResponse, webhookIntakes } from './intake'

// The edge of the bot: every update is checked here before any handler reads it, and
// everything the bot sends goes through the log redaction.
//
// The schema covers exactly the parts of an update the handlers (and telegraf's routing)
// read, with the types the Bot API documents; other fields pass through untouched. An
// update that does not match is acknowledged and logged once, never handed to a handler
// (where `BigInt(undefined)` or a Prisma error would only say "bug" much later).

const id = z
  .number()
  .int()
  .refine((n) => Number.isSafeInteger(n) && n !== 0, 'not a Telegram id')
const userId = id.refine((n) => n > 0, 'must be positive')
const count = z.number().int().min(0).refine(Number.isSafeInteger, 'not a safe integer')
const text = (max: number) => z.string().max(max)
/** Telegram's own limits are 4096 (text) and 1024 (caption); a little room, no megabytes. */
const MAX_TEXT = 16_384

const user = z.looseObject({
  id: userId,
  is_bot: z.boolean(),
  first_name: text(256),
  last_name: text(256).optional(),
  username: text(64).optional(),
  language_code: text(35).optional(),
})

const chat = z.looseObject({ id, type: text(32) })

const entity = z.looseObject({ type: text(64), offset: count, length: count })

const file = z.looseObject({
  file_id: z.string().min(1).max(512),
  file_size: count.optional(),
  duration: count.optional(),
  mime_type: text(255).optional(),
})

const message = z.looseObject({
  message_id: id,
  date: count,
  chat,
  from: user.optional(),
  text: text(MAX_TEXT).optional(),
  caption: text(MAX_TEXT).optional(),
  entities: z.array(entity).max(200).optional(),
  caption_entities: z.array(entity).max(200).optional(),
  photo: z
    .array(
      z.looseObject({ file_id: z.string().min(1).max(512), width: count, height: count, file_size: count.optional() }),
    )
    .min(1)
    .max(20)
    .optional(),
  video: file.optional(),
  audio: file.optional(),
  voice: file.optional(),
  document: file.optional(),
  successful_payment: z
    .looseObject({
      currency: text(16),
      total_amount: count,
      invoice_payload: text(128),
      telegram_payment_charge_id: z.string().min(1).max(256),
      provider_payment_charge_id: text(256).optional(),
    })
    .optional(),
})

const callbackQuery = z.looseObject({
  id: z.string().min(1).max(256),
  from: user,
  data: text(256).optional(),
  chat_instance: text(256).optional(),
  // the bot sends no inline messages: every button it made is on a message in a chat
  message: z.looseObject({ message_id: id, date: count, chat }),
})

const preCheckoutQuery = z.looseObject({
  id: z.string().min(1).max(256),
  from: user,
  currency: text(16),
  total_amount: count,
  invoice_payload: text(128),
})

/** The update types the bot asks for (ALLOWED_UPDATES); exactly one per update. */
const KINDS = { message, callback_query: callbackQuery, pre_checkout_query: preCheckoutQuery } as const
type Kind = keyof typeof KINDS

export type GuardResult = { ok: true; update: Update } | { ok: false; reason: string }

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** NUL breaks a Postgres text write and is never meaningful in a chat; lone surrogates become U+FFFD. */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD')
}

function cleanStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value)
  if (value === null || typeof value !== 'object' || depth > 32) return value
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v, depth + 1))
  const out: Record<string, unknown> = {}
  // a "__proto__" key (JSON.parse makes it an own property) would become the copy's prototype
  for (const [key, v] of Object.entries(value)) if (key !== '__proto__') out[key] = cleanStrings(v, depth + 1)
  return out
}

/**
 * Checks an update as it arrives (webhook body or polled update): its shape, then a copy
 * with every string cleaned (NUL removed). Never throws.
 */
export function guardUpdate(raw: unknown): GuardResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not an object' }
  const body = raw as Record<string, unknown>
  if (!Number.isSafeInteger(body.update_id)) return { ok: false, reason: 'update_id' }
  const kinds = Object.keys(body).filter((k) => k !== 'update_id')
  if (kinds.length !== 1 || !(kinds[0]! in KINDS))
    return { ok: false, reason: `update type: ${kinds.slice(0, 3).join(',').slice(0, 80) || 'none'}` }
  const kind = kinds[0] as Kind
  const parsed = KINDS[kind].safeParse(body[kind])
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      reason: `${kind}.${(issue?.path ?? []).map(String).join('.')}: ${issue?.code ?? 'invalid'}`.slice(0, 200),
    }
  }
  // Telegram's contract: a private chat's id is its user's id (a reply would go elsewhere)
  const data = parsed.data as {
    chat?: { id: number; type: string }
    from?: { id: number }
    message?: { chat: { id: number; type: string } }
  }
  const where = data.chat ?? data.message?.chat
  if (where && data.from && where.type === 'private' && where.id !== data.from.id)
    return { ok: false, reason: `${kind}: private chat of another user` }
  return { ok: true, update: cleanStrings(body) as Update }
}

/** Logs a refused update once, with where it was wrong (never its content). */
export function logRefusedUpdate(deps: Deps, raw: unknown, reason: string): void {
  deps.metrics.errors.inc({ kind: 'malformed_update' })
  const updateId = (raw as { update_id?: unknown } | null)?.update_id
  deps.logger.warn('malformed update acknowledged and ignored', {
    updateId: Number.isSafeInteger(updateId) ? updateId : undefined,
    reason,
  })
}

/** Makes every call of this Telegram client send its texts through the log redaction. */
export function redactOutgoing(telegram: BotContext['telegram']): void {
  const callApi = telegram.callApi.bind(telegram) as (
    method: string,
    payload: unknown,
    ...rest: unknown[]
  ) => Promise<unknown>
  ;(telegram as unknown as { callApi: typeof callApi }).callApi = (method, payload, ...rest) =>
    callApi(method, redactChatTexts(payload), ...rest)
}

/**
 * The first middleware: refuses a malformed update and hands the cleaned copy on (polling
 * mode; the webhook route has done both already), and redacts what the update sends, over
 * undici (bot/bot-api-transport.ts). A webhook update's callback answer goes back in the
 * webhook's response (bot/intake.ts).
 */
export function updateEdge(deps: Deps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    // the transport first: every wrapper below sits above it
    callsOverUndici(ctx.telegram)
    const intake = webhookIntakes.get(ctx.update)
    if (intake) {
      answerInResponse(ctx.telegram, intake)
      redactOutgoing(ctx.telegram)
      return next()
    }
    const checked = guardUpdate(ctx.update)
    if (!checked.ok) return logRefusedUpdate(deps, ctx.update, checked.reason)
    const original = ctx.update
    ;(ctx as unknown as { update: Update }).update = checked.update
    redactOutgoing(ctx.telegram)
    await next()
    if (droppedUpdates.has(checked.update)) droppedUpdates.add(original)
  }
}
