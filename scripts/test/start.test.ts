import { spawn } from 'node:child_process'
import path from 'node:path'
import { createEmptyDatabase, freePort, uniquePrefix, type TestDatabase } from '@kiebot/testing'

// `pnpm start` with no tokens: the sandbox, the gateway and a worker wired together.
// A user talks to the bot through the emulator's HTTP control API and gets a
// generated picture; Ctrl-C (SIGINT) stops everything.

const root = path.resolve(__dirname, '..', '..')
let database: TestDatabase

beforeAll(async () => {
  database = await createEmptyDatabase('start')
})
afterAll(async () => {
  await database.drop()
})

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

interface Entry {
  messageId: number
  direction: string
  kind: string
  text?: string
  message: { reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } }
}

it('runs the product locally and completes a generation', async () => {
  const [sandboxPort, gatewayPort, gatewayOpsPort, workerPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const env = {
    ...process.env,
    TELEGRAM_BOT_TOKEN: '',
    DATABASE_URL: database.url,
    QUEUE_PREFIX: uniquePrefix('start'),
    SANDBOX_PORT: String(sandboxPort),
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_OPS_PORT: String(gatewayOpsPort),
    WORKER_PORT: String(workerPort),
    LOG_FORMAT: 'json',
  }
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    const control = `http://127.0.0.1:${sandboxPort}/_control/telegram`
    await until(
      'the chat page URL',
      async () => (output.includes(`Chat page: http://127.0.0.1:${sandboxPort}/`) ? true : undefined),
      240_000,
    )
    await until('the gateway', async () =>
      (await fetch(`http://127.0.0.1:${gatewayOpsPort}/readyz`)).ok ? true : undefined,
    )
    await until('the worker', async () =>
      (await fetch(`http://127.0.0.1:${workerPort}/readyz`)).ok ? true : undefined,
    )
    const transcript = async () =>
      ((await (await fetch(`${control}/chats/100000001/transcript`)).json()) as { result: Entry[] }).result
    const send = (text: string) =>
      fetch(`${control}/chats/100000001/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      })

    await send('/start')
    await until('the welcome bonus and menu', async () =>
      (await transcript()).some((e) => /500\s₽/.test(e.text ?? '')) ? true : undefined,
    )
    await send('/gen nano-banana a red fox in the snow')
    const confirmation = await until('the price confirmation', async () =>
      (await transcript()).find((e) => e.direction === 'out' && /3,60\s₽/.test(e.text ?? '')),
    )
    const confirm = confirmation.message
      .reply_markup!.inline_keyboard!.flat()
      .find((b) => b.callback_data?.startsWith('y:'))!.callback_data!
    await fetch(`${control}/chats/100000001/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: confirmation.messageId, data: confirm }),
    })
    const photo = await until(
      'the generated picture',
      async () => (await transcript()).find((e) => e.direction === 'out' && e.kind === 'photo'),
      60_000,
    )
    expect(photo.message.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toEqual([
      expect.stringMatching(/^rp:/),
      'menu',
    ])
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- output of pnpm start ---\n${output.slice(-6000)}`)
  } finally {
    child.kill('SIGINT')
  }
  expect(await exited).toBe(0)
  expect(output).toContain('start: stopping')
}, 300_000)
