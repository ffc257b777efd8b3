/** setWebhook, deleteWebhook, getWebhookInfo, getUpdates (mutually exclusive like Telegram: 409). */
import { badRequest, conflict } from '../errors'
import type { Emulator } from '../emulator'
import type { BotRecord } from '../state'
import { flag, optionalInteger, optionalText, text, type MethodHandler } from './context'

function setAllowedUpdates(bot: BotRecord, params: Record<string, unknown>): void {
  if (Array.isArray(params.allowed_updates)) bot.allowedUpdates = (params.allowed_updates as unknown[]).map(String)
}

function removeWebhook(emu: Emulator, bot: BotRecord, dropPending: boolean): boolean {
  const had = bot.webhook !== null
  bot.webhook = null
  if (dropPending) emu.updates.dropPending(bot.id)
  emu.webhooks.restart(bot.id)
  return had
}

const setWebhook: MethodHandler = ({ emu, bot, params, describe }) => {
  const url = text(params, 'url')
  if (url === '') {
    describe(
      removeWebhook(emu, bot, flag(params, 'drop_pending_updates'))
        ? 'Webhook was deleted'
        : 'Webhook is already deleted',
    )
    return true
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known')
  }
  // The emulator accepts http:// and any port (like a local Bot API server); Telegram requires HTTPS on 443/80/88/8443.
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw badRequest('bad webhook: HTTPS url must be provided for webhook')
  const secretToken = optionalText(params, 'secret_token')
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken))
    throw badRequest('secret token contains unallowed characters')
  const maxConnections = optionalInteger(params, 'max_connections') ?? 40
  if (maxConnections < 1 || maxConnections > 100)
    throw badRequest('bad webhook: max_connections must be between 1 and 100')
  const unchanged = bot.webhook?.url === url && bot.webhook.secretToken === secretToken
  setAllowedUpdates(bot, params)
  bot.webhook = {
    url,
    maxConnections,
    ...(secretToken !== undefined ? { secretToken } : {}),
    ...(typeof params.ip_address === 'string' ? { ipAddress: params.ip_address } : {}),
  }
  delete bot.lastErrorDate
  delete bot.lastErrorMessage
  if (flag(params, 'drop_pending_updates')) emu.updates.dropPending(bot.id)
  emu.updates.endPoll(bot.id)
  emu.webhooks.restart(bot.id)
  describe(unchanged ? 'Webhook is already set' : 'Webhook was set')
  return true
}

const deleteWebhook: MethodHandler = ({ emu, bot, params, describe }) => {
  describe(
    removeWebhook(emu, bot, flag(params, 'drop_pending_updates'))
      ? 'Webhook was deleted'
      : 'Webhook is already deleted',
  )
  return true
}

export function webhookInfo(emu: Emulator, bot: BotRecord): Record<string, unknown> {
  const webhook = bot.webhook
  return {
    url: webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: emu.updates.pending(bot.id).length,
    ...(webhook?.ipAddress ? { ip_address: webhook.ipAddress } : {}),
    ...(bot.lastErrorDate !== undefined
      ? { last_error_date: bot.lastErrorDate, last_error_message: bot.lastErrorMessage }
      : {}),
    ...(webhook ? { max_connections: webhook.maxConnections } : {}),
    ...(bot.allowedUpdates && bot.allowedUpdates.length > 0 ? { allowed_updates: bot.allowedUpdates } : {}),
  }
}

const getUpdates: MethodHandler = async ({ emu, bot, params, signal }) => {
  if (bot.webhook)
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
  setAllowedUpdates(bot, params)
  const limit = Math.min(100, Math.max(1, optionalInteger(params, 'limit') ?? 100))
  const timeout = Math.min(emu.settings.maxLongPollSeconds, Math.max(0, optionalInteger(params, 'timeout') ?? 0))
  const offset = optionalInteger(params, 'offset')
  return emu.updates.poll(bot.id, {
    ...(offset !== undefined ? { offset } : {}),
    limit,
    timeoutMs: timeout * 1000,
    signal: AbortSignal.any([signal, emu.signal]),
  })
}

export const updateMethods: Record<string, MethodHandler> = {
  setWebhook,
  deleteWebhook,
  getWebhookInfo: ({ emu, bot }) => webhookInfo(emu, bot),
  getUpdates,
}
