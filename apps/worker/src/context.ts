import type { Redis } from 'ioredis'
import type { Worker } from 'bullmq'
import type { WorkerConfig } from '@kiebot/config'
import type { Db } from '@kiebot/db'
import type { Queues } from '@kiebot/jobs'
import type { KieClient } from '@kiebot/kie'
import type { Logger } from '@kiebot/logger'
import type { Coordination } from './coordination'
import type { KiePool } from './kie-pool'
import type { WorkerMetrics } from './metrics'
import type { BotApi } from './telegram/bot-api'

/** What every job handler works with (one per process). */
export interface WorkerContext {
  config: WorkerConfig
  db: Db
  coordination: Coordination
  queues: Queues
  /** the pool's first key (uploads, the catalog): tasks go through `kiePool` */
  kie: KieClient
  /** every Kie key (KIE_API_KEYS): a task is created and followed with the key its row names */
  kiePool: KiePool
  bot: BotApi
  metrics: WorkerMetrics
  logger: Logger
  /** the generation queue's worker in this process (for BullMQ's queue-wide rate limit) */
  generationWorker?: Worker
}

export type { Redis }
