/** Waiting for something to show up: checks what is there, then listens to the event stream. */
import type { EmulatorEvent, EmulatorEvents } from './events'

export const DEFAULT_WAIT_MS = 5000

/**
 * Resolves with the first non-undefined `check()` result: now, or after any later event.
 * Rejects after timeoutMs with `describe()` in the message.
 */
export function waitUntil<T>(
  events: EmulatorEvents,
  check: (event?: EmulatorEvent) => T | undefined,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  const now = check()
  if (now !== undefined) return Promise.resolve(now)
  return new Promise<T>((resolve, reject) => {
    const onEvent = (event: EmulatorEvent): void => {
      const found = check(event)
      if (found === undefined) return
      cleanup()
      resolve(found)
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`))
    }, timeoutMs)
    const cleanup = (): void => {
      clearTimeout(timer)
      events.off('event', onEvent)
    }
    events.on('event', onEvent)
  })
}
