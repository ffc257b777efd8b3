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

/**
 * What every job handler works with: the process's, and for each job a copy of it with the
 * job's logger (`jobContext`). Per-process state in memory is keyed by `instance`, which the
 * copies share, never by the context object itself.
 */
export interface WorkerContext {
  /** this process's identity: the key of its in-memory state (send lines, caches), the same in every job's copy */
  readonly instance: object
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
  /** a delivery job's priority (its copy only): its place in this process's line for the send budget */
  sendPriority?: number
}

/**
 * A job's context: the process's, with a logger that adds the job's ids to every entry (a
 * child logger, not an AsyncLocalStorage: once one runs, Node 20 keeps promise hooks on for
 * every promise of the process).
 */
export function jobContext(
  ctx: WorkerContext,
  fields: Record<string, string | undefined>,
  extra: Pick<WorkerContext, 'sendPriority'> = {},
): WorkerContext {
  return { ...ctx, ...extra, logger: ctx.logger.child(fields) }
}

export type { Redis }
