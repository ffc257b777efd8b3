/**
 * The product in the web chat, for browser tests: `pnpm start` (scripts/start.js: the sandbox,
 * the gateway and a worker as processes, on a fresh database and free ports), real Chromium,
 * and the helpers that read the Telegram emulator's transcript and press buttons on the page by
 * their callback data (packages/jobs' codecs) rather than by their wording.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createEmptyDatabase, freePort, uniquePrefix, type TestDatabase } from '@kiebot/testing'

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..')
export const ARTIFACTS = path.join(ROOT, 'test-artifacts')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
]
export const SANDBOX_USER = 100000001
export const SANDBOX_ADMIN = 100000002

export interface Button {
  text: string
  callback_data?: string
  pay?: boolean
}
export interface Entry {
  messageId: number
  direction: 'in' | 'out'
  kind: string
  text?: string
  caption?: string
  fileId?: string
  edits: unknown[]
  deleted: boolean
  message: { reply_markup?: { inline_keyboard?: Button[][] }; caption?: string }
}
export interface Codec {
  match: RegExp
}

export const buttonsOf = (entry: Entry): Button[] => entry.message.reply_markup?.inline_keyboard?.flat() ?? []
export const hasButton = (entry: Entry, codec: Codec) =>
  buttonsOf(entry).some((b) => b.callback_data !== undefined && codec.match.test(b.callback_data))
/** the callback data of the buttons of a message that the codec matches */
export const dataOf = (entry: Entry, codec: Codec): string[] =>
  buttonsOf(entry)
    .map((b) => b.callback_data)
    .filter((d): d is string => d !== undefined && codec.match.test(d))
const dataOfAll = (entry: Entry): string[] => buttonsOf(entry).map((b) => b.callback_data ?? (b.pay ? 'pay' : '?'))
/** a codec-like matcher for exactly this callback data */
export const exactly = (data: string): Codec => ({
  match: new RegExp(`^${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
})

/** The product started with `pnpm start`'s script, and what it printed. */
export class Product {
  output = ''
  browser?: Browser
  /** the chat whose last messages a timeout shows */
  watched?: number
  readonly base: string

  private constructor(
    readonly database: TestDatabase,
    readonly ports: { sandbox: number; gateway: number; ops: number; worker: number },
    private readonly child: ChildProcess,
  ) {
    this.base = `http://127.0.0.1:${ports.sandbox}`
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
  }

  /** starts the product and Chromium (call `ready` before using the chat) */
  static async start(name: string): Promise<Product> {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required and was not found at ${CHROMIUM}`)
    const database = await createEmptyDatabase(name)
    const ports = {
      sandbox: await freePort(),
      gateway: await freePort(),
      ops: await freePort(),
      worker: await freePort(),
    }
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        TELEGRAM_BOT_TOKEN: '',
        DATABASE_URL: database.url,
        QUEUE_PREFIX: uniquePrefix(name),
        SANDBOX_PORT: String(ports.sandbox),
        GATEWAY_PORT: String(ports.gateway),
        GATEWAY_OPS_PORT: String(ports.ops),
        WORKER_PORT: String(ports.worker),
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const product = new Product(database, ports, child)
    product.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 })
    return product
  }

  /** `pnpm start` has printed the chat page's address: every app is ready */
  async ready(timeoutMs = 240_000): Promise<void> {
    await this.until(
      'the chat page URL',
      async () => (this.output.includes(`Chat page: ${this.base}/`) ? true : undefined),
      timeoutMs,
    )
  }

  async close(): Promise<void> {
    await this.browser?.close()
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      this.child.kill('SIGINT')
      await exited
    }
    await this.database.drop()
  }

  async until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await fn().catch(() => undefined)
      if (value !== undefined) return value
      if (Date.now() > deadline) {
        const chat = this.watched === undefined ? [] : await this.transcript(this.watched).catch(() => [])
        const last = chat
          .slice(-6)
          .map(
            (e) =>
              `${e.messageId} ${e.direction} ${e.kind} [${dataOfAll(e).join(' ')}] ${(e.text ?? '').slice(0, 160)}`,
          )
        throw new Error(
          `timed out waiting for ${what}\n--- the chat ---\n${last.join('\n')}\n--- pnpm start ---\n${this.output.slice(-3000)}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
  }

  async control<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await response.json()) as { ok?: boolean; result?: T }
    return (json.result ?? json) as T
  }

  transcript(chat: number): Promise<Entry[]> {
    return this.control<Entry[]>('GET', `/_control/telegram/chats/${chat}/transcript`)
  }

  /** one message as it is now */
  async entry(chat: number, messageId: number): Promise<Entry> {
    const found = (await this.transcript(chat)).find((e) => e.messageId === messageId)
    if (!found) throw new Error(`no message ${messageId} in chat ${chat}`)
    return found
  }

  /** the newest bot message after `after` that satisfies `test` */
  botMessage(
    chat: number,
    after: number,
    test: (entry: Entry) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<Entry> {
    return this.until(
      what,
      async () =>
        (await this.transcript(chat))
          .filter((e) => e.direction === 'out' && !e.deleted && e.messageId > after && test(e))
          .at(-1),
      timeoutMs,
    )
  }

  async lastMessageId(chat: number): Promise<number> {
    return (await this.transcript(chat)).at(-1)?.messageId ?? 0
  }

  /** a new page of the chat, ready and online, as this user */
  async openChat(chat: number): Promise<{ page: Page; errors: string[] }> {
    const page = await this.browser!.newPage({ viewport: { width: 760, height: 1000 } })
    page.setDefaultTimeout(15_000)
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${this.base}/`)
    await page.locator('body[data-ready="true"]').waitFor()
    if ((await page.locator('#user-select').inputValue()) !== String(chat))
      await page.selectOption('#user-select', String(chat))
    await page.locator('body[data-connection="online"]').waitFor()
    return { page, errors }
  }

  /** a new user made from the page (name, language); returns its chat id */
  async newUser(page: Page, name: string, lang: 'ru' | 'en'): Promise<number> {
    await page.click('#new-user-toggle')
    await page.fill('#new-user-name', name)
    await page.selectOption('#new-user-lang', lang)
    await page.click('#new-user-create')
    await page.locator('#user-select option', { hasText: name }).waitFor({ state: 'attached' })
    const chat = Number(await page.locator('#user-select').inputValue())
    await page.locator('body[data-connection="online"]').waitFor()
    return chat
  }
}

/** types and sends a text from the page's composer */
export async function send(page: Page, text: string): Promise<void> {
  await page.fill('#text', text)
  await page.press('#text', 'Enter')
}

/**
 * clicks, on the page, the button of a message whose callback data the codec matches (the first
 * such), found by its text once the page shows it (the page may still be drawing an edit)
 */
export async function press(page: Page, entry: Entry, codec: Codec): Promise<void> {
  const buttons = buttonsOf(entry)
  const index = buttons.findIndex((b) => b.callback_data !== undefined && codec.match.test(b.callback_data))
  if (index < 0) throw new Error(`no ${String(codec.match)} button on message ${entry.messageId}`)
  const text = buttons[index]!.text
  const same = buttons.slice(0, index).filter((b) => b.text === text).length
  await page
    .locator(`#messages [data-message-id="${entry.messageId}"] .keyboard button`)
    .getByText(text, { exact: true })
    .nth(same)
    .click()
}

/** the page shows this message (with its buttons), scrolled to the bottom, then a screenshot into test-artifacts/<dir>/ */
export async function shoot(page: Page, dir: string, name: string, entry: Entry): Promise<void> {
  mkdirSync(path.join(ARTIFACTS, dir), { recursive: true })
  const bubble = page.locator(`#messages [data-message-id="${entry.messageId}"]`)
  await bubble.waitFor()
  if (buttonsOf(entry).length > 0) await bubble.locator('.keyboard button').first().waitFor()
  await page.waitForFunction(
    `Array.from(document.querySelectorAll('#messages img.media')).every((img) => img.complete && img.naturalWidth > 0)`,
  )
  await page.locator('#messages').evaluate((box) => (box.scrollTop = box.scrollHeight))
  const file = path.join(ARTIFACTS, dir, `${name}.png`)
  await page.screenshot({ path: file })
  expect(statSync(file).size).toBeGreaterThan(10_000)
}
