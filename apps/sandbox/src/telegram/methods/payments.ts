/** sendInvoice, createInvoiceLink, answerPreCheckoutQuery, refundStarPayment. */
import { randomBytes } from 'node:crypto'
import { badRequest } from '../errors'
import { checkInvoice, checkReplyMarkup, STARS_CURRENCY } from '../limits'
import type { Payments } from '../payments'
import type { InvoiceRecord } from '../state'
import type { InlineKeyboardMarkup } from '../types'
import { flag, integer, optionalText, text, type MethodHandler } from './context'
import { replyTo } from './messages'

function payButtonText(invoice: InvoiceRecord): string {
  return invoice.currency === STARS_CURRENCY
    ? `Pay ⭐️${invoice.totalAmount}`
    : `Pay ${invoice.totalAmount} ${invoice.currency}`
}

function invoiceMarkup(params: Record<string, unknown>, invoice: InvoiceRecord): InlineKeyboardMarkup {
  if (params.reply_markup === undefined) return { inline_keyboard: [[{ text: payButtonText(invoice), pay: true }]] }
  const markup = checkReplyMarkup(params.reply_markup, true) as unknown as InlineKeyboardMarkup
  if (markup.inline_keyboard[0]?.[0]?.pay !== true) throw badRequest('REPLY_MARKUP_BUY_EMPTY')
  return markup
}

export function paymentMethods(payments: Payments): Record<string, MethodHandler> {
  return {
    sendInvoice: ({ emu, bot, params }) => {
      const chat = emu.requireChat(params.chat_id)
      const invoice = checkInvoice(params)
      const stored = emu.addMessage(bot, chat, 'out', {
        from: emu.botUser(bot),
        content: {
          ...replyTo(emu, bot, chat, params),
          invoice: {
            title: invoice.title,
            description: invoice.description,
            start_parameter: invoice.startParameter ?? '',
            currency: invoice.currency,
            total_amount: invoice.totalAmount,
          },
          reply_markup: invoiceMarkup(params, invoice),
        },
        invoice,
        telegramPayButton: params.reply_markup === undefined,
      })
      return stored.message
    },
    createInvoiceLink: ({ emu, bot, params }) => {
      const invoice = checkInvoice(params)
      const link = `https://t.me/$${randomBytes(12).toString('base64url')}`
      emu.state.invoiceLinks.set(link, { botId: bot.id, invoice })
      return link
    },
    answerPreCheckoutQuery: ({ bot, params }) => {
      payments.answer(
        bot,
        text(params, 'pre_checkout_query_id'),
        flag(params, 'ok'),
        optionalText(params, 'error_message'),
      )
      return true
    },
    refundStarPayment: ({ bot, params }) => {
      payments.refund(bot, integer(params, 'user_id'), text(params, 'telegram_payment_charge_id'))
      return true
    },
  }
}
