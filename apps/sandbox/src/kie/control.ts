import { accountCredits, accountOf, setAccountCredits } from './accounts'
import { finish } from './lifecycle'
import { catalogControl, type CatalogControl } from './control-catalog'
import type {
  CallbackAttempt,
  CallbackMode,
  EmulatedTask,
  ErrorMode,
  FailCode,
  KieEmulatorSettings,
  MessageKey,
  Outcome,
  RecordedRequest,
  Timeline,
} from './state'
import type { KieEmulatorStore } from './store'

/** A task as tests see it (no catalog entry, no internals). */
export type TaskSnapshot = Omit<EmulatedTask, 'entry' | 'planned' | 'baseUrl'>

export interface FaultTarget {
  /** only requests whose path starts with this (default: every /api request) */
  pathPrefix?: string
  /** only create requests (any family's create endpoint); wins over pathPrefix */
  creates?: boolean
}

export interface PendingFaults {
  /** requests still to hang (Infinity: every matching one) */
  hangs: number
  /** requests held open now */
  held: number
  /** injected error answers still to give */
  errors: number
  /** forced task outcomes still to apply, in order */
  outcomes: Outcome[]
}

/** In-process control of a Kie emulator; `/_control/...` exposes the same over HTTP. */
export interface KieEmulatorControl extends CatalogControl {
  settings(): KieEmulatorSettings
  /** change any settings at once */
  configure(patch: Partial<KieEmulatorSettings>): void
  /** initial settings; tasks, files, records, fault rules dropped; hung requests cut */
  reset(): void
  /** a balance: the main account's, or that of the account of `apiKey` */
  setCredits(credits: number, apiKey?: string): void
  getCredits(apiKey?: string): number
  setLatency(ms: number): void
  setFailureRate(rate: number, failCodes?: FailCode[]): void
  setErrorMode(mode: ErrorMode): void
  setMessageKey(key: MessageKey): void
  setCallbacks(mode: CallbackMode): void
  setTimeline(timeline: Partial<Timeline>): void
  setRateLimit(limit: { creates: number; windowMs: number } | null): void
  setWebhookHmacKey(key: string | null, timestampSkewSeconds?: number): void
  /** the next `count` matching requests get this error (default 500) */
  failNext(count: number, options?: FaultTarget & { status?: number; message?: string }): void
  /** the next `count` matching requests get 429 */
  rateLimitNext(count: number, options?: FaultTarget): void
  /** matching requests are never answered (count default: all) until reset/close/releaseHangs */
  hang(options?: FaultTarget & { count?: number; phase?: 'before' | 'after' }): void
  /** cuts hung connections and stops hanging; returns how many were cut */
  releaseHangs(): number
  /** what is armed and not used up yet: hangs, requests held open, injected errors, forced outcomes */
  pendingFaults(): PendingFaults
  /** the next created task ends this way (queue) */
  forceNextOutcome(outcome: Outcome): void
  /** ends a running task now with its planned outcome */
  completeNow(taskId: string): void
  requests(filter?: { method?: string; path?: string }): RecordedRequest[]
  clearRequests(): void
  tasks(): TaskSnapshot[]
  task(taskId: string): TaskSnapshot | undefined
  callbackAttempts(taskId?: string): CallbackAttempt[]
}

function snapshot(task: EmulatedTask): TaskSnapshot {
  const { entry: _entry, planned: _planned, baseUrl: _baseUrl, ...rest } = task
  return structuredClone(rest)
}

export function createControl(store: KieEmulatorStore): KieEmulatorControl {
  const configure = (patch: Partial<KieEmulatorSettings>): void => {
    store.settings = { ...store.settings, ...patch }
  }
  const account = (apiKey: string | undefined): number => {
    if (apiKey === undefined) return 0
    const found = accountOf(store, apiKey)
    if (found === null) throw new Error('no Kie account has this key')
    return found
  }
  return {
    settings: () => structuredClone(store.settings),
    configure,
    reset: () => store.reset(),
    setCredits: (credits, apiKey) => setAccountCredits(store, account(apiKey), credits),
    getCredits: (apiKey) => accountCredits(store, account(apiKey)),
    setLatency: (latencyMs) => configure({ latencyMs }),
    setFailureRate: (failureRate, failCodes) => configure({ failureRate, ...(failCodes ? { failCodes } : {}) }),
    setErrorMode: (errorMode) => configure({ errorMode }),
    setMessageKey: (messageKey) => configure({ messageKey }),
    setCallbacks: (callbacks) => configure({ callbacks }),
    setTimeline: (timeline) => configure({ timeline: { ...store.settings.timeline, ...timeline } }),
    setRateLimit: (rateLimit) => configure({ rateLimit }),
    setWebhookHmacKey: (webhookHmacKey, skew = 0) => configure({ webhookHmacKey, webhookTimestampSkewSeconds: skew }),
    failNext: (count, options = {}) => {
      store.errorRules.push({
        remaining: count,
        pathPrefix: options.pathPrefix,
        creates: options.creates,
        status: options.status ?? 500,
        message: options.message ?? 'Internal server error',
      })
    },
    rateLimitNext: (count, options = {}) => {
      store.rateLimitBursts.push({ remaining: count, pathPrefix: options.pathPrefix, creates: options.creates })
    },
    hang: (options = {}) => {
      store.hangRules.push({
        remaining: options.count ?? Number.POSITIVE_INFINITY,
        pathPrefix: options.pathPrefix,
        creates: options.creates,
        phase: options.phase ?? 'before',
      })
    },
    pendingFaults: () => ({
      hangs: store.hangRules.reduce((sum, rule) => sum + rule.remaining, 0),
      held: store.heldCount(),
      errors: store.errorRules.reduce((sum, rule) => sum + rule.remaining, 0),
      outcomes: [...store.forcedOutcomes],
    }),
    releaseHangs: () => {
      store.hangRules = []
      return store.releaseHeld()
    },
    forceNextOutcome: (outcome) => {
      store.forcedOutcomes.push(outcome)
    },
    completeNow: (taskId) => {
      const task = store.tasks.get(taskId)
      if (!task) throw new Error(`no task ${taskId}`)
      finish(store, task)
    },
    requests: (filter = {}) =>
      store.requests.filter(
        (r) => (!filter.method || r.method === filter.method) && (!filter.path || r.path === filter.path),
      ),
    clearRequests: () => {
      store.requests.length = 0
    },
    tasks: () => [...store.tasks.values()].map(snapshot),
    task: (taskId) => {
      const task = store.tasks.get(taskId)
      return task && snapshot(task)
    },
    callbackAttempts: (taskId) => store.callbackAttempts.filter((a) => !taskId || a.taskId === taskId),
    ...catalogControl(store),
  }
}
