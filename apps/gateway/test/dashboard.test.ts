import { startHarness, type Harness } from './harness'

// The BullMQ dashboard is served only with the basic-auth credentials from the environment.
let h: Harness
beforeAll(async () => {
  h = await startHarness({ ADMIN_DASHBOARD_USER: 'ops', ADMIN_DASHBOARD_PASSWORD: 'a-long-dashboard-password' })
})
afterAll(async () => {
  await h.close()
})

const auth = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
})

describe('BullMQ dashboard', () => {
  it('refuses missing or wrong credentials', async () => {
    expect((await fetch(`${h.config.PUBLIC_URL}/admin/queues`)).status).toBe(401)
    expect(
      (await fetch(`${h.config.PUBLIC_URL}/admin/queues`, { headers: auth('ops', 'wrong-password-123') })).status,
    ).toBe(401)
  })

  it('serves the dashboard and the queues API with the right credentials', async () => {
    const page = await fetch(`${h.config.PUBLIC_URL}/admin/queues`, {
      headers: auth('ops', 'a-long-dashboard-password'),
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
    const api = await fetch(`${h.config.PUBLIC_URL}/admin/queues/api/queues`, {
      headers: auth('ops', 'a-long-dashboard-password'),
    })
    const body = (await api.json()) as { queues: { name: string }[] }
    expect(body.queues.map((q) => q.name).sort()).toEqual(['generation', 'telegram'])
  })

  it('is read-only by default: adding a job (a message to any user as the bot) is refused', async () => {
    const headers = { ...auth('ops', 'a-long-dashboard-password'), 'content-type': 'application/json' }
    const add = await fetch(`${h.config.PUBLIC_URL}/admin/queues/api/queues/telegram/add`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'text', data: { kind: 'text', chatId: '1', text: 'hi', origin: 'x' } }),
    })
    expect(add.status).toBe(405)
    const clean = await fetch(`${h.config.PUBLIC_URL}/admin/queues/api/queues/telegram/clean/completed`, {
      method: 'PUT',
      headers,
    })
    expect(clean.status).toBe(405)
    expect(await h.gateway.deps.queues.telegram.count()).toBe(0)
    const api = await fetch(`${h.config.PUBLIC_URL}/admin/queues/api/queues`, { headers })
    const body = (await api.json()) as { queues: { readOnlyMode: boolean }[] }
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true)
  })
})
