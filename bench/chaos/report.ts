import { findBalanceMismatches } from '@kiebot/db'
import type { ChatWatcher } from './chats'
import type { FaultCounts } from './faults'
import type { ChaosSettings } from './settings'
import type { Stack } from './stack'
import type { TrafficFigures } from './users'

// The verdict, from what is really there at the end: the generation rows and the ledger
// (Postgres), what the Telegram emulator shows each chat, and what the Kie emulator was
// asked to create. Nothing is taken from the apps' own opinion of what they did.

const CREATE_PATH = '/api/v1/jobs/createTask'
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

export interface ChaosFigures {
  generations: number
  delivered: number
  refunded: number
  lost: number
  lostDetail: string[]
  deliveredAndRefunded: number
  duplicateDeliveries: number
  /** of those, a worker was SIGKILLed less than 1 s before or after the first copy reached the chat: the send was in flight or just answered, its record never written (Telegram has no idempotency key) */
  duplicatesInSendWindow: number
  duplicateDetail: string[]
  refundedNotTold: number
  refundedNotToldDetail: string[]
  deliveredStatusNotFinal: number
  deliveredStatusNotFinalDetail: string[]
  heldOver: number
  heldOverDetail: string[]
  stillHeld: number
  createTasksMax: number
  generationsWithManyTasks: number
  createRequestsMax: number
  generationsWithManyCreateRequests: number
  /** refunded as submit_unknown: no Kie task, of which `neverSent` had no createTask request at all; or with a task */
  submitUnknownRefunds: { withoutTask: number; neverSent: number; withTask: number }
  balanceMismatches: number
  wrongLedger: number
  generationsPerConfirmScreenMax: number
  confirmsWithoutGeneration: number
  byStatus: Record<string, number>
  byFailure: Record<string, number>
  latency: { p50: number | null; p95: number | null; max: number | null; count: number }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const count = <T>(items: T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {})

export async function collectFigures(
  stack: Stack,
  watcher: ChatWatcher,
  traffic: TrafficFigures,
  settings: ChaosSettings,
  faults: FaultCounts,
): Promise<ChaosFigures> {
  const now = Date.now()
  const generations = await stack.db.generation.findMany()
  const ledger = await stack.db.ledgerEntry.findMany({ where: { generationId: { not: null } } })
  const entriesOf = new Map<string, typeof ledger>()
  for (const entry of ledger) entriesOf.set(entry.generationId!, [...(entriesOf.get(entry.generationId!) ?? []), entry])

  const tasksOf = new Map<string, number>()
  for (const task of stack.kie.control.tasks()) {
    const id = ID.exec(task.callBackUrl ?? '')?.[0]
    if (id) tasksOf.set(id, (tasksOf.get(id) ?? 0) + 1)
  }
  const requestsOf = new Map<string, number>()
  for (const request of stack.kie.control.requests({ method: 'POST', path: CREATE_PATH })) {
    const id = ID.exec(String((request.body as { callBackUrl?: unknown } | null)?.callBackUrl ?? ''))?.[0]
    if (id) requestsOf.set(id, (requestsOf.get(id) ?? 0) + 1)
  }

  // what each chat shows at the end
  const chats = [...new Set(generations.map((g) => Number(g.chatId)))]
  const transcripts = new Map(
    chats.map((chatId) => [chatId, stack.telegram.control.transcript(chatId).filter((e) => e.direction === 'out')]),
  )
  const statusIds = new Set(generations.map((g) => `${g.chatId}:${g.statusMessageId}`))
  // final failure messages sent as new messages (the status message was gone): per chat, not per generation
  const looseFailures = new Map<number, number>()
  for (const [chatId, entries] of transcripts) {
    looseFailures.set(
      chatId,
      entries.filter((e) => !statusIds.has(`${chatId}:${e.messageId}`) && /^[❌✖]/u.test(e.text ?? '')).length,
    )
  }
  const statusEntry = (chatId: number, messageId: number | null) =>
    messageId === null ? undefined : transcripts.get(chatId)?.find((e) => e.messageId === messageId)
  const statusText = (chatId: number, messageId: number | null) => statusEntry(chatId, messageId)?.text
  /** every version the status message had, oldest first (to see who overwrote what) */
  const statusHistory = (chatId: number, messageId: number | null) => {
    const entry = statusEntry(chatId, messageId)
    if (!entry) return 'status message not in the chat'
    const versions = [...entry.edits.map((v) => v.message.text ?? v.message.caption ?? ''), entry.text ?? '']
    return versions.map((v) => JSON.stringify(v.slice(0, 40))).join(' → ')
  }

  // the Confirm screen a generation came from: the first message that showed its Cancel button,
  // else its status message (a failure's final word moves the row to a new message)
  const screenOf = (g: (typeof generations)[number]) =>
    watcher.firstScreens.get(g.id) ?? `${g.chatId}:${g.statusMessageId}`

  const figures: ChaosFigures = {
    generations: generations.length,
    delivered: 0,
    refunded: 0,
    lost: 0,
    lostDetail: [],
    deliveredAndRefunded: 0,
    duplicateDeliveries: 0,
    duplicatesInSendWindow: 0,
    duplicateDetail: [],
    refundedNotTold: 0,
    refundedNotToldDetail: [],
    deliveredStatusNotFinal: 0,
    deliveredStatusNotFinalDetail: [],
    heldOver: 0,
    heldOverDetail: [],
    stillHeld: 0,
    createTasksMax: 0,
    generationsWithManyTasks: 0,
    createRequestsMax: 0,
    generationsWithManyCreateRequests: 0,
    submitUnknownRefunds: { withoutTask: 0, neverSent: 0, withTask: 0 },
    balanceMismatches: (await findBalanceMismatches(stack.db)).length,
    wrongLedger: 0,
    generationsPerConfirmScreenMax: Math.max(0, ...Object.values(count(generations, screenOf))),
    confirmsWithoutGeneration: 0,
    byStatus: count(generations, (g) => `${g.status}/${g.step}`),
    byFailure: count(
      generations.filter((g) => g.failureCode),
      (g) => g.failureCode!,
    ),
    latency: { p50: null, p95: null, max: null, count: 0 },
  }

  const describe = (g: (typeof generations)[number]) =>
    `${g.id} chat ${g.chatId} status ${g.status}/${g.step} task ${g.kieTaskId ?? '-'} submitUnknownAt ${g.submitUnknownAt?.toISOString() ?? '-'} failure ${g.failureCode ?? '-'} created ${g.createdAt.toISOString()} updated ${g.updatedAt.toISOString()} kie tasks ${tasksOf.get(g.id) ?? 0}`

  for (const g of generations) {
    const chatId = Number(g.chatId)
    const results = watcher.results.get(g.id) ?? []
    const entries = entriesOf.get(g.id) ?? []
    const charges = entries.filter((e) => e.kind === 'charge')
    const refunds = entries.filter((e) => e.kind === 'refund')
    const delivered = results.length > 0
    const refunded = refunds.length > 0
    if (delivered) figures.delivered++
    if (refunded) figures.refunded++
    if (delivered && refunded) figures.deliveredAndRefunded++
    if (results.length > 1) {
      figures.duplicateDeliveries++
      const first = results[0]!
      if (faults.workerKillTimes.some((at) => Math.abs(at - first) < 1000)) figures.duplicatesInSendWindow++
      figures.duplicateDetail.push(
        `${describe(g)} delivered at ${results.map((at) => new Date(at).toISOString()).join(', ')}; row deliveredAt ${g.deliveredAt?.toISOString() ?? '-'}`,
      )
    }
    if (!delivered && !refunded) {
      figures.lost++
      figures.lostDetail.push(describe(g))
    }
    if (
      charges.length !== 1 ||
      refunds.length > 1 ||
      (refunded && refunds[0]!.amountKopecks !== -charges[0]!.amountKopecks)
    )
      figures.wrongLedger++

    const shown = statusText(chatId, g.statusMessageId) ?? ''
    if (refunded && !/^[❌✖]/u.test(shown)) {
      const loose = looseFailures.get(chatId) ?? 0
      if (loose > 0) looseFailures.set(chatId, loose - 1)
      else {
        figures.refundedNotTold++
        figures.refundedNotToldDetail.push(
          `${describe(g)} status message versions: ${statusHistory(chatId, g.statusMessageId)}`,
        )
      }
    }
    if (delivered && !shown.startsWith('✅')) {
      figures.deliveredStatusNotFinal++
      figures.deliveredStatusNotFinalDetail.push(
        `${describe(g)} status message versions: ${statusHistory(chatId, g.statusMessageId)}`,
      )
    }

    // how long the money stayed reserved (queued/running)
    const open = g.status === 'queued' || g.status === 'running'
    if (open) figures.stillHeld++
    const settledAt = refunded
      ? refunds[0]!.createdAt.getTime()
      : g.status === 'succeeded'
        ? (g.completedAt ?? g.updatedAt).getTime()
        : open
          ? now
          : g.updatedAt.getTime()
    const heldMs = settledAt - g.createdAt.getTime()
    if (heldMs > settings.heldSeconds * 1000) {
      figures.heldOver++
      figures.heldOverDetail.push(`${describe(g)} held ${(heldMs / 1000).toFixed(0)} s${open ? ' (still)' : ''}`)
    }

    const tasks = tasksOf.get(g.id) ?? 0
    const requests = requestsOf.get(g.id) ?? 0
    figures.createTasksMax = Math.max(figures.createTasksMax, tasks)
    if (tasks > 1) figures.generationsWithManyTasks++
    figures.createRequestsMax = Math.max(figures.createRequestsMax, requests)
    if (requests > 1) figures.generationsWithManyCreateRequests++
    if (g.failureCode === 'submit_unknown') {
      figures.submitUnknownRefunds[tasks > 0 ? 'withTask' : 'withoutTask']++
      // marked in flight, but the create never left the worker (killed in between)
      if (requests === 0) figures.submitUnknownRefunds.neverSent++
    }
  }

  const byScreen = new Map(generations.map((g) => [screenOf(g), g]))
  const latencies: number[] = []
  for (const c of traffic.confirmations) {
    if (c.outcome === 'too_many_active') continue
    const g = byScreen.get(`${c.chatId}:${c.messageId}`)
    if (!g) {
      figures.confirmsWithoutGeneration++
      continue
    }
    const first = watcher.results.get(g.id)?.[0]
    if (first !== undefined) latencies.push(first - c.pressedAt)
  }
  latencies.sort((a, b) => a - b)
  figures.latency = {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.at(-1) ?? null,
    count: latencies.length,
  }
  return figures
}

export function formatTable(
  f: ChaosFigures,
  traffic: TrafficFigures,
  faults: FaultCounts,
  settings: ChaosSettings,
  elapsed: { trafficMs: number; drainMs: number },
): string {
  const s = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`)
  const rows: [string, string | number, string?][] = [
    ['generations (rows)', f.generations, `${traffic.confirmations.length} Confirm presses by ${traffic.users} users`],
    ['delivered', f.delivered],
    ['refunded', f.refunded],
    ['lost (neither, after drain)', f.lost, 'target 0'],
    ['delivered and refunded', f.deliveredAndRefunded, 'target 0'],
    [
      'duplicate deliveries',
      f.duplicateDeliveries,
      `target 0 outside the send window; ${f.duplicatesInSendWindow} of them in it: a worker SIGKILLed within 1 s of the first copy, before it was recorded`,
    ],
    ['refunded but user not told', f.refundedNotTold, 'target 0'],
    ['delivered, status not final (✅)', f.deliveredStatusNotFinal],
    [`money held > ${settings.heldSeconds} s`, f.heldOver, `${f.stillHeld} still queued/running at the end`],
    ['createTasks per generation (max)', f.createTasksMax, 'target ≤ 1'],
    ['generations with > 1 createTask', f.generationsWithManyTasks, 'target 0'],
    [
      'createTask requests per generation (max)',
      f.createRequestsMax,
      `${f.generationsWithManyCreateRequests} generations with > 1`,
    ],
    [
      'refunded as submit_unknown',
      f.submitUnknownRefunds.withoutTask + f.submitUnknownRefunds.withTask,
      `${f.submitUnknownRefunds.withoutTask} with no Kie task (${f.submitUnknownRefunds.neverSent} never sent to Kie), ${f.submitUnknownRefunds.withTask} with one (Kie bills it)`,
    ],
    ['users with balance ≠ sum(ledger)', f.balanceMismatches, 'target 0'],
    ['generations with wrong ledger entries', f.wrongLedger, 'target 0'],
    ['generations per Confirm screen (max)', f.generationsPerConfirmScreenMax, 'target 1 (10% pressed twice)'],
    ['Confirm pressed, no generation row', f.confirmsWithoutGeneration, 'no reservation made'],
    ['Confirm→result p50', s(f.latency.p50), `over ${f.latency.count} delivered`],
    ['Confirm→result p95', s(f.latency.p95), `max ${s(f.latency.max)}`],
  ]
  const width = Math.max(...rows.map((r) => r[0].length))
  const lines = rows.map(
    ([name, value, note]) => `${name.padEnd(width)}  ${String(value).padStart(8)}${note ? `  (${note})` : ''}`,
  )
  const tooMany = traffic.confirmations.filter((c) => c.outcome === 'too_many_active').length
  const noAnswer = traffic.confirmations.filter((c) => c.outcome === 'no_answer').length
  return [
    `chaos bench: ${settings.generations} generations asked, ${traffic.users} users, traffic ${(elapsed.trafficMs / 1000).toFixed(0)} s, drain ${(elapsed.drainMs / 1000).toFixed(0)} s`,
    `faults: ${faults.workerKills} worker SIGKILLs, ${faults.gatewayKills} gateway SIGKILL, ${faults.redisRestarts} Redis restart (data lost), ` +
      `${faults.heldCreates.before} createTask held (never reached Kie) + ${faults.heldCreates.after} held (task made, answer lost), ` +
      `${faults.telegram429Bursts} Telegram 429 bursts of ${settings.burstCalls}, Kie failure rate ${settings.kieFailureRate * 100}%`,
    `users: ${traffic.abandonedWalks} walks restarted (a screen did not come in ${settings.screenTimeoutMs / 1000} s), ${traffic.pressErrors} presses refused, ` +
      `${tooMany} Confirm answered "too many active", ${noAnswer} Confirm without an answer in time`,
    '',
    ...lines,
    '',
    `by status/step: ${JSON.stringify(f.byStatus)}`,
    `failure codes:  ${JSON.stringify(f.byFailure)}`,
  ].join('\n')
}
