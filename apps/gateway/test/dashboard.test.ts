import { startHarness, type Harness } from './harness'

// The BullMQ dashboard is served only with the basic-auth credentials from the environment.
let h: Harness
beforeAll(async () => {
  h = await startHarness({ ADMIN_DASHBOARD_USER: 'ops', ADMIN_DASHBOARD_PASSWORD: 'a-long-dashboard-password' })
})
afterAll(async () => {
  await h.close()
})

const auth = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

describe('BullMQ dashboard', () => {
  it('refuses missing or wrong credentials', async () => {
    expect((await fetch(`${h.config.PUBLIC_URL}/admin/queues`)).status).toBe(401)
    expect((await fetch(`${h.config.PUBLIC_URL}/admin/queues`, { headers: auth('ops', 'wrong-password-123') })).status).toBe(401)
  })

  it('serves the dashboard and the queues API with the right credentials', async () => {
    const page = await fetch(`${h.config.PUBLIC_URL}/admin/queues`, { headers: auth('ops', 'a-long-dashboard-password') })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
    const api = await fetch(`${h.config.PUBLIC_URL}/admin/queues/api/queues`, { headers: auth('ops', 'a-long-dashboard-password') })
    const body = (await api.json()) as { queues: { name: string }[] }
    expect(body.queues.map((q) => q.name).sort()).toEqual(['generation', 'telegram'])
  })
})
