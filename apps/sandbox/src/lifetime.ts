import { setMaxListeners } from 'node:events'

/**
 * An emulator's lifetime: aborted on reset or close, it ends the waits in flight (long polls,
 * simulated latencies, callback retries). Many of those wait on it at once under load, each with
 * an abort listener removed when its wait ends, so Node's "possible EventTarget memory leak"
 * warning at 11 listeners would be a false alarm: the signal takes any number.
 */
export function lifetimeController(): AbortController {
  const controller = new AbortController()
  // Infinity, not 0: Node 20's getMaxListeners takes a 0 on an EventTarget for "never set" and throws
  setMaxListeners(Infinity, controller.signal)
  return controller
}
