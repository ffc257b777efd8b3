import { imageSize } from 'image-size'
import { createFile, Log, MP4BoxBuffer, type Movie } from 'mp4box'
import type { MeasuredFrom } from '@kiebot/models'

// What a user's file really is, read from its bytes (never from what the Telegram update
// claimed): the duration of audio and video, the long side of an image. ISO base media
// (mp4, mov, m4a) is read by mp4box, every other container (webm/mkv, mp3, ogg/opus, wav,
// flac, aac...) by music-metadata, images by image-size. A file none of them can read is
// `undefined`: its price is the model's maximum, never less.

Log.setLogLevel(Log.error)

export type Quantity = MeasuredFrom['quantity']

/** The quantity a field is billed by, measured in the file; undefined when the file cannot be read. */
export async function measureFile(bytes: Uint8Array, quantity: Quantity): Promise<number | undefined> {
  const value = quantity === 'long-side-px' ? longSide(bytes) : await durationSeconds(bytes)
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined
}

function longSide(bytes: Uint8Array): number | undefined {
  try {
    const size = imageSize(bytes)
    return Math.max(size.width, size.height)
  } catch {
    return undefined
  }
}

async function durationSeconds(bytes: Uint8Array): Promise<number | undefined> {
  if (isIsoBaseMedia(bytes)) return isoDuration(bytes)
  const parser = await musicMetadata()
  try {
    const metadata = await parser.parseBuffer(bytes, {}, { duration: true, skipCovers: true })
    return metadata.format.duration
  } catch {
    return undefined
  }
}

/** An ISO base media file starts with a box whose type is `ftyp` (bytes 4-7). */
function isIsoBaseMedia(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!) === 'ftyp'
}

function isoDuration(bytes: Uint8Array): number | undefined {
  let movie: Movie | undefined
  try {
    const file = createFile()
    file.onReady = (info) => (movie = info)
    const buffer = MP4BoxBuffer.fromArrayBuffer(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      0,
    )
    file.appendBuffer(buffer, true)
    file.flush()
  } catch {
    return undefined
  }
  if (!movie || !movie.timescale) return undefined
  // Every length the file states, the longest wins: the movie header and each track's header
  // (a crafted file may shorten one of them), and for a fragmented file (no duration in its
  // header) the fragments' total. The sum of the samples counts too when it is longer by more
  // than a second: shorter gaps are an audio encoder's priming and padding, not media.
  const seconds = (value: number | undefined, scale: number | undefined) => (value && scale ? value / scale : 0)
  const headers = [
    seconds(movie.duration, movie.timescale),
    ...movie.tracks.map((t) => seconds(t.movie_duration, t.movie_timescale)),
  ]
  const fragments = movie.fragment_duration
  if (fragments && fragments.den > 0) headers.push(fragments.num / fragments.den)
  const stated = Math.max(...headers)
  const samples = Math.max(0, ...movie.tracks.map((t) => seconds(t.samples_duration, t.timescale)))
  const longest = samples > stated + 1 ? samples : stated
  return longest > 0 ? longest : undefined
}

type MusicMetadata = typeof import('music-metadata', { with: { 'resolution-mode': 'import' } })

let loaded: Promise<MusicMetadata> | undefined

/**
 * music-metadata is an ES module; this CommonJS build loads it with a dynamic import (once).
 * A failure to load is an error of the deployment, not an unreadable file: it is thrown.
 */
function musicMetadata(): Promise<MusicMetadata> {
  loaded ??= import('music-metadata')
  return loaded
}
