import type { ApiFamily } from '@kiebot/models'
import {
  asObject,
  emptyTask,
  numberOrNull,
  parseJsonObject,
  stringList,
  textOrNull,
  toDate,
  type JsonObject,
  type KieTask,
  type KieTaskState,
  type TrackTexts,
} from './task'
import { KIE_PATHS } from './paths'

/** Create and status endpoints of each API family (from KIE_PATHS). */
export const FAMILY_ENDPOINTS: Record<ApiFamily, { create: string; status: string }> = Object.fromEntries(
  (Object.keys(KIE_PATHS.create) as ApiFamily[]).map((family) => [
    family,
    { create: KIE_PATHS.create[family], status: KIE_PATHS.status[family] },
  ]),
) as Record<ApiFamily, { create: string; status: string }>

const MARKET_STATES: Record<string, KieTaskState> = {
  waiting: 'pending',
  queuing: 'pending',
  generating: 'running',
  success: 'success',
  fail: 'fail',
}

const RUNWAY_STATES: Record<string, KieTaskState> = {
  wait: 'pending',
  queueing: 'pending',
  generating: 'running',
  success: 'success',
  fail: 'fail',
}

const SUNO_STATES: Record<string, KieTaskState> = {
  PENDING: 'pending',
  TEXT_SUCCESS: 'running',
  FIRST_SUCCESS: 'running',
  SUCCESS: 'success',
  CREATE_TASK_FAILED: 'fail',
  GENERATE_AUDIO_FAILED: 'fail',
  CALLBACK_EXCEPTION: 'fail',
  SENSITIVE_WORD_ERROR: 'fail',
}

/** Veo, Flux Kontext, 4o Image: 0 generating, 1 success, 2 and 3 failed. */
function stateFromSuccessFlag(flag: unknown): KieTaskState {
  const value = numberOrNull(flag)
  if (value === 1) return 'success'
  if (value === 2 || value === 3) return 'fail'
  return 'running'
}

/** Market record (recordInfo `data`, and the `data` of a market callback). */
export function marketTask(data: JsonObject): KieTask {
  // an unknown or missing state falls back to successFlag (1 success, 2/3 failed) when present
  const state =
    MARKET_STATES[String(data.state)] ??
    (data.successFlag === undefined || data.successFlag === null ? 'running' : stateFromSuccessFlag(data.successFlag))
  const result = parseJsonObject(data.resultJson)
  return {
    ...emptyTask(String(data.taskId ?? ''), 'market'),
    state,
    resultUrls: stringList(result.resultUrls),
    failCode: state === 'fail' ? textOrNull(data.failCode) : null,
    failMessage: state === 'fail' ? textOrNull(data.failMsg ?? data.failMessage) : null,
    creditsConsumed: numberOrNull(data.consumeCredits ?? data.creditsConsumed),
    createdAt: toDate(data.createTime),
    completedAt: toDate(data.completeTime),
  }
}

function veoTask(data: JsonObject): KieTask {
  const state = stateFromSuccessFlag(data.successFlag)
  return {
    ...emptyTask(String(data.taskId ?? ''), 'veo'),
    state,
    resultUrls: stringList(asObject(data.response).resultUrls),
    failCode: state === 'fail' ? textOrNull(data.errorCode) : null,
    failMessage: state === 'fail' ? textOrNull(data.errorMessage) : null,
    createdAt: toDate(data.createTime),
    completedAt: toDate(data.completeTime),
  }
}

function sunoTracks(response: unknown): JsonObject[] {
  const tracks = asObject(response).sunoData
  return Array.isArray(tracks) ? tracks.map(asObject) : []
}

/**
 * The track ids of the tracks that have audio, in the same order as their URLs, when every
 * such track has one (an extension names its source track by this id).
 */
export function sunoTrackIds(tracks: readonly JsonObject[], urlKey: string): string[] | undefined {
  const ids = tracks.filter((track) => stringList(track[urlKey]).length > 0).map((track) => textOrNull(track.id))
  return ids.length > 0 && ids.every((id): id is string => id !== null) ? ids : undefined
}

/**
 * Suno's own title and lyrics (`prompt`) of the tracks that have audio, in the order of their
 * URLs; undefined when no track has either. An instrumental's lyrics are ''.
 */
export function sunoTrackTexts(tracks: readonly JsonObject[], urlKey: string): TrackTexts | undefined {
  const withAudio = tracks.filter((track) => stringList(track[urlKey]).length > 0)
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')
  const titles = withAudio.map((track) => text(track.title))
  const lyrics = withAudio.map((track) => text(track.prompt))
  return [...titles, ...lyrics].some((value) => value !== '') ? { titles, lyrics } : undefined
}

function sunoTask(data: JsonObject): KieTask {
  const tracks = sunoTracks(data.response)
  const audioUrls = tracks.flatMap((track) => stringList(track.audioUrl))
  const trackIds = sunoTrackIds(tracks, 'audioUrl')
  const trackTexts = sunoTrackTexts(tracks, 'audioUrl')
  let state = SUNO_STATES[String(data.status)] ?? 'running'
  // The music exists; only Kie's delivery of our callback failed.
  if (data.status === 'CALLBACK_EXCEPTION' && audioUrls.length > 0) state = 'success'
  return {
    ...emptyTask(String(data.taskId ?? ''), 'suno'),
    state,
    resultUrls: audioUrls,
    ...(trackIds && trackIds.length === audioUrls.length ? { trackIds } : {}),
    ...(trackTexts && trackTexts.titles.length === audioUrls.length ? { trackTexts } : {}),
    failCode: state === 'fail' ? (textOrNull(data.errorCode) ?? textOrNull(data.status)) : null,
    failMessage: state === 'fail' ? textOrNull(data.errorMessage) : null,
    createdAt: toDate(data.createTime ?? tracks[0]?.createTime),
    completedAt: null,
  }
}

function runwayTask(data: JsonObject): KieTask {
  const state = RUNWAY_STATES[String(data.state)] ?? 'running'
  return {
    ...emptyTask(String(data.taskId ?? ''), 'runway'),
    state,
    resultUrls: stringList(asObject(data.videoInfo).videoUrl),
    failCode: state === 'fail' ? textOrNull(data.failCode) : null,
    failMessage: state === 'fail' ? textOrNull(data.failMsg) : null,
    createdAt: toDate(data.generateTime),
    completedAt: null,
  }
}

function fluxKontextTask(data: JsonObject): KieTask {
  const state = stateFromSuccessFlag(data.successFlag)
  return {
    ...emptyTask(String(data.taskId ?? ''), 'flux-kontext'),
    state,
    resultUrls: stringList(asObject(data.response).resultImageUrl),
    failCode: state === 'fail' ? textOrNull(data.errorCode) : null,
    failMessage: state === 'fail' ? textOrNull(data.errorMessage) : null,
    createdAt: toDate(data.createTime),
    completedAt: toDate(data.completeTime),
  }
}

function gpt4oImageTask(data: JsonObject): KieTask {
  let state = stateFromSuccessFlag(data.successFlag)
  if (data.status === 'CREATE_TASK_FAILED' || data.status === 'GENERATE_FAILED') state = 'fail'
  return {
    ...emptyTask(String(data.taskId ?? ''), 'gpt4o-image'),
    state,
    resultUrls: stringList(asObject(data.response).resultUrls),
    failCode: state === 'fail' ? (textOrNull(data.errorCode) ?? textOrNull(data.status)) : null,
    failMessage: state === 'fail' ? textOrNull(data.errorMessage) : null,
    createdAt: toDate(data.createTime),
    completedAt: toDate(data.completeTime),
  }
}

/**
 * Midjourney result URLs: `[{ resultUrl }]` in records (`resultInfoJson.resultUrls`), plain strings
 * in callbacks (`data.resultUrls`); both forms are read wherever they appear.
 */
export function midjourneyUrls(value: unknown): string[] {
  if (!Array.isArray(value)) return stringList(value)
  return value.flatMap((item) => (typeof item === 'string' ? stringList(item) : stringList(asObject(item).resultUrl)))
}

/** Midjourney record-info: successFlag 0 generating, 1 success, 2/3 failed; 4 images per task (video: the clips). */
function midjourneyTask(data: JsonObject): KieTask {
  const state = stateFromSuccessFlag(data.successFlag)
  return {
    ...emptyTask(String(data.taskId ?? ''), 'midjourney'),
    state,
    resultUrls: state === 'success' ? midjourneyUrls(parseJsonObject(data.resultInfoJson).resultUrls) : [],
    failCode: state === 'fail' ? textOrNull(data.errorCode) : null,
    failMessage: state === 'fail' ? textOrNull(data.errorMessage) : null,
    creditsConsumed: numberOrNull(data.creditsConsumed ?? data.consumeCredits),
    createdAt: toDate(data.createTime),
    completedAt: toDate(data.completeTime),
  }
}

const RECORD_PARSERS: Record<ApiFamily, (data: JsonObject) => KieTask> = {
  market: marketTask,
  veo: veoTask,
  suno: sunoTask,
  runway: runwayTask,
  'flux-kontext': fluxKontextTask,
  'gpt4o-image': gpt4oImageTask,
  midjourney: midjourneyTask,
}

/** Normalises the `data` of a family's status endpoint. `taskId` fills in when the record omits it. */
export function taskFromRecord(family: ApiFamily, data: unknown, taskId: string): KieTask {
  const task = RECORD_PARSERS[family](asObject(data))
  return task.taskId === '' ? { ...task, taskId } : task
}
