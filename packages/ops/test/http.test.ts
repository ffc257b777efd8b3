import type { Server } from 'node:http'
import express from 'express'
import { createMetricsRegistry, createOpsApp, createPublicApp, useJsonErrors } from '@kiebot/ops'

// The HTTP edge shared by both apps: JSON errors without stack traces or error texts,
// readiness that names the failing dependency but not why.

const servers: Server[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
})

async function serve(app: express.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

describe('useJsonErrors', () => {
  const logged: { message: string; meta?: Record<string, unknown> }[] = []
  let base: string
  beforeAll(async () => {
    // jest runs with NODE_ENV=test, where express's own handler would render the stack
    expect(process.env.NODE_ENV).not.toBe('production')
    const app = createPublicApp()
    app.get('/boom', () => {
      throw new Error('db password=hunter2-secret failed')
    })
    app.get('/async-boom', async (_req, _res, next) => {
      await Promise.resolve()
      next(Object.assign(new Error('upstream said: token 123'), { status: 502 }))
    })
    app.post('/json', express.json({ limit: '1kb' }), (req, res) => {
      res.json({ got: req.body as unknown })
    })
    useJsonErrors(app, (message, meta) => logged.push({ message, meta }))
    base = await serve(app)
  })

  it('answers a thrown error with a JSON 500 that holds neither the stack nor the message', async () => {
    const res = await fetch(`${base}/boom`)
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ ok: false, error: 'internal error' })
    expect(text).not.toMatch(/hunter2|at |\.ts/)
    expect(logged.some((l) => l.message === 'http request failed')).toBe(true)
  })

  it('does not pass a 5xx error status or its text through', async () => {
    const res = await fetch(`${base}/async-boom`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ ok: false, error: 'internal error' })
  })

  it('keeps body-parser 4xx statuses, as JSON', async () => {
    const malformed = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toEqual({ ok: false, error: 'malformed JSON' })
    const large = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(5000) }),
    })
    expect(large.status).toBe(413)
    expect(await large.json()).toEqual({ ok: false, error: 'too large' })
  })

  it('refuses a declared body over the app-wide limit before any route reads it', async () => {
    const res = await fetch(`${base}/nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 1),
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ ok: false, error: 'too large' })
  })

  it('answers unknown routes with a JSON 404; /healthz is served', async () => {
    const missing = await fetch(`${base}/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ ok: false, error: 'not found' })
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' })
    expect((await fetch(`${base}/metrics`)).status).toBe(404)
    expect((await fetch(`${base}/readyz`)).status).toBe(404)
  })
})

describe('createOpsApp', () => {
  it('/readyz names the dependency that is down, never its error text (logged instead)', async () => {
    const logged: unknown[] = []
    const app = createOpsApp(
      createMetricsRegistry('test'),
      {
        postgres: async () => 1,
        redis: async () => Promise.reject(new Error('connect ECONNREFUSED redis://:pw-secret@10.0.0.7:6379')),
      },
      (_message, meta) => logged.push(meta),
    )
    const base = await serve(app)
    const res = await fetch(`${base}/readyz`)
    expect(res.status).toBe(503)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ status: 'not ready', checks: { postgres: 'ok', redis: 'down' } })
    expect(text).not.toContain('10.0.0.7')
    expect(logged).toHaveLength(1)
    expect((await fetch(`${base}/metrics`)).status).toBe(200)
  })
})
