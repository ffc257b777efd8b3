import path from 'node:path'

// The benches start the built apps with @kiebot/testing's spawnApp; these are the node options
// of their own: `--cpu-prof` cannot be given through NODE_OPTIONS on Node 20.

/** `node --cpu-prof --cpu-prof-dir=<BENCH_CPU_PROF>` when that is set, else nothing. */
export function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : []
}
