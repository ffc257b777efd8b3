/** What a deadline's signal keeps alive: its timeout and the signals it follows. */
const sources = new WeakMap<AbortSignal, AbortSignal[]>()

/**
 * A signal that aborts when any of `signals` does, or after `ms` (a TimeoutError):
 * `AbortSignal.any` with `AbortSignal.timeout`, made safe. On Node 20 a signal that only
 * `AbortSignal.any` refers to can be garbage-collected, and then the composite never aborts: a
 * request past its time waits for the server's own timeout, or forever (a fetch). The returned
 * signal keeps its sources alive for as long as it lives.
 */
export function withDeadline(ms: number, ...signals: AbortSignal[]): AbortSignal {
  const timeout = AbortSignal.timeout(ms)
  const signal = AbortSignal.any([...signals, timeout])
  sources.set(signal, [timeout, ...signals])
  return signal
}
