import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { enqueueFromOutbox, reserveFunds, type Prisma } from '@kiebot/db'
import { enqueueGeneration, resultJobId } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import { freePort, imageNodeOptions, spawnApp, type AppProcess } from '@kiebot/testing'
import {
  botCall,
  createUser,
  startHarness,
  workerEnv,
  type Harness,
  type TestUser,
} from '../../apps/worker/test/support/harness'
import { tickInterval } from '../../apps/worker/src/telegram/progress'
import { startPrivateRedis } from '../chaos/stack'
import { profileArgs, profileThisProcess } from '../support/spawn'
import {
  committedTransactions,
  cpuMs,
  cpuShares,
  cpuSince,
  cpuTimes,
  redisCommands,
  redisCommandCalls,
  commandMix,
  fixed,
  machineLoad,
  percentile,
  processCpu,
  rssMb,
  table,
} from '../support/measure'

// Benchmark (not a timed test) of one built worker process, with a private redis-server,
// the emulators and a stand-in for the gateway's Kie callback endpoint (the worker
// harness's). Generations are made as the gateway's Confirm makes them: a status message,
// reserveFunds (with the status message), then enqueueFromOutbox (the job, then enqueued_at).
// Parts (BENCH_PARTS, default all, comma-separated):
// - throughput: BENCH_COUNT (5,000) generations, Kie completes each at once and calls back,
//   Telegram's flood limits off: generations/s and CPU ms per generation of the worker, and
//   in the same run a raw BullMQ three-step baseline (bullmq-three-step.js, its own process);
// - latency: BENCH_LATENCY_COUNT (300) generations whose Kie task ends 2 s after it starts:
//   from Kie's callback to the result message in the chat, p50/p99;
// - burst: BENCH_BURST (3,000) results to distinct chats at once under Telegram's real
//   limits (30 messages/s): result sends/s, none lost or duplicated;
// - waiting: BENCH_WAITING (10,000) generations waiting on Kie: worker RSS growth and Redis
//   bytes per generation.
// BENCH_CPU_PROF=<dir> writes each worker's `node --cpu-prof` profile there. Run: see bench/README.md.

const SLUG = 'nano-banana'
const PARAMS = { prompt: 'A red fox sitting in fresh snow at sunrise' }
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

/** The built worker as a process (with `--cpu-prof` when BENCH_CPU_PROF is set), stopped with the harness. */
async function spawnWorker(h: Harness, overrides: Record<string, string>): Promise<AppProcess & { url: string }> {
  const port = await freePort()
  const app = spawnApp('apps/worker/dist/main.js', workerEnv(h, { WORKER_PORT: String(port), ...overrides }), [
    ...imageNodeOptions('worker'),
    ...profileArgs(),
  ])
  h.workers.push(app)
  await app.waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000 })
  return Object.assign(app, { url: `http://127.0.0.1:${port}` })
}

/** The worker's own memory gauges (prom-client's defaults on /metrics), MB. */
async function processMemory(
  url: string,
): Promise<{ heapUsed: number; heapTotal: number; external: number; spaces: string }> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const gauge = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20
  return {
    heapUsed: gauge('nodejs_heap_size_used_bytes'),
    heapTotal: gauge('nodejs_heap_size_total_bytes'),
    external: gauge('nodejs_external_memory_bytes'),
    // each V8 heap space's size (committed), where the heap total sits
    spaces: [...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(\w+)"[^}]*\} (\S+)$/gm)]
      .filter((m) => Number(m[2]) >= 2 ** 20)
      .map((m) => `${m[1]} ${fixed(Number(m[2]) / 2 ** 20, 0)}`)
      .join(', '),
  }
}

/** Redis memory by kind of key (ids and numbers replaced by *), the largest first: `kind: keys × bytes`. */
async function redisByKind(h: Harness, count: number): Promise<string> {
  const kinds = new Map<string, { keys: number; bytes: number; sample: string }>()
  let cursor = '0'
  do {
    const [next, keys] = await h.redis.scan(cursor, 'COUNT', 1000)
    cursor = next
    const sizes = await Promise.all(keys.map((key) => h.redis.memory('USAGE', key)))
    keys.forEach((key, i) => {
      const kind = key.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').replace(/\d+/g, '*')
      const entry = kinds.get(kind) ?? { keys: 0, bytes: 0, sample: key }
      entry.keys += 1
      entry.bytes += Number(sizes[i] ?? 0)
      kinds.set(kind, entry)
    })
  } while (cursor !== '0')
  const largest = [...kinds].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 8)
  const parts = await Promise.all(
    largest.map(async ([kind, { keys, bytes, sample }]) => {
      const what = keys === 1 ? await keyShape(h, sample) : `${keys} keys`
      return `${kind.replace(/^[^:]*:/, '')} ${what}, ${fixed(bytes / count, 0)} B/gen`
    }),
  )
  return parts.join('; ')
}

const LENGTH_COMMANDS: Record<string, string> = {
  zset: 'ZCARD',
  list: 'LLEN',
  hash: 'HLEN',
  stream: 'XLEN',
  set: 'SCARD',
}

/** A one-key kind's type and length (a queue's zset of 10,000 delayed jobs, say). */
async function keyShape(h: Harness, key: string): Promise<string> {
  const type = await h.redis.type(key)
  const lengthCommand = LENGTH_COMMANDS[type]
  return `${type} of ${lengthCommand ? Number(await h.redis.call(lengthCommand, key)) : 0}`
}

/** The worker as production runs it (its defaults), with the bench's emulators. */
const productionTimings = {
  KIE_POLL_MIN_MS: '3000',
  KIE_POLL_MAX_MS: '30000',
  WORKER_LOCK_MS: '10000',
  STATUS_EDIT_INTERVAL_MS: '3000',
  SCHEDULE_SWEEPER_MS: '60000',
  LOG_LEVEL: 'warn',
  // Kie's own create limit is off in the emulator (the bench is about the worker's cost)
  KIE_CREATE_LIMIT: '1000000',
  KIE_CREATE_WINDOW_MS: '1000',
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))))
  return out
}

async function makeUsers(h: Harness, count: number): Promise<TestUser[]> {
  return inBatches(
    Array.from({ length: count }, (_, i) => i),
    25,
    () => createUser(h, { kopecks: 1_000_000_000 }),
  )
}

/** Confirm, as the gateway's confirm.ts does it, up to the enqueue (returned, to run later). */
async function reserve(h: Harness, user: TestUser): Promise<string> {
  const model = getModel(SLUG)!
  const status = await botCall<{ message_id: number }>(h, 'sendMessage', {
    chat_id: user.chatId,
    text: `⏳ ${model.name.en} is queued.`,
  })
  const generationId = randomUUID()
  const credits = model.credits(PARAMS)
  await reserveFunds(h.db, {
    generationId,
    userId: BigInt(user.id),
    chatId: BigInt(user.chatId),
    modelId: model.slug,
    params: PARAMS as Prisma.InputJsonValue,
    price: {
      credits,
      usdPerCredit: 0.005,
      fxRubPerUsd: 90,
      markup: 2,
      kopecks: Math.ceil(credits * 0.005 * 90 * 2 * 100),
    },
    deadlineAt: new Date(Date.now() + model.deadlineMs),
    statusMessageId: status.message_id,
  })
  return generationId
}

const enqueue = (h: Harness, generationId: string) =>
  enqueueFromOutbox(h.db, [generationId], (id) => enqueueGeneration(h.queues.generation, id))

/** Result messages (media carrying a button with the generation's id) as they reach the chats. */
function watchResults(h: Harness) {
  const sent = new Map<string, number[]>()
  const listener = (event: { at: number; entry: { kind: string; message: { reply_markup?: unknown } } }) => {
    if (event.entry.kind === 'text') return
    const id = UUID.exec(JSON.stringify(event.entry.message.reply_markup ?? ''))?.[0]
    if (!id) return
    sent.set(id, [...(sent.get(id) ?? []), event.at])
  }
  h.telegram.control.events.on('message', listener)
  return { sent, stop: () => h.telegram.control.events.off('message', listener) }
}

async function doneCount(h: Harness, ids: string[]): Promise<number> {
  return h.db.generation.count({ where: { id: { in: ids }, step: 'done' } })
}

/** Until `count()` reaches `target`; fails when it did not move for `stallMs`. */
async function untilCount(
  what: string,
  count: () => Promise<number>,
  target: number,
  stallMs = 60_000,
  describe: () => Promise<string> = async () => '',
) {
  let last = -1
  let lastChange = Date.now()
  for (;;) {
    const now = await count()
    if (now >= target) return
    if (now !== last) [last, lastChange] = [now, Date.now()]
    if (Date.now() - lastChange > stallMs)
      throw new Error(`${what}: ${now} of ${target}, stalled for ${stallMs} ms${await describe()}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Where the generations are: rows by status/step, and the generation queue's jobs. */
async function whereAreThey(h: Harness, ids: string[]): Promise<string> {
  const rows = await h.db.generation.groupBy({
    by: ['status', 'step'],
    where: { id: { in: ids } },
    _count: { _all: true },
  })
  const withTask = await h.db.generation.count({ where: { id: { in: ids }, kieTaskId: { not: null } } })
  const jobs = await h.queues.generation.getJobCounts('active', 'delayed', 'wait', 'prioritized', 'completed', 'failed')
  const telegram = await h.queues.telegram.getJobCounts(
    'active',
    'delayed',
    'wait',
    'prioritized',
    'completed',
    'failed',
  )
  const pending = await h.queues.telegram.getJobs(['delayed', 'wait', 'prioritized', 'active'], 0, 2000)
  const kinds = new Map<string, number>()
  for (const job of pending) kinds.set(String(job?.name), (kinds.get(String(job?.name)) ?? 0) + 1)
  const tasks = new Map<string, number>()
  for (const task of h.kie.control.tasks()) tasks.set(task.state, (tasks.get(task.state) ?? 0) + 1)
  return [
    `\nrows: ${rows.map((r) => `${r.status}/${r.step} ${r._count._all}`).join(', ')}; with a Kie task id ${withTask}`,
    `generation jobs: ${JSON.stringify(jobs)}`,
    `telegram jobs: ${JSON.stringify(telegram)}; pending by kind (first 2,000): ${[...kinds].map(([k, c]) => `${k} ${c}`).join(', ')}`,
    `Kie tasks: ${[...tasks].map(([k, c]) => `${k} ${c}`).join(', ')}; callbacks sent ${h.kie.control.callbackAttempts().length}, accepted by the stand-in ${h.callbacks.length}`,
  ].join('\n')
}

const allDone = (h: Harness, ids: string[]) =>
  untilCount(
    'generations done',
    () => doneCount(h, ids),
    ids.length,
    60_000,
    () => whereAreThey(h, ids),
  )

async function stopWorker(worker: AppProcess) {
  await worker.stop('SIGTERM')
}

async function rawBullmq(redisUrl: string, count: number, concurrency: number) {
  const child = spawn(process.execPath, [path.join(__dirname, 'bullmq-three-step.js')], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redisUrl,
      PREFIX: `bench-raw-${randomUUID().slice(0, 8)}`,
      COUNT: String(count),
      CONCURRENCY: String(concurrency),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  let procCpu = 0
  const sampler = setInterval(() => {
    try {
      procCpu = cpuMs(child.pid!)
    } catch {
      // exited
    }
  }, 100)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  clearInterval(sampler)
  if (code !== 0) throw new Error(`raw BullMQ baseline exited ${code}: ${out}`)
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { count: number; ms: number; cpuMs: number }
  return { ...result, perSecond: (result.count * 1000) / result.ms, procCpu }
}

/**
 * Each part's emulators: Kie without its create limit, each task complete `completeMs` after it
 * starts, callbacks on or off; Telegram without flood limits (the burst switches them on later).
 */
function emulatorsFor(h: Harness, part: { callbacks: 'on' | 'off'; completeMs: number }): void {
  h.kie.control.setRateLimit(null)
  h.kie.control.setCallbacks(part.callbacks)
  h.kie.control.setTimeline({ queuingMs: 0, generatingMs: 0, completeMs: part.completeMs })
  h.telegram.control.configure({ flood: { enabled: false } })
}

async function throughput(h: Harness, lines: string[]) {
  const count = Number(process.env.BENCH_COUNT ?? 5000)
  emulatorsFor(h, { callbacks: 'on', completeMs: 0 })
  const users = await makeUsers(h, Math.min(1000, count))
  const ids = await inBatches(
    Array.from({ length: count }, (_, i) => users[i % users.length]!),
    25,
    (user) => reserve(h, user),
  )
  const worker = await spawnWorker(h, {
    ...productionTimings,
    TELEGRAM_SENDS_PER_SECOND: '1000000',
    TELEGRAM_CHAT_INTERVAL_MS: '1',
  })
  const results = watchResults(h)
  const pid = worker.child.pid!
  const sqlBefore = await committedTransactions(h.db)
  const redisBefore = await redisCommands(h.redis)
  const redisMixBefore = await redisCommandCalls(h.redis)
  const cpuBefore = cpuTimes(pid)
  const rssBefore = rssMb(pid)
  const load = machineLoad()
  const machineBefore = processCpu()
  const stopProfile = await profileThisProcess()
  const started = Date.now()
  let enqueuedMs: number
  try {
    await inBatches(ids, 25, (id) => enqueue(h, id))
    enqueuedMs = Date.now() - started
    await allDone(h, ids)
  } finally {
    await stopProfile()
  }
  const ms = Date.now() - started
  const shares = cpuShares(machineBefore, processCpu(), { worker: pid, 'bench process': process.pid }, count)
  const { userMs, systemMs } = cpuSince(pid, cpuBefore)
  const cpu = userMs + systemMs
  const rssAfter = rssMb(pid)
  const sql = (await committedTransactions(h.db)) - sqlBefore
  const redisCount = (await redisCommands(h.redis)) - redisBefore
  const redisMix = commandMix(redisMixBefore, await redisCommandCalls(h.redis), count)
  results.stop()
  await stopWorker(worker)
  const succeeded = await h.db.generation.count({ where: { id: { in: ids }, status: 'succeeded' } })
  const delivered = ids.filter((id) => results.sent.has(id)).length
  const duplicated = ids.filter((id) => (results.sent.get(id)?.length ?? 0) > 1).length

  const concurrency = 20 // the worker's WORKER_GENERATION_CONCURRENCY default, per step in the baseline
  const raw = await rawBullmq(h.redisUrl, count, concurrency)
  const perSecond = (count * 1000) / ms
  lines.push(
    `throughput: ${count} generations, ${users.length} users, Kie completes at once with callbacks, flood limits off; ${load}`,
    table([
      ['', 'per s', 'CPU ms each', 'of it kernel', 'wall s'],
      [
        'worker (1 process)',
        fixed(perSecond, 1),
        fixed(cpu / count, 2),
        fixed(systemMs / count, 2),
        fixed(ms / 1000, 1),
      ],
      ['raw BullMQ three-step', fixed(raw.perSecond, 0), fixed(raw.cpuMs / raw.count, 3), '', fixed(raw.ms / 1000, 1)],
    ]),
    `ratio worker / raw BullMQ: ${fixed(perSecond / raw.perSecond, 3)} (target ≥ 0.12); enqueue took ${fixed(enqueuedMs / 1000, 1)} s of it`,
    `per generation: ${fixed(sql / count, 1)} Postgres transactions committed, ${fixed(redisCount / count, 1)} Redis commands (the bench's enqueue and the callback stand-in included)`,
    `Redis commands per generation: ${redisMix}`,
    // the bench process holds the emulators (Telegram, Kie and its result files), the callback
    // stand-in and the enqueue; on this machine they share the two cores with the worker
    `machine CPU per generation: ${shares}`,
    `succeeded ${succeeded}, results in chats ${delivered}, duplicated ${duplicated}; worker RSS ${fixed(rssBefore, 0)} → ${fixed(rssAfter, 0)} MB`,
  )
}

async function latency(h: Harness, lines: string[]) {
  const count = Number(process.env.BENCH_LATENCY_COUNT ?? 300)
  emulatorsFor(h, { callbacks: 'on', completeMs: 2000 })
  const users = await makeUsers(h, count)
  const worker = await spawnWorker(h, {
    ...productionTimings,
    TELEGRAM_SENDS_PER_SECOND: '1000000',
    TELEGRAM_CHAT_INTERVAL_MS: '1',
  })
  const results = watchResults(h)
  const ids: string[] = []
  // a steady arrival (about 25 confirms a second), not one burst
  for (let i = 0; i < count; i += 5) {
    const batch = await Promise.all(users.slice(i, i + 5).map((u) => reserve(h, u)))
    await Promise.all(batch.map((id) => enqueue(h, id)))
    ids.push(...batch)
    await new Promise((r) => setTimeout(r, 200))
  }
  await allDone(h, ids)
  await new Promise((r) => setTimeout(r, 500))
  results.stop()
  await stopWorker(worker)
  const rows = await h.db.generation.findMany({
    where: { id: { in: ids } },
    select: { id: true, kieTaskId: true, chatId: true },
  })
  const samples: number[] = []
  // the result's request reaching Telegram: without the media transfer (the emulator fetches the URL)
  const requested: number[] = []
  const photoCalls = new Map<number, number>()
  for (const call of h.telegram.control.calls())
    if (call.method === 'sendPhoto' && call.ok && call.chatId !== undefined && !photoCalls.has(call.chatId))
      photoCalls.set(call.chatId, call.startedAt)
  // where the time goes: callback → the result job added (the task read, the row at deliver) →
  // taken by the delivery queue → the result in the chat
  const stages: [number[], number[], number[]] = [[], [], []]
  for (const row of rows) {
    const callback = h.kie.control
      .callbackAttempts(row.kieTaskId ?? '')
      .filter((a) => a.status === 200)
      .at(0)
    const sent = results.sent.get(row.id)?.[0]
    if (!callback || sent === undefined) continue
    samples.push(sent - callback.at)
    const request = photoCalls.get(Number(row.chatId))
    if (request !== undefined) requested.push(request - callback.at)
    const result = await h.queues.telegram.getJob(resultJobId(row.id))
    if (!result?.processedOn) continue
    const marks = [callback.at, result.timestamp, result.processedOn, sent]
    for (let i = 0; i < 3; i++) stages[i]!.push(marks[i + 1]! - marks[i]!)
  }
  samples.sort((a, b) => a - b)
  requested.sort((a, b) => a - b)
  for (const stage of stages) stage.sort((a, b) => a - b)
  lines.push(
    `latency: ${count} generations (Kie task 2 s, callbacks on), about 25 confirms/s; ${machineLoad()}`,
    table([
      ['', 'p50 ms', 'p99 ms', 'max ms', 'samples'],
      [
        'Kie callback → result in chat',
        fixed(percentile(samples, 50)),
        fixed(percentile(samples, 99)),
        fixed(samples.at(-1) ?? NaN),
        samples.length,
      ],
      [
        'Kie callback → result request at Telegram',
        fixed(percentile(requested, 50)),
        fixed(percentile(requested, 99)),
        fixed(requested.at(-1) ?? NaN),
        requested.length,
      ],
      ...['callback → result job added', 'added → taken', 'taken → in chat'].map((name, i) => [
        `  ${name}`,
        fixed(percentile(stages[i]!, 50)),
        fixed(percentile(stages[i]!, 99)),
        fixed(stages[i]!.at(-1) ?? NaN),
        stages[i]!.length,
      ]),
    ]),
  )
}

async function burst(h: Harness, lines: string[]) {
  const count = Number(process.env.BENCH_BURST ?? 3000)
  emulatorsFor(h, { callbacks: 'off', completeMs: 3_600_000 })
  const users = await makeUsers(h, count)
  const ids = await inBatches(users, 25, (user) => reserve(h, user))
  const worker = await spawnWorker(h, {
    ...productionTimings,
    ...(process.env.BENCH_BURST_SENDS_PER_SECOND
      ? { TELEGRAM_SENDS_PER_SECOND: process.env.BENCH_BURST_SENDS_PER_SECOND }
      : {}),
  })
  await inBatches(ids, 25, (id) => enqueue(h, id))
  await untilCount(
    'tasks created at Kie',
    () => h.db.generation.count({ where: { id: { in: ids }, kieTaskId: { not: null } } }),
    count,
  )
  // Telegram's real limits from here on (30 messages/s to different chats, 1/s per chat)
  h.telegram.control.configure({ flood: { enabled: true, windowMs: 1000 } })
  const results = watchResults(h)
  h.telegram.control.clearCalls()
  h.kie.control.setCallbacks('on')
  const rows = await h.db.generation.findMany({ where: { id: { in: ids } }, select: { kieTaskId: true } })
  const cpuBefore = cpuMs(worker.child.pid!)
  const started = Date.now()
  for (const row of rows) h.kie.control.completeNow(row.kieTaskId!)
  // until every result reached its chat, or none arrived for BENCH_BURST_STALL_MS (then the rest count as lost)
  const stallMs = Number(process.env.BENCH_BURST_STALL_MS ?? 120_000)
  let stalled = false
  await untilCount(
    'results in chats',
    async () => ids.filter((id) => results.sent.has(id)).length,
    count,
    stallMs,
  ).catch(async () => {
    stalled = true
    lines.push(`burst stopped waiting: ${await whereAreThey(h, ids)}`)
  })
  const cpu = cpuMs(worker.child.pid!) - cpuBefore
  const doneS = (Date.now() - started) / 1000
  const done = await doneCount(h, ids)
  await new Promise((r) => setTimeout(r, 2000))
  results.stop()
  const calls = h.telegram.control.calls()
  await stopWorker(worker)
  const times = ids.flatMap((id) => results.sent.get(id) ?? []).sort((a, b) => a - b)
  const lost = ids.filter((id) => !results.sent.has(id)).length
  const duplicated = ids.filter((id) => (results.sent.get(id)?.length ?? 0) > 1).length
  const span = ((times.at(-1) ?? started) - started) / 1000
  const refused = calls.filter((c) => !c.ok).length
  const methods = new Map<string, number>()
  for (const call of calls) methods.set(call.method, (methods.get(call.method) ?? 0) + 1)
  const tooMany = calls.filter((c) => c.error?.error_code === 429).length
  lines.push(
    `burst: ${count} results to distinct chats at once, Telegram's real limits (30/s)`,
    table([
      ['', 'value'],
      ['result sends/s (first completion → last result)', fixed(times.length / span, 1)],
      ['all Bot API calls/s in that time', fixed(calls.length / span, 1)],
      ['seconds', fixed(span, 1)],
      ['worker CPU ms per result', fixed(cpu / count, 1)],
      ['worker CPU use (share of one core) until the last result', fixed(cpu / 1000 / doneS, 2)],
      ['lost (no result)', `${lost}${stalled ? ` (none arrived for ${stallMs / 1000} s: stopped waiting)` : ''}`],
      ['generations done (step = done) when the last result arrived', done],
      ['duplicated', duplicated],
      ['Bot API calls refused (of them 429)', `${refused} (${tooMany})`],
    ]),
    `Bot API calls in that time by method: ${[...methods].map(([m, c]) => `${m} ${c}`).join(', ')}`,
  )
}

async function waiting(h: Harness, lines: string[]) {
  const count = Number(process.env.BENCH_WAITING ?? 10_000)
  emulatorsFor(h, { callbacks: 'off', completeMs: 3_600_000 })
  const users = await makeUsers(h, Math.min(1000, count))
  const worker = await spawnWorker(h, {
    ...productionTimings,
    TELEGRAM_SENDS_PER_SECOND: '1000000',
    TELEGRAM_CHAT_INTERVAL_MS: '1',
    // the status clocks at the interval production's send budget (28/s) gives this many live
    // generations (768 s for 10,000): the budget is lifted above for the submissions' own status
    // edits, which would otherwise also make every clock tick each 5 s
    STATUS_TICK_MS: String(tickInterval(5000, count, 28)),
  })
  await new Promise((r) => setTimeout(r, 2000))
  const pid = worker.child.pid!
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await h.redis.info('memory'))?.[1] ?? NaN)
  const rssBefore = rssMb(pid)
  const memoryBefore = await processMemory(worker.url)
  const redisBefore = await usedMemory()
  const started = Date.now()
  const ids: string[] = []
  for (let i = 0; i < count; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, (_, k) => reserve(h, users[(i + k) % users.length]!)),
    )
    await Promise.all(batch.map((id) => enqueue(h, id)))
    ids.push(...batch)
  }
  await untilCount(
    'tasks created at Kie',
    () => h.db.generation.count({ where: { kieTaskId: { not: null }, step: { not: 'done' } } }),
    count,
  )
  const submittedS = (Date.now() - started) / 1000
  // the submissions' status edits done (they wait behind nothing else), at most a minute
  const telegramBacklog = async () => {
    const c = await h.queues.telegram.getJobCounts('wait', 'prioritized', 'active')
    return (c.wait ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0)
  }
  for (let waited = 0; waited < 60_000 && (await telegramBacklog()) > 0; waited += 500)
    await new Promise((r) => setTimeout(r, 500))
  await new Promise((r) => setTimeout(r, 5000))
  const backlog = await telegramBacklog()
  const rssAfter = rssMb(pid)
  const memoryAfter = await processMemory(worker.url)
  const redisAfter = await usedMemory()
  const byKind = await redisByKind(h, count)
  const counts = await h.queues.generation.getJobCounts('active', 'delayed', 'wait', 'prioritized')
  await stopWorker(worker)
  const mb = (before: number, after: number) => `${fixed(after - before, 0)} (${fixed(before, 0)} → ${fixed(after, 0)})`
  lines.push(
    `waiting: ${count} generations waiting on Kie (callbacks off, tasks run for an hour), all submitted in ${fixed(submittedS, 0)} s`,
    table([
      ['', 'value'],
      ['worker RSS growth MB', mb(rssBefore, rssAfter)],
      [
        'of it: JS heap used / heap total / external MB',
        [
          mb(memoryBefore.heapUsed, memoryAfter.heapUsed),
          mb(memoryBefore.heapTotal, memoryAfter.heapTotal),
          mb(memoryBefore.external, memoryAfter.external),
        ].join(' / '),
      ],
      ['V8 heap spaces MB (before; after)', `${memoryBefore.spaces}; ${memoryAfter.spaces}`],
      [
        'Redis bytes per generation',
        `${fixed((redisAfter - redisBefore) / count, 0)} (Telegram jobs not done: ${backlog})`,
      ],
      ['Redis by key kind', byKind],
      [
        'jobs',
        `active ${counts.active}, delayed ${counts.delayed}, waiting ${(counts.wait ?? 0) + (counts.prioritized ?? 0)}`,
      ],
    ]),
  )
}

it('worker throughput, latency, delivery burst and waiting generations', async () => {
  const parts = (process.env.BENCH_PARTS ?? 'throughput,latency,burst,waiting').split(',')
  const lines: string[] = []
  const redis = await startPrivateRedis()
  try {
    const run = async (name: string, part: (h: Harness, lines: string[]) => Promise<void>) => {
      if (!parts.includes(name)) return
      // each part on a fresh database, Redis keys and emulators
      // Kie credits for every task of a part (the emulator's default of 10,000 lasts 2,500 images)
      const h = await startHarness({ redisUrl: redis.url, kie: { credits: 1_000_000_000 } })
      try {
        const own: string[] = []
        await part(h, own)
        console.log(own.join('\n'))
        lines.push(...own)
      } finally {
        await h.close()
      }
    }
    await run('throughput', throughput)
    await run('latency', latency)
    await run('burst', burst)
    await run('waiting', waiting)
    expect(lines.length).toBeGreaterThan(0)
  } finally {
    await redis.stop()
  }
}, 7_200_000)
