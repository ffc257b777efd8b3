/**
 * Webhook delivery like Telegram's: POST the update as JSON with X-Telegram-Bot-Api-Secret-Token;
 * updates of one chat strictly in order (the next waits for a 2xx to the previous); non-2xx,
 * network errors and timeouts are retried with doubling back-off; failures are reported by
 * getWebhookInfo (last_error_date, last_error_message). A 2xx answer may carry one method call
 * (telegraf's webhookReply), which is executed.
 */
import { withDeadline } from '@kiebot/ops'
import type { EmulatorEvents } from './events'
import type { FaultInjector } from './faults'
import type { WebhookSettings } from './settings'
import type { BotRecord } from './state'
import type { QueuedUpdate, UpdateHub } from './updates'

export interface WebhookDeps {
  hub: UpdateHub
  events: EmulatorEvents
  faults: FaultInjector
  settings: () => WebhookSettings
  bot: (botId: number) => BotRecord | undefined
  /** runs a method call found in a webhook answer */
  executeReply: (bot: BotRecord, call: Record<string, unknown>) => Promise<void>
}

type AttemptResult = { ok: true; status: number } | { ok: false; status?: number; error: string }

export class WebhookDeliverer {
  /** running lane loops and the signal they run under (a restart starts fresh loops) */
  private readonly lanes = new Map<string, AbortSignal>()
  private readonly controllers = new Map<number, AbortController>()
  private readonly connections = new Map<number, { active: number; waiting: Array<() => void> }>()

  constructor(private readonly deps: WebhookDeps) {}

  /** starts a delivery loop for every lane of the bot that has pending updates */
  kick(bot: BotRecord): void {
    if (!bot.webhook) return
    const signal = this.controller(bot.id).signal
    for (const queued of this.deps.hub.pending(bot.id)) {
      const key = `${bot.id}|${queued.lane}`
      if (this.lanes.get(key) === signal) continue
      this.lanes.set(key, signal)
      void this.runLane(bot.id, queued.lane, signal).finally(() => {
        if (this.lanes.get(key) === signal) this.lanes.delete(key)
      })
    }
  }

  /** stops deliveries of a bot (in-flight requests and back-off waits), e.g. on setWebhook/deleteWebhook */
  restart(botId: number): void {
    this.controllers.get(botId)?.abort()
    this.controllers.delete(botId)
    const bot = this.deps.bot(botId)
    if (bot) queueMicrotask(() => this.kick(bot))
  }

  stopAll(): void {
    for (const controller of this.controllers.values()) controller.abort()
    this.controllers.clear()
  }

  private controller(botId: number): AbortController {
    let controller = this.controllers.get(botId)
    if (!controller) {
      controller = new AbortController()
      this.controllers.set(botId, controller)
    }
    return controller
  }

  private async runLane(botId: number, lane: string, signal: AbortSignal): Promise<void> {
    const key = `${botId}|${lane}`
    while (!signal.aborted) {
      const bot = this.deps.bot(botId)
      const queued = this.deps.hub.pending(botId).find((candidate) => candidate.lane === lane)
      if (!bot?.webhook || !queued) {
        // Give the lane up in the same tick as the empty check: an update queued right
        // after it then starts a new loop (kick), instead of being left to this one.
        if (this.lanes.get(key) === signal) this.lanes.delete(key)
        return
      }
      if (!(await this.deliver(bot, queued, signal))) return
    }
  }

  /** true when the update is done with (delivered, or given up); false when delivery was stopped */
  private async deliver(bot: BotRecord, queued: QueuedUpdate, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      const result = await this.attempt(bot, queued, signal)
      if (signal.aborted) return false
      if (result.ok) {
        this.deps.hub.remove(bot.id, queued)
        this.report(bot, queued, result)
        if (this.deps.faults.takeDuplicate(bot.id))
          this.report(bot, queued, await this.attempt(bot, queued, signal), true)
        return true
      }
      queued.failedAttempts += 1
      bot.lastErrorDate = Math.floor(Date.now() / 1000)
      bot.lastErrorMessage = result.error
      const settings = this.deps.settings()
      const givingUp = settings.maxAttempts > 0 && queued.failedAttempts >= settings.maxAttempts
      if (givingUp) this.deps.hub.remove(bot.id, queued)
      this.report(bot, queued, result)
      if (givingUp) return true
      const delay = Math.min(settings.retryBaseMs * 2 ** (queued.failedAttempts - 1), settings.retryMaxMs)
      if (!(await sleep(delay, signal))) return false
    }
  }

  /** publishes a webhook_delivery event (after the queue reflects the outcome) */
  private report(bot: BotRecord, queued: QueuedUpdate, result: AttemptResult, duplicate = false): void {
    this.deps.events.publish(bot.id, {
      type: 'webhook_delivery',
      ...(queued.chatId !== undefined ? { chatId: queued.chatId } : {}),
      updateId: queued.update.update_id,
      attempt: result.ok ? queued.failedAttempts + 1 : queued.failedAttempts,
      ok: result.ok,
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(!result.ok ? { error: result.error } : {}),
      ...(duplicate ? { duplicate } : {}),
    })
  }

  private async attempt(bot: BotRecord, queued: QueuedUpdate, signal: AbortSignal): Promise<AttemptResult> {
    const webhook = bot.webhook
    if (!webhook) return { ok: false, error: 'Webhook was deleted' }
    await this.acquire(bot.id, webhook.maxConnections)
    try {
      return await this.post(bot, webhook.url, webhook.secretToken, queued, signal)
    } finally {
      this.release(bot.id)
    }
  }

  private async post(
    bot: BotRecord,
    url: string,
    secret: string | undefined,
    queued: QueuedUpdate,
    signal: AbortSignal,
  ): Promise<AttemptResult> {
    const deadline = withDeadline(this.deps.settings().timeoutMs, signal)
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}),
        },
        body: JSON.stringify(queued.update),
        signal: deadline,
      })
      const body = await response.text()
      if (response.status < 200 || response.status > 299) {
        return {
          ok: false,
          status: response.status,
          error: `Wrong response from the webhook: ${response.status} ${response.statusText}`,
        }
      }
      await this.runReply(bot, response.headers.get('content-type'), body)
      return { ok: true, status: response.status }
    } catch (error) {
      if (deadline.aborted && !signal.aborted) return { ok: false, error: 'Read timeout expired' }
      return { ok: false, error: networkError(error) }
    }
  }

  private async runReply(bot: BotRecord, contentType: string | null, body: string): Promise<void> {
    if (!contentType?.includes('application/json') || body.trim() === '') return
    let call: unknown
    try {
      call = JSON.parse(body)
    } catch {
      return
    }
    if (typeof call === 'object' && call !== null && typeof (call as { method?: unknown }).method === 'string') {
      await this.deps.executeReply(bot, call as Record<string, unknown>)
    }
  }

  private async acquire(botId: number, max: number): Promise<void> {
    let slot = this.connections.get(botId)
    if (!slot) {
      slot = { active: 0, waiting: [] }
      this.connections.set(botId, slot)
    }
    while (slot.active >= Math.max(1, max)) {
      await new Promise<void>((resolve) => slot?.waiting.push(resolve))
    }
    slot.active += 1
  }

  private release(botId: number): void {
    const slot = this.connections.get(botId)
    if (!slot) return
    slot.active -= 1
    slot.waiting.shift()?.()
  }
}

function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } } | null)?.cause
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused'
  if (cause?.code === 'ENOTFOUND') return 'Failed to resolve host: Name or service not known'
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'Connection reset by peer'
  return `Connection failed: ${error instanceof Error ? error.message : String(error)}`
}

/** resolves true after ms, false if the signal aborts first */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
