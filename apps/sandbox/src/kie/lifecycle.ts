import { randomBytes } from 'node:crypto'
import { accountCredits, setAccountCredits } from './accounts'
import { sendCallback } from './callbacks'
import { resultUrls } from './results'
import type { EmulatedState, EmulatedTask, Outcome } from './state'
import type { KieEmulatorStore } from './store'

/** What a create request fixes about a task; the rest is the emulator's to fill in. */
export type NewTask = Pick<
  EmulatedTask,
  'account' | 'family' | 'entry' | 'model' | 'request' | 'params' | 'callBackUrl' | 'price' | 'baseUrl'
> & {
  /** an outcome the request itself decides (e.g. an extension of an unknown track fails) */
  planned?: Outcome
  /**
   * when the create limit admitted the request (its createTime, the instant the window counted);
   * a pause between admission and here (a media fetch, a GC) must not make the window look broken
   */
  createdAt?: number
}

/** The next forced outcome, else a random one by the failure rate. */
function planOutcome(store: KieEmulatorStore): Outcome {
  const forced = store.forcedOutcomes.shift()
  if (forced) return forced
  const { failureRate, failCodes } = store.settings
  if (Math.random() >= failureRate) return { outcome: 'success' }
  const picked = failCodes[Math.floor(Math.random() * failCodes.length)]
  return { outcome: 'fail', failCode: picked?.code, failMessage: picked?.message }
}

/** Creates the task and walks it waiting → queuing → generating → success | fail on the timeline. */
export function startTask(store: KieEmulatorStore, spec: NewTask): EmulatedTask {
  const now = Date.now()
  const { planned, createdAt, ...fixed } = spec
  const task: EmulatedTask = {
    ...fixed,
    taskId: randomBytes(16).toString('hex'),
    state: 'waiting',
    planned: planned ?? planOutcome(store),
    failCode: null,
    failMessage: null,
    resultUrls: [],
    creditsConsumed: 0,
    createTime: createdAt ?? now,
    updateTime: now,
    completeTime: null,
  }
  store.tasks.set(task.taskId, task)
  const { queuingMs, generatingMs, completeMs } = store.settings.timeline
  store.later(queuingMs, () => moveTo(task, 'queuing'))
  store.later(generatingMs, () => {
    moveTo(task, 'generating')
    if (task.family === 'suno' && store.settings.sunoStageCallbacks && task.planned.outcome === 'success') {
      void sendCallback(store, task, 'text')
    }
  })
  store.later(completeMs, () => finish(store, task))
  return task
}

function moveTo(task: EmulatedTask, state: EmulatedState): void {
  if (task.state === 'success' || task.state === 'fail') return
  task.state = state
  task.updateTime = Date.now()
}

/** Ends a task now with its planned outcome: debits credits on success, then calls back. */
export function finish(store: KieEmulatorStore, task: EmulatedTask): void {
  if (task.state === 'success' || task.state === 'fail') return
  const now = Date.now()
  task.updateTime = now
  task.completeTime = now
  if (task.planned.outcome === 'success') {
    task.state = 'success'
    task.resultUrls = resultUrls(task, store.settings.resultsPerTask)
    const factor = store.settings.creditsFactor[task.model] ?? 1
    task.creditsConsumed = Math.round(task.price * factor * 1000) / 1000
    const left = accountCredits(store, task.account) - task.creditsConsumed
    setAccountCredits(store, task.account, Math.round(left * 100) / 100)
  } else {
    task.state = 'fail'
    task.failCode = task.planned.failCode ?? '500'
    task.failMessage = task.planned.failMessage ?? 'Internal server error'
  }
  const firstTrack = task.family === 'suno' && task.state === 'success' && store.settings.sunoStageCallbacks
  void (firstTrack ? sendCallback(store, task, 'first') : Promise.resolve()).then(() =>
    sendCallback(store, task, 'final'),
  )
}
