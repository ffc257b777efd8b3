import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { listenOn } from '../src'

// The one way the gateway and the worker take their ports: a port in use is an error, not a
// server that says it listens (Express 5's app.listen hands the error to its callback).
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))

describe('listenOn', () => {
  it('serves the app on the port it took', async () => {
    const app = express().get('/ping', (_req, res) => res.send('pong'))
    const server = await listenOn(app, 0, '127.0.0.1')
    try {
      const { port } = server.address() as AddressInfo
      expect(await (await fetch(`http://127.0.0.1:${port}/ping`)).text()).toBe('pong')
    } finally {
      await close(server)
    }
  })

  it('rejects a port another server holds (EADDRINUSE), where app.listen would have gone on', async () => {
    const holder = await new Promise<Server>((resolve) => {
      const s = createServer().listen(0, () => resolve(s))
    })
    try {
      const { port } = holder.address() as AddressInfo
      await expect(listenOn(express(), port)).rejects.toMatchObject({ code: 'EADDRINUSE' })
      // what the apps did before: the callback ran, with a server that listens nowhere
      const app = express()
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(port, () => resolve(s))
      })
      expect(server.address()).toBeNull()
    } finally {
      await close(holder)
    }
  })
})
