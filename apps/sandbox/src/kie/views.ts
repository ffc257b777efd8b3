import { coverUrl } from './results'
import { audioSeconds } from './shapes'
import type { EmulatedTask } from './state'

/**
 * What Kie shows of a task, per family: the `data` of the status endpoints and the callback
 * bodies (kie-api.md §2.2, §3.1, §6). Each family keeps its own flags, names and time formats.
 */
type Json = Record<string, unknown>

const isFinal = (task: EmulatedTask): boolean => task.state === 'success' || task.state === 'fail'

/** "YYYY-MM-DD HH:mm:ss" (UTC) as in Veo/Runway/Suno records. */
export function wallClock(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** Kie's numeric error codes in flat APIs; 501 (generation failed) when the code is not a number. */
function numericCode(task: EmulatedTask): number {
  const code = Number(task.failCode)
  return Number.isInteger(code) && code > 0 ? code : 501
}

function marketRecord(task: EmulatedTask): Json {
  const success = task.state === 'success'
  const fail = task.state === 'fail'
  return {
    taskId: task.taskId,
    model: task.model,
    state: task.state,
    param: JSON.stringify(task.request),
    resultJson: success ? JSON.stringify({ resultUrls: task.resultUrls }) : '',
    // late 2026: the parsed result, a success flag (0 running, 1 success, 3 failure) and the credits charged
    response: success ? { resultUrls: task.resultUrls } : null,
    successFlag: successFlag(task, 3),
    creditsConsumed: task.creditsConsumed,
    failCode: fail ? task.failCode : '',
    failMsg: fail ? task.failMessage : '',
    costTime: isFinal(task) ? (task.completeTime ?? 0) - task.createTime : 0,
    completeTime: task.completeTime,
    createTime: task.createTime,
    updateTime: task.updateTime,
  }
}

function successFlag(task: EmulatedTask, failFlag: number): number {
  return task.state === 'success' ? 1 : task.state === 'fail' ? failFlag : 0
}

function veoRecord(task: EmulatedTask): Json {
  const success = task.state === 'success'
  return {
    taskId: task.taskId,
    paramJson: JSON.stringify(task.request),
    completeTime: wallClock(task.completeTime),
    createTime: wallClock(task.createTime),
    response: success ? veoInfo(task) : null,
    successFlag: successFlag(task, 3),
    errorCode: task.state === 'fail' ? numericCode(task) : null,
    errorMessage: task.state === 'fail' ? task.failMessage : '',
    fallbackFlag: false,
  }
}

function veoInfo(task: EmulatedTask): Json {
  const resolution = typeof task.params.resolution === 'string' ? task.params.resolution : '720p'
  return { taskId: task.taskId, resultUrls: task.resultUrls, originUrls: task.resultUrls, resolution }
}

const SUNO_STATUS: Record<EmulatedTask['state'], string> = {
  waiting: 'PENDING',
  queuing: 'PENDING',
  generating: 'TEXT_SUCCESS',
  success: 'SUCCESS',
  fail: 'GENERATE_AUDIO_FAILED',
}

/**
 * What Suno writes for a track, as the real one does: in custom mode the user's title and
 * lyrics; from a description a title and lyrics of its own (here made from the description's
 * words, the same for both tracks); an instrumental has no lyrics.
 */
export function sunoTexts(params: Record<string, unknown>): { title: string; lyrics: string } {
  const prompt = typeof params.prompt === 'string' ? params.prompt.trim() : ''
  const instrumental = params.instrumental === true
  if (params.customMode === true) {
    const title = typeof params.title === 'string' && params.title.trim() !== '' ? params.title.trim() : 'Untitled'
    return { title, lyrics: instrumental ? '' : prompt }
  }
  const words = prompt.split(/\s+/).filter((word) => word !== '')
  const named = words
    .slice(0, 4)
    .join(' ')
    .replace(/[.,;:!?]+$/, '')
  const title = named === '' ? 'Untitled' : named[0]!.toUpperCase() + named.slice(1)
  if (instrumental || prompt === '') return { title, lyrics: '' }
  return { title, lyrics: `[Verse]\n${prompt}\n\n[Chorus]\n${title}, ${title.toLowerCase()}\n\n[Outro]\n${title}` }
}

function sunoTrack(task: EmulatedTask, index: number, snakeCase: boolean): Json {
  const audio = task.resultUrls[index] ?? ''
  const texts = sunoTexts(task.params)
  const track = {
    id: `${task.taskId}-${index}`,
    audioUrl: audio,
    streamAudioUrl: audio,
    imageUrl: coverUrl(task, index),
    // Suno's `prompt` is the lyrics it sang
    prompt: texts.lyrics,
    modelName: `chirp-${String(task.model).toLowerCase()}`,
    title: texts.title,
    tags: typeof task.params.style === 'string' ? task.params.style : '',
    createTime: wallClock(task.createTime),
    // the track's true length (the file is made to it)
    duration: audioSeconds(task),
  }
  if (!snakeCase) return track
  return {
    id: track.id,
    audio_url: track.audioUrl,
    stream_audio_url: track.streamAudioUrl,
    image_url: track.imageUrl,
    prompt: track.prompt,
    model_name: track.modelName,
    title: track.title,
    tags: track.tags,
    createTime: track.createTime,
    duration: track.duration,
  }
}

function sunoRecord(task: EmulatedTask): Json {
  const fail = task.state === 'fail'
  const tracks = task.state === 'success' ? task.resultUrls.map((_, i) => sunoTrack(task, i, false)) : []
  return {
    taskId: task.taskId,
    // an extension names the track it continues
    parentMusicId: typeof task.params.audioId === 'string' ? task.params.audioId : '',
    param: JSON.stringify(task.request),
    type: 'GENERATE',
    status: SUNO_STATUS[task.state],
    errorCode: fail ? numericCode(task) : null,
    errorMessage: fail ? task.failMessage : null,
    response: { taskId: task.taskId, sunoData: tracks },
  }
}

const RUNWAY_STATE: Record<EmulatedTask['state'], string> = {
  waiting: 'wait',
  queuing: 'queueing',
  generating: 'generating',
  success: 'success',
  fail: 'fail',
}

function runwayRecord(task: EmulatedTask): Json {
  const fail = task.state === 'fail'
  return {
    taskId: task.taskId,
    parentTaskId: '',
    state: RUNWAY_STATE[task.state],
    generateTime: wallClock(task.createTime),
    generateParam: { prompt: task.params.prompt, imageUrl: task.params.imageUrl ?? '', expandPrompt: true },
    videoInfo:
      task.state === 'success'
        ? {
            videoId: `${task.taskId}-video`,
            taskId: task.taskId,
            videoUrl: task.resultUrls[0],
            imageUrl: coverUrl(task),
          }
        : null,
    failCode: fail ? numericCode(task) : null,
    failMsg: fail ? task.failMessage : '',
    expireFlag: 0,
  }
}

function fluxKontextRecord(task: EmulatedTask): Json {
  const fail = task.state === 'fail'
  const image = task.resultUrls[0]
  return {
    taskId: task.taskId,
    paramJson: JSON.stringify(task.request),
    completeTime: task.completeTime,
    createTime: task.createTime,
    response: task.state === 'success' ? { originImageUrl: image, resultImageUrl: image } : null,
    successFlag: successFlag(task, 3),
    errorCode: fail ? numericCode(task) : null,
    errorMessage: fail ? task.failMessage : '',
  }
}

const GPT4O_STATUS: Record<EmulatedTask['state'], string> = {
  waiting: 'GENERATING',
  queuing: 'GENERATING',
  generating: 'GENERATING',
  success: 'SUCCESS',
  fail: 'GENERATE_FAILED',
}

function gpt4oImageRecord(task: EmulatedTask): Json {
  const fail = task.state === 'fail'
  return {
    taskId: task.taskId,
    paramJson: JSON.stringify(task.request),
    completeTime: task.completeTime,
    createTime: task.createTime,
    response: task.state === 'success' ? { resultUrls: task.resultUrls } : null,
    successFlag: successFlag(task, 2),
    status: GPT4O_STATUS[task.state],
    errorCode: fail ? numericCode(task) : null,
    errorMessage: fail ? task.failMessage : '',
    progress: task.state === 'success' ? '1.00' : task.state === 'generating' ? '0.50' : '0.00',
  }
}

/** Midjourney record-info: `resultInfoJson.resultUrls` is a list of `{ resultUrl }` (4 images per task). */
function midjourneyRecord(task: EmulatedTask): Json {
  const fail = task.state === 'fail'
  return {
    taskId: task.taskId,
    taskType: task.params.taskType,
    paramJson: JSON.stringify(task.request),
    completeTime: wallClock(task.completeTime),
    createTime: wallClock(task.createTime),
    resultInfoJson:
      task.state === 'success' ? { resultUrls: task.resultUrls.map((resultUrl) => ({ resultUrl })) } : null,
    successFlag: successFlag(task, 3),
    errorCode: fail ? numericCode(task) : null,
    errorMessage: fail ? task.failMessage : null,
  }
}

const RECORDS: Record<EmulatedTask['family'], (task: EmulatedTask) => Json> = {
  market: marketRecord,
  veo: veoRecord,
  suno: sunoRecord,
  runway: runwayRecord,
  'flux-kontext': fluxKontextRecord,
  'gpt4o-image': gpt4oImageRecord,
  midjourney: midjourneyRecord,
}

/** `data` of the family's status endpoint. */
export function recordView(task: EmulatedTask): Json {
  return RECORDS[task.family](task)
}

export type CallbackStage = 'text' | 'first' | 'final'

/** Body POSTed to callBackUrl. `stage` matters for Suno only (text/first/complete|error). */
export function callbackBody(task: EmulatedTask, stage: CallbackStage, remainedCredits: number): Json {
  const success = task.state === 'success'
  const failure = { code: numericCode(task), msg: task.failMessage ?? 'Generation failed' }
  switch (task.family) {
    case 'market':
      return {
        code: success ? 200 : 501,
        msg: success ? 'Playground task completed successfully.' : 'Playground task failed.',
        data: {
          ...marketRecord(task),
          resultJson: success ? JSON.stringify({ resultUrls: task.resultUrls }) : null,
          failCode: success ? null : task.failCode,
          failMsg: success ? null : task.failMessage,
          consumeCredits: task.creditsConsumed,
          remainedCredits,
        },
      }
    case 'veo':
      return success
        ? {
            code: 200,
            msg: 'Veo3 video generated successfully.',
            data: { taskId: task.taskId, info: veoInfo(task), fallbackFlag: false },
          }
        : { ...failure, data: { taskId: task.taskId, fallbackFlag: false } }
    case 'suno':
      return sunoCallback(task, stage)
    case 'runway':
      return success
        ? {
            code: 200,
            msg: 'All generated successfully.',
            data: {
              task_id: task.taskId,
              video_id: `${task.taskId}-video`,
              video_url: task.resultUrls[0],
              image_url: coverUrl(task),
            },
          }
        : { ...failure, data: { task_id: task.taskId, video_id: '', video_url: '', image_url: '' } }
    case 'flux-kontext':
      return success
        ? {
            code: 200,
            msg: 'Image generated successfully.',
            data: {
              taskId: task.taskId,
              info: { originImageUrl: task.resultUrls[0], resultImageUrl: task.resultUrls[0] },
            },
          }
        : { ...failure, data: { taskId: task.taskId, info: null } }
    case 'gpt4o-image':
      return success
        ? { code: 200, msg: 'success', data: { taskId: task.taskId, info: { result_urls: task.resultUrls } } }
        : { ...failure, data: { taskId: task.taskId, info: null } }
    case 'midjourney':
      // Midjourney's callback: the result URLs as plain strings beside the prompt the task ran with.
      return {
        ...(success ? { code: 200, msg: 'success' } : failure),
        data: {
          taskId: task.taskId,
          promptJson: JSON.stringify(task.request),
          resultUrls: success ? task.resultUrls : [],
        },
      }
  }
}

function sunoCallback(task: EmulatedTask, stage: CallbackStage): Json {
  if (task.state === 'fail') {
    return {
      code: numericCode(task),
      msg: task.failMessage ?? 'Generation failed',
      data: { callbackType: 'error', task_id: task.taskId, data: null },
    }
  }
  const tracks = task.resultUrls.map((_, i) => sunoTrack(task, i, true))
  const byStage = {
    text: { type: 'text', msg: 'Text generation completed.', data: [] as Json[] },
    first: { type: 'first', msg: 'First track generation completed.', data: tracks.slice(0, 1) },
    final: { type: 'complete', msg: 'All generated successfully.', data: tracks },
  }[stage]
  return { code: 200, msg: byStage.msg, data: { callbackType: byStage.type, task_id: task.taskId, data: byStage.data } }
}
