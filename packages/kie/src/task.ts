import type { ApiFamily } from '@kiebot/models'

export type KieTaskState = 'pending' | 'running' | 'success' | 'fail'

/** One view of a task, whatever API family produced it (record endpoints and callbacks alike). */
export interface KieTask {
  taskId: string
  family: ApiFamily
  state: KieTaskState
  resultUrls: string[]
  /** Upstream ids of the results, aligned with resultUrls (Suno's track ids); absent when Kie gives none. */
  trackIds?: string[]
  /** Suno's own title and lyrics of each result, aligned with resultUrls ('' where a track has none); absent when no track has any. */
  trackTexts?: TrackTexts
  failCode: string | null
  failMessage: string | null
  creditsConsumed: number | null
  createdAt: Date | null
  completedAt: Date | null
}

/** What Suno wrote for its tracks: `sunoData[].title` and `sunoData[].prompt` (the lyrics it sang). */
export interface TrackTexts {
  titles: string[]
  lyrics: string[]
}

export function isFinalState(state: KieTaskState): boolean {
  return state === 'success' || state === 'fail'
}

// ---- small readers for loosely typed wire values ----

export type JsonObject = Record<string, unknown>

export function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {}
}

/** A non-empty string, or a number turned into a string; null otherwise. */
export function textOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

export function stringList(value: unknown): string[] {
  if (typeof value === 'string' && value !== '') return [value]
  if (!Array.isArray(value)) return []
  return value.filter((item): item is string => typeof item === 'string' && item !== '')
}

/** A JSON string (resultJson, param) or an already parsed object; {} when unreadable. */
export function parseJsonObject(value: unknown): JsonObject {
  if (typeof value !== 'string') return asObject(value)
  if (value.trim() === '') return {}
  try {
    return asObject(JSON.parse(value))
  } catch {
    return {}
  }
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/

/**
 * Kie times: epoch milliseconds (number or numeric string) in market/4o/Kontext records, and
 * "YYYY-MM-DD HH:mm:ss" strings in Veo/Runway/Suno records. The wall-clock strings carry no
 * zone; they are read as UTC (unconfirmed). ISO strings are accepted too.
 */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? new Date(value) : null
  if (typeof value !== 'string') return null
  if (/^\d+$/.test(value)) return toDate(Number(value))
  const wall = WALL_CLOCK.exec(value)
  if (wall) {
    const [, y, mo, d, h, mi, s] = wall.map(Number)
    return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!))
  }
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? null : new Date(parsed)
}

export function emptyTask(taskId: string, family: ApiFamily): KieTask {
  return {
    taskId,
    family,
    state: 'pending',
    resultUrls: [],
    failCode: null,
    failMessage: null,
    creditsConsumed: null,
    createdAt: null,
    completedAt: null,
  }
}
