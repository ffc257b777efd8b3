import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'

// Result URLs come from Kie (and so, in the end, from whoever controls a task's output):
// the worker fetches them (HEAD for the size, GET to upload to Telegram) only from the
// allowed hosts, follows redirects only to allowed hosts, and never connects to a loopback,
// private, link-local or otherwise internal address unless told to (the sandbox). The
// address is checked in the connection's own DNS lookup, so a name cannot resolve to a
// public address for the check and a private one for the connection.

export interface ResultFetchPolicy {
  /** host names allowed, each also covering its subdomains (e.g. aiquickdraw.com) */
  allowedHosts: readonly string[]
  /** loopback and private addresses allowed (emulators on this machine) */
  allowPrivate: boolean
}

export class RefusedUrlError extends Error {
  override readonly name = 'RefusedUrlError'
}

const MAX_REDIRECTS = 5

const internal = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  internal.addSubnet(net, prefix, 'ipv6')

/** Loopback, private, link-local, CGNAT, multicast, reserved (IPv4, IPv6, IPv4-mapped IPv6). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return internal.check(mapped, 'ipv4')
  const family = isIP(address)
  if (family === 0) return true
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

function hostAllowed(host: string, policy: ResultFetchPolicy): boolean {
  const name = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '')
  return policy.allowedHosts.some((allowed) => {
    const a = allowed.toLowerCase()
    return name === a || name.endsWith(`.${a}`)
  })
}

/** Throws RefusedUrlError unless the URL may be fetched under the policy (before any connection). */
export function checkResultUrl(raw: string, policy: ResultFetchPolicy): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new RefusedUrlError('not a URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedUrlError(`scheme ${url.protocol}`)
  if (url.username || url.password) throw new RefusedUrlError('credentials in the URL')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!hostAllowed(host, policy)) throw new RefusedUrlError(`host ${host} is not allowed`)
  if (isIP(host) && !policy.allowPrivate && isInternalAddress(host))
    throw new RefusedUrlError(`address ${host} is internal`)
  return url
}

function guardedLookup(policy: ResultFetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as LookupAddress[]
      const refused = policy.allowPrivate ? undefined : list.find((a) => isInternalAddress(a.address))
      if (refused || list.length === 0)
        return callback(new RefusedUrlError(`${hostname} resolves to an internal address`), '', 0)
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}

export interface ResultResponse {
  status: number
  headers: IncomingMessage['headers']
  /** the body stream (already drained for HEAD) */
  body: IncomingMessage
}

/**
 * GET or HEAD of a result URL under the policy, following at most 5 redirects, each
 * checked again. Throws RefusedUrlError for a refused URL or address, other errors for
 * network failures; a timeout aborts the whole exchange.
 */
export async function fetchResult(
  raw: string,
  options: { method: 'GET' | 'HEAD'; timeoutMs: number; policy: ResultFetchPolicy },
): Promise<ResultResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs)
  let url = checkResultUrl(raw, options.policy)
  for (let hop = 0; ; hop++) {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        { method: options.method, signal, lookup: guardedLookup(options.policy) },
        resolve,
      )
      request.once('error', reject)
      request.end()
    })
    const status = response.statusCode ?? 0
    const location = response.headers.location
    if (status >= 300 && status < 400 && location) {
      response.resume()
      if (hop >= MAX_REDIRECTS) throw new RefusedUrlError('too many redirects')
      url = checkResultUrl(new URL(location, url).toString(), options.policy)
      continue
    }
    if (options.method === 'HEAD') response.resume()
    return { status, headers: response.headers, body: response }
  }
}
