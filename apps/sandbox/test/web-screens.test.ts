/**
 * The product's main screens in the web chat, in real Chromium, in Russian and in English:
 * `pnpm start` (scripts/start.js: the sandbox, the gateway and a worker as processes, a fresh
 * database) and a person at the page. Screenshots of the menu, the catalog, a model card, the
 * price confirmation, a status message (the Kie panel makes the generation slow), the result and
 * the top-up go to test-artifacts/screens/<lang>/ (git-ignored). Also: the chat page's address
 * is printed only once every app is ready, the default user is no admin and the admin is one
 * click away.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { callbacks } from '@kiebot/jobs'
import {
  buttonsOf,
  hasButton,
  press,
  Product,
  SANDBOX_ADMIN,
  SANDBOX_USER,
  send,
  shoot as shootInto,
  type Entry,
} from './support/web-product'

let product: Product

const until = <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs?: number) =>
  product.until(what, fn, timeoutMs)
const control = <T>(method: string, route: string, body?: unknown) => product.control<T>(method, route, body)
const transcript = (chat: number) => product.transcript(chat)
const botMessage = (chat: number, after: number, test: (entry: Entry) => boolean, what: string) =>
  product.botMessage(chat, after, test, what)
const lastMessageId = (chat: number) => product.lastMessageId(chat)
/** the page shows this message (with its buttons), then a screenshot into test-artifacts/screens/<lang>/ */
const shoot = (page: Page, lang: string, name: string, entry: Entry) =>
  shootInto(page, path.join('screens', lang), name, entry)

/**
 * Presses the menu's buttons, a category first, until one shows a list of models (a message
 * with model buttons): the catalog, whatever its entry is called.
 */
async function openCatalog(page: Page, chat: number, menu: Entry): Promise<Entry> {
  const data = buttonsOf(menu)
    .map((b) => b.callback_data)
    .filter(
      (d): d is string => d !== undefined && !callbacks.topup.match.test(d) && !callbacks.languageMenu.match.test(d),
    )
    .sort((a, b) => Number(callbacks.category.match.test(b)) - Number(callbacks.category.match.test(a)))
  for (const choice of data) {
    const current = (await transcript(chat)).find((e) => e.messageId === menu.messageId)
    if (!current || current.deleted || !buttonsOf(current).some((b) => b.callback_data === choice)) continue
    const after = await lastMessageId(chat)
    await press(page, current, { match: new RegExp(`^${choice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    const found = await until(
      'a list of models',
      async () =>
        (await transcript(chat)).find(
          (e) =>
            e.direction === 'out' &&
            !e.deleted &&
            (e.messageId === menu.messageId || e.messageId > after) &&
            hasButton(e, callbacks.model),
        ),
      5000,
    ).catch(() => undefined)
    if (found) return found
  }
  throw new Error('no button of the menu leads to a list of models')
}

beforeAll(async () => {
  product = await Product.start('screens')
}, 60_000)

afterAll(async () => {
  await product?.close()
}, 30_000)

test('pnpm start names the chat page only when every app is ready', async () => {
  await until(
    'the chat page URL',
    async () => (product.output.includes(`Chat page: ${product.base}/`) ? true : undefined),
    240_000,
  )
  // at that moment, not later: the emulators, the gateway (with its webhook) and the worker answer
  const [sandbox, gateway, worker, webhook] = await Promise.all([
    fetch(`${product.base}/healthz`),
    fetch(`http://127.0.0.1:${product.ports.ops}/readyz`),
    fetch(`http://127.0.0.1:${product.ports.worker}/readyz`),
    control<{ url: string }>('GET', '/_control/telegram/webhook'),
  ])
  expect([sandbox.status, gateway.status, worker.status]).toEqual([200, 200, 200])
  expect(webhook.url.startsWith(`http://127.0.0.1:${product.ports.gateway}/`)).toBe(true)
  expect(product.output.indexOf('start: waiting for the emulators')).toBeLessThan(product.output.indexOf('Chat page:'))
}, 250_000)

describe.each([
  ['ru', SANDBOX_USER],
  ['en', 0],
] as const)('the main screens in %s', (lang, seededUser) => {
  test('menu, catalog, model card, confirmation, status, result, top-up', async () => {
    const page = await product.browser!.newPage({ viewport: { width: 760, height: 1000 } })
    page.setDefaultTimeout(15_000)
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${product.base}/`)
    await page.locator('body[data-ready="true"]').waitFor()
    let chat: number = seededUser
    if (chat === 0) {
      // a new English-speaking user, made from the page
      await page.click('#new-user-toggle')
      await page.fill('#new-user-name', 'Emma')
      await page.selectOption('#new-user-lang', 'en')
      await page.click('#new-user-create')
      await page.locator('#user-select option', { hasText: 'Emma' }).waitFor({ state: 'attached' })
      chat = Number(await page.locator('#user-select').inputValue())
    }
    expect(await page.locator('#user-select').inputValue()).toBe(String(chat))
    await page.locator('body[data-connection="online"]').waitFor()
    expect(await page.locator('#send').textContent()).toBe(lang === 'ru' ? 'Отправить' : 'Send')

    // the menu (the welcome comes first): the newest message with a keyboard of several buttons
    let after = await lastMessageId(chat)
    await send(page, '/start')
    await botMessage(chat, after, (e) => buttonsOf(e).length >= 3, 'the menu')
    await page.waitForTimeout(500) // anything the welcome sends after it
    const menu = await botMessage(chat, after, (e) => buttonsOf(e).length >= 3, 'the menu')
    await shoot(page, lang, '1-menu', menu)

    // the catalog: the menu's button that leads to a list of models (a category first)
    const catalog = await openCatalog(page, chat, menu)
    await shoot(page, lang, '2-catalog', catalog)

    // a model card (its deep link)
    after = await lastMessageId(chat)
    await send(page, '/start m_nano-banana')
    const card = await botMessage(chat, after, (e) => buttonsOf(e).length > 0, 'the model card')
    await shoot(page, lang, '3-model-card', card)

    // the price confirmation
    after = await lastMessageId(chat)
    await send(page, '/gen nano-banana a red fox in the snow, watercolour')
    const confirmation = await botMessage(chat, after, (e) => hasButton(e, callbacks.confirm), 'the confirmation')
    await shoot(page, lang, '4-confirmation', confirmation)

    // a status message: the Kie panel makes the generation slow, so it is seen running
    await page.click('#kie-toggle')
    await page.check('#kie-slow')
    await until('the slow timeline', async () =>
      (await control<{ settings: { timeline: { completeMs: number } } }>('GET', '/kie/_control/state')).settings
        .timeline.completeMs === 45_000
        ? true
        : undefined,
    )
    await page.click('#kie-toggle')
    const tasksBefore = (await control<unknown[]>('GET', '/kie/_control/tasks')).length
    after = await lastMessageId(chat)
    await press(page, confirmation, callbacks.confirm)
    const task = await until('the Kie task', async () => {
      const tasks = await control<{ taskId: string; state: string }[]>('GET', '/kie/_control/tasks')
      return tasks.length > tasksBefore ? tasks.at(-1) : undefined
    })
    const status = await until('the status message', async () => {
      const entries = await transcript(chat)
      const changed = entries.find((e) => e.messageId === confirmation.messageId && e.edits.length > 0 && !e.deleted)
      return changed ?? entries.filter((e) => e.direction === 'out' && e.messageId > after && !e.deleted).at(-1)
    })
    expect(status.text).not.toBe(confirmation.text)
    expect(hasButton(status, callbacks.confirm)).toBe(false)
    await page.waitForTimeout(2500) // the worker has had the time to render its status
    await shoot(
      page,
      lang,
      '5-status',
      (await transcript(chat)).find((e) => e.messageId === status.messageId)!,
    )

    // the result: Kie finishes now; the picture arrives in the chat
    await control('POST', `/kie/_control/tasks/${task.taskId}/complete`)
    const result = await botMessage(chat, after, (e) => e.kind === 'photo' && e.fileId !== undefined, 'the result')
    await page.locator(`#messages [data-message-id="${result.messageId}"] img.media`).waitFor()
    await shoot(page, lang, '6-result', result)
    await page.click('#kie-toggle')
    await page.uncheck('#kie-slow')
    await page.click('#kie-toggle')

    // the top-up
    after = await lastMessageId(chat)
    await send(page, '/topup')
    const topup = await botMessage(chat, after, (e) => hasButton(e, callbacks.pack), 'the top-up')
    await shoot(page, lang, '7-topup', topup)

    expect(pageErrors).toEqual([])
    await page.close()
  }, 120_000)
})

test('the default user is no admin; the admin is one click away', async () => {
  // before the walk below, which sends the same user dozens of updates (its rate limit would drop these)
  product.watched = SANDBOX_USER
  const page = await product.browser!.newPage({ viewport: { width: 760, height: 1000 } })
  page.setDefaultTimeout(15_000)
  await page.goto(`${product.base}/`)
  await page.locator('body[data-ready="true"]').waitFor()
  await page.selectOption('#user-select', String(SANDBOX_USER))
  await page.locator('body[data-connection="online"]').waitFor()
  const isAdminPanel = (e: Entry) => buttonsOf(e).some((b) => b.callback_data?.startsWith('a:'))
  // the regular user: /admin opens nothing (the help that follows shows the bot has answered)
  let after = await lastMessageId(SANDBOX_USER)
  await send(page, '/admin')
  await send(page, '/help')
  await botMessage(SANDBOX_USER, after, (e) => hasButton(e, callbacks.menu) || (e.text ?? '').includes('/gen'), 'help')
  expect((await transcript(SANDBOX_USER)).filter((e) => e.messageId > after).some(isAdminPanel)).toBe(false)
  // one click: the admin, whose /admin opens the admin panel
  await page.click('#admin-toggle')
  expect(await page.locator('#user-select').inputValue()).toBe(String(SANDBOX_ADMIN))
  await page.locator('body[data-connection="online"]').waitFor()
  after = await lastMessageId(SANDBOX_ADMIN)
  await send(page, '/start')
  await botMessage(SANDBOX_ADMIN, after, (e) => hasButton(e, callbacks.category), 'the admin menu')
  after = await lastMessageId(SANDBOX_ADMIN)
  await send(page, '/admin')
  const panel = await botMessage(SANDBOX_ADMIN, after, isAdminPanel, 'the admin panel')
  await shoot(page, 'admin', 'admin-panel', panel)
  await page.close()
}, 60_000)
