import { Counter, Histogram, type Registry } from 'prom-client'

export interface GatewayMetrics {
  updates: Counter<'type'>
  handlerSeconds: Histogram<'type'>
  errors: Counter<'kind'>
  enqueueFailures: Counter
  payments: Counter<'outcome'>
  kieCallbacks: Counter<'outcome'>
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  return {
    updates: new Counter({
      name: 'gateway_updates_total',
      help: 'Telegram updates received, by type',
      labelNames: ['type'],
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: 'gateway_update_handler_seconds',
      help: 'Time to handle one update, by type',
      labelNames: ['type'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'gateway_errors_total',
      help: 'Errors while handling updates, by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    enqueueFailures: new Counter({
      name: 'gateway_enqueue_failures_total',
      help: 'Generations whose job could not be added (the sweeper adds them later)',
      registers: [registry],
    }),
    payments: new Counter({
      name: 'gateway_payments_total',
      help: 'Stars payments by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    kieCallbacks: new Counter({
      name: 'gateway_kie_callbacks_total',
      help: 'Kie callbacks by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  }
}
