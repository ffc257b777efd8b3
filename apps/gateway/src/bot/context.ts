import type { Redis } from 'ioredis'
import type { Context } from 'telegraf'
import type { GatewayConfig } from '@kiebot/config'
import type { Db, User } from '@kiebot/db'
import type { Lang, MessageKey } from '@kiebot/i18n'
import type { GenerationQueue, ScheduledQueue, TelegramQueue } from '@kiebot/jobs'
import type { Logger } from '@kiebot/logger'
import type { GatewayMetrics } from '../metrics'
import type { AwaitedText } from '../state/awaiting'
import type { DraftStore } from '../state/drafts'
import type { PriceBook } from '../state/prices'

/** What the bot's handlers work with. Created once per process. */
export interface Deps {
  config: GatewayConfig
  logger: Logger
  db: Db
  redis: Redis
  /** scheduled: only to ask for a catalog sync now (admin panel) */
  queues: { generation: GenerationQueue; telegram: TelegramQueue; scheduled: ScheduledQueue }
  prices: PriceBook
  drafts: DraftStore
  metrics: GatewayMetrics
}

/** telegraf's context plus the user (created on first contact) and their language. */
export interface BotContext extends Context {
  deps: Deps
  user: User
  lang: Lang
  t(key: MessageKey, params?: Record<string, string | number>): string
  isAdmin: boolean
  /** what the next typed text answers (state/awaiting.ts), read with the update */
  awaiting?: AwaitedText
}
