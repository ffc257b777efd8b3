/**
 * The Mini App's address (with its trailing slash): WEBAPP_URL, else the gateway's public URL +
 * /app/; undefined when neither is configured (then no button opens it), and when it is not
 * https (Telegram refuses such web_app buttons) unless WEBAPP_ALLOW_HTTP (the sandbox's emulator).
 */
export function miniAppUrl(config: {
  WEBAPP_URL?: string
  PUBLIC_URL?: string
  WEBAPP_ALLOW_HTTP?: boolean
}): string | undefined {
  const base = config.WEBAPP_URL ?? (config.PUBLIC_URL ? `${config.PUBLIC_URL}/app` : undefined)
  if (base === undefined) return undefined
  if (!base.startsWith('https://') && !(config.WEBAPP_ALLOW_HTTP === true && base.startsWith('http://')))
    return undefined
  return `${base}/`
}
