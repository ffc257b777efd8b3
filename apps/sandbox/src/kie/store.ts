import { createPaths } from '@kiebot/kie'
import type { Response } from './express'
import { defaultEmulatedCatalog, type EmulatedCatalog } from './models-catalog'
import {
  DEFAULT_SETTINGS,
  type CallbackAttempt,
  type EmulatedTask,
  type FaultRule,
  type KieEmulatorSettings,
  type Outcome,
  type RecordedRequest,
  type StoredFile,
} from './state'
import { lifetimeController } from '../lifetime'

/** A request held open by a `hang` rule: answered never, its socket destroyed on reset/close. */
interface HeldRequest {
  response: Response
}

export interface HangRule extends FaultRule {
  /** `before`: nothing happens; `after`: the request is processed (a task is created) but never answered */
  phase: 'before' | 'after'
}

export interface ErrorRule extends FaultRule {
  status: number
  message: string
}

/** All mutable state of one emulator instance. */
export class KieEmulatorStore {
  settings: KieEmulatorSettings
  readonly tasks = new Map<string, EmulatedTask>()
  readonly files = new Map<string, StoredFile>()
  readonly requests: RecordedRequest[] = []
  readonly callbackAttempts: CallbackAttempt[] = []
  /** create timestamps per API key, for the sliding rate-limit window */
  readonly createTimes = new Map<string, number[]>()
  /** what the catalog API serves, and its request times per key (one budget for the four endpoints) */
  catalog: EmulatedCatalog = defaultEmulatedCatalog()
  readonly catalogTimes = new Map<string, number[]>()
  errorRules: ErrorRule[] = []
  rateLimitBursts: FaultRule[] = []
  hangRules: HangRule[] = []
  forcedOutcomes: Outcome[] = []
  private readonly held = new Set<HeldRequest>()
  private readonly timers = new Set<NodeJS.Timeout>()
  /** aborted on reset/close: stops callback deliveries in flight */
  private lifetime = lifetimeController()

  constructor(private readonly initial: KieEmulatorSettings) {
    this.settings = structuredClone(initial)
  }

  static create(overrides: Partial<KieEmulatorSettings> = {}): KieEmulatorStore {
    return new KieEmulatorStore({ ...structuredClone(DEFAULT_SETTINGS), ...overrides })
  }

  get signal(): AbortSignal {
    return this.lifetime.signal
  }

  /** Runs `fn` after `ms` unless the emulator is reset or closed first. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, ms)
    this.timers.add(timer)
  }

  hold(response: Response): void {
    this.held.add({ response })
  }

  /** Back to the initial settings, with every task, file, record and fault rule gone. */
  reset(): void {
    this.stopEverything()
    this.settings = structuredClone(this.initial)
    this.tasks.clear()
    this.files.clear()
    this.requests.length = 0
    this.callbackAttempts.length = 0
    this.createTimes.clear()
    this.catalog = defaultEmulatedCatalog()
    this.catalogTimes.clear()
    this.errorRules = []
    this.rateLimitBursts = []
    this.hangRules = []
    this.forcedOutcomes = []
    this.lifetime = lifetimeController()
  }

  heldCount(): number {
    return this.held.size
  }

  /** Drops held requests (their connections are destroyed) without touching anything else. */
  releaseHeld(): number {
    const count = this.held.size
    for (const { response } of this.held) response.socket?.destroy()
    this.held.clear()
    return count
  }

  stopEverything(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.releaseHeld()
    this.lifetime.abort()
  }
}

/** Takes one use of the first rule matching `path`; true when a rule applied. */
const CREATE_PATHS = new Set(createPaths().map((create) => create.path))

export function takeRule<T extends FaultRule>(rules: T[], path: string): T | null {
  const rule = rules.find(
    (r) => r.remaining > 0 && (r.creates ? CREATE_PATHS.has(path) : path.startsWith(r.pathPrefix ?? '/api')),
  )
  if (!rule) return null
  rule.remaining -= 1
  return rule
}
