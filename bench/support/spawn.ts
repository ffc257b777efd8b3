import { spawn } from 'node:child_process'
import path from 'node:path'
import type { AppProcess } from '@kiebot/testing'

// A built app as a process, like @kiebot/testing's spawnApp, with node options of the
// bench's own: `--cpu-prof` cannot be given through NODE_OPTIONS on Node 20.

const repoRoot = path.resolve(__dirname, '..', '..')

/** `node --cpu-prof --cpu-prof-dir=<BENCH_CPU_PROF>` when that is set, else nothing. */
export function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : []
}

export function spawnBuilt(entry: string, env: Record<string, string | undefined>, nodeArgs: string[]): AppProcess {
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
          last = error instanceof Error ? error.message : String(error)
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`${url} did not answer in time (${last}):\n${output}`)
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal)
      return exited
    },
  }
}
