import { randomUUID } from 'node:crypto'
import { signWebAppInitData } from '@kiebot/sandbox'
import { verifyInitData } from '../src/features/gallery/init-data'
import { callbacks } from '@kiebot/jobs'
import { findButton, plain, startHarness, withDeliveryWorker, type Harness } from './harness'

// The Mini App's server side: Telegram's initData verified (hash, age, user), every API
// request scoped to the verified user (another user's generation is 404 on every endpoint),
// media (and a delivered video's poster) streamed through the gateway without the bot token, the actions performed by the bot
// in the chat, the chat's menu button and the main menu's Web App button.

const TOKEN = '123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ'
const now = Math.floor(Date.now() / 1000)
const userField = (id: number) => JSON.stringify({ id, first_name: 'Ann', language_code: 'en' })

describe('verifyInitData', () => {
  const signed = (fields: Record<string, string>, token = TOKEN) => signWebAppInitData(fields, token)

  it('accepts initData Telegram signed, with the user it names', () => {
    const check = verifyInitData(signed({ user: userField(42), auth_date: String(now), query_id: 'q' }), TOKEN, 3600)
    expect(check).toEqual({ ok: true, user: { id: 42, firstName: 'Ann', languageCode: 'en' }, authDate: now })
  })

  it('refuses a forged hash, another bot token, and a changed field', () => {
    const good = signed({ user: userField(42), auth_date: String(now) })
    const forged = good.replace(/hash=[0-9a-f]{4}/, 'hash=0000')
    expect(verifyInitData(forged, TOKEN, 3600)).toEqual({ ok: false, reason: 'bad_hash' })
    const otherBot = signed({ user: userField(42), auth_date: String(now) }, '654321:ZZyyXXwwVVuuTTssRRqqPPooNN')
    expect(verifyInitData(otherBot, TOKEN, 3600)).toEqual({ ok: false, reason: 'bad_hash' })
    const swapped = good.replace(encodeURIComponent(userField(42)), encodeURIComponent(userField(43)))
    expect(swapped).not.toBe(good)
    expect(verifyInitData(swapped, TOKEN, 3600)).toEqual({ ok: false, reason: 'bad_hash' })
  })

  it('refuses a stale auth_date and one from the future', () => {
    const old = signed({ user: userField(42), auth_date: String(now - 3601) })
    expect(verifyInitData(old, TOKEN, 3600)).toEqual({ ok: false, reason: 'stale' })
    const future = signed({ user: userField(42), auth_date: String(now + 600) })
    expect(verifyInitData(future, TOKEN, 3600)).toEqual({ ok: false, reason: 'stale' })
  })

  it('refuses initData without a user, without a hash, or not initData at all', () => {
    expect(verifyInitData(signed({ auth_date: String(now) }), TOKEN, 3600)).toEqual({ ok: false, reason: 'no_user' })
    const badUser = signed({ user: JSON.stringify({ id: 'x' }), auth_date: String(now) })
    expect(verifyInitData(badUser, TOKEN, 3600)).toEqual({ ok: false, reason: 'no_user' })
    expect(verifyInitData(`user=${userField(1)}&auth_date=${now}`, TOKEN, 3600)).toEqual({
      ok: false,
      reason: 'malformed',
    })
    expect(verifyInitData(undefined, TOKEN, 3600)).toEqual({ ok: false, reason: 'missing' })
    expect(verifyInitData('x'.repeat(10_000), TOKEN, 3600)).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('the Mini App API', () => {
  let h: Harness
  let base: string
  let ann: number
  let bob: number
  let annImage: string
  let annVideo: string
  let bobImage: string
  let annFileBytes: Buffer

  beforeAll(async () => {
    h = await startHarness({ WEBAPP_SCRIPT_URL: 'http://127.0.0.1:9/telegram-web-app.js' })
    base = `${h.config.PUBLIC_URL}/app/api/`
    ann = await h.user({ balanceKopecks: 10_000 })
    bob = await h.user({ balanceKopecks: 10_000 })
    annFileBytes = Buffer.from('a picture of a fox')
    annImage = await seed(ann, 'nano-banana', 'a red fox in the snow', annFileBytes)
    annVideo = await seed(ann, 'veo-3-1-fast', 'waves at night')
    bobImage = await seed(bob, 'nano-banana', 'bob private prompt', Buffer.from('bob picture'))
  })
  afterAll(async () => {
    await h.close()
  })

  /** A succeeded generation: an image delivered as a photo (its file id), or a video Telegram never took (Kie's link). */
  async function seed(chat: number, modelId: string, prompt: string, photo?: Buffer): Promise<string> {
    const fileId = photo
      ? h.tg.control.sendMedia(chat, { kind: 'photo', bytes: photo, width: 4, height: 3 }).fileId
      : undefined
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const id = randomUUID()
    await h.gateway.deps.db.generation.create({
      data: {
        id,
        userId: BigInt(chat),
        chatId: BigInt(chat),
        modelId,
        params: { prompt },
        priceCredits: '4',
        usdPerCredit: '0.005',
        fxRate: '90',
        markup: '2',
        priceKopecks: 360,
        status: 'succeeded',
        step: 'done',
        deadlineAt: new Date(),
        completedAt: new Date(),
        resultUrls: [`${h.tg.url}/nothing/${id}.${photo ? 'png' : 'mp4'}`],
        telegramFileIds: fileId ? [fileId] : [],
      },
    })
    return id
  }

  const initData = (userId: number) => h.tg.control.webAppInitData(userId)
  const get = (path: string, userId: number | string) =>
    fetch(base + path, {
      headers: { authorization: `tma ${typeof userId === 'number' ? initData(userId) : userId}` },
      redirect: 'manual',
    })
  const post = (path: string, userId: number, body: unknown = {}) =>
    fetch(base + path, {
      method: 'POST',
      headers: { authorization: `tma ${initData(userId)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('refuses a request without initData, with a forged or stale one, or without a user', async () => {
    expect((await fetch(`${base}generations`)).status).toBe(401)
    const forged = initData(ann).replace(/hash=[0-9a-f]{4}/, 'hash=ffff')
    const forgedResponse = await get('generations', forged)
    expect(forgedResponse.status).toBe(401)
    expect(await forgedResponse.json()).toEqual({ error: 'bad_hash' })
    const stale = h.tg.control.webAppInitData(ann, { authDate: now - 86_401 })
    expect(await (await get('generations', stale)).json()).toEqual({ error: 'stale' })
    const noUser = signWebAppInitData({ auth_date: String(now) }, h.botToken)
    expect(await (await get('generations', noUser)).json()).toEqual({ error: 'no_user' })
    // a user the bot has never seen has nothing here
    const stranger = signWebAppInitData({ user: userField(777_000_001), auth_date: String(now) }, h.botToken)
    expect((await get('me', stranger)).status).toBe(403)
    // signed with another bot's token: someone else's Mini App
    const otherBot = signWebAppInitData({ user: userField(ann), auth_date: String(now) }, TOKEN)
    expect((await get('me', otherBot)).status).toBe(401)
  })

  it("lists the user's own generations only, filtered by type, model and favourites", async () => {
    const all = (await (await get('generations', ann)).json()) as {
      items: { id: string; type: string; prompt: string; items: { source: string }[] }[]
      models: { slug: string }[]
    }
    expect(all.items.map((g) => g.id).sort()).toEqual([annImage, annVideo].sort())
    expect(JSON.stringify(all)).not.toContain('bob private prompt')
    expect(all.models.map((m) => m.slug).sort()).toEqual(['nano-banana', 'veo-3-1-fast'])
    expect(all.items.find((g) => g.id === annImage)!.items[0]!.source).toBe('file')
    expect(all.items.find((g) => g.id === annVideo)!.items[0]!.source).toBe('link')

    const images = (await (await get('generations?type=image', ann)).json()) as { items: { id: string }[] }
    expect(images.items.map((g) => g.id)).toEqual([annImage])
    const videos = (await (await get('generations?model=veo-3-1-fast', ann)).json()) as { items: { id: string }[] }
    expect(videos.items.map((g) => g.id)).toEqual([annVideo])
    const none = (await (await get('generations?favorites=1', ann)).json()) as { items: unknown[] }
    expect(none.items).toEqual([])
    expect((await post(`generations/${annVideo}/favorite`, ann, { index: 0, on: true })).status).toBe(200)
    const favorites = (await (await get('generations?favorites=1', ann)).json()) as { items: { id: string }[] }
    expect(favorites.items.map((g) => g.id)).toEqual([annVideo])

    const bobs = (await (await get('generations', bob)).json()) as { items: { id: string }[] }
    expect(bobs.items.map((g) => g.id)).toEqual([bobImage])
  })

  it("answers 404 for another user's generation on every endpoint", async () => {
    expect((await get(`generations/${bobImage}`, ann)).status).toBe(404)
    expect((await get(`media/${bobImage}/0`, ann)).status).toBe(404)
    for (const action of ['send', 'repeat', 'use', 'favorite'])
      expect({ action, status: (await post(`generations/${bobImage}/${action}`, ann, { index: 0 })).status }).toEqual({
        action,
        status: 404,
      })
    expect(await h.gateway.deps.db.favorite.count({ where: { generationId: bobImage } })).toBe(0)
    expect((await get(`generations/not-a-uuid`, ann)).status).toBe(404)
    expect((await get(`media/${annImage}/7`, ann)).status).toBe(404)
  })

  it('shows one generation: prompt, options, price, date', async () => {
    const detail = (await (await get(`generations/${annImage}`, ann)).json()) as Record<string, unknown>
    expect(detail).toMatchObject({ id: annImage, prompt: 'a red fox in the snow', type: 'image' })
    expect(plain(detail.price as string)).toBe('3.60 ₽')
    expect(typeof detail.date).toBe('string')
    const russian = await h.gateway.deps.db.user.update({ where: { id: BigInt(ann) }, data: { language: 'ru' } })
    const ru = (await (await get(`generations/${annImage}`, ann)).json()) as { price: string; model: { name: string } }
    expect(plain(ru.price)).toBe('3,60 ₽')
    await h.gateway.deps.db.user.update({ where: { id: russian.id }, data: { language: 'en' } })
  })

  it('streams a delivered file from Telegram without the bot token, and a link as a redirect', async () => {
    const response = await get(`media/${annImage}/0`, ann)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer())).toEqual(annFileBytes)
    expect(JSON.stringify([...response.headers])).not.toContain(h.botToken)
    // cached: a second time Telegram is not asked
    const before = h.tg.control.calls({ method: 'getFile' }).length
    const again = await get(`media/${annImage}/0`, ann)
    expect(Buffer.from(await again.arrayBuffer())).toEqual(annFileBytes)
    expect(h.tg.control.calls({ method: 'getFile' }).length).toBe(before)
    const link = await get(`media/${annVideo}/0`, ann)
    expect(link.status).toBe(302)
    expect(link.headers.get('location')).toBe(`${h.tg.url}/nothing/${annVideo}.mp4`)
    expect(h.logs.join('\n')).not.toContain(h.botToken)
  })

  it("lists a delivered video's poster and streams it to its owner only", async () => {
    const carol = await h.user({ balanceKopecks: 10_000 })
    // the bot sends a portrait video as the worker does (multipart): Telegram answers its thumbnail
    const form = new FormData()
    form.set('chat_id', String(carol))
    form.set('width', '720')
    form.set('height', '1280')
    form.set('video', new Blob([Buffer.from('a video of waves')], { type: 'video/mp4' }), 'result.mp4')
    const sent = (await (
      await fetch(`${h.tg.url}/bot${h.botToken}/sendVideo`, { method: 'POST', body: form })
    ).json()) as {
      result: { video: { file_id: string; thumbnail: { file_id: string; width: number; height: number } } }
    }
    const { file_id: videoId, thumbnail } = sent.result.video
    expect(thumbnail).toMatchObject({ width: 180, height: 320 })
    const id = randomUUID()
    await h.gateway.deps.db.generation.create({
      data: {
        id,
        userId: BigInt(carol),
        chatId: BigInt(carol),
        modelId: 'veo-3-1-fast',
        params: { prompt: 'waves, portrait' },
        priceCredits: '4',
        usdPerCredit: '0.005',
        fxRate: '90',
        markup: '2',
        priceKopecks: 360,
        status: 'succeeded',
        step: 'done',
        deadlineAt: new Date(),
        completedAt: new Date(),
        resultUrls: [`${h.tg.url}/nothing/${id}.mp4`],
        telegramFileIds: [videoId],
        telegramThumbnailIds: [thumbnail.file_id],
      },
    })
    const page = (await (await get('generations', carol)).json()) as {
      items: { id: string; items: { source: string; path?: string; poster?: string }[] }[]
    }
    expect(page.items.find((g) => g.id === id)!.items[0]).toMatchObject({
      source: 'file',
      path: `media/${id}/0`,
      poster: `media/${id}/0?thumb=1`,
    })
    // an item without a poster lists none: a photo, a video on Kie's link
    const anns = (await (await get('generations', ann)).json()) as { items: { items: { poster?: string }[] }[] }
    expect(anns.items.flatMap((g) => g.items).filter((i) => i.poster !== undefined)).toEqual([])

    const poster = await get(`media/${id}/0?thumb=1`, carol)
    expect(poster.status).toBe(200)
    expect(poster.headers.get('content-type')).toBe('image/jpeg')
    const bytes = Buffer.from(await poster.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8])
    expect(JSON.stringify([...poster.headers])).not.toContain(h.botToken)
    // the poster is what Telegram keeps under the thumbnail's file id, not the video
    expect(bytes).toEqual(h.tg.control.file(thumbnail.file_id)!.bytes)
    const video = await get(`media/${id}/0`, carol)
    expect(Buffer.from(await video.arrayBuffer())).toEqual(Buffer.from('a video of waves'))
    // cached like the file: a second time Telegram is not asked
    const before = h.tg.control.calls({ method: 'getFile' }).length
    expect(Buffer.from(await (await get(`media/${id}/0?thumb=1`, carol)).arrayBuffer())).toEqual(bytes)
    expect(h.tg.control.calls({ method: 'getFile' }).length).toBe(before)

    // another user's poster is not found; nor is a poster of an item that has none
    expect((await get(`media/${id}/0?thumb=1`, ann)).status).toBe(404)
    expect((await get(`media/${id}/1?thumb=1`, carol)).status).toBe(404)
    expect((await get(`media/${annImage}/0?thumb=1`, ann)).status).toBe(404)
    expect((await get(`media/${annVideo}/0?thumb=1`, ann)).status).toBe(404)
    expect(h.logs.join('\n')).not.toContain(h.botToken)
  })

  it('sends a result to the chat again through the delivery queue', async () => {
    expect((await post(`generations/${annImage}/send`, ann)).status).toBe(200)
    const resent = await withDeliveryWorker(h, () =>
      h.tg.control.waitForMessage(ann, (m) => m.direction === 'out' && m.kind === 'photo', 20_000),
    )
    expect(resent.text).toContain('a red fox in the snow')
  })

  it('runs a generation again and offers it as input, in the chat', async () => {
    expect((await post(`generations/${annImage}/repeat`, ann)).status).toBe(200)
    const confirmation = h.lastBotMessage(ann)
    expect(confirmation.text).toContain('Nano Banana')
    expect(confirmation.text).toContain('a red fox in the snow')
    expect((await post(`generations/${annImage}/use`, ann, { index: 0 })).status).toBe(200)
    // the tasks this result can go on to, as the chat's "use as input" shows them
    const tasks = h.lastBotMessage(ann)
    expect(tasks.messageId).not.toBe(confirmation.messageId)
    expect(findButton(tasks, callbacks.resultUseTask.match)).toMatch(callbacks.resultUseTask.match)
    expect((await post(`generations/${annImage}/use`, ann, { index: 5 })).status).toBe(404)
  })

  it('the catalog, a model opened in the chat, and the balance with its history', async () => {
    const catalog = (await (await get('catalog', ann)).json()) as {
      tasks: { id: string; name: string }[]
      models: { slug: string; task: string; price: string }[]
    }
    expect(catalog.tasks.map((t) => t.id)).toContain('text-to-image')
    expect(catalog.models.find((m) => m.slug === 'nano-banana')).toMatchObject({ task: 'text-to-image' })
    const sample = (await (await get('catalog/nano-banana/sample', ann)).json()) as { id: string }
    expect(sample.id).toBe(annImage)
    expect((await get('catalog/nano-banana/sample', h.tg.control.createUser({ first_name: 'X' }).id)).status).toBe(403)
    expect((await post('catalog/nano-banana/open', ann)).status).toBe(200)
    expect(h.lastBotMessage(ann).text).toContain('Nano Banana')
    const balance = (await (await get('balance', ann)).json()) as { balance: string; entries: { amount: string }[] }
    expect(plain(balance.balance)).toBe('100 ₽')
    expect(balance.entries.map((e) => plain(e.amount))).toContain('+100 ₽')
  })

  it('bounds the actions one user starts per minute', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) statuses.push((await post(`generations/${annVideo}/repeat`, bob)).status)
    expect(new Set(statuses)).toEqual(new Set([404]))
    const own: number[] = []
    for (let i = 0; i < 21; i++) own.push((await post(`catalog/nano-banana/open`, bob)).status)
    expect(own.at(-1)).toBe(429)
  })

  it('serves the page with the configured WebApp script, and /start sets the menu button', async () => {
    const page = await fetch(`${h.config.PUBLIC_URL}/app/`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<script src="http://127.0.0.1:9/telegram-web-app.js">')
    expect(page.headers.get('content-security-policy')).toContain('script-src')
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)![1]!
    expect((await fetch(`${h.config.PUBLIC_URL}${script}`)).status).toBe(200)

    const menu = await h.command(ann, 'start')
    expect(h.tg.control.menuButton({ chatId: ann })).toEqual({
      type: 'web_app',
      text: 'Gallery',
      web_app: { url: `${h.config.PUBLIC_URL}/app/` },
    })
    const russian = await h.user({ languageCode: 'ru' })
    await h.command(russian, 'start')
    expect(h.tg.control.menuButton({ chatId: russian })).toMatchObject({ type: 'web_app', text: 'Галерея' })
    // /language renames it
    const languages = await h.command(russian, 'language')
    await h.press(russian, languages.messageId, callbacks.language.pack({ lang: 'en' }))
    expect(h.tg.control.menuButton({ chatId: russian })).toMatchObject({ type: 'web_app', text: 'Gallery' })
    const markup = (menu.message as { reply_markup?: { inline_keyboard: { web_app?: { url: string } }[][] } })
      .reply_markup
    expect(markup?.inline_keyboard.flat().some((b) => b.web_app?.url === `${h.config.PUBLIC_URL}/app/`)).toBe(true)
  })
})
