/** sendMessage, editMessageText/Caption/ReplyMarkup, deleteMessage, sendChatAction. */
import { badRequest, NOT_MODIFIED } from '../errors'
import type { Emulator, MessageContent } from '../emulator'
import { checkCaption, checkMessageText, checkReplyMarkup, formatText, isInlineKeyboard } from '../limits'
import type { BotRecord, ChatRecord, StoredMessage } from '../state'
import type { Message } from '../types'
import { integer, optionalText, text, type MethodContext, type MethodHandler } from './context'

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
])

/** reply_markup for a new message: inline keyboards go into Message.reply_markup, others are kept aside */
export function newMessageMarkup(params: Record<string, unknown>): {
  content: MessageContent
  replyKeyboard?: Record<string, unknown>
} {
  if (params.reply_markup === undefined) return { content: {} }
  const markup = checkReplyMarkup(params.reply_markup)
  if (isInlineKeyboard(markup)) return { content: { reply_markup: markup } }
  return { content: {}, replyKeyboard: markup }
}

/** reply_parameters / reply_to_message_id → Message.reply_to_message */
export function replyTo(
  emu: Emulator,
  bot: BotRecord,
  chat: ChatRecord,
  params: Record<string, unknown>,
): MessageContent {
  const parameters = params.reply_parameters as
    { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined
  const messageId = parameters?.message_id ?? params.reply_to_message_id
  if (typeof messageId !== 'number') return {}
  const target = emu.state.storedMessage(bot.id, chat.id, messageId)
  if (!target || target.deleted) {
    if (parameters?.allow_sending_without_reply === true || params.allow_sending_without_reply === true) return {}
    throw badRequest('message to be replied not found')
  }
  const { reply_to_message: _nested, ...replied } = target.message
  return { reply_to_message: replied }
}

const sendMessage: MethodHandler = ({ emu, bot, params }) => {
  const chat = emu.requireChat(params.chat_id)
  const raw = text(params, 'text')
  const formatted = formatText(raw, params.parse_mode, params.entities)
  checkMessageText(formatted.text)
  const markup = newMessageMarkup(params)
  const parseMode = optionalText(params, 'parse_mode')
  const stored = emu.addMessage(bot, chat, 'out', {
    from: emu.botUser(bot),
    content: {
      ...replyTo(emu, bot, chat, params),
      text: formatted.text,
      ...(formatted.entities ? { entities: formatted.entities } : {}),
      ...markup.content,
    },
    rawText: raw,
    ...(parseMode ? { parseMode } : {}),
  })
  if (markup.replyKeyboard) stored.replyKeyboard = markup.replyKeyboard
  return stored.message
}

/** the bot's own, not deleted message an edit targets */
function messageToEdit({ emu, bot, params }: MethodContext): StoredMessage {
  if (params.inline_message_id !== undefined) throw badRequest('MESSAGE_ID_INVALID', 'inline messages are not emulated')
  if (params.chat_id === undefined) throw badRequest('chat_id is empty')
  const chat = emu.requireChat(params.chat_id)
  const stored = emu.state.storedMessage(bot.id, chat.id, integer(params, 'message_id'))
  if (!stored || stored.deleted) throw badRequest('message to edit not found')
  if (stored.direction !== 'out') throw badRequest("message can't be edited")
  return stored
}

function editedMarkup(params: Record<string, unknown>): MessageContent {
  return params.reply_markup === undefined
    ? {}
    : { reply_markup: checkReplyMarkup(params.reply_markup, true) as unknown as Message['reply_markup'] }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function withoutKeys(message: Message, keys: Array<keyof Message>): Message {
  const copy = { ...message }
  for (const key of keys) delete copy[key]
  return copy
}

function applyEdit(
  ctx: MethodContext,
  stored: StoredMessage,
  changes: MessageContent,
  dropped: Array<keyof Message>,
  raw: { rawText?: string; parseMode?: string },
): Message {
  const current = stored.message
  const next: Message = { ...withoutKeys(current, dropped), ...changes, edit_date: Math.floor(Date.now() / 1000) }
  const keys: Array<keyof Message> = ['text', 'entities', 'caption', 'caption_entities', 'reply_markup']
  if (keys.every((key) => same(current[key], next[key]))) throw badRequest(NOT_MODIFIED)
  ctx.emu.replaceMessage(ctx.bot, stored, next, raw)
  return next
}

const editMessageText: MethodHandler = (ctx) => {
  const { params } = ctx
  const stored = messageToEdit(ctx)
  if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit')
  const raw = text(params, 'text')
  const formatted = formatText(raw, params.parse_mode, params.entities)
  checkMessageText(formatted.text)
  const parseMode = optionalText(params, 'parse_mode')
  const changes = {
    text: formatted.text,
    ...(formatted.entities ? { entities: formatted.entities } : {}),
    ...editedMarkup(params),
  }
  return applyEdit(ctx, stored, changes, ['entities', 'reply_markup'], {
    rawText: raw,
    ...(parseMode ? { parseMode } : {}),
  })
}

const MEDIA_KEYS: Array<keyof Message> = ['photo', 'video', 'audio', 'voice', 'document']

const editMessageCaption: MethodHandler = (ctx) => {
  const { params } = ctx
  const stored = messageToEdit(ctx)
  if (!MEDIA_KEYS.some((key) => stored.message[key] !== undefined))
    throw badRequest('there is no caption in the message to edit')
  const raw = text(params, 'caption')
  const formatted = formatText(raw, params.parse_mode, params.caption_entities)
  checkCaption(formatted.text)
  const parseMode = optionalText(params, 'parse_mode')
  const changes = {
    ...(formatted.text !== '' ? { caption: formatted.text } : {}),
    ...(formatted.entities ? { caption_entities: formatted.entities } : {}),
    ...editedMarkup(params),
  }
  return applyEdit(ctx, stored, changes, ['caption', 'caption_entities', 'reply_markup'], {
    rawText: raw,
    ...(parseMode ? { parseMode } : {}),
  })
}

const editMessageReplyMarkup: MethodHandler = (ctx) => {
  const stored = messageToEdit(ctx)
  return applyEdit(ctx, stored, editedMarkup(ctx.params), ['reply_markup'], {})
}

const deleteMessage: MethodHandler = ({ emu, bot, params }) => {
  const chat = emu.requireChat(params.chat_id)
  const stored = emu.state.storedMessage(bot.id, chat.id, integer(params, 'message_id'))
  if (!stored || stored.deleted) throw badRequest('message to delete not found')
  emu.markDeleted(bot, stored)
  return true
}

const sendChatAction: MethodHandler = ({ emu, bot, params }) => {
  const chat = emu.requireChat(params.chat_id)
  const action = text(params, 'action')
  if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request')
  emu.events.publish(bot.id, { type: 'chat_action', chatId: chat.id, action })
  return true
}

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
}
