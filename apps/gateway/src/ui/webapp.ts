import { miniAppUrl, type GatewayConfig } from '@kiebot/config'
import type { WebAppButton } from '@kiebot/telegram'
import type { BotContext } from '../bot/context'

/**
 * The Mini App's address (with its trailing slash): WEBAPP_URL, else the gateway's public
 * URL + /app/; undefined when neither is configured or it is not https (unless
 * WEBAPP_ALLOW_HTTP, the sandbox): then no button opens it.
 */
export function webAppUrl(
  config: Pick<GatewayConfig, 'WEBAPP_URL' | 'PUBLIC_URL' | 'WEBAPP_ALLOW_HTTP'>,
): string | undefined {
  return miniAppUrl(config)
}

/** The button that opens the Mini App (the gallery), when it is configured. */
export function webAppButton(ctx: BotContext): WebAppButton | undefined {
  const url = webAppUrl(ctx.deps.config)
  return url === undefined ? undefined : { text: ctx.t('gallery.open'), web_app: { url } }
}
