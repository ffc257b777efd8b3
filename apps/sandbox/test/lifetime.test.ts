import { getEventListeners, getMaxListeners } from 'node:events'
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

describe("a payment's wait on the Telegram emulator's lifetime", () => {
  it('leaves no abort listener behind once the pre-checkout is answered (the limit above would hide a leak)', async () => {
    const emulator = new Emulator()
    try {
      const bot = emulator.registerBot()
      const user = emulator.createUser({ first_name: 'Payer' })
      const invoice = {
        title: 'Stars',
        description: 'Top-up',
        payload: 'p',
        currency: 'XTR',
        prices: [],
        totalAmount: 50,
      }
      const before = getEventListeners(emulator.signal, 'abort').length
      for (let i = 0; i < 3; i++) {
        const paying = emulator.payments.pay(bot, user.id, user.id, invoice)
        // the bot answers the pre_checkout_query the emulator queued for it
        const queryId = [...emulator.state.preCheckoutQueries.values()].find((q) => q.answer === undefined)!.id
        expect(getEventListeners(emulator.signal, 'abort').length).toBe(before + 1)
        emulator.payments.answer(bot, queryId, false, 'not today')
        expect((await paying).status).toBe('rejected')
      }
      expect(getEventListeners(emulator.signal, 'abort').length).toBe(before)
    } finally {
      emulator.stop()
    }
  })
})
