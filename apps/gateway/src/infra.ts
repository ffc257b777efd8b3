import { driverErrorOf } from '@kiebot/db'

/**
 * True for errors that mean PostgreSQL or Redis is unreachable or failing as a
 * service (not a bug or a business refusal), or that the Bot API could not be reached (a
 * socket error or timeout of its transport: undici's UND_ERR_* codes, node's E* codes). The
 * webhook answers 503 for them so Telegram re-delivers the update later: nothing is lost.
 */
export function isInfrastructureError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown }
    if (isUnavailableDatabase(driverErrorOf(e))) return true
    if (
      typeof name === 'string' &&
      /^(PrismaClientInitializationError|PrismaClientRustPanicError|MaxRetriesPerRequestError)$/.test(name)
    )
      return true
    if (
      typeof code === 'string' &&
      (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|P1001|P1002|P1008|P1017|P2024)$/.test(
        code,
      ) ||
        UNAVAILABLE_SQLSTATE.test(code))
    )
      return true
    if (
      typeof message === 'string' &&
      /(Connection is closed|Can't reach database server|Connection terminated|connect ECONNREFUSED|Stream isn't writeable|Timed out fetching a new connection|timeout exceeded when trying to connect|is not queryable|server (has )?closed the connection|Operation has timed out|the database system is (starting up|shutting down))/i.test(
        message,
      )
    )
      return true
  }
  return false
}

/** Postgres's own "unavailable" codes: shutting down or restarting (57P0x), too many connections, connection failures (08xxx). */
const UNAVAILABLE_SQLSTATE = /^(57P01|57P02|57P03|53300|08\w{3})$/

/** A raw statement's failure whose driver error says the database is gone (the money primitive and the reservation are raw statements). */
function isUnavailableDatabase(cause: { kind?: unknown; originalCode?: unknown } | undefined): boolean {
  if (!cause) return false
  if (
    typeof cause.kind === 'string' &&
    /^(DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections)$/.test(cause.kind)
  )
    return true
  return typeof cause.originalCode === 'string' && UNAVAILABLE_SQLSTATE.test(cause.originalCode)
}

/** Thrown to make the webhook answer 503 (Telegram retries the update). */
export class RetryLaterError extends Error {
  constructor(cause: unknown) {
    super('dependency unavailable, retry later', { cause })
    this.name = 'RetryLaterError'
  }
}
