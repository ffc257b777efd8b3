/**
 * The Mini App (the gallery) end to end in real Chromium: the product started as `pnpm start`
 * runs it, the web chat opens the bot's web_app buttons (the chat's menu button, the main menu's
 * button) in its panel with the WebApp stand-in (initData signed by the emulator for the chat's
 * user, themeParams light or dark). For a Russian and an English user, each in both themes: the
 * grid shows the user's own results and never another user's, the type filter narrows it, a
 * result opens with its prompt and price, and "send to chat" makes the bot send it again in
 * the chat; a delivered video's tile shows its poster. A forged or stale initData is refused by
 * the gateway. Screenshots go to test-artifacts/miniapp/ (git-ignored).
 */
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { FrameLocator, Page } from 'playwright-core'
import { callbacks } from '@kiebot/jobs'
import { signWebAppInitData } from '@kiebot/sandbox'
import { ARTIFACTS, hasButton, press, Product, SANDBOX_USER, send, type Entry } from './support/web-product'

let product: Product
let gateway: string

beforeAll(async () => {
  product = await Product.start('miniapp')
  await product.ready()
  gateway = `http://127.0.0.1:${product.ports.gateway}`
}, 260_000)

afterAll(async () => {
  await product?.close()
}, 30_000)

/** `/gen <model> <prompt>` (nano-banana: a photo), paid: the result in the chat, and its generation id */
async function generate(
  page: Page,
  chat: number,
  prompt: string,
  model = 'nano-banana',
  kind: 'photo' | 'video' = 'photo',
): Promise<string> {
  let after = await product.lastMessageId(chat)
  await send(page, `/gen ${model} ${prompt}`)
  const confirmation = await product.botMessage(chat, after, (e) => hasButton(e, callbacks.confirm), 'the price')
  after = await product.lastMessageId(chat)
  await press(page, confirmation, callbacks.confirm)
  const result = await product.botMessage(
    chat,
    after,
    (e) => e.kind === kind && hasButton(e, callbacks.repeat),
    `the ${kind} result`,
    60_000,
  )
  const repeat = result.message
    .reply_markup!.inline_keyboard!.flat()
    .find((b) => b.callback_data !== undefined && callbacks.repeat.match.test(b.callback_data))
  return callbacks.repeat.unpack(repeat!.callback_data!)!.generationId
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(path.join(ARTIFACTS, 'miniapp'), { recursive: true })
  const file = path.join(ARTIFACTS, 'miniapp', `${name}.png`)
  await page.screenshot({ path: file })
  expect(statSync(file).size).toBeGreaterThan(10_000)
}

/** the Mini App's background colour, as the page shows it */
const background = (app: FrameLocator) =>
  app
    .locator('body')
    .evaluate(
      (body) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(body)
          .backgroundColor,
    )

/** a fresh chat page's user gets the menu, so the bot has set the chat's menu button */
async function started(page: Page, chat: number): Promise<Entry> {
  const after = await product.lastMessageId(chat)
  await send(page, '/start')
  return product.botMessage(chat, after, (e) => hasButton(e, callbacks.topup), 'the main menu')
}

describe('the Mini App', () => {
  let page: Page
  let errors: string[]
  let ann: number
  let emma: number
  let bob: number
  const own: Record<number, string> = {}
  let bobs: string

  beforeAll(async () => {
    ;({ page, errors } = await product.openChat(SANDBOX_USER))
    ann = SANDBOX_USER
    await started(page, ann)
    own[ann] = await generate(page, ann, 'a red fox in the snow, watercolour')
    emma = await product.newUser(page, 'Emma', 'en')
    await started(page, emma)
    own[emma] = await generate(page, emma, 'a lighthouse at dawn')
    bob = await product.newUser(page, 'Bob', 'en')
    await started(page, bob)
    bobs = await generate(page, bob, 'bob and his secret garden')
  }, 240_000)

  afterAll(async () => {
    expect(errors).toEqual([])
    await page?.close()
  })

  describe.each([
    ['ru', () => ann, 'light', 'dark', 'Галерея', 'Отправлено в чат.'],
    ['en', () => emma, 'dark', 'light', 'Gallery', 'Sent to the chat.'],
  ] as const)('in %s', (lang, userOf, theme, otherTheme, galleryTab, sentNote) => {
    test(`opens from the chat in the ${theme} theme, shows only the user's own results, filters, sends one back`, async () => {
      const chat = userOf()
      await page.selectOption('#user-select', String(chat))
      await page.locator('body[data-connection="online"]').waitFor()
      const menu = await started(page, chat)

      // the chat's menu button (setChatMenuButton at /start) opens the app; the ru user uses the menu's web_app button
      if (lang === 'ru')
        await page.locator(`#messages [data-message-id="${menu.messageId}"] .keyboard button.web-app`).click()
      else await page.locator('#menu-webapp').click()
      await page.locator('#webapp-panel').waitFor()
      await page.click(`#webapp-theme button[data-theme="${theme}"]`)
      const app = page.frameLocator('#webapp-frame')
      await app.locator('[data-testid="tile"]').first().waitFor()
      expect(await app.locator('[data-testid="tab-gallery"]').textContent()).toBe(galleryTab)

      // only the user's own generations: never Bob's
      const ids = await app
        .locator('[data-testid="tile"]')
        .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-id')))
      expect(ids).toEqual([own[chat]])
      expect(ids).not.toContain(bobs)
      await app.locator('[data-testid="tile"] img.thumb-media').waitFor()
      const dark = theme === 'dark'
      expect(await background(app)).toBe(dark ? 'rgb(33, 33, 33)' : 'rgb(255, 255, 255)')
      await shot(page, `${lang}-${theme}-grid`)

      // the theme follows the panel's switch while the app is open
      await page.click(`#webapp-theme button[data-theme="${otherTheme}"]`)
      await product.until('the other theme', async () =>
        (await background(app)) === (dark ? 'rgb(255, 255, 255)' : 'rgb(33, 33, 33)') ? true : undefined,
      )
      await shot(page, `${lang}-${otherTheme}-grid`)
      await page.click(`#webapp-theme button[data-theme="${theme}"]`)

      // filter by type: no video, the image is back under images
      await app.locator('[data-testid="filter-video"]').click()
      await app.locator('[data-testid="gallery-empty"]').waitFor()
      await app.locator('[data-testid="filter-image"]').click()
      await app.locator(`[data-testid="tile"][data-id="${own[chat]}"]`).waitFor()

      // open it: the prompt and the price; send it to the chat
      await app.locator(`[data-testid="tile"][data-id="${own[chat]}"]`).click()
      await app.locator('[data-testid="detail"]').waitFor()
      expect(await app.locator('[data-testid="prompt"]').textContent()).toContain(
        lang === 'ru' ? 'a red fox in the snow' : 'a lighthouse at dawn',
      )
      expect(await app.locator('[data-testid="price"]').textContent()).toMatch(/₽/)
      await app.locator('[data-testid="player"]').waitFor()
      await shot(page, `${lang}-${theme}-detail`)
      const after = await product.lastMessageId(chat)
      await app.locator('[data-testid="send"]').click()
      expect(await app.locator('[data-testid="note"]').textContent()).toBe(sentNote)
      const resent = await product.botMessage(chat, after, (e) => e.kind === 'photo', 'the result sent again', 30_000)
      expect(resent.text ?? resent.caption ?? resent.message.caption).toContain(
        lang === 'ru' ? 'a red fox in the snow' : 'a lighthouse at dawn',
      )
      await page.locator(`#messages [data-message-id="${resent.messageId}"] img.media`).waitFor()
      await shot(page, `${lang}-${theme}-sent`)

      // a favourite: kept, and the favourites filter shows it
      await app.locator('[data-testid="favorite"]').click()
      await app.locator('[data-testid="favorite"]', { hasText: '★' }).waitFor()

      // the app's Back (Telegram's BackButton) returns to the grid
      await page.click('#webapp-back')
      await app.locator('[data-testid="grid"]').waitFor()
      await app.locator('[data-testid="filter-favorites"]').click()
      await app.locator(`[data-testid="tile"][data-id="${own[chat]}"] .star`).waitFor()

      // the catalog: search, a model's card with its example prompt; the balance with its history
      await app.locator('[data-testid="tab-catalog"]').click()
      await app.locator('[data-testid="catalog-search"]').fill('nano banana')
      await app.locator('[data-testid="model"][data-slug="nano-banana"] .model-head').click()
      await app.locator('[data-testid="model"][data-slug="nano-banana"] [data-testid="open-model"]').waitFor()
      // its sample output is the user's own last result of it
      await app.locator('[data-testid="model"][data-slug="nano-banana"] [data-testid="sample"] img').waitFor()
      await shot(page, `${lang}-${theme}-catalog`)
      await app.locator('[data-testid="tab-balance"]').click()
      expect(await app.locator('[data-testid="balance"]').textContent()).toMatch(/₽/)
      expect(await app.locator('.entry').count()).toBeGreaterThanOrEqual(2) // the welcome bonus and the charge
      await shot(page, `${lang}-${theme}-balance`)

      // Close closes the panel
      await page.click('#webapp-close')
      await page.locator('#webapp-panel').waitFor({ state: 'hidden' })
    })
  })

  test("a delivered video's tile shows its poster (Telegram's thumbnail) under a play mark", async () => {
    const vera = await product.newUser(page, 'Vera', 'en')
    await started(page, vera)
    const video = await generate(page, vera, 'waves at night', 'veo-3-1-fast', 'video')
    // the gateway lists the poster of the delivered video (once the generation is settled)
    const { initData } = await product.control<{ initData: string }>(
      'GET',
      `/_control/telegram/web-app/init-data?userId=${vera}`,
    )
    type Listed = { items: { id: string; items: { source: string; poster?: string }[] }[] }
    const listed = await product.until('the video in the gallery', async () => {
      const response = await fetch(`${gateway}/app/api/generations`, { headers: { authorization: `tma ${initData}` } })
      const answer = (await response.json()) as Listed
      return answer.items.length > 0 ? answer : undefined
    })
    expect(listed.items.map((g) => [g.id, g.items[0]])).toEqual([
      [video, expect.objectContaining({ source: 'file', poster: `media/${video}/0?thumb=1` })],
    ])
    const menu = await started(page, vera)
    await page.locator(`#messages [data-message-id="${menu.messageId}"] .keyboard button.web-app`).click()
    await page.locator('#webapp-panel').waitFor()
    const app = page.frameLocator('#webapp-frame')
    const tile = app.locator(`[data-testid="tile"][data-id="${video}"][data-type="video"]`)
    await tile.waitFor()
    await tile
      .locator('img[data-testid="tile-poster"]')
      .waitFor()
      .catch(async (error: unknown) => {
        await shot(page, 'en-video-poster-missing')
        throw error
      })
    await tile.locator('.thumb-play').waitFor()
    expect(await tile.locator('.thumb-icon').count()).toBe(0)
    // the poster really loaded: a picture (the drawn JPEG of 320 x 180), from a blob of the gateway's media path
    const poster = await tile.locator('img[data-testid="tile-poster"]').evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number; src: string }
      return { complete: image.complete, width: image.naturalWidth, height: image.naturalHeight, src: image.src }
    })
    expect(poster).toMatchObject({ complete: true, width: 320, height: 180 })
    expect(poster.src).toMatch(/^blob:/)
    await shot(page, 'en-video-poster-grid')
    // opened, it plays the video itself
    await tile.click()
    await app.locator('video[data-testid="player"]').waitFor()
    await page.click('#webapp-close')
    await page.locator('#webapp-panel').waitFor({ state: 'hidden' })
  })

  test("another user's generation is not found, and a forged or stale initData is refused", async () => {
    const signed = await product.control<{ initData: string }>(
      'GET',
      `/_control/telegram/web-app/init-data?userId=${ann}`,
    )
    const call = (path: string, initData: string) =>
      fetch(`${gateway}/app/api/${path}`, { headers: { authorization: `tma ${initData}` } })
    expect((await call('generations', signed.initData)).status).toBe(200)
    expect((await call(`generations/${bobs}`, signed.initData)).status).toBe(404)
    expect((await call(`media/${bobs}/0`, signed.initData)).status).toBe(404)

    const forged = signed.initData.replace(/hash=[0-9a-f]{6}/, 'hash=000000')
    const refused = await call('generations', forged)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({ error: 'bad_hash' })
    // claiming to be Bob with Ann's signature
    const params = new URLSearchParams(signed.initData)
    params.set('user', params.get('user')!.replace(String(ann), String(bob)))
    expect((await call('generations', params.toString())).status).toBe(401)

    const bots = await product.control<{ token: string }[]>('GET', '/_control/telegram/bots')
    const stale = signWebAppInitData(
      {
        user: JSON.stringify({ id: ann, first_name: 'Ann' }),
        auth_date: String(Math.floor(Date.now() / 1000) - 2 * 86_400),
      },
      bots[0]!.token,
    )
    const old = await call('generations', stale)
    expect(old.status).toBe(401)
    expect(await old.json()).toEqual({ error: 'stale' })

    // the page itself, opened without Telegram's launch parameters, says where to open it
    const bare = await product.browser!.newPage()
    await bare.goto(`${gateway}/app/`)
    await bare.locator('[data-testid="fatal"]').waitFor()
    await bare.close()
  })
})
