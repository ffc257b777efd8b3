/**
 * The Stars payment flow as the user side plays it: pre_checkout_query → the bot must answer
 * within preCheckoutTimeoutMs → successful_payment with a new telegram_payment_charge_id; an
 * invoice message that was paid is not paid again (as in Telegram's clients) unless the payer
 * asks for it (`again`); refunds add a refunded_payment message.
 */
import { randomBytes } from 'node:crypto'
import { badRequest, QUERY_TOO_OLD } from './errors'
import type { Emulator } from './emulator'
import type { BotRecord, ChargeRecord, InvoiceRecord, PreCheckoutAnswer, PreCheckoutRecord } from './state'
import type { Message, PreCheckoutQuery } from './types'

export type PaymentResult =
  | { status: 'paid'; queryId: string; chargeId: string; message: Message }
  | { status: 'rejected'; queryId: string; errorMessage?: string }
  | { status: 'timeout'; queryId: string }
  /** the invoice message was paid before (no pre_checkout_query sent): its first charge and that payment's query */
  | { status: 'already_paid'; queryId: string; chargeId: string }

export class Payments {
  private readonly waiting = new Map<string, (answer: PreCheckoutAnswer | undefined) => void>()

  constructor(private readonly emu: Emulator) {}

  /** the user pays: sends pre_checkout_query and waits for the bot's answer (or the timeout) */
  async pay(
    bot: BotRecord,
    userId: number,
    chatId: number,
    invoice: InvoiceRecord,
    invoiceMessageId?: number,
  ): Promise<PaymentResult> {
    const { emu } = this
    const user = emu.user(userId)
    const record: PreCheckoutRecord = {
      id: emu.state.newQueryId(),
      botId: bot.id,
      userId,
      chatId,
      invoice,
      createdAt: Date.now(),
      expired: false,
    }
    emu.state.preCheckoutQueries.set(record.id, record)
    const query: PreCheckoutQuery = {
      id: record.id,
      from: user,
      currency: invoice.currency,
      total_amount: invoice.totalAmount,
      invoice_payload: invoice.payload,
    }
    const answered = new Promise<PreCheckoutAnswer | undefined>((resolve) => this.waiting.set(record.id, resolve))
    emu.setTimer(emu.settings.preCheckoutTimeoutMs, () => this.settle(record.id, undefined))
    // the emulator's reset or close ends the wait; the listener goes with the answer (the lifetime
    // signal is shared by every wait, so a kept one per payment would add up)
    const lifetime = emu.signal
    const onAbort = () => this.settle(record.id, undefined)
    lifetime.addEventListener('abort', onAbort, { once: true })
    emu.events.publish(bot.id, {
      type: 'pre_checkout_query',
      chatId,
      queryId: record.id,
      userId,
      totalAmount: invoice.totalAmount,
      currency: invoice.currency,
    })
    emu.enqueue(bot, { pre_checkout_query: query }, chatId)

    const answer = await answered.finally(() => lifetime.removeEventListener('abort', onAbort))
    if (!answer) {
      record.expired = true
      emu.events.publish(bot.id, { type: 'payment_failed', chatId, queryId: record.id, reason: 'timeout' })
      return { status: 'timeout', queryId: record.id }
    }
    if (!answer.ok) {
      const errorMessage = answer.errorMessage
      emu.events.publish(bot.id, {
        type: 'payment_failed',
        chatId,
        queryId: record.id,
        reason: 'rejected',
        ...(errorMessage ? { errorMessage } : {}),
      })
      return { status: 'rejected', queryId: record.id, ...(errorMessage ? { errorMessage } : {}) }
    }
    const charge = this.charge(bot, userId, chatId, invoice, invoiceMessageId, record.id)
    const message = emu.state.storedMessage(bot.id, chatId, charge.successfulPaymentMessageId)?.message as Message
    return { status: 'paid', queryId: record.id, chargeId: charge.chargeId, message }
  }

  /** answerPreCheckoutQuery: once, within the timeout */
  answer(bot: BotRecord, queryId: string, ok: boolean, errorMessage: string | undefined): void {
    const record = this.emu.state.preCheckoutQueries.get(queryId)
    const tooOld = !record || record.botId !== bot.id || record.answer !== undefined || record.expired
    if (tooOld || Date.now() - record.createdAt > this.emu.settings.preCheckoutTimeoutMs)
      throw badRequest(QUERY_TOO_OLD)
    if (!ok && !errorMessage) throw badRequest('ERROR_MESSAGE_EMPTY')
    const answer: PreCheckoutAnswer = { ok, ...(errorMessage ? { errorMessage } : {}), at: Date.now() }
    record.answer = answer
    this.emu.events.publish(bot.id, { type: 'pre_checkout_answered', chatId: record.chatId, queryId, answer })
    this.settle(queryId, answer)
  }

  /** refundStarPayment: a refunded_payment service message follows; a repeat is CHARGE_ALREADY_REFUNDED */
  refund(bot: BotRecord, userId: number, chargeId: string): void {
    const { emu } = this
    const charge = emu.state.charges.get(chargeId)
    if (!charge || charge.botId !== bot.id || charge.userId !== userId) throw badRequest('CHARGE_NOT_FOUND')
    if (charge.refundedAt !== undefined) throw badRequest('CHARGE_ALREADY_REFUNDED')
    charge.refundedAt = Date.now()
    const chat = emu.state.chat(userId)
    if (!chat) return
    const stored = emu.addMessage(bot, chat, 'in', {
      from: emu.user(userId),
      content: {
        refunded_payment: {
          currency: charge.invoice.currency,
          total_amount: charge.invoice.totalAmount,
          invoice_payload: charge.invoice.payload,
          telegram_payment_charge_id: charge.chargeId,
        },
      },
    })
    emu.enqueue(bot, { message: stored.message }, chat.id)
  }

  private settle(queryId: string, answer: PreCheckoutAnswer | undefined): void {
    const resolve = this.waiting.get(queryId)
    this.waiting.delete(queryId)
    resolve?.(answer)
  }

  private charge(
    bot: BotRecord,
    userId: number,
    chatId: number,
    invoice: InvoiceRecord,
    invoiceMessageId: number | undefined,
    queryId: string,
  ): ChargeRecord {
    const { emu } = this
    const chat = emu.state.chat(chatId)
    if (!chat) throw new Error(`chat ${chatId} disappeared during the payment`)
    let chargeId: string
    do chargeId = `stx${randomBytes(48).toString('base64url')}`
    while (emu.state.charges.has(chargeId))
    const providerChargeId = `${bot.id}_${userId}_${randomBytes(6).toString('hex')}`
    const stored = emu.addMessage(bot, chat, 'in', {
      from: emu.user(userId),
      content: {
        successful_payment: {
          currency: invoice.currency,
          total_amount: invoice.totalAmount,
          invoice_payload: invoice.payload,
          telegram_payment_charge_id: chargeId,
          provider_payment_charge_id: providerChargeId,
        },
      },
    })
    const charge: ChargeRecord = {
      chargeId,
      providerChargeId,
      botId: bot.id,
      userId,
      chatId,
      invoice,
      paidAt: Date.now(),
      successfulPaymentMessageId: stored.message.message_id,
      ...(invoiceMessageId !== undefined ? { invoiceMessageId } : {}),
    }
    emu.state.charges.set(chargeId, charge)
    if (invoiceMessageId !== undefined) {
      const paid = emu.state.storedMessage(bot.id, chatId, invoiceMessageId)
      if (paid && paid.paidChargeId === undefined) Object.assign(paid, { paidChargeId: chargeId, paidQueryId: queryId })
    }
    emu.enqueue(bot, { message: stored.message }, chatId)
    return charge
  }

  clear(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, undefined)
  }
}
