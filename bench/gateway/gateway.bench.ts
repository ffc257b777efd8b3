import { spawn } from 'node:child_process'
import path from 'node:path'
import { freePort, imageNodeOptions, spawnApp, type AppProcess } from '@kiebot/testing'
import type { TranscriptEntry } from '@kiebot/sandbox'
import {
  BOT_TOKEN,
  CALLBACK_SECRET,
  KIE_KEY,
  createUser,
  startHarness,
  type TestUser,
} from '../../apps/worker/test/support/harness'
import { cpuProfileArgs, profileArgs } from '../support/spawn'
import { startPrivateRedis } from '../chaos/stack'
import {
  committedTransactions,
  cpuTimes,
  type CpuTimes,
  cpuSince,
  drive,
  redisCommands,
  redisCommandCalls,
  commandMix,
  fixed,
  machineLoad,
  rssMb,
  table,
  type Lane,
  type LoadResult,
} from '../support/measure'

// Benchmark (not a timed test): the built gateway (webhook mode) against the emulators,
// and in the same run a telegraf webhook receiver with no-op handlers (its own process),
// both driven with the same updates over BENCH_CONNECTIONS (40) keep-alive connections.
// BENCH_USERS (1,000) users registered first; each walks: /start (every second one by a
// model deep link), the menu, balance, catalog, popular, a model card, its wizard, a typed
// prompt, the wizard's steps (skip or the first option), Confirm (reserves money and
// enqueues, as a real press), history, help. Buttons are the ones the bot really showed
// (their callback data comes from packages/jobs' codecs through the screens), pressed on
// the message that carries them. Telegram's flood limits are off. The gateway's CPU is
// read from /proc/<pid>/stat, so it is the gateway's own. BENCH_CPU_PROF=<dir> writes the
// gateway's `node --cpu-prof` profile there. Run: see bench/README.md.

const WEBHOOK_SECRET = 'bench-webhook-secret_0123456789'
const SLUG = 'nano-banana'
const PROMPT = 'A red fox sitting in fresh snow at sunrise, watercolor'

type Step =
  | { kind: 'command'; command: string; args?: string }
  | { kind: 'text'; text: string }
  | { kind: 'press'; data: string | RegExp; fallback?: string }
  | { kind: 'wizard' }

function walk(index: number): Step[] {
  return [
    index % 2 === 0 ? { kind: 'command', command: 'start', args: `m_${SLUG}` } : { kind: 'command', command: 'start' },
    { kind: 'press', data: 'menu' },
    { kind: 'press', data: 'bal' },
    { kind: 'press', data: 'menu' },
    { kind: 'press', data: 'ct' },
    { kind: 'press', data: /^pop:/, fallback: 'pop:0' },
    { kind: 'press', data: `m:${SLUG}` },
    { kind: 'press', data: `w:${SLUG}` },
    { kind: 'text', text: PROMPT },
    { kind: 'wizard' },
    { kind: 'press', data: /^y:/ },
    { kind: 'press', data: /^h:/, fallback: 'h:0' },
    { kind: 'press', data: 'help' },
  ]
}

function buttonsOf(entry: TranscriptEntry | undefined): string[] {
  const markup = entry?.message.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []))
}

async function startReceiver(
  script: 'telegraf-noop.js' | 'telegraf-floor.js',
  env: Record<string, string>,
): Promise<{ pid: number; stop(): Promise<void> }> {
  // the floor runs with the gateway image's node options, as the gateway does; with
  // BENCH_CPU_PROF its profile goes to a folder of its own beside the gateway's
  const nodeArgs = script === 'telegraf-floor.js' ? [...imageNodeOptions('gateway'), ...cpuProfileArgs('floor')] : []
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, script)], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve())
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)))
  })
  return {
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

it('gateway throughput against a telegraf no-op receiver', async () => {
  const userCount = Number(process.env.BENCH_USERS ?? 1000)
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 40)
  const warmUsers = Number(process.env.BENCH_WARM_USERS ?? 40)
  // a private redis-server, so its command count is the gateway's
  const redis = await startPrivateRedis()
  const h = await startHarness({ redisUrl: redis.url })
  h.telegram.control.configure({ flood: { enabled: false } })
  const [port, opsPort] = [await freePort(), await freePort()]
  let gateway: AppProcess | undefined
  try {
    gateway = spawnApp(
      'apps/gateway/dist/main.js',
      {
        NODE_ENV: 'production',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        DATABASE_URL: h.database.url,
        REDIS_URL: h.redisUrl,
        QUEUE_PREFIX: h.prefix,
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: h.telegram.url,
        BOT_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        KIE_API_KEY: KIE_KEY,
        KIE_BASE_URL: h.kie.url,
        KIE_CALLBACK_SECRET: CALLBACK_SECRET,
        GATEWAY_PORT: String(port),
        GATEWAY_OPS_PORT: String(opsPort),
        FX_DEFAULT_RUB_PER_USD: '90',
        FX_CBR_JSON_URL: 'http://127.0.0.1:9/daily_json.js',
        FX_CBR_XML_URL: 'http://127.0.0.1:9/XML_daily.asp',
        // every user presses faster than a person; the limiter has its own test
        USER_UPDATES_PER_MINUTE: '1000000',
      },
      [...imageNodeOptions('gateway'), ...profileArgs()],
    )
    await gateway.waitForHttp(`http://127.0.0.1:${opsPort}/readyz`, { timeoutMs: 60_000 })
    // The gateway registered its webhook; the bench is Telegram's delivery instead (40
    // connections of its own), so the emulator keeps the updates it makes to itself.
    const deadline = Date.now() + 30_000
    while (!h.telegram.control.webhookInfo().url && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    await fetch(`${h.telegram.url}/bot${BOT_TOKEN}/deleteWebhook`, { method: 'POST' })

    const users: TestUser[] = []
    for (let i = 0; i < userCount + warmUsers; i += 25)
      users.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, userCount + warmUsers - i) }, () => createUser(h, { kopecks: 5_000_000 })),
        )),
      )

    let updateId = 1
    const recorded: string[][] = users.map(() => [])
    const mix = new Map<string, number>()
    const kindOf = (update: Record<string, unknown>) => {
      const message = update.message as { text?: string } | undefined
      const data = (update.callback_query as { data?: string } | undefined)?.data
      return data
        ? `press ${data.split(':')[0]}`
        : message?.text?.startsWith('/')
          ? message.text.split(' ')[0]!
          : 'prompt'
    }
    // each body's kind, noted when it is made: the load's loop does not parse what it sends
    const kinds = new Map<string, string>()
    const kindOfBody = (body: string) => kinds.get(body) ?? 'unknown'
    const count = (kind: string) => mix.set(kind, (mix.get(kind) ?? 0) + 1)
    const lanesFor = (subset: TestUser[], offset: number): Lane[] =>
      subset.map((user, i) => {
        const steps = walk(offset + i)
        let wizardSteps = 0
        const current = () =>
          h.telegram.control
            .transcript(user.chatId)
            .filter((e) => e.direction === 'out' && !e.deleted && buttonsOf(e).length > 0)
            .at(-1)
        const body = (update: Record<string, unknown>) => {
          const text = JSON.stringify({ update_id: updateId++, ...update })
          const kind = kindOf(update)
          kinds.set(text, kind)
          if (offset >= warmUsers) count(kind)
          recorded[offset + i]!.push(text)
          return text
        }
        const press = (data: string | RegExp, fallback?: string): string | undefined => {
          const message = current()
          if (!message) return undefined
          const found = buttonsOf(message).find((d) => (typeof data === 'string' ? d === data : data.test(d)))
          const chosen = found ?? fallback ?? (typeof data === 'string' ? data : undefined)
          if (!chosen) return undefined
          const { callbackQuery } = h.telegram.control.pressButton(user.chatId, message.messageId, {
            data: chosen,
            force: true,
          })
          return body({ callback_query: callbackQuery })
        }
        return async () => {
          for (;;) {
            const step = steps[0]
            if (!step) return undefined
            if (step.kind === 'command') {
              steps.shift()
              return body({ message: h.telegram.control.sendCommand(user.chatId, step.command, step.args) })
            }
            if (step.kind === 'text') {
              steps.shift()
              return body({ message: h.telegram.control.sendText(user.chatId, step.text) })
            }
            if (step.kind === 'press') {
              steps.shift()
              const sent = press(step.data, step.fallback)
              if (sent) return sent
              continue
            }
            // the wizard's optional steps: skip, or the first option, until the confirmation
            const buttons = buttonsOf(current())
            if (wizardSteps++ >= 6 || buttons.some((d) => d.startsWith('y:'))) {
              steps.shift()
              continue
            }
            const next = buttons.find((d) => d.startsWith('s:')) ?? buttons.find((d) => d.startsWith('o:'))
            if (!next) {
              steps.shift()
              continue
            }
            const sent = press(next)
            if (sent) return sent
            steps.shift()
          }
        }
      })

    const base = `http://127.0.0.1:${port}`
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }
    await drive(base, '/telegram/webhook', headers, lanesFor(users.slice(0, warmUsers), 0), connections)
    const pid = gateway.child.pid!
    const sqlBefore = await committedTransactions(h.db)
    const redisBefore = await redisCommands(h.redis)
    const redisMixBefore = await redisCommandCalls(h.redis)
    const callsBefore = h.telegram.control.calls().length
    const cpuBefore = cpuTimes(pid)
    const rssBefore = rssMb(pid)
    const loadBefore = machineLoad()
    const product = await drive(
      base,
      '/telegram/webhook',
      headers,
      lanesFor(users.slice(warmUsers), warmUsers),
      connections,
      undefined,
      kindOfBody,
    )
    const gatewayCpu = cpuSince(pid, cpuBefore)
    const rssAfter = rssMb(pid)
    const sql = (await committedTransactions(h.db)) - sqlBefore
    const redisCount = (await redisCommands(h.redis)) - redisBefore
    const redisMix = commandMix(redisMixBefore, await redisCommandCalls(h.redis), product.requests)
    // the Bot API calls the measured updates made, by method and by how they went (a request of
    // their own, or the webhook's response)
    const botCalls = new Map<string, number>()
    for (const call of h.telegram.control.calls().slice(callsBefore)) {
      const name = `${call.method}${call.source === 'webhook_reply' ? ' (in the response)' : ''}`
      botCalls.set(name, (botCalls.get(name) ?? 0) + 1)
    }

    // the same bodies, in the same per-chat order and over as many connections, to telegraf
    // with no-op handlers, then to the floor (what every update must do: telegraf-floor.js)
    const replay = (from: number, to: number): Lane[] =>
      recorded.slice(from, to).map((bodies) => {
        let next = 0
        return async () => bodies[next++]
      })
    const receiverRun = async (script: 'telegraf-noop.js' | 'telegraf-floor.js') => {
      const receiverPort = await freePort()
      const receiver = await startReceiver(script, {
        PORT: String(receiverPort),
        SECRET: WEBHOOK_SECRET,
        TOKEN: BOT_TOKEN,
        API_ROOT: h.telegram.url,
        DATABASE_URL: h.database.url,
        REDIS_URL: h.redisUrl,
        PREFIX: h.prefix,
      })
      try {
        const receiverBase = `http://127.0.0.1:${receiverPort}`
        await drive(receiverBase, '/telegram/webhook', headers, replay(0, warmUsers), connections)
        const cpuBefore = cpuTimes(receiver.pid)
        const result = await drive(
          receiverBase,
          '/telegram/webhook',
          headers,
          replay(warmUsers, recorded.length),
          connections,
          undefined,
          kindOfBody,
        )
        return { result, cpu: cpuSince(receiver.pid, cpuBefore) }
      } finally {
        await receiver.stop()
      }
    }
    const { result: baseline, cpu: noopCpu } = await receiverRun('telegraf-noop.js')
    const { result: floor, cpu: floorCpu } = await receiverRun('telegraf-floor.js')
    const loadAfter = machineLoad()

    const answers = (r: LoadResult) =>
      [...r.statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, c]) => `${s || 'none'}×${c}`)
        .join(' ')
    const row = (name: string, r: LoadResult, cpu: CpuTimes) => [
      name,
      fixed(r.perSecond, 0),
      fixed(r.p50Ms),
      fixed(r.p99Ms),
      fixed(r.maxMs),
      fixed((cpu.userMs + cpu.systemMs) / r.requests, 2),
      fixed(cpu.systemMs / r.requests, 2),
      answers(r),
    ]
    const generations = await h.db.generation.count()
    console.log(
      [
        `gateway bench: ${userCount} users (+${warmUsers} warm-up), ${connections} connections, ${product.requests} updates each side`,
        table([
          ['', 'updates/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU ms/update', 'of it kernel', 'answers'],
          row('gateway', product, gatewayCpu),
          row('telegraf no-op', baseline, noopCpu),
          row('telegraf floor', floor, floorCpu),
        ]),
        `mix: ${[...mix].map(([k, c]) => `${k} ${c}`).join(', ')}`,
        'latency by kind of update (ms):',
        table([
          ['', 'updates', 'gateway p50', 'gateway p99', 'floor p50', 'floor p99'],
          ...[...mix.keys()].map((kind) => {
            const [ours, theirs] = [product.byKind.get(kind), floor.byKind.get(kind)]
            return [
              kind,
              ours?.count ?? 0,
              fixed(ours?.p50Ms ?? NaN),
              fixed(ours?.p99Ms ?? NaN),
              fixed(theirs?.p50Ms ?? NaN),
              fixed(theirs?.p99Ms ?? NaN),
            ]
          }),
        ]),
        `ratio gateway / telegraf no-op: ${fixed(product.perSecond / baseline.perSecond, 3)} (target ≥ 0.3)`,
        `ratio telegraf floor / telegraf no-op: ${fixed(floor.perSecond / baseline.perSecond, 3)}; gateway / floor: ${fixed(product.perSecond / floor.perSecond, 3)}`,
        '(the floor: a dedup mark, the user row, one reply and the answer in the response for every update, nothing else)',
        `per update (gateway): ${fixed(sql / product.requests, 2)} Postgres transactions committed, ${fixed(redisCount / product.requests, 2)} Redis commands`,
        `Redis commands per update: ${redisMix}`,
        `Bot API calls per update: ${commandMix(new Map(), botCalls, product.requests)}`,
        `gateway RSS ${fixed(rssBefore, 0)} → ${fixed(rssAfter, 0)} MB; generations confirmed ${generations}`,
        `machine: before ${loadBefore}; after ${loadAfter}`,
      ].join('\n'),
    )
    expect(product.statuses.get(200)).toBe(product.requests)
    expect(baseline.statuses.get(200)).toBe(baseline.requests)
    expect(floor.statuses.get(200)).toBe(floor.requests)
  } finally {
    await gateway?.stop('SIGTERM')
    await h.close()
    await redis.stop()
  }
}, 3_600_000)
