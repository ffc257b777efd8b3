import { getMaxListeners } from 'node:events'
import { KieEmulatorStore } from '../src/kie/store'
import { Emulator } from '../src/telegram/emulator'

// Each emulator's lifetime signal is waited on by many requests at once under load (callback
// retries, simulated latencies, long polls), each with an abort listener of its own: it takes any
// number of them, so Node does not print its "possible EventTarget memory leak" warning at 11.
interface HasLifetime {
  readonly signal: AbortSignal
  reset(): void
}

describe("the emulators' lifetime signals take any number of listeners, before and after a reset", () => {
  it.each<[string, () => HasLifetime & { end(): void }]>([
    [
      'Kie',
      () => {
        const store = KieEmulatorStore.create()
        return Object.assign(store, { end: () => store.stopEverything() })
      },
    ],
    [
      'Telegram',
      () => {
        const emulator = new Emulator()
        return Object.assign(emulator, { end: () => emulator.stop() })
      },
    ],
  ])('%s', (_name, make) => {
    const emulator = make()
    try {
      expect(getMaxListeners(emulator.signal)).toBe(Infinity)
      const before = emulator.signal
      emulator.reset()
      expect(emulator.signal).not.toBe(before)
      expect(getMaxListeners(emulator.signal)).toBe(Infinity)
    } finally {
      emulator.end()
    }
  })
})
