import fs from 'node:fs'
import { Pool } from 'undici'

// What the performance benches share: CPU and memory of another process (from /proc,
// so it is that process's own time, not the load generator's), percentiles, and a
// keep-alive load driver (undici's Pool with a fixed number of connections, as Telegram
// keeps 40 to a webhook by default).

const TICKS_PER_SECOND = 100 // CLK_TCK on Linux

export interface CpuTimes {
  userMs: number
  systemMs: number
}

/** A process's command name and user and system (kernel) CPU time so far, in ms (Linux /proc/<pid>/stat). */
function readStat(pid: number | string): CpuTimes & { name: string } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // the command name (2nd field) may hold spaces: count fields after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    userMs: (Number(fields[11]) * 1000) / TICKS_PER_SECOND,
    systemMs: (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
  }
}

/** user and system (kernel) CPU time of `pid` so far, in ms (Linux /proc/<pid>/stat). */
export function cpuTimes(pid: number): CpuTimes {
  const { userMs, systemMs } = readStat(pid)
  return { userMs, systemMs }
}

/** the CPU time `pid` spent since `before`. */
export function cpuSince(pid: number, before: CpuTimes): CpuTimes {
  const now = cpuTimes(pid)
  return { userMs: now.userMs - before.userMs, systemMs: now.systemMs - before.systemMs }
}

/** user + system CPU time of `pid` so far, in ms. */
export function cpuMs(pid: number): number {
  const { userMs, systemMs } = cpuTimes(pid)
  return userMs + systemMs
}

/** resident memory of `pid` in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

/** CPU ms of every process on the machine so far, by pid, with its command name (Linux /proc). */
export function processCpu(): Map<number, { name: string; ms: number }> {
  const out = new Map<number, { name: string; ms: number }>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const { name, userMs, systemMs } = readStat(entry)
      out.set(Number(entry), { name, ms: userMs + systemMs })
    } catch {
      // exited meanwhile
    }
  }
  return out
}

/**
 * Where the machine's CPU went between two `processCpu()` snapshots, ms per `per` (a
 * generation, say): the named pids, then Postgres and Redis by command name, the rest as
 * "other". A process that ended in between is missed (its time counts nowhere).
 */
export function cpuShares(
  before: Map<number, { name: string; ms: number }>,
  after: Map<number, { name: string; ms: number }>,
  named: Record<string, number>,
  per: number,
): string {
  const byName = new Map<string, number>()
  const label = new Map(Object.entries(named).map(([name, pid]) => [pid, name]))
  let total = 0
  for (const [pid, now] of after) {
    const spent = now.ms - (before.get(pid)?.ms ?? 0)
    if (spent <= 0) continue
    total += spent
    const name =
      label.get(pid) ?? (now.name === 'postgres' ? 'Postgres' : now.name === 'redis-server' ? 'Redis' : 'other')
    byName.set(name, (byName.get(name) ?? 0) + spent)
  }
  const order = [...Object.keys(named), 'Postgres', 'Redis', 'other']
  const parts = order.filter((name) => byName.has(name)).map((name) => `${name} ${fixed(byName.get(name)! / per, 2)}`)
  return `${fixed(total / per, 2)} ms (${parts.join(', ')})`
}

/** the machine's load average (1 min) and cores, for the figures' context. */
export function machineLoad(): string {
  const [one, five] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')
  return `load average ${one} (1 min), ${five} (5 min) on ${fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} cores`
}

/** Transactions committed in the current database so far (each autocommit statement is one). */
export async function committedTransactions(db: { $queryRawUnsafe<T>(query: string): Promise<T> }): Promise<number> {
  // backends report their counts when idle, at most once a second
  await new Promise((r) => setTimeout(r, 1500))
  const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  )
  return Number(rows[0]!.n)
}

/** Commands a (private) Redis has processed so far. */
export async function redisCommands(redis: { info(section: string): Promise<string> }): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? NaN)
}

/** Calls per Redis command so far (INFO commandstats). */
export async function redisCommandCalls(redis: {
  info(section: string): Promise<string>
}): Promise<Map<string, number>> {
  const calls = new Map<string, number>()
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    calls.set(match[1]!, Number(match[2]))
  return calls
}

/** The commands called between two `redisCommandCalls`, most first, per `per` (an update, a generation). */
export function commandMix(before: Map<string, number>, after: Map<string, number>, per: number, top = 10): string {
  return [...after]
    .map(([command, calls]) => [command, (calls - (before.get(command) ?? 0)) / per] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([command, n]) => `${command} ${n.toFixed(2)}`)
    .join(', ')
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export interface LoadResult {
  requests: number
  seconds: number
  perSecond: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  statuses: Map<number, number>
  /** with `kindOf`: each kind's count and latency percentiles, in ms */
  byKind: Map<string, { count: number; p50Ms: number; p99Ms: number }>
}

export type Lane = () => Promise<string | undefined>

/**
 * Drives `lanes` over `connections` keep-alive connections to `origin` + `path`: each
 * lane yields its next body only after its previous request was answered (one chat's
 * updates in order, as Telegram sends them), and `connections` lanes run at once.
 */
export async function drive(
  origin: string,
  path: string,
  headers: Record<string, string>,
  lanes: Lane[],
  connections: number,
  onAnswer?: (lane: number, status: number) => Promise<void> | void,
  /** the kind of a request's body (its latencies are also kept per kind) */
  kindOf?: (body: string) => string,
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 })
  const latencies: number[] = []
  const kinds = new Map<string, number[]>()
  const statuses = new Map<number, number>()
  const queue = lanes.map((lane, index) => ({ lane, index }))
  const started = performance.now()
  const runner = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (let body = await next.lane(); body !== undefined; body = await next.lane()) {
        const sent = performance.now()
        let status = 0
        try {
          const res = await pool.request({
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json', ...headers },
            body,
            headersTimeout: 60_000,
            bodyTimeout: 60_000,
          })
          await res.body.dump()
          status = res.statusCode
        } catch {
          status = 0
        }
        const latency = performance.now() - sent
        latencies.push(latency)
        if (kindOf) {
          const kind = kindOf(body)
          const values = kinds.get(kind) ?? []
          values.push(latency)
          kinds.set(kind, values)
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (onAnswer) await onAnswer(next.index, status)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(connections, lanes.length) }, runner))
  const seconds = (performance.now() - started) / 1000
  await pool.close()
  latencies.sort((a, b) => a - b)
  const byKind = new Map(
    [...kinds].map(([kind, values]) => {
      values.sort((a, b) => a - b)
      return [kind, { count: values.length, p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) }] as const
    }),
  )
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    statuses,
    byKind,
  }
}

/** A table of rows (first row: headings), columns padded. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map(String))
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)))
  return cells
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n')
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')
