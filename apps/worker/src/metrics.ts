import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/** Everything the worker measures (GET /metrics on WORKER_PORT). */
export interface WorkerMetrics {
  registry: Registry
  generationDuration: Histogram<'model' | 'outcome'>
  generationsSettled: Counter<'outcome'>
  kieLatency: Histogram<'operation'>
  kieErrors: Counter<'operation' | 'code'>
  kieCreates: Counter<'outcome'>
  telegramSends: Counter<'method'>
  telegramErrors: Counter<'method' | 'code'>
  telegramRateLimited: Counter<'method'>
  queueJobs: Gauge<'queue' | 'state'>
  kieCredits: Gauge<'key'>
  /** succeeded generations: what users paid, and what Kie charged for them, at the generation's own rates */
  revenueKopecks: Counter<'model'>
  kieCostKopecks: Counter<'model'>
}

/** Sampled at scrape time: jobs per queue and state. */
export type QueueDepths = () => Promise<{ queue: string; state: string; count: number }[]>

export function createWorkerMetrics(registry: Registry, queueDepths?: QueueDepths): WorkerMetrics {
  const registers = [registry]
  return {
    registry,
    generationDuration: new Histogram({
      name: 'worker_generation_duration_seconds',
      help: 'From confirmation to settlement, per model and outcome',
      labelNames: ['model', 'outcome'],
      buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
      registers,
    }),
    generationsSettled: new Counter({
      name: 'worker_generations_settled_total',
      help: 'Generations settled, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    kieLatency: new Histogram({
      name: 'worker_kie_request_duration_seconds',
      help: 'Kie.ai calls, by operation (create, status, upload, credits)',
      labelNames: ['operation'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    kieErrors: new Counter({
      name: 'worker_kie_errors_total',
      help: 'Kie.ai call failures, by operation and code (or kind)',
      labelNames: ['operation', 'code'],
      registers,
    }),
    kieCreates: new Counter({
      name: 'worker_kie_creates_total',
      help: 'createTask calls by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    telegramSends: new Counter({
      name: 'worker_telegram_calls_total',
      help: 'Successful Telegram calls, by method',
      labelNames: ['method'],
      registers,
    }),
    telegramErrors: new Counter({
      name: 'worker_telegram_errors_total',
      help: 'Telegram call failures, by method and error code',
      labelNames: ['method', 'code'],
      registers,
    }),
    telegramRateLimited: new Counter({
      name: 'worker_telegram_429_total',
      help: 'Telegram 429 answers, by method',
      labelNames: ['method'],
      registers,
    }),
    queueJobs: new Gauge({
      name: 'worker_queue_jobs',
      help: 'Jobs per queue and state (sampled at scrape time)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        if (!queueDepths) return
        try {
          for (const { queue, state, count } of await queueDepths()) this.set({ queue, state }, count)
        } catch {
          // Redis down: the gauge keeps its last values
        }
      },
    }),
    kieCredits: new Gauge({
      name: 'worker_kie_credits',
      help: 'Last known Kie credit balance, by key of the pool (its label)',
      labelNames: ['key'],
      registers,
    }),
    revenueKopecks: new Counter({
      name: 'worker_revenue_kopecks_total',
      help: 'What users paid for succeeded generations (kopecks), per model',
      labelNames: ['model'],
      registers,
    }),
    kieCostKopecks: new Counter({
      name: 'worker_kie_cost_kopecks_total',
      help: "What Kie charged for succeeded generations (kopecks at each generation's USD and RUB rates), per model",
      labelNames: ['model'],
      registers,
    }),
  }
}
