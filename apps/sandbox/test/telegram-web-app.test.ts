/**
 * Mini Apps in the emulator: setChatMenuButton / getChatMenuButton (per chat, the default, bad
 * input refused), the initData the web chat's panel hands a Mini App (signed as Telegram
 * documents it, checked here from the documentation's recipe, not from the emulator's code), and
 * the stand-in WebApp script the sandbox serves.
 */
import { createHmac } from 'node:crypto'
import { startSandbox, type Sandbox } from '../src/sandbox'

const TOKEN = '7000000009:SANDBOX-web-app-test-token-abcdef'
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, botToken: TOKEN, kieApiKey: 'web-app-kie-key' })
})
afterAll(async () => {
  await sandbox?.close()
})

async function call(method: string, params: Record<string, unknown>) {
  const response = await fetch(`${sandbox.url}/bot${TOKEN}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  })
  return (await response.json()) as { ok: boolean; result?: unknown; description?: string }
}

describe('Mini Apps in the emulator', () => {
  it("keeps a chat's menu button and the default one, and refuses a bad one", async () => {
    const control = sandbox.telegram.control
    const user = control.createUser({ first_name: 'Ann', language_code: 'en' })
    expect(await call('getChatMenuButton', { chat_id: user.id })).toEqual({ ok: true, result: { type: 'commands' } })
    const app = { type: 'web_app', text: 'Gallery', web_app: { url: 'https://example.com/app/' } }
    expect(await call('setChatMenuButton', { chat_id: user.id, menu_button: app })).toEqual({ ok: true, result: true })
    expect(await call('getChatMenuButton', { chat_id: user.id })).toEqual({ ok: true, result: app })
    expect(control.menuButton({ chatId: user.id })).toEqual(app)
    // the default (no chat_id) is what other chats show
    const other = control.createUser({ first_name: 'Bob' })
    expect(control.menuButton({ chatId: other.id })).toEqual({ type: 'commands' })
    await call('setChatMenuButton', { menu_button: { ...app, text: 'Default' } })
    expect(control.menuButton({ chatId: other.id })).toMatchObject({ text: 'Default' })

    const bad = await call('setChatMenuButton', {
      chat_id: user.id,
      menu_button: { type: 'web_app', text: 'x', web_app: { url: 'javascript:alert(1)' } },
    })
    expect(bad).toMatchObject({ ok: false, description: expect.stringContaining('WEB_APP_URL_INVALID') })
    expect((await call('setChatMenuButton', { menu_button: { type: 'web_app', text: ' ' } })).ok).toBe(false)
    expect(control.menuButton({ chatId: user.id })).toEqual(app)
  })

  it("signs a user's initData the way Telegram documents it", async () => {
    const user = sandbox.telegram.control.createUser({ first_name: 'Зоя', language_code: 'ru', username: 'zoya' })
    const response = await fetch(`${sandbox.url}/_control/telegram/web-app/init-data?userId=${user.id}`)
    const { result } = (await response.json()) as { result: { initData: string } }
    const params = new URLSearchParams(result.initData)
    expect(JSON.parse(params.get('user')!)).toMatchObject({ id: user.id, first_name: 'Зоя', language_code: 'ru' })
    expect(Math.abs(Number(params.get('auth_date')) - Date.now() / 1000)).toBeLessThan(5)
    const hash = params.get('hash')!
    params.delete('hash')
    const check = [...params.entries()]
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join('\n')
    const secret = createHmac('sha256', 'WebAppData').update(TOKEN).digest()
    expect(createHmac('sha256', secret).update(check).digest('hex')).toBe(hash)
    expect(result.initData).not.toContain(TOKEN)
  })

  it('serves the WebApp stand-in script', async () => {
    const response = await fetch(`${sandbox.url}/telegram-web-app.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/javascript')
    const source = await response.text()
    expect(source).toContain('tgWebAppData')
    expect(source).toContain('web_app_close')
    // the chat page lets its panel frame a Mini App
    const page = await fetch(`${sandbox.url}/`)
    expect(page.headers.get('content-security-policy')).toContain('frame-src http: https:')
  })
})
