import type { Message } from 'telegraf/types'
import type { IncomingFile } from './steps'

/** The file in a message, as the wizard needs it. */
export function incomingFile(message: Message): IncomingFile | undefined {
  if ('photo' in message && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!
    return {
      kind: 'image',
      fileId: largest.file_id,
      size: largest.file_size,
      longSide: Math.max(largest.width, largest.height),
      ...(largest.height > 0 && { aspect: largest.width / largest.height }),
    }
  }
  if ('video' in message)
    return {
      kind: 'video',
      fileId: message.video.file_id,
      size: message.video.file_size,
      duration: message.video.duration,
    }
  if ('audio' in message)
    return {
      kind: 'audio',
      fileId: message.audio.file_id,
      size: message.audio.file_size,
      duration: message.audio.duration,
    }
  if ('voice' in message)
    return {
      kind: 'audio',
      fileId: message.voice.file_id,
      size: message.voice.file_size,
      duration: message.voice.duration,
    }
  if ('document' in message) {
    const mime = message.document.mime_type ?? ''
    const kind = mime.startsWith('image/')
      ? 'image'
      : mime.startsWith('video/')
        ? 'video'
        : mime.startsWith('audio/')
          ? 'audio'
          : 'other'
    return { kind, fileId: message.document.file_id, size: message.document.file_size }
  }
  return undefined
}
