import fs from 'node:fs'
import inspector from 'node:inspector'
import path from 'node:path'

// The benches start the built apps with @kiebot/testing's spawnApp and the image's node options
// (its imageNodeOptions); these are the benches' own node options: `--cpu-prof` cannot be
// given through NODE_OPTIONS on Node 20.

/**
 * `node --cpu-prof --cpu-prof-dir=<BENCH_CPU_PROF>[/<folder>]` when that is set (a folder of its
 * own for a process whose profile must not mix with the app's), else nothing.
 */
export function cpuProfileArgs(folder?: string): string[] {
  const dir = process.env.BENCH_CPU_PROF
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir, folder ?? '')}`] : []
}

/**
 * `cpuProfileArgs()`, then BENCH_NODE_ARGS (space-separated, e.g. `--max-old-space-size=4096`:
 * to compare V8 settings in one bench; a later flag wins over the image's).
 */
export function profileArgs(): string[] {
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '')
  return [...cpuProfileArgs(), ...extra]
}

/**
 * With BENCH_CPU_PROF set, profiles this process (the bench's own: its emulators and load) from
 * now until the returned function is called, which writes `bench-<time>.cpuprofile` there.
 * Without it, nothing is done.
 */
export async function profileThisProcess(): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_CPU_PROF
  if (!dir) return async () => undefined
  const session = new inspector.Session()
  session.connect()
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    )
  await post('Profiler.enable')
  await post('Profiler.start')
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown }
    session.disconnect()
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, `bench-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  }
}
