/**
 * The shape of a result as the request asked for it: an image's or a video's pixel size from
 * its aspect ratio and resolution, a video's or a track's length. The media module makes real
 * bytes of that shape, so what a file's own metadata says is what was asked.
 */
import type { EmulatedTask } from './state'

export interface PixelSize {
  width: number
  height: number
}

/** the request keys that carry an aspect ratio, in the order they are read */
const RATIO_KEYS = ['aspect_ratio', 'aspectRatio', 'ratio', 'image_size', 'size'] as const
/** the request keys that carry a resolution */
const RESOLUTION_KEYS = ['resolution', 'image_resolution', 'size', 'quality'] as const

/** named shapes of some models (`landscape_16_9`, `square_hd`, `portrait`...) */
const NAMED_RATIOS: Record<string, [number, number]> = {
  square: [1, 1],
  square_hd: [1, 1],
  portrait: [9, 16],
  landscape: [16, 9],
}

/** longest side of an image by resolution keyword (default 1K) */
const IMAGE_LONG_SIDE: Record<string, number> = { '1k': 1024, '1.5k': 1536, '2k': 2048, '4k': 4096 }
/** shortest side of a video by resolution keyword (default 720p) */
const VIDEO_SHORT_SIDE: Record<string, number> = {
  '480p': 480,
  '512p': 512,
  '580p': 580,
  '720p': 720,
  '768p': 768,
  '1080p': 1080,
  '4k': 2160,
}

/** the value the task sent for `key`, else the catalog's default for it */
function value(task: EmulatedTask, key: string): unknown {
  const given = task.params[key]
  if (given !== undefined && given !== null && given !== '') return given
  return task.entry.input[key]?.default
}

/** "16:9", "landscape_16_9", "portrait_4_3", "square_hd"... → [w, h]; anything else → null */
export function parseRatio(raw: unknown): [number, number] | null {
  if (typeof raw !== 'string') return null
  const text = raw.trim().toLowerCase()
  const named = NAMED_RATIOS[text]
  if (named) return named
  const match = /^(?:(landscape|portrait)_)?(\d+(?:\.\d+)?)[:_x](\d+(?:\.\d+)?)$/.exec(text)
  if (!match) return null
  const a = Number(match[2])
  const b = Number(match[3])
  if (!(a > 0 && b > 0)) return null
  // portrait_4_3 is 3:4 (the name gives the long side first)
  if (match[1] === 'portrait' && a > b) return [b, a]
  return [a, b]
}

/** the aspect ratio asked for; "auto", "adaptive" and absent ones give the category's usual */
export function requestedRatio(task: EmulatedTask): [number, number] {
  for (const key of RATIO_KEYS) {
    const ratio = parseRatio(value(task, key))
    if (ratio) return ratio
  }
  return task.entry.category === 'video' ? [16, 9] : [1, 1]
}

const SOURCE_RATIOS = new Set(['auto', 'adaptive', 'match_input_image'])
/** the request keys that carry input images (the first URL is the source) */
const INPUT_IMAGE_KEYS = [
  'image_urls',
  'image_input',
  'input_urls',
  'image_url',
  'image',
  'inputImage',
  'fileUrl',
  'filesUrl',
  'fileUrls',
  'reference_image_urls',
  'imageUrls',
  'imageUrl',
] as const

/** "auto" (or "adaptive", "match_input_image") asked for a ratio: the source image's shape is kept */
export function followsSource(task: EmulatedTask): boolean {
  return RATIO_KEYS.some((key) => {
    const raw = value(task, key)
    return typeof raw === 'string' && SOURCE_RATIOS.has(raw.trim().toLowerCase())
  })
}

/** the first input image's URL of the request, if any */
export function sourceImageUrl(task: EmulatedTask): string | undefined {
  for (const key of INPUT_IMAGE_KEYS) {
    const raw = task.params[key]
    const first = Array.isArray(raw) ? raw[0] : raw
    if (typeof first === 'string' && /^https?:\/\//.test(first)) return first
  }
  return undefined
}

function resolutionKeyword(task: EmulatedTask, table: Record<string, number>): number | undefined {
  for (const key of RESOLUTION_KEYS) {
    const raw = value(task, key)
    if (typeof raw === 'string' && table[raw.trim().toLowerCase()] !== undefined) return table[raw.trim().toLowerCase()]
  }
  return undefined
}

/** rounds to an even number (video encoders need them), at least 2 */
const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2)

/** whether the request itself names a ratio or a resolution (not only the catalog's defaults) */
export function asksForImageShape(task: EmulatedTask): boolean {
  return [...RATIO_KEYS, ...RESOLUTION_KEYS].some((key) => {
    const given = task.params[key]
    return given !== undefined && given !== null && given !== ''
  })
}

/**
 * an image: the ratio asked for (or `source`'s, the input image's size when the request asked for
 * "auto"), its long side by resolution (1K 1024, 2K 2048, 4K 4096)
 */
export function imageSize(task: EmulatedTask, source?: PixelSize): PixelSize {
  const [w, h] = source ? [source.width, source.height] : requestedRatio(task)
  const long = resolutionKeyword(task, IMAGE_LONG_SIDE) ?? 1024
  return w >= h ? { width: long, height: even((long * h) / w) } : { width: even((long * w) / h), height: long }
}

/** the aspect ratios and short sides of the video fixtures (fixtures/kie/video/<w>x<h>.mp4) */
export const VIDEO_FIXTURE_RATIOS: ReadonlyArray<[number, number]> = [
  [16, 9],
  [9, 16],
  [1, 1],
  [4, 3],
  [3, 4],
  [21, 9],
  [3, 2],
  [2, 3],
]
export const VIDEO_FIXTURE_SHORT_SIDES: readonly number[] = [480, 720, 1080]

/** a fixture's pixel size for a ratio and a short side */
export function videoFixtureSize([w, h]: [number, number], short: number): PixelSize {
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) }
}

/**
 * A video: the fixture nearest to the ratio asked for (16:9, 9:16, 1:1, 4:3, 3:4, 21:9, 3:2,
 * 2:3) at the nearest of 480, 720 (default) and 1080 pixels on the short side (4K → 1080).
 */
export function videoSize(task: EmulatedTask): PixelSize {
  const [w, h] = requestedRatio(task)
  const wanted = Math.log(w / h)
  const ratio = VIDEO_FIXTURE_RATIOS.reduce((best, r) =>
    Math.abs(Math.log(r[0] / r[1]) - wanted) < Math.abs(Math.log(best[0] / best[1]) - wanted) ? r : best,
  )
  const asked = resolutionKeyword(task, VIDEO_SHORT_SIDE) ?? 720
  const short = VIDEO_FIXTURE_SHORT_SIDES.reduce((best, s) => (Math.abs(s - asked) < Math.abs(best - asked) ? s : best))
  return videoFixtureSize(ratio, short)
}

/** "10", "10s", "5.0s", 8 → seconds; anything else → undefined */
function seconds(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim().replace(/s$/i, '')) : NaN
  return Number.isFinite(n) && n > 0 ? n : undefined
}

/** a video's length: duration / n_frames (Sora's seconds) / duration_seconds, else the catalog's default, else 5 s */
export function videoSeconds(task: EmulatedTask): number {
  for (const key of ['duration', 'n_frames', 'duration_seconds'])
    if (value(task, key) !== undefined) return Math.min(seconds(value(task, key)) ?? 5, 60)
  return task.family === 'veo' ? 8 : 5
}

/**
 * A track's length: duration_seconds / duration when asked; speech about 15 characters a
 * second; a song (Suno) 30 s; anything else 5 s. At most 10 minutes.
 */
export function audioSeconds(task: EmulatedTask): number {
  const asked = seconds(value(task, 'duration_seconds')) ?? seconds(value(task, 'duration'))
  if (asked !== undefined) return Math.min(asked, 600)
  const text = typeof task.params.text === 'string' ? task.params.text : undefined
  const dialogue = Array.isArray(task.params.dialogue)
    ? task.params.dialogue.map((line) => String((line as { text?: unknown })?.text ?? '')).join(' ')
    : undefined
  const spoken = text ?? dialogue
  if (spoken !== undefined) return Math.min(Math.max(1, Math.ceil(spoken.length / 15)), 600)
  return task.family === 'suno' ? 30 : 5
}
