import { createServer, type RequestListener, type Server } from 'node:http'

/**
 * Serves `app` (an express app or any request listener) on `port`, and resolves once it listens;
 * a port that cannot be taken (EADDRINUSE, EACCES) rejects. Express 5's own `app.listen` calls
 * its callback with the error instead, so a process that trusted it went on as if it listened:
 * it logged its port and answered nothing there.
 */
export function listenOn(app: RequestListener, port: number, host?: string): Promise<Server> {
  const server = createServer(app)
  return new Promise<Server>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    const onListening = () => {
      server.off('error', onError)
      resolve(server)
    }
    if (host === undefined) server.listen(port, onListening)
    else server.listen(port, host, onListening)
  })
}
