/**
 * The Mini App's address (with its trailing slash): WEBAPP_URL, else the gateway's public URL +
 * /app/; undefined when neither is configured (then no button opens it).
 */
export function miniAppUrl(config: { WEBAPP_URL?: string; PUBLIC_URL?: string }): string | undefined {
  const base = config.WEBAPP_URL ?? (config.PUBLIC_URL ? `${config.PUBLIC_URL}/app` : undefined)
  return base === undefined ? undefined : `${base}/`
}
