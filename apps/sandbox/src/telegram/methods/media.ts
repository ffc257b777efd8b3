/** sendPhoto, sendVideo, sendAudio, sendVoice, sendDocument, sendMediaGroup, getFile. */
import { randomBytes } from 'node:crypto'
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

const GROUP_KINDS: Record<string, FileKind> = { photo: 'photo', video: 'video', audio: 'audio', document: 'document' }

/**
 * An album: 2-10 InputMedia items, each a file_id, an HTTP URL or attach://<part> (the same
 * limits as single sends), photos and videos mixed, audios and documents only among their
 * own kind. No reply_markup (albums cannot carry inline keyboards). Returns every message.
 */
const sendMediaGroup: MethodHandler = async (ctx) => {
  const { emu, bot, params } = ctx
  const chat = emu.requireChat(params.chat_id)
  const media = params.media
  if (!Array.isArray(media)) throw badRequest('parameter "media" is required')
  if (media.length < 2 || media.length > 10) throw badRequest('wrong number of media items: must include 2-10 items')
  const items = media.map((raw, index) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const kind = GROUP_KINDS[text(item, 'type')]
    if (!kind) throw badRequest(`unsupported media type "${text(item, 'type')}" of item ${index}`)
    if (typeof item.media !== 'string' || item.media === '') throw badRequest(`there is no media in item ${index}`)
    return { item, kind }
  })
  const kinds = new Set(items.map((i) => i.kind))
  const exclusive = kinds.has('audio') ? 'audio' : kinds.has('document') ? 'document' : null
  if (exclusive && kinds.size > 1) throw badRequest(`${exclusive} can't be mixed with other media types`)
  const files = []
  for (const { item, kind } of items) {
    const rawCaption = text(item, 'caption')
    const caption = formatText(rawCaption, item.parse_mode, item.caption_entities)
    checkCaption(caption.text)
    files.push({
      file: await resolveInputFile({ ...ctx, params: item }, 'media', kind),
      caption,
      rawCaption,
      parseMode: optionalText(item, 'parse_mode'),
    })
  }
  const groupId = BigInt(`0x${randomBytes(7).toString('hex')}`).toString()
  const reply = replyTo(emu, bot, chat, params)
  return files.map(
    ({ file, caption, rawCaption, parseMode }, index) =>
      emu.addMessage(bot, chat, 'out', {
        from: emu.botUser(bot),
        content: { ...(index === 0 ? reply : {}), ...mediaContent(file, caption), media_group_id: groupId },
        ...(rawCaption !== '' ? { rawText: rawCaption } : {}),
        ...(parseMode ? { parseMode } : {}),
      }).message,
  )
}

const getFile: MethodHandler = ({ emu, bot, params }) => {
  const fileId = text(params, 'file_id')
  const file = fileForBot(emu, bot, fileId)
  if (!file) throw badRequest('wrong file_id or the file is temporarily unavailable')
  if (file.bytes.length > emu.settings.limits.downloadBytes) throw badRequest('file is too big')
  const result: TgFile = {
    file_id: fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.length,
    file_path: file.filePath,
  }
  return result
}

export const mediaMethods: Record<string, MethodHandler> = {
  sendPhoto: sendMedia('photo'),
  sendVideo: sendMedia('video'),
  sendAudio: sendMedia('audio'),
  sendVoice: sendMedia('voice'),
  sendDocument: sendMedia('document'),
  sendMediaGroup,
  getFile,
}
