import { getMaxListeners } from 'node:events'
import { KieEmulatorStore } from '../src/kie/store'
import { Emulator } from '../src/telegram/emulator'

// Each emulator's lifetime signal is waited on by many requests at once under load (callback
// retries, simulated latencies, long polls), each with an abort listener of its own: it takes any
// number of them, so Node does not print its "possible EventTarget memory leak" warning at 11.
describe("the emulators' lifetime signals", () => {
  it('the Kie emulator: any number of listeners, before and after a reset', () => {
    const store = KieEmulatorStore.create()
    expect(getMaxListeners(store.signal)).toBe(Infinity)
    const before = store.signal
    store.reset()
    expect(store.signal).not.toBe(before)
    expect(getMaxListeners(store.signal)).toBe(Infinity)
    store.stopEverything()
  })

  it('the Telegram emulator: any number of listeners, before and after a reset', () => {
    const emulator = new Emulator()
    expect(getMaxListeners(emulator.signal)).toBe(Infinity)
    const before = emulator.signal
    emulator.reset()
    expect(emulator.signal).not.toBe(before)
    expect(getMaxListeners(emulator.signal)).toBe(Infinity)
    emulator.stop()
  })
})
