import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { repoRoot } from './prisma-cli'

/**
 * Ports handed out by `freePort`: below the kernel's ephemeral range (32768-60999 on Linux), so
 * no outgoing connection and no `listen(0)` of any process takes one between the pick and the app's
 * own listen (a pick from that range was, now and then, taken by a connection made meanwhile),
 * and above the services' usual ports. Below 30000: a Redis Cluster node's bus is its port +
 * 10000, which then never falls on another pick.
 */
const PICK_FROM = 20_000
const PICK_TO = 29_999

/** A TCP port that was free a moment ago, on every interface (as the apps listen). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PICK_FROM + Math.floor(Math.random() * (PICK_TO - PICK_FROM + 1))
    if (await canListen(port)) return port
  }
  // the range is crowded: any port the kernel gives
  const { port, release } = await holdPort()
  await release()
  return port
}

/** A port held by a server of this process until `release`: for a test of an app whose port is taken. */
export async function holdPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, resolve))
  const { port } = server.address() as net.AddressInfo
  return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** Whether `port` can be listened on now, on every interface. */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

export interface AppProcess {
  child: ChildProcess
  /** everything written to stdout and stderr so far */
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** polls `url` until it answers with `status` (default 200) */
  waitForHttp(url: string, options?: { status?: number; timeoutMs?: number }): Promise<Response>
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * Runs a built app (e.g. `apps/gateway/dist/main.js`) as a real process with
 * exactly `env` (plus PATH), so tests see what an operator would. `nodeArgs` go before the
 * entry (e.g. `--cpu-prof`, which Node 20 refuses in NODE_OPTIONS).
 */
export function spawnApp(entry: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): AppProcess {
  const child = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  let done = false
  void exited.then(() => (done = true))
  return {
    child,
    output: () => output,
    exited,
    async waitForHttp(url, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 15_000)
      let last = 'no answer'
      while (Date.now() < deadline) {
        if (done) throw new Error(`process exited before ${url} answered:\n${output}`)
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
          if (response.status === (options.status ?? 200)) return response
          last = `status ${response.status}`
        } catch (error) {
          // fetch's own message is "fetch failed": the cause says why (refused, reset, a timeout)
          last = describeError(error)
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`${url} did not answer ${options.status ?? 200} in time (${last}):\n${output}`)
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal)
      return exited
    },
  }
}

/**
 * An error's message with its causes' (undici's "fetch failed" names the socket's error only in
 * its cause). Read by shape: under jest, Node's own errors are not of the test's realm's Error.
 */
function describeError(error: unknown): string {
  const parts: string[] = []
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (typeof e !== 'object' || !('message' in e)) {
      parts.push(String(e))
      break
    }
    const { message, code, cause } = e as { message: unknown; code?: unknown; cause?: unknown }
    parts.push(typeof code === 'string' ? `${String(message)} (${code})` : String(message))
    e = cause
  }
  return parts.join(': ')
}
