/** sendPhoto, sendVideo, sendAudio, sendVoice, sendDocument, getFile. */
import { badRequest } from '../errors'
import { checkCaption, formatText } from '../limits'
import { fileForBot, mediaContent, resolveInputFile } from '../media'
import type { FileKind } from '../state'
import type { TgFile } from '../types'
import { optionalText, text, type MethodHandler } from './context'
import { newMessageMarkup, replyTo } from './messages'

function sendMedia(kind: FileKind): MethodHandler {
  return async (ctx) => {
    const { emu, bot, params } = ctx
    const chat = emu.requireChat(params.chat_id)
    const rawCaption = text(params, 'caption')
    const caption = formatText(rawCaption, params.parse_mode, params.caption_entities)
    checkCaption(caption.text)
    const markup = newMessageMarkup(params)
    const reply = replyTo(emu, bot, chat, params)
    const file = await resolveInputFile(ctx, kind, kind)
    const parseMode = optionalText(params, 'parse_mode')
    const stored = emu.addMessage(bot, chat, 'out', {
      from: emu.botUser(bot),
      content: { ...reply, ...mediaContent(file, caption), ...markup.content },
      ...(rawCaption !== '' ? { rawText: rawCaption } : {}),
      ...(parseMode ? { parseMode } : {}),
    })
    if (markup.replyKeyboard) stored.replyKeyboard = markup.replyKeyboard
    return stored.message
  }
}

const getFile: MethodHandler = ({ emu, bot, params }) => {
  const fileId = text(params, 'file_id')
  const file = fileForBot(emu, bot, fileId)
  if (!file) throw badRequest('wrong file_id or the file is temporarily unavailable')
  if (file.bytes.length > emu.settings.limits.downloadBytes) throw badRequest('file is too big')
  const result: TgFile = { file_id: fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, file_path: file.filePath }
  return result
}

export const mediaMethods: Record<string, MethodHandler> = {
  sendPhoto: sendMedia('photo'),
  sendVideo: sendMedia('video'),
  sendAudio: sendMedia('audio'),
  sendVoice: sendMedia('voice'),
  sendDocument: sendMedia('document'),
  getFile,
}
