/**
 * The web chat page in a real browser (Debian Chromium through playwright-core) against the
 * sandbox and a small telegraf bot on long polling: pick/create a user, /start before the bot
 * runs, inline buttons, an edit in place, a photo, a Stars invoice paid from the page, an upload,
 * an SSE drop with Last-Event-ID replay, escaping, and no token anywhere. Screenshot:
 * test-artifacts/web-chat.png. Chromium missing → the test fails (CI installs it).
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { Socket } from 'node:net'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { Input, Markup, Telegraf } from 'telegraf'
import { message } from 'telegraf/filters'
import { startSandbox, type Sandbox } from '../src/sandbox'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const TOKEN = '7000000001:AAweb-chat-test-token-0123456789abcdef'
const PICTURE = path.join(__dirname, '..', 'fixtures', 'kie', 'result.png')
const SCREENSHOT = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'web-chat.png')
const ANN = { id: 555001, firstName: 'Ann', languageCode: 'en' }

let sandbox: Sandbox
let browser: Browser | undefined
let bot: Telegraf | undefined
const sseSockets = new Set<Socket>()
const sseRequests: Array<{ url: string; lastEventId: string | undefined }> = []

/** the test's bot: /start → [Picture][Invoice]; Picture edits, then sends a photo; Invoice deletes the menu and sends a Stars invoice; photos and text answered */
function startBot(): Telegraf {
  const shop = new Telegraf(TOKEN, { telegram: { apiRoot: sandbox.url, webhookReply: false } })
  shop.start((ctx) =>
    ctx.reply('Hello, <b>Ann</b>! Pick one:', {
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([
        Markup.button.callback('Picture', 'picture'),
        Markup.button.callback('Invoice', 'invoice'),
      ]),
    }),
  )
  shop.action('picture', async (ctx) => {
    await ctx.answerCbQuery('Drawing…')
    await ctx.editMessageText('<b>Drawing</b> your picture…', { parse_mode: 'HTML' })
    await ctx.sendChatAction('upload_photo')
    await ctx.replyWithPhoto(Input.fromLocalFile(PICTURE), { caption: 'Here it is' })
  })
  shop.action('invoice', async (ctx) => {
    await ctx.answerCbQuery()
    await ctx.deleteMessage()
    await ctx.replyWithInvoice({
      title: '50 credits',
      description: 'Credits for AI generations',
      payload: 'order-1',
      provider_token: '',
      currency: 'XTR',
      prices: [{ label: '50 credits', amount: 50 }],
    })
  })
  shop.command('help', (ctx) => ctx.reply('Help: send /start'))
  shop.hears('links', (ctx) =>
    ctx.reply('Docs: https://kie.ai/docs?a=1&b=2. Or try /help, then /start@kie_sandbox_bot (not a/b).'),
  )
  shop.on('pre_checkout_query', (ctx) => ctx.answerPreCheckoutQuery(true))
  shop.on(message('successful_payment'), (ctx) => ctx.reply('paid'))
  shop.on(message('photo'), (ctx) => ctx.reply('got your photo'))
  shop.on(message('text'), (ctx) =>
    ctx.reply(`echo: <i>${ctx.message.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</i>`, {
      parse_mode: 'HTML',
    }),
  )
  void shop.telegram.setMyCommands([
    { command: 'start', description: 'Start' },
    { command: 'help', description: 'Help' },
  ])
  void shop.launch()
  return shop
}

const bubble = (page: Page, text: string) => page.locator('#messages .msg', { hasText: text })

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is required for the web chat test and was not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    )
  }
  sandbox = await startSandbox({ port: 0, botToken: TOKEN, kieApiKey: 'web-chat-kie-key', user: ANN })
  // first listener: express rewrites req.url while routing
  sandbox.server.prependListener('request', (req) => {
    if (req.url?.startsWith('/_control/telegram/events')) {
      sseSockets.add(req.socket)
      sseRequests.push({ url: req.url, lastEventId: req.headers['last-event-id'] as string | undefined })
    }
  })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 })
}, 30_000)

afterAll(async () => {
  await browser?.close()
  bot?.stop()
  await sandbox?.close()
})

test('chat with a bot from the browser', async () => {
  const control = sandbox.telegram.control
  control.configure({ flood: { enabled: false } }) // the bot answers faster than Telegram's per-chat limit allows
  control.createUser({ id: 555002, first_name: 'Boris', language_code: 'ru' })
  const page = await browser!.newPage({ viewport: { width: 900, height: 1100 } })
  page.setDefaultTimeout(8000)
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))

  // the page: the default user selected, English because Ann's language_code is en
  await page.goto(sandbox.url + '/')
  await page.locator('body[data-ready="true"]').waitFor()
  await page.locator('body[data-connection="online"]').waitFor()
  expect(await page.locator('#user-select').inputValue()).toBe(String(ANN.id))
  expect(await page.locator('#send').textContent()).toBe('Send')

  // create a user (RU) from the form: selected, UI in Russian; then the RU/EN switch
  await page.click('#new-user-toggle')
  await page.fill('#new-user-name', 'Vera')
  await page.selectOption('#new-user-lang', 'ru')
  await page.click('#new-user-create')
  await page.locator('#user-select option', { hasText: 'Vera' }).waitFor({ state: 'attached' })
  const vera = control.users().find((user) => user.first_name === 'Vera')
  expect(vera?.language_code).toBe('ru')
  expect(await page.locator('#user-select').inputValue()).toBe(String(vera?.id))
  expect(await page.locator('#send').textContent()).toBe('Отправить')
  await page.click('#lang-switch [data-lang="en"]')
  expect(await page.locator('#send').textContent()).toBe('Send')
  expect(await page.locator('#text').getAttribute('placeholder')).toBe('Message or /command')

  // pick Ann and send /start before the bot runs: the message is there, the answer comes later
  await page.selectOption('#user-select', String(ANN.id))
  await page.locator('body[data-connection="online"]').waitFor()
  await page.fill('#text', '/start')
  await page.press('#text', 'Enter')
  await bubble(page, '/start').waitFor()
  expect(await page.locator('#messages .msg.in').count()).toBe(1)
  bot = startBot()
  const hello = page.locator('#messages .msg.out', { hasText: 'Pick one' })
  await hello.waitFor()
  expect(await hello.locator('.text b').textContent()).toBe('Ann')
  const helloId = await hello.getAttribute('data-message-id')

  // Picture: the same message is edited in place (keyboard gone), then the photo arrives
  await hello.locator('.keyboard button', { hasText: 'Picture' }).click()
  const edited = page.locator(`#messages [data-message-id="${helloId}"]`)
  await edited.locator('.text', { hasText: 'your picture' }).waitFor()
  expect(await edited.locator('.text b').textContent()).toBe('Drawing')
  expect(await edited.locator('.edited').textContent()).toBe('edited')
  expect(await edited.locator('.keyboard').count()).toBe(0)
  await page.locator('.toast', { hasText: 'Drawing…' }).waitFor()
  const photo = page.locator('#messages .msg.out[data-kind="photo"] img.media')
  await photo.waitFor()
  // the image really loaded (a string: this package's tsconfig has no DOM types)
  await page.waitForFunction(
    `(() => { const img = document.querySelector('#messages .msg.out[data-kind="photo"] img.media'); return img !== null && img.complete && img.naturalWidth > 0 })()`,
  )
  expect(await photo.getAttribute('src')).toMatch(/^\/_control\/telegram\/files\//)
  await bubble(page, 'Here it is').waitFor()

  // Invoice (the edit dropped the keyboard: /start again): the bot deletes the menu and sends an
  // invoice card; Pay runs the Stars flow and the bot says "paid"
  await page.fill('#text', '/start')
  await page.press('#text', 'Enter')
  const second = page.locator('#messages .msg.out', { hasText: 'Pick one' })
  await second.waitFor()
  const secondId = await second.getAttribute('data-message-id')
  await second.locator('.keyboard button', { hasText: 'Invoice' }).click()
  const invoice = page.locator('#messages .msg.out[data-kind="invoice"]')
  await invoice.waitFor()
  await page.locator(`#messages [data-message-id="${secondId}"]`).waitFor({ state: 'detached' })
  expect(await invoice.locator('.invoice-title').textContent()).toBe('50 credits')
  expect(await invoice.locator('.invoice-price').textContent()).toBe('★ 50')
  // the emulator adds Telegram's own Pay button to an invoice sent without a keyboard
  await invoice.locator('.keyboard button.pay', { hasText: 'Pay' }).click()
  await page.locator('#messages .msg.out', { hasText: /^paid/ }).waitFor()
  await page.locator('#messages .service[data-kind="successful_payment"]', { hasText: '★ 50' }).waitFor()
  await invoice.locator('.invoice-status.ok', { hasText: 'Paid' }).waitFor()
  expect(control.charges()).toHaveLength(1)

  // upload a photo through the file control: the bot gets a photo message and answers
  await page.setInputFiles('#file-input', PICTURE)
  const uploaded = await control.waitForMessage(ANN.id, (entry) => entry.kind === 'photo', 5000, { direction: 'in' })
  expect(uploaded.fileId).toBeDefined()
  expect(control.file(uploaded.fileId ?? '')?.size).toBeGreaterThan(0)
  await page.locator('#messages .msg.in[data-kind="photo"] img.media').waitFor()
  await bubble(page, 'got your photo').waitFor()

  // the SSE connection drops; what happens meanwhile is replayed after the reconnect (Last-Event-ID)
  const streamsBefore = sseRequests.length
  for (const socket of sseSockets) socket.destroy()
  sseSockets.clear()
  control.sendText(ANN.id, '<b>not bold</b> & <img src=x onerror=alert(1)>')
  await control.waitForMessage(ANN.id, (entry) => entry.text?.startsWith('echo:') ?? false)
  const echo = page.locator('#messages .msg.out', { hasText: 'echo:' })
  await echo.waitFor()
  expect(sseRequests.length).toBeGreaterThan(streamsBefore)
  expect(sseRequests.at(-1)?.lastEventId).toMatch(/^\d+$/)
  // escaped: shown as typed, no element made from it
  expect(await echo.locator('.text').textContent()).toBe('echo: <b>not bold</b> & <img src=x onerror=alert(1)>')
  expect(await echo.locator('.text i').count()).toBe(1)
  expect(await echo.locator('.text b, .text img').count()).toBe(0)
  expect(await page.locator('#messages .msg.in img:not(.media)').count()).toBe(0)

  // the page redrew everything after the reconnect: the invoice still says how the payment went
  expect(await invoice.locator('.invoice-status').textContent()).toBe('Paid')

  // messages in order, no duplicates, no token anywhere
  const ids = await page
    .locator('#messages [data-message-id]')
    .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-message-id'))))
  expect(ids).toEqual([...ids].sort((a, b) => a - b))
  expect(new Set(ids).size).toBe(ids.length)
  expect(ids).toEqual(
    control
      .transcript(ANN.id)
      .filter((entry) => !entry.deleted)
      .map((entry) => entry.messageId),
  )
  expect(urls.filter((url) => url.includes(TOKEN))).toEqual([])
  expect(await page.content()).not.toContain(TOKEN)
  expect(pageErrors).toEqual([])

  mkdirSync(path.dirname(SCREENSHOT), { recursive: true })
  await page.locator('#messages').evaluate((box) => (box.scrollTop = box.scrollHeight))
  await page.screenshot({ path: SCREENSHOT })
}, 30_000)

test("the designer's tools: multi-line composer, clickable links and commands, a paid invoice, the admin, the Kie panel", async () => {
  const control = sandbox.telegram.control
  const kie = sandbox.kie.control
  control.configure({ flood: { enabled: false } })
  bot ??= startBot()
  const boris = control.createUser({ first_name: 'Gleb', language_code: 'ru' })
  const page = await browser!.newPage({ viewport: { width: 900, height: 1100 } })
  page.setDefaultTimeout(8000)
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(sandbox.url + '/')
  await page.locator('body[data-ready="true"]').waitFor()
  await page.selectOption('#user-select', String(boris.id))
  await page.locator('body[data-connection="online"]').waitFor()
  expect(await page.locator('#send').textContent()).toBe('Отправить')

  // the composer is multi-line: Shift+Enter starts a line, Enter sends both lines
  await page.click('#text')
  await page.keyboard.type('first line')
  await page.keyboard.press('Shift+Enter')
  await page.keyboard.type('second line')
  expect(await page.locator('#text').inputValue()).toBe('first line\nsecond line')
  await page.keyboard.press('Enter')
  const sent = await control.waitForMessage(boris.id, (entry) => entry.text === 'first line\nsecond line', 5000, {
    direction: 'in',
  })
  expect(sent.kind).toBe('text')
  await page.locator('#messages .msg.out', { hasText: 'echo:' }).waitFor()
  expect(await page.locator('#text').inputValue()).toBe('')

  // the bot's commands are suggested while typing a /word; a click sends one
  await page.keyboard.type('/he')
  const suggestion = page.locator('#commands li[data-command="/help"]')
  await suggestion.waitFor()
  expect(await page.locator('#commands li').count()).toBe(1)
  await suggestion.click()
  await page.locator('#messages .msg.out', { hasText: 'Help: send' }).waitFor()
  expect(control.transcript(boris.id).some((entry) => entry.direction === 'in' && entry.text === '/help')).toBe(true)

  // URLs and /commands in the bot's plain text are links; a command link sends the command
  await page.fill('#text', 'links')
  await page.press('#text', 'Enter')
  const links = page.locator('#messages .msg.out', { hasText: 'Docs:' })
  await links.waitFor()
  expect(await links.locator('a[href="https://kie.ai/docs?a=1&b=2"]').getAttribute('target')).toBe('_blank')
  expect(await links.locator('a.bot-command').evaluateAll((nodes) => nodes.map((n) => n.textContent))).toEqual([
    '/help',
    '/start@kie_sandbox_bot',
  ])
  const helps = () => control.transcript(boris.id).filter((e) => e.direction === 'in' && e.text === '/help').length
  await links.locator('a.bot-command', { hasText: '/help' }).click()
  await page.locator('#messages .msg.out', { hasText: 'Help: send' }).nth(1).waitFor()
  expect(helps()).toBe(2)
  // the help text's own /start is a link too
  expect(
    await page.locator('#messages .msg.out', { hasText: 'Help: send' }).first().locator('a.bot-command').textContent(),
  ).toBe('/start')

  // an invoice in a Russian chat: Telegram's own Pay button in Russian; once paid it says so and pays no more
  await page.fill('#text', '/start')
  await page.press('#text', 'Enter')
  const menu = page.locator('#messages .msg.out', { hasText: 'Pick one' }).last()
  await menu.locator('.keyboard button', { hasText: 'Invoice' }).click()
  const invoice = page.locator('#messages .msg.out[data-kind="invoice"]')
  await invoice.waitFor()
  const pay = invoice.locator('.keyboard button.pay')
  expect(await pay.textContent()).toBe('Оплатить ⭐️50')
  await pay.click()
  await invoice.locator('.invoice-status.ok', { hasText: 'Оплачено' }).waitFor()
  await invoice.locator('.keyboard button.pay.paid:disabled').waitFor()
  expect(await invoice.locator('.keyboard button.pay').textContent()).toBe('✓ Оплачено')
  const invoiceId = Number(await invoice.getAttribute('data-message-id'))
  const charges = () => control.charges().filter((charge) => charge.chatId === boris.id)
  expect(charges()).toHaveLength(1)
  // after a reload the page knows from the transcript that it was paid
  await page.reload()
  await page.locator('body[data-connection="online"]').waitFor()
  await page.locator('#messages .msg.out[data-kind="invoice"] .keyboard button.pay.paid:disabled').waitFor()
  expect(await control.payInvoice(boris.id, invoiceId)).toMatchObject({ status: 'already_paid' })
  expect(charges()).toHaveLength(1)

  // the admin is one click away, and so is the way back
  const config = (await (await fetch(sandbox.url + '/chat/config.json')).json()) as {
    defaultUserId: number
    adminUserId: number
  }
  expect(config).toMatchObject({ defaultUserId: ANN.id, adminUserId: 100000002 })
  expect(await page.locator('#admin-toggle').textContent()).toBe('👑 Админ')
  await page.click('#admin-toggle')
  expect(await page.locator('#user-select').inputValue()).toBe('100000002')
  expect(await page.locator('#admin-toggle').getAttribute('aria-pressed')).toBe('true')
  await page.click('#admin-toggle')
  expect(await page.locator('#user-select').inputValue()).toBe(String(ANN.id))
  expect(await page.locator('#admin-toggle').textContent()).toBe('👑 Admin') // Ann's language is English

  // the Kie panel drives the emulator: slow, out of credits, fail next, a hung create, reset
  await page.click('#kie-toggle')
  await page.locator('#kie-panel').waitFor()
  await page.locator('#kie-state', { hasText: 'Kie credits: 1,000,000' }).waitFor()
  await page.check('#kie-slow')
  await expectEventually(() => kie.settings().timeline.completeMs === 45_000)
  await page.uncheck('#kie-slow')
  await expectEventually(() => kie.settings().timeline.completeMs === 200)
  await page.check('#kie-no-credits')
  await expectEventually(() => kie.getCredits() === 0)
  await page.selectOption('#kie-fail-reason', 'policy')
  await page.click('#kie-fail')
  await page.locator('#kie-state', { hasText: 'The next generation will fail' }).waitFor()
  expect(kie.pendingFaults().outcomes).toEqual([
    { outcome: 'fail', failCode: '400', failMessage: expect.stringContaining('content policy') },
  ])
  await page.click('#kie-hang')
  await page.locator('#kie-state', { hasText: 'the next create will hang' }).waitFor()
  expect(kie.pendingFaults().hangs).toBe(1)
  await page.click('#kie-release')
  await expectEventually(() => kie.pendingFaults().hangs === 0)
  await page.click('#kie-reset')
  await expectEventually(() => kie.getCredits() === 1_000_000 && kie.pendingFaults().outcomes.length === 0)
  await page.locator('#kie-no-credits:not(:checked)').waitFor()
  expect(pageErrors).toEqual([])
  await page.close()
}, 30_000)

test('a message typed while the one before is on its way stays in the box and goes next', async () => {
  const control = sandbox.telegram.control
  control.configure({ flood: { enabled: false } })
  const vera = control.createUser({ first_name: 'Vera', language_code: 'en' })
  const page = await browser!.newPage({ viewport: { width: 900, height: 1100 } })
  page.setDefaultTimeout(8000)
  try {
    await page.goto(sandbox.url + '/')
    await page.locator('body[data-ready="true"]').waitFor()
    await page.selectOption('#user-select', String(vera.id))
    await page.locator('body[data-connection="online"]').waitFor()
    // the first message's request is held until the next one is typed
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let first = true
    await page.route('**/chats/*/messages', async (route) => {
      if (route.request().method() === 'POST' && first) {
        first = false
        await held
      }
      await route.continue()
    })
    await page.fill('#text', 'one')
    await page.press('#text', 'Enter')
    await page.fill('#text', 'two')
    // its answer arrives while "two" waits in the box (emptying the box then wiped "two")
    const answered = page.waitForResponse((r) => r.url().includes('/messages') && r.request().method() === 'POST')
    release()
    await answered
    await control.waitForMessage(vera.id, (entry) => entry.text === 'one', 5000, { direction: 'in' })
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)))
    expect(await page.locator('#text').inputValue()).toBe('two')
    await page.press('#text', 'Enter')
    await control.waitForMessage(vera.id, (entry) => entry.text === 'two', 5000, { direction: 'in' })
    expect(await page.locator('#text').inputValue()).toBe('')
  } finally {
    await page.close()
  }
})

async function expectEventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time: ' + check.toString())
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
