/**
 * Kie downloads the media a request points at and answers 451 when it cannot. The emulator
 * really GETs each URL (short timeout) and returns the first one that failed, or null.
 */
export async function firstUnfetchableUrl(urls: string[], timeoutMs: number): Promise<string | null> {
  const results = await Promise.all(
    [...new Set(urls)].map(async (url) => ((await canFetch(url, timeoutMs)) ? null : url)),
  )
  return results.find((url) => url !== null) ?? null
}

async function canFetch(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel().catch(() => undefined)
    return response.ok
  } catch {
    return false
  }
}
