/** Documented content rules: text and caption lengths, parse modes, keyboards, invoices. */
import { badRequest } from './errors'
import { parseHtml } from './html'
import type { InvoiceRecord, LabeledPrice } from './state'
import type { InlineKeyboardMarkup, MessageEntity } from './types'

export const MAX_TEXT = 4096
export const MAX_CAPTION = 1024
export const MAX_CALLBACK_DATA_BYTES = 64
export const MAX_CALLBACK_ANSWER_TEXT = 200

export interface FormattedText {
  text: string
  entities?: MessageEntity[]
}

/** Applies parse_mode or explicit entities, then trims like Telegram (entities shifted). */
export function formatText(raw: string, parseMode: unknown, entities: unknown): FormattedText {
  let parsed: FormattedText = { text: raw }
  if (typeof parseMode === 'string' && parseMode !== '') {
    const mode = parseMode.toLowerCase()
    if (mode === 'html') parsed = parseHtml(raw)
    else if (mode !== 'markdownv2' && mode !== 'markdown') throw badRequest(`unsupported parse_mode "${parseMode}"`)
    // Markdown modes are kept raw (not parsed); see README
  } else if (Array.isArray(entities)) {
    parsed = { text: raw, entities: entities as MessageEntity[] }
  }
  return trim(parsed)
}

function trim({ text, entities }: FormattedText): FormattedText {
  const lead = text.length - text.trimStart().length
  const trimmed = text.trim()
  const shifted = (entities ?? [])
    .map((entity) => {
      const start = Math.max(0, entity.offset - lead)
      const end = Math.min(trimmed.length, entity.offset - lead + entity.length)
      return { ...entity, offset: start, length: end - start }
    })
    .filter((entity) => entity.length > 0)
  return shifted.length > 0 ? { text: trimmed, entities: shifted } : { text: trimmed }
}

export function checkMessageText(text: string): void {
  if (text.length === 0) throw badRequest('message text is empty')
  if (text.length > MAX_TEXT) throw badRequest('message is too long')
}

export function checkCaption(caption: string): void {
  if (caption.length > MAX_CAPTION) throw badRequest('message caption is too long')
}

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8')
const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
]
const BAD_MARKUP = "can't parse reply keyboard markup JSON object"

function checkInlineButton(button: unknown): void {
  if (typeof button !== 'object' || button === null)
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
  const fields = button as Record<string, unknown>
  if (typeof fields.text !== 'string')
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String')
  if (fields.text.trim() === '') throw badRequest('text must be non-empty')
  const actions = BUTTON_ACTIONS.filter((action) => fields[action] !== undefined)
  if (actions.length === 0) throw badRequest('text buttons are unallowed in the inline keyboard')
  if (actions.length > 1)
    throw badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
  const data = fields.callback_data
  if (data !== undefined) {
    if (typeof data !== 'string' || utf8Length(data) < 1 || utf8Length(data) > MAX_CALLBACK_DATA_BYTES) {
      throw badRequest('BUTTON_DATA_INVALID')
    }
  }
  const url = fields.url
  if (url !== undefined && (typeof url !== 'string' || !/^(https?|tg):\/\/[^\s]+$/i.test(url))) {
    throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`)
  }
}

/** Checks a reply_markup (already parsed from JSON); `inlineOnly` for edits and invoices. */
export function checkReplyMarkup(markup: unknown, inlineOnly = false): Record<string, unknown> {
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) throw badRequest(BAD_MARKUP)
  const fields = markup as Record<string, unknown>
  if ('inline_keyboard' in fields) {
    const rows = fields.inline_keyboard
    if (!Array.isArray(rows) || !rows.every(Array.isArray))
      throw badRequest('can\'t parse inline keyboard: Field "inline_keyboard" must be of type Array')
    for (const row of rows as unknown[][]) row.forEach(checkInlineButton)
    return fields
  }
  if (inlineOnly) throw badRequest('inline keyboard expected')
  if ('keyboard' in fields) {
    const rows = fields.keyboard
    const validButton = (button: unknown): boolean =>
      typeof button === 'string' ||
      (typeof button === 'object' && button !== null && typeof (button as { text?: unknown }).text === 'string')
    if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.every(validButton)))
      throw badRequest(BAD_MARKUP)
    return fields
  }
  if (fields.remove_keyboard === true || fields.force_reply === true) return fields
  throw badRequest(BAD_MARKUP)
}

export function isInlineKeyboard(markup: unknown): markup is InlineKeyboardMarkup {
  return (
    typeof markup === 'object' &&
    markup !== null &&
    Array.isArray((markup as { inline_keyboard?: unknown }).inline_keyboard)
  )
}

export const STARS_CURRENCY = 'XTR'
export const STARS_SUBSCRIPTION_PERIOD = 2_592_000

/** sendInvoice / createInvoiceLink rules (Stars: exactly one price, no provider token, no tips). */
export function checkInvoice(params: Record<string, unknown>): InvoiceRecord {
  const title = String(params.title ?? '')
  const description = String(params.description ?? '')
  const payload = String(params.payload ?? '')
  const currency = String(params.currency ?? '')
  if (title.length < 1 || title.length > 32) throw badRequest('INVOICE_TITLE_INVALID')
  if (description.length < 1 || description.length > 255) throw badRequest('INVOICE_DESCRIPTION_INVALID')
  if (utf8Length(payload) < 1 || utf8Length(payload) > 128) throw badRequest('INVOICE_PAYLOAD_INVALID')
  if (!/^[A-Z]{3}$/.test(currency)) throw badRequest('CURRENCY_INVALID')
  const prices = params.prices
  if (!Array.isArray(prices) || prices.length === 0) throw badRequest('INVOICE_PRICES_EMPTY')
  for (const price of prices as unknown[]) {
    const { label, amount } = (price ?? {}) as Partial<LabeledPrice>
    if (typeof label !== 'string' || typeof amount !== 'number' || !Number.isInteger(amount)) {
      throw badRequest("can't parse prices JSON object")
    }
  }
  const labeled = prices as LabeledPrice[]
  const totalAmount = labeled.reduce((sum, price) => sum + price.amount, 0)
  const providerToken = typeof params.provider_token === 'string' ? params.provider_token : ''
  const subscriptionPeriod = typeof params.subscription_period === 'number' ? params.subscription_period : undefined
  if (currency === STARS_CURRENCY) {
    const tips = typeof params.max_tip_amount === 'number' && params.max_tip_amount > 0
    if (labeled.length !== 1 || providerToken !== '' || tips || totalAmount < 1)
      throw badRequest('STARS_INVOICE_INVALID')
  } else {
    if (providerToken === '') throw badRequest('PAYMENT_PROVIDER_INVALID')
    if (totalAmount <= 0) throw badRequest('INVOICE_AMOUNT_INVALID')
  }
  if (
    subscriptionPeriod !== undefined &&
    (currency !== STARS_CURRENCY || subscriptionPeriod !== STARS_SUBSCRIPTION_PERIOD)
  ) {
    throw badRequest('SUBSCRIPTION_PERIOD_INVALID')
  }
  return {
    title,
    description,
    payload,
    currency,
    prices: labeled,
    totalAmount,
    ...(typeof params.start_parameter === 'string' ? { startParameter: params.start_parameter } : {}),
    ...(subscriptionPeriod !== undefined ? { subscriptionPeriod } : {}),
  }
}
