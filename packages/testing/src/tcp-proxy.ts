import net from 'node:net'

/**
 * A TCP forwarder to a real server (Redis, PostgreSQL) that a test can cut and
 * restore, to show what the apps do while a dependency is unreachable.
 */
export interface TcpProxy {
  port: number
  /** closes every connection and refuses new ones */
  cut(): Promise<void>
  /** accepts connections again on the same port */
  restore(): Promise<void>
  /**
   * the open connections go silent: nothing is forwarded either way and nothing is closed, as
   * when a server or the network vanishes without a reset (until `close`)
   */
  freeze(): void
  close(): Promise<void>
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()))
  await listen(0)
  const port = (server.address() as net.AddressInfo).port
  const stop = async () => {
    for (const s of sockets) s.destroy()
    if (server.listening) await new Promise((resolve) => server.close(resolve))
  }
  return {
    port,
    cut: stop,
    restore: () => listen(port),
    freeze: () => {
      for (const s of sockets) {
        s.unpipe()
        s.pause()
      }
    },
    close: stop,
  }
}
