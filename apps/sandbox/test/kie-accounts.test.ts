import { isKieError, KieClient, type KieCreateRequest } from '@kiebot/kie'
import { startKieEmulator, type RunningKieEmulator } from '../src/kie'

// Several Kie accounts in one emulator (a key pool): each key has its own balance and its own
// create-rate window, and a task belongs to the account that created it: another account's
// key reads it as "not found", as Kie scopes tasks per account.
const MAIN = 'accounts-main-key'
const SECOND = 'accounts-second-key'
let emulator: RunningKieEmulator
let main: KieClient
let second: KieClient

const nanoBanana: KieCreateRequest = {
  family: 'market',
  path: '/api/v1/jobs/createTask',
  body: { model: 'google/nano-banana', input: { prompt: 'p' } },
}
const noRetry = { maxAttempts: 1 }

beforeAll(async () => {
  emulator = await startKieEmulator({
    apiKey: MAIN,
    credits: 100,
    accounts: [{ apiKey: SECOND, credits: 7 }],
    errorMode: 'http',
    callbacks: 'off',
    rateLimit: { creates: 2, windowMs: 60_000 },
    timeline: { queuingMs: 10_000, generatingMs: 10_000, completeMs: 10_000 },
  })
  main = new KieClient({ apiKey: MAIN, baseUrl: emulator.url, retry: noRetry })
  second = new KieClient({ apiKey: SECOND, baseUrl: emulator.url, retry: noRetry })
})
afterAll(() => emulator.close())

async function kieError(call: Promise<unknown>): Promise<{ code: number | null | undefined }> {
  try {
    await call
  } catch (error) {
    if (isKieError(error)) return { code: error.code }
    throw error
  }
  throw new Error('expected a Kie error')
}

describe('several Kie accounts', () => {
  it('keep their own balances, debited by their own tasks', async () => {
    expect(await main.getCredits()).toBe(100)
    expect(await second.getCredits()).toBe(7)
    const task = await second.createTask(nanoBanana)
    emulator.control.completeNow(task)
    expect(await second.getCredits()).toBe(3)
    expect(await main.getCredits()).toBe(100)
    expect(emulator.control.getCredits(SECOND)).toBe(3)
    // 4 credits a task: the second account cannot pay for another, the main one can
    expect(await kieError(second.createTask(nanoBanana))).toEqual({ code: 402 })
    emulator.control.setCredits(50, SECOND)
    expect(await second.getCredits()).toBe(50)
  })

  it('scope tasks: only the creating account reads a task', async () => {
    const task = await main.createTask(nanoBanana)
    expect(emulator.control.task(task)?.account).toBe(0)
    expect((await main.getTask('market', task)).taskId).toBe(task)
    expect(await kieError(second.getTask('market', task))).toEqual({ code: 404 })
    const reads = emulator.control.requests({ path: '/api/v1/jobs/recordInfo' })
    expect(reads.map((r) => r.account)).toEqual([0, 1])
  })

  it('count create limits per account', async () => {
    // main made 1 create so far, second 2 (one refused with 402 counts as a request Kie saw)
    await main.createTask(nanoBanana)
    expect(await kieError(main.createTask(nanoBanana))).toEqual({ code: 429 })
    expect(await kieError(second.createTask(nanoBanana))).toEqual({ code: 429 })
    const unknown = new KieClient({ apiKey: 'nobody', baseUrl: emulator.url, retry: noRetry })
    expect(await kieError(unknown.getCredits())).toEqual({ code: 401 })
    expect(emulator.control.requests().at(-1)).toMatchObject({ authorized: false, account: null })
  })
})
