import { workerConfig } from '@kiebot/config'
import { createLogger } from '@kiebot/logger'
import { startWorker, type RunningWorker } from '../../src/app'
import { workerEnv, type Harness } from './harness'

/**
 * The real worker in the test's own process (so a test can count or spy on BullMQ's and the
 * pipeline's calls), with the harness's environment and `overrides`; stopped by `h.close()`
 * before the rest of the harness. Errors only in its log.
 */
export async function startWorkerHere(h: Harness, overrides: Record<string, string> = {}): Promise<RunningWorker> {
  const worker = await startWorker(
    workerConfig.parse(workerEnv(h, { WORKER_PORT: '0', ...overrides })),
    createLogger({ service: 'worker-test', level: 'error' }),
  )
  h.beforeClose.push(() => worker.stop())
  return worker
}
