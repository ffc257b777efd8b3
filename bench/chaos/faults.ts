import type { ChaosSettings } from './settings'
import type { Stack } from './stack'

// The fault schedule while traffic runs: a worker SIGKILLed every few seconds (the two
// take turns, so one is always up), createTask answers held and then cut, Telegram 429
// bursts, and, once each at a share of the confirmations, the gateway killed and the
// private Redis restarted empty. Every loop ends when `stop()` is called.

const CREATE_PATH = '/api/v1/jobs/createTask'

export interface FaultCounts {
  workerKills: number
  gatewayKills: number
  redisRestarts: number
  heldCreates: { before: number; after: number }
  telegram429Bursts: number
  log: string[]
  /** when each worker SIGKILL happened (ms since the epoch) */
  workerKillTimes: number[]
}

export interface FaultSchedule {
  counts: FaultCounts
  /** tells the schedule how many generations are confirmed */
  progress(confirmed: number): void
  stop(): Promise<void>
}

export function startFaults(stack: Stack, settings: ChaosSettings, startedAt: number): FaultSchedule {
  const counts: FaultCounts = {
    workerKills: 0,
    gatewayKills: 0,
    redisRestarts: 0,
    heldCreates: { before: 0, after: 0 },
    telegram429Bursts: 0,
    log: [],
    workerKillTimes: [],
  }
  const note = (what: string) => counts.log.push(`${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${what}`)
  let stopped = false
  const running: Promise<void>[] = []
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  const every = (ms: number, action: () => Promise<void> | void) => {
    if (ms <= 0) return
    running.push(
      (async () => {
        while (!stopped) {
          await sleep(ms)
          if (stopped) return
          try {
            await action()
          } catch (error) {
            note(`fault action failed: ${error instanceof Error ? error.message : String(error)}`)
          }
        }
      })(),
    )
  }

  let turn = 0
  let holds = 0
  every(settings.killEveryMs, async () => {
    const index = turn++ % 2
    note(`worker ${index} SIGKILLed`)
    counts.workerKillTimes.push(Date.now())
    await stack.killWorker(index)
    counts.workerKills++
  })
  every(settings.holdEveryMs, async () => {
    // alternately: the create never reaches Kie, or Kie creates the task and the answer is lost
    const phase = holds++ % 2 === 0 ? 'before' : 'after'
    stack.kie.control.hang({ count: 1, pathPrefix: CREATE_PATH, phase })
    await sleep(settings.holdMs)
    counts.heldCreates[phase] += stack.kie.control.releaseHangs()
  })
  every(settings.burstEveryMs, () => {
    // a burst the traffic has not used up yet is replaced, not added to: near the end, when few
    // calls are left, stacked bursts would answer every call 429 for minutes (Telegram's flood
    // wait is a time, not a count of calls)
    stack.telegram.control.clearFaults()
    stack.telegram.control.rateLimitNext({ times: settings.burstCalls, retryAfter: 4 })
    counts.telegram429Bursts++
  })

  let gatewayDone = false
  let redisDone = false
  const once: Promise<void>[] = []
  return {
    counts,
    progress(confirmed) {
      const share = confirmed / Math.max(1, settings.generations)
      if (!gatewayDone && share >= settings.gatewayKillAt) {
        gatewayDone = true
        note(`gateway SIGKILLed at ${confirmed} confirmations`)
        once.push(
          stack.restartGateway(3_000).then(() => {
            counts.gatewayKills++
            note('gateway back')
          }),
        )
      }
      if (!redisDone && share >= settings.redisRestartAt) {
        redisDone = true
        note(`Redis SIGKILLed (no persistence) at ${confirmed} confirmations`)
        once.push(
          stack.redis.restart(2_000).then(() => {
            counts.redisRestarts++
            note('Redis back, empty')
          }),
        )
      }
    },
    async stop() {
      stopped = true
      await Promise.all(running)
      await Promise.all(once)
      stack.kie.control.releaseHangs()
      stack.telegram.control.clearFaults()
    },
  }
}
