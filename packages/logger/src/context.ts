import { AsyncLocalStorage } from 'node:async_hooks'

/** Correlation ids carried through async calls and added to every log entry. */
export interface LogContext {
  updateId?: number
  generationId?: string
  userId?: string | number | bigint
  requestId?: string
  jobId?: string
  [key: string]: unknown
}

const storage = new AsyncLocalStorage<LogContext>()

/** Runs `fn` with `context` merged over the current one. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn)
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {}
}
