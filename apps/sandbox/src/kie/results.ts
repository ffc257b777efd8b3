import { readFileSync } from 'node:fs'
import path from 'node:path'
import { audioFile, imageFile, videoFile } from './media-files'
import sharp from 'sharp'
import {
  asksForImageShape,
  audioSeconds,
  followsSource,
  imageSize,
  sourceImageUrl,
  videoSeconds,
  videoSize,
  type PixelSize,
} from './shapes'
import { DEFAULT_RESULTS_PER_TASK, type EmulatedTask } from './state'

/** Result media: made to the task's shape (media-files.ts); tiny fixtures under apps/sandbox/fixtures/kie. */
export type MediaExtension = 'png' | 'jpg' | 'mp4' | 'mp3'

const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/kie')

export const MIME_TYPES: Record<MediaExtension, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
}

const fixtureCache = new Map<MediaExtension, Buffer>()

export function fixture(extension: MediaExtension): Buffer {
  let content = fixtureCache.get(extension)
  if (!content) {
    content = readFileSync(path.join(FIXTURE_DIR, `result.${extension}`))
    fixtureCache.set(extension, content)
  }
  return content
}

/**
 * The bytes of a result: an image of the size asked for (ratio and resolution; a request that
 * names neither gets the 64×64 fixture, a square), a video of the nearest fixture's size lasting
 * the duration asked for, a track of its length; a cover (Suno's art: square; a video's
 * preview: the video's shape) is a JPEG.
 */
export async function resultFile(task: EmulatedTask, extension: MediaExtension, cover: boolean): Promise<Buffer> {
  if (cover) return imageFile(task.entry.category === 'video' ? videoSize(task) : { width: 512, height: 512 }, 'jpg')
  if (extension === 'mp4') return videoFile(videoSize(task), videoSeconds(task))
  if (extension === 'mp3') return audioFile(audioSeconds(task))
  if (!asksForImageShape(task)) return fixture(extension)
  return imageFile(imageSize(task, followsSource(task) ? await sourceSize(task) : undefined), extension)
}

/** the pixel size of the request's input image (read from its bytes); undefined when there is none or it cannot be read */
async function sourceSize(task: EmulatedTask): Promise<PixelSize | undefined> {
  const url = sourceImageUrl(task)
  if (!url) return undefined
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) })
    if (!response.ok) return undefined
    const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
    return width && height ? { width, height } : undefined
  } catch {
    return undefined
  }
}

/** Output type follows the catalog category; images follow output_format/outputFormat (png default). */
export function resultExtension(task: EmulatedTask): MediaExtension {
  if (task.entry.category === 'video') return 'mp4'
  if (task.entry.category === 'audio') return 'mp3'
  const spec = task.entry.input.output_format ?? task.entry.input.outputFormat
  const format = task.params.output_format ?? task.params.outputFormat ?? spec?.default
  return format === 'jpeg' || format === 'jpg' ? 'jpg' : 'png'
}

/**
 * How many outputs a task yields: the `resultsPerTask` setting (Grok Imagine 6, 4 in Pro mode;
 * Suno 2), else Midjourney 4 images (video: videoBatchSize), else images by
 * num_images/max_images/nVariants, else 1.
 */
export function resultCount(task: EmulatedTask, perTask: Record<string, number> = DEFAULT_RESULTS_PER_TASK): number {
  const byParam = Object.entries(task.params).map(([key, value]) => perTask[`${task.model}|${key}=${String(value)}`])
  const configured = byParam.find((n) => n !== undefined) ?? perTask[task.model] ?? perTask[`family:${task.family}`]
  if (configured !== undefined) return Math.max(1, Math.floor(configured))
  if (task.family === 'midjourney')
    return task.entry.category === 'image' ? 4 : Math.min(Math.max(Number(task.params.videoBatchSize ?? 1) || 1, 1), 4)
  if (task.entry.category !== 'image') return 1
  const requested = Number(task.params.num_images ?? task.params.max_images ?? task.params.nVariants ?? 1)
  return Number.isInteger(requested) ? Math.min(Math.max(requested, 1), 6) : 1
}

export function resultUrls(task: EmulatedTask, perTask?: Record<string, number>): string[] {
  const extension = resultExtension(task)
  return Array.from(
    { length: resultCount(task, perTask) },
    (_, index) => `${task.baseUrl}/files/results/${task.taskId}/${index}.${extension}`,
  )
}

/** Cover/preview image next to a Suno track or a Runway video. */
export function coverUrl(task: EmulatedTask, index = 0): string {
  return `${task.baseUrl}/files/results/${task.taskId}/cover-${index}.jpg`
}
