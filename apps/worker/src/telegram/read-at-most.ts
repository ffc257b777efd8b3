import type { Readable } from 'node:stream'

/**
 * A downloaded body's bytes, or null once they pass `maxBytes`: the stream is destroyed there,
 * so the rest is never read (a declared length is a claim; the bytes that come decide).
 * A transfer that fails throws. Used for users' files (`BotApi.downloadFile`) and results.
 */
export async function readAtMost(body: Readable, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) {
      discard(body)
      return null
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Stops reading a body (undici reports its own abort as an error event: nothing is left to read). */
export function discard(body: Readable): void {
  body.on('error', () => undefined).destroy()
}
