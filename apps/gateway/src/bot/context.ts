import type { Redis } from 'ioredis'
import type { Context } from 'telegraf'
import type { GatewayConfig } from '@kiebot/config'
import type { Db, User } from '@kiebot/db'
import type { Lang, MessageKey } from '@kiebot/i18n'
import type { GenerationQueue, ScheduledQueue, TelegramQueue } from '@kiebot/jobs'
import type { Logger } from '@kiebot/logger'
import type { GatewayMetrics } from '../metrics'
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

/** What a user's next typed text answers (the slot's kinds and rules: state/awaiting.ts). */
export type AwaitedKind = 'promo' | 'paysupport' | 'compare' | 'admin' | 'browsing'

export interface AwaitedText {
  kind: AwaitedKind
  /** the feature's own detail (the comparison's draft id, the admin's input as JSON) */
  data?: string
  /** buttons whose callback data start with this keep the wait (a comparison's option buttons) */
  keep?: string
}
