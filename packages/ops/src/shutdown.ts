export interface ShutdownStep {
  name: string
  run: () => Promise<unknown>
}

export interface ShutdownOptions {
  /** steps run in order: stop intake first, then drain, then close connections */
  steps: ShutdownStep[]
  /** total budget; keep it below the orchestrator's grace period (docker: 10 s) */
  deadlineMs: number
  log: (message: string, meta?: Record<string, unknown>) => void
  exit?: (code: number) => void
}

/**
 * Runs the shutdown steps once, in order, within a deadline. A step that fails is
 * logged and the next one still runs; past the deadline the process exits anyway.
 * Returns the function that starts it (also installed on SIGTERM and SIGINT).
 */
export function installGracefulShutdown(options: ShutdownOptions): (signal?: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code))
  let running: Promise<void> | undefined
  const shutdown = (signal = 'manual'): Promise<void> => {
    running ??= (async () => {
      options.log('shutting down', { signal, deadlineMs: options.deadlineMs })
      const deadline = setTimeout(() => {
        options.log('shutdown deadline passed, exiting', { deadlineMs: options.deadlineMs })
        exit(1)
      }, options.deadlineMs)
      deadline.unref()
      let failed = false
      for (const step of options.steps) {
        try {
          await step.run()
        } catch (error) {
          failed = true
          options.log(`shutdown step ${step.name} failed`, {
            error: error instanceof Error ? error.message : String(error),
          })
        }
      }
      clearTimeout(deadline)
      options.log('shutdown complete')
      exit(failed ? 1 : 0)
    })()
    return running
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  return shutdown
}
