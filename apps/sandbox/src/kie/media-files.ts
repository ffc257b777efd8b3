/**
 * Real result files of the shape a task asked for. Images are drawn (an SVG) and encoded by
 * sharp at their true pixel size; videos are fixtures of each aspect ratio and resolution
 * (fixtures/kie/video/<w>x<h>.mp4, 1 s) retimed to the requested length; tracks are the MP3
 * fixture's frames repeated to the requested length. A file's own metadata is what was asked.
 * Made files are cached (a few of each kind: results are requested again by every reader).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { PixelSize } from './shapes'

const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/kie')
const CACHE_LIMIT = 12

class Cache<T> {
  private readonly entries = new Map<string, T>()
  get(key: string, make: () => T): T {
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const made = make()
    this.entries.set(key, made)
    while (this.entries.size > CACHE_LIMIT) this.entries.delete(this.entries.keys().next().value as string)
    return made
  }
}

const images = new Cache<Promise<Buffer>>()
const videos = new Cache<Buffer>()
const tracks = new Cache<Buffer>()

/**
 * A landscape (bands of sky, a sun, hills) drawn for this size, so a screenshot shows a picture
 * of that shape. Flat colours only: the files stay small (a 2K JPEG is about 30 KB).
 */
function pictureSvg({ width, height }: PixelSize): string {
  const horizon = height * 0.72
  const bands = ['#5c8ed6', '#6e9ede', '#82aee4', '#98beea', '#b0ceee']
    .map(
      (fill, k) => `<rect x="0" y="${(horizon * k) / 5}" width="${width}" height="${horizon / 5 + 1}" fill="${fill}"/>`,
    )
    .join('')
  const r = Math.min(width, height) * 0.16
  const hills =
    `<path d="M0 ${horizon} L${width * 0.22} ${horizon - height * 0.16} L${width * 0.45} ${horizon} Z" fill="#5a7fa8"/>` +
    `<path d="M${width * 0.3} ${horizon} L${width * 0.55} ${horizon - height * 0.22} L${width * 0.85} ${horizon} Z" fill="#4f7299"/>`
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    bands +
    `<circle cx="${width * 0.72}" cy="${height * 0.3}" r="${r}" fill="#ffcd5a"/>` +
    hills +
    `<rect x="0" y="${horizon}" width="${width}" height="${height - horizon}" fill="#408048"/></svg>`
  )
}

/** a PNG or JPEG of exactly this size */
export function imageFile(size: PixelSize, format: 'png' | 'jpg'): Promise<Buffer> {
  return images.get(`${format}|${size.width}x${size.height}`, () => {
    const picture = sharp(Buffer.from(pictureSvg(size)), { limitInputPixels: false }).resize(size.width, size.height, {
      fit: 'fill',
    })
    return (
      format === 'jpg'
        ? picture.flatten().jpeg({ quality: 70, mozjpeg: true })
        : picture.png({ compressionLevel: 9, palette: true })
    ).toBuffer()
  })
}

// ---------- video: an MP4 fixture retimed ----------

interface Box {
  type: string
  /** where the box starts (its size field) */
  start: number
  end: number
}

function boxes(file: Buffer, start: number, end: number): Box[] {
  const found: Box[] = []
  let at = start
  while (at + 8 <= end) {
    let size = file.readUInt32BE(at)
    if (size === 1) size = Number(file.readBigUInt64BE(at + 8))
    else if (size === 0) size = end - at
    if (size < 8 || at + size > end) break
    found.push({ type: file.toString('latin1', at + 4, at + 8), start: at, end: at + size })
    at += size
  }
  return found
}

function child(file: Buffer, parent: Box, type: string): Box {
  const found = boxes(file, parent.start + 8, parent.end).find((box) => box.type === type)
  if (!found) throw new Error(`the video fixture has no ${type} box`)
  return found
}

/** a full box's duration field (version 0: 32 bits, 1: 64 bits) at offset v0/v1 from the box start */
function writeDuration(file: Buffer, box: Box, v0: number, v1: number, value: number): void {
  if (file[box.start + 8] === 1) file.writeBigUInt64BE(BigInt(value), box.start + v1)
  else file.writeUInt32BE(value, box.start + v0)
}

function readTimescale(file: Buffer, box: Box): number {
  return file.readUInt32BE(box.start + (file[box.start + 8] === 1 ? 28 : 20))
}

/**
 * The fixture's samples stretched over `seconds`: every sample's duration (stts) scaled alike,
 * and the media, track, movie and edit durations set to match.
 */
export function retimeMp4(source: Buffer, seconds: number): Buffer {
  const file = Buffer.from(source)
  const moov = boxes(file, 0, file.length).find((box) => box.type === 'moov')
  if (!moov) throw new Error('the video fixture has no moov box')
  const mvhd = child(file, moov, 'mvhd')
  const movieScale = readTimescale(file, mvhd)
  let movieDuration = 0
  for (const trak of boxes(file, moov.start + 8, moov.end).filter((box) => box.type === 'trak')) {
    const mdia = child(file, trak, 'mdia')
    const mdhd = child(file, mdia, 'mdhd')
    const stts = child(file, child(file, child(file, mdia, 'minf'), 'stbl'), 'stts')
    const mediaScale = readTimescale(file, mdhd)
    const entries = file.readUInt32BE(stts.start + 12)
    let samples = 0
    for (let k = 0; k < entries; k++) samples += file.readUInt32BE(stts.start + 16 + k * 8)
    const delta = Math.max(1, Math.round((seconds * mediaScale) / samples))
    for (let k = 0; k < entries; k++) file.writeUInt32BE(delta, stts.start + 20 + k * 8)
    const mediaDuration = delta * samples
    writeDuration(file, mdhd, 24, 32, mediaDuration)
    const trackDuration = Math.round((mediaDuration * movieScale) / mediaScale)
    writeDuration(file, child(file, trak, 'tkhd'), 28, 36, trackDuration)
    const edts = boxes(file, trak.start + 8, trak.end).find((box) => box.type === 'edts')
    const elst = edts && boxes(file, edts.start + 8, edts.end).find((box) => box.type === 'elst')
    if (elst) {
      const wide = file[elst.start + 8] === 1
      const count = file.readUInt32BE(elst.start + 12)
      const entrySize = wide ? 20 : 12
      for (let k = 0; k < count; k++) {
        const at = elst.start + 16 + k * entrySize
        const mediaTime = wide ? Number(file.readBigInt64BE(at + 8)) : file.readInt32BE(at + 4)
        if (mediaTime === -1) continue // an empty edit keeps its length
        if (wide) file.writeBigUInt64BE(BigInt(trackDuration), at)
        else file.writeUInt32BE(trackDuration, at)
      }
    }
    movieDuration = Math.max(movieDuration, trackDuration)
  }
  writeDuration(file, mvhd, 24, 32, movieDuration)
  return file
}

/** an MP4 of this size (one of the fixtures') that lasts `seconds` */
export function videoFile(size: PixelSize, seconds: number): Buffer {
  return videos.get(`${size.width}x${size.height}|${seconds}`, () =>
    retimeMp4(readFileSync(path.join(FIXTURE_DIR, 'video', `${size.width}x${size.height}.mp4`)), seconds),
  )
}

// ---------- audio: MP3 frames repeated ----------

const MP3_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
const MP3_BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
const MP3_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
}

interface Mp3Frames {
  frames: Buffer[]
  sampleRate: number
  samplesPerFrame: number
  /** the Xing/Info frame (LAME's header: frame and byte counts), and where its tag starts */
  info?: { frame: Buffer; tagAt: number }
}

/** the audio frames of a Layer III file (its ID3 tag left out, its Xing/Info frame apart) */
export function mp3Frames(file: Buffer): Mp3Frames {
  let at = 0
  if (file.toString('latin1', 0, 3) === 'ID3')
    at = 10 + ((file[6]! << 21) | (file[7]! << 14) | (file[8]! << 7) | file[9]!)
  const frames: Buffer[] = []
  let info: Mp3Frames['info']
  let sampleRate = 0
  let samplesPerFrame = 0
  while (at + 4 <= file.length) {
    const header = file.readUInt32BE(at)
    if ((header & 0xffe00000) >>> 0 !== 0xffe00000) break
    const version = (header >>> 19) & 3 // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    const layer = (header >>> 17) & 3 // 1: Layer III
    const bitrateIndex = (header >>> 12) & 15
    const rateIndex = (header >>> 10) & 3
    const padding = (header >>> 9) & 1
    const rate = MP3_RATES[version]?.[rateIndex]
    const bitrate = (version === 3 ? MP3_BITRATES_V1_L3 : MP3_BITRATES_V2_L3)[bitrateIndex]
    if (layer !== 1 || !rate || !bitrate) break
    const length = Math.floor(((version === 3 ? 144 : 72) * bitrate * 1000) / rate) + padding
    if (at + length > file.length) break
    const frame = file.subarray(at, at + length)
    const head = frame.toString('latin1', 0, Math.min(64, frame.length))
    const tagAt = Math.max(head.indexOf('Xing'), head.indexOf('Info'))
    if (frames.length === 0 && !info && tagAt >= 0) info = { frame, tagAt }
    else frames.push(frame)
    sampleRate = rate
    samplesPerFrame = version === 3 ? 1152 : 576
    at += length
  }
  if (frames.length === 0) throw new Error('the audio fixture has no MP3 frames')
  return { frames, sampleRate, samplesPerFrame, ...(info ? { info } : {}) }
}

/** an MP3 that lasts `seconds`: track.mp3's frames (8 kbit/s, 1 KB a second) over and over */
export function audioFile(seconds: number): Buffer {
  return tracks.get(String(seconds), () => {
    const { frames, sampleRate, samplesPerFrame, info } = mp3Frames(readFileSync(path.join(FIXTURE_DIR, 'track.mp3')))
    const count = Math.max(1, Math.round((seconds * sampleRate) / samplesPerFrame))
    const audio = Array.from({ length: count }, (_, k) => frames[k % frames.length]!)
    if (!info) return Buffer.concat(audio)
    // the Info frame states the frame and byte counts: players read the length from it
    const header = Buffer.from(info.frame)
    const flags = header.readUInt32BE(info.tagAt + 4)
    let at = info.tagAt + 8
    if (flags & 1) {
      header.writeUInt32BE(count, at)
      at += 4
    }
    if (flags & 2) header.writeUInt32BE(header.length + audio.reduce((sum, frame) => sum + frame.length, 0), at)
    return Buffer.concat([header, ...audio])
  })
}
