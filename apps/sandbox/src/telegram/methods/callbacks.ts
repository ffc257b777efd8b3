/** answerCallbackQuery: once per query, before it expires (callbackQueryTimeoutMs). */
import { badRequest, QUERY_TOO_OLD } from '../errors'
import { MAX_CALLBACK_ANSWER_TEXT } from '../limits'
import type { CallbackAnswer } from '../state'
import { flag, optionalInteger, optionalText, text, type MethodHandler } from './context'

const answerCallbackQuery: MethodHandler = ({ emu, bot, params }) => {
  const record = emu.state.callbackQueries.get(text(params, 'callback_query_id'))
  const expired = record !== undefined && Date.now() - record.createdAt > emu.settings.callbackQueryTimeoutMs
  if (!record || record.botId !== bot.id || record.answer !== undefined || expired) throw badRequest(QUERY_TOO_OLD)
  const answerText = optionalText(params, 'text')
  if (answerText !== undefined && answerText.length > MAX_CALLBACK_ANSWER_TEXT) throw badRequest('MESSAGE_TOO_LONG')
  const url = optionalText(params, 'url')
  const cacheTime = optionalInteger(params, 'cache_time')
  const answer: CallbackAnswer = {
    showAlert: flag(params, 'show_alert'),
    at: Date.now(),
    ...(answerText !== undefined ? { text: answerText } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(cacheTime !== undefined ? { cacheTime } : {}),
  }
  record.answer = answer
  emu.events.publish(bot.id, { type: 'callback_answered', chatId: record.chatId, queryId: record.id, answer })
  return true
}

export const callbackMethods: Record<string, MethodHandler> = { answerCallbackQuery }
