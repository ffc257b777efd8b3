// Every knob of the chaos bench, from BENCH_* variables (defaults in brackets in README).

export interface ChaosSettings {
  /** generations to confirm (BENCH_GENERATIONS) */
  generations: number
  /** Telegram users acting at once (BENCH_USERS) */
  users: number
  /** share of Kie tasks that end in `fail` (BENCH_KIE_FAILURE_RATE) */
  kieFailureRate: number
  /** Kie task duration after it starts generating (BENCH_KIE_TASK_MS) */
  kieTaskMs: number
  /** one worker SIGKILLed (and restarted) every this many ms (BENCH_KILL_EVERY_MS) */
  killEveryMs: number
  /** one createTask answer held every this many ms (BENCH_HOLD_EVERY_MS) */
  holdEveryMs: number
  /** a held createTask connection is cut after this long (BENCH_HOLD_MS) */
  holdMs: number
  /** a Telegram 429 burst every this many ms (BENCH_429_EVERY_MS) */
  burstEveryMs: number
  /** calls answered 429 in one burst (BENCH_429_CALLS) */
  burstCalls: number
  /** the gateway is killed when this share of the generations is confirmed (BENCH_GATEWAY_KILL_AT) */
  gatewayKillAt: number
  /** Redis is restarted (empty) when this share is confirmed (BENCH_REDIS_RESTART_AT) */
  redisRestartAt: number
  /** share of confirmations pressed twice at once (BENCH_DOUBLE_CONFIRM) */
  doubleConfirm: number
  /** how long traffic may run before users stop (BENCH_TRAFFIC_DEADLINE_MS) */
  trafficDeadlineMs: number
  /** how long to wait after traffic for every generation to end (BENCH_DRAIN_MS) */
  drainMs: number
  /** a reservation open longer than this is reported as money held (BENCH_HELD_S) */
  heldSeconds: number
  /** how long a user waits for one screen before starting over (BENCH_SCREEN_TIMEOUT_MS) */
  screenTimeoutMs: number
  // product settings for the bench's processes (shortened so a run fits in minutes)
  welcomeKopecks: number
  maxActive: number
  createLimit: number
  createTimeoutMs: number
  submitGraceMs: number
  workerLockMs: number
  sweeperMs: number
}

function num(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`)
  return value
}

export function chaosSettings(): ChaosSettings {
  const generations = num('BENCH_GENERATIONS', 2_000)
  return {
    generations,
    users: num('BENCH_USERS', Math.min(100, Math.max(10, Math.ceil(generations / 20)))),
    kieFailureRate: num('BENCH_KIE_FAILURE_RATE', 0.15),
    kieTaskMs: num('BENCH_KIE_TASK_MS', 3_000),
    killEveryMs: num('BENCH_KILL_EVERY_MS', 5_000),
    holdEveryMs: num('BENCH_HOLD_EVERY_MS', 4_000),
    holdMs: num('BENCH_HOLD_MS', 3_000),
    burstEveryMs: num('BENCH_429_EVERY_MS', 7_000),
    burstCalls: num('BENCH_429_CALLS', 10),
    gatewayKillAt: num('BENCH_GATEWAY_KILL_AT', 0.35),
    redisRestartAt: num('BENCH_REDIS_RESTART_AT', 0.6),
    doubleConfirm: num('BENCH_DOUBLE_CONFIRM', 0.1),
    trafficDeadlineMs: num('BENCH_TRAFFIC_DEADLINE_MS', 1_800_000),
    drainMs: num('BENCH_DRAIN_MS', 240_000),
    heldSeconds: num('BENCH_HELD_S', 90),
    screenTimeoutMs: num('BENCH_SCREEN_TIMEOUT_MS', 15_000),
    welcomeKopecks: 10_000_000,
    maxActive: num('BENCH_MAX_ACTIVE', 3),
    createLimit: num('BENCH_KIE_CREATE_LIMIT', 200),
    createTimeoutMs: num('BENCH_KIE_CREATE_TIMEOUT_MS', 10_000),
    submitGraceMs: num('BENCH_SUBMIT_GRACE_MS', 60_000),
    workerLockMs: num('BENCH_WORKER_LOCK_MS', 5_000),
    sweeperMs: num('BENCH_SWEEPER_MS', 5_000),
  }
}
