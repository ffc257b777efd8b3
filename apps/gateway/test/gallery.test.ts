import { randomUUID } from 'node:crypto'
import { TELEGRAM_DOWNLOAD_LIMIT_BYTES } from '@kiebot/models'
import { signWebAppInitData } from '@kiebot/sandbox'
import { verifyInitData } from '../src/features/gallery/init-data'
import { InFlight, MEDIA_IN_FLIGHT, MEDIA_USER_IN_FLIGHT } from '../src/features/gallery/media'
import { callbacks } from '@kiebot/jobs'
import { findButton, plain, startHarness, withDeliveryWorker, seedGeneration, type Harness } from './harness'

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

describe('the media downloads in flight', () => {
  it('are bounded per user and in all, and freed slots are taken again', () => {
    const slots = new InFlight()
    for (let i = 0; i < MEDIA_USER_IN_FLIGHT; i++) expect(slots.acquire('a')).toBe(true)
    expect(slots.acquire('a')).toBe(false)
    slots.release('a')
    expect(slots.acquire('a')).toBe(true)
    // everyone together: the users after the global bound wait, whoever they are
    let taken = MEDIA_USER_IN_FLIGHT
    for (let user = 0; taken < MEDIA_IN_FLIGHT; user++)
      for (let i = 0; i < MEDIA_USER_IN_FLIGHT && taken < MEDIA_IN_FLIGHT; i++) {
        expect(slots.acquire(`u${user}`)).toBe(true)
        taken++
      }
    expect(slots.acquire('someone-new')).toBe(false)
    slots.release('a')
    expect(slots.acquire('someone-new')).toBe(true)
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
  /** the file id of the last seeded photo */
  let lastFileId = ''

  beforeAll(async () => {
    h = await startHarness({
      WEBAPP_SCRIPT_URL: 'http://127.0.0.1:9/telegram-web-app.js',
      // the emulator's links are on this machine, over http (as in the sandbox)
      RESULT_URL_HOSTS: '127.0.0.1',
      RESULT_URL_ALLOW_PRIVATE: 'true',
    })
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
  async function seed(chat: number, modelId: string, prompt: string, photo?: Buffer, link?: string): Promise<string> {
    const fileId = photo
      ? h.tg.control.sendMedia(chat, { kind: 'photo', bytes: photo, width: 4, height: 3 }).fileId
      : undefined
    if (fileId) lastFileId = fileId
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const id = randomUUID()
    await seedGeneration(h, chat, {
      id,
      modelId,
      params: { prompt },
      completedAt: new Date(),
      resultUrls: [link ?? `${h.tg.url}/nothing/${id}.${photo ? 'png' : 'mp4'}`],
      telegramFileIds: fileId ? [fileId] : [],
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
    await seedGeneration(h, carol, {
      id,
      modelId: 'veo-3-1-fast',
      params: { prompt: 'waves, portrait' },
      completedAt: new Date(),
      resultUrls: [`${h.tg.url}/nothing/${id}.mp4`],
      telegramFileIds: [videoId],
      telegramThumbnailIds: [thumbnail.file_id],
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
    // the index is checked before anything is done: past the results, negative, missing, not a number
    const sent = h.tg.control.calls({ method: 'sendMessage' }).length
    for (const body of [{ index: 5 }, { index: 1 }, { index: -1 }, {}, { index: '0' }, { index: 0.5 }])
      expect({ body, status: (await post(`generations/${annImage}/use`, ann, body)).status }).toEqual({
        body,
        status: 400,
      })
    expect(h.tg.control.calls({ method: 'sendMessage' }).length).toBe(sent)
  })

  it("sits out a short flood wait in an app action, as an update's client does", async () => {
    const before = h.lastBotMessage(ann).messageId
    h.tg.control.rateLimitNext({ method: 'sendMessage', chatId: ann, retryAfter: 1, times: 1 })
    const response = await post('catalog/nano-banana/open', ann)
    expect(response.status).toBe(200)
    expect(h.tg.control.calls({ method: 'sendMessage', chatId: ann, ok: false }).length).toBeGreaterThan(0)
    const opened = h.lastBotMessage(ann)
    expect(opened.messageId).not.toBe(before)
    expect(opened.text).toContain('Nano Banana')
  })

  it('answers 410 to an action in a chat that blocked the bot, and 403 to a banned user', async () => {
    h.tg.control.blockBot(ann)
    try {
      const response = await post('catalog/nano-banana/open', ann)
      expect(response.status).toBe(410)
      expect(await response.json()).toEqual({ error: 'chat_unavailable' })
      const use = await post(`generations/${annImage}/use`, ann, { index: 0 })
      expect(use.status).toBe(410)
    } finally {
      h.tg.control.unblockBot(ann)
    }
    const banned = await h.user({ balanceKopecks: 100 })
    await h.gateway.deps.db.user.update({ where: { id: BigInt(banned) }, data: { banned: true } })
    for (const path of ['me', 'generations', `media/${annImage}/0`]) {
      const response = await get(path, banned)
      expect({ path, status: response.status, body: await response.json() }).toEqual({
        path,
        status: 403,
        body: { error: 'banned' },
      })
    }
    const stranger = signWebAppInitData({ user: userField(777_000_002), auth_date: String(now) }, h.botToken)
    const unknown = await get(`media/${annImage}/0`, stranger)
    expect(unknown.status).toBe(403)
    expect(await unknown.json()).toEqual({ error: 'unknown_user' })
    const unknownAction = await fetch(`${base}generations/${annImage}/send`, {
      method: 'POST',
      headers: { authorization: `tma ${stranger}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(unknownAction.status).toBe(403)
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

  it('keeps small files in memory, never in Redis, and asks Telegram once', async () => {
    const owner = await h.user({ balanceKopecks: 100 })
    const bytes = Buffer.from('a small picture kept in memory only')
    const image = await seed(owner, 'nano-banana', 'kept', bytes)
    const before = h.tg.control.calls({ method: 'getFile' }).length
    for (let i = 0; i < 3; i++) {
      const response = await get(`media/${image}/0`, owner)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('private, max-age=3600')
      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes)
    }
    expect(h.tg.control.calls({ method: 'getFile' }).length).toBe(before + 1)
    // another user never reaches the owner's cached item
    expect((await get(`media/${image}/0`, bob)).status).toBe(404)
    // nothing of the cache is in the queue's Redis: only the per-minute counters of the limits
    const keys = await h.gateway.deps.redis.keys(`${h.config.QUEUE_PREFIX}:*`)
    const mediaKeys = keys.filter((k) => k.includes('app-media'))
    expect(mediaKeys.length).toBeGreaterThan(0)
    for (const key of mediaKeys) expect(key).toMatch(/:app-media-rate:\d+:\d+$/)
    for (const key of keys) {
      if ((await h.gateway.deps.redis.type(key)) !== 'string') continue
      expect((await h.gateway.deps.redis.getBuffer(key))?.includes(bytes)).toBe(false)
    }
  })

  it('refuses a file whose download is over the bound with 413, and cuts one that grows past it', async () => {
    const owner = await h.user({ balanceKopecks: 100 })
    const declared = await seed(owner, 'nano-banana', 'big', Buffer.from('a file larger than getFile says'))
    h.tg.control.padDownload(lastFileId, { bytes: TELEGRAM_DOWNLOAD_LIMIT_BYTES })
    const refused = await get(`media/${declared}/0`, owner)
    expect(refused.status).toBe(413)
    expect(await refused.json()).toEqual({ error: 'too_big' })
    expect(refused.headers.get('cache-control')).toBeNull()

    const growing = await seed(owner, 'nano-banana', 'grows', Buffer.from('a file sent without its length'))
    h.tg.control.padDownload(lastFileId, {
      bytes: TELEGRAM_DOWNLOAD_LIMIT_BYTES,
      chunked: true,
    })
    const cut = await get(`media/${growing}/0`, owner)
    // the answer had begun: the transfer is cut after the bound, never completed
    const received = await cut.arrayBuffer().then(
      (body) => body.byteLength,
      () => -1,
    )
    expect(received).toBeLessThanOrEqual(TELEGRAM_DOWNLOAD_LIMIT_BYTES)
    h.tg.control.clearFaults()
  }, 60_000)

  it('bounds the downloads one user has in flight (429 with Retry-After), and the requests per minute', async () => {
    const owner = await h.user({ balanceKopecks: 100 })
    const image = await seed(owner, 'nano-banana', 'slow', Buffer.from('a picture Telegram is slow to find'))
    h.tg.control.addLatency({ method: 'getFile', ms: 1_500, times: 4 })
    const responses = await Promise.all(Array.from({ length: 6 }, () => get(`media/${image}/0`, owner)))
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429])
    const limited = responses.find((r) => r.status === 429)!
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(limited.headers.get('cache-control')).toBeNull()
    expect(await limited.json()).toEqual({ error: 'too_many' })
    // another user is not held back by this one's
    expect((await get(`media/${annImage}/0`, ann)).status).toBe(200)
    // a latency left unused (an admitted request served from the cache: a loaded machine can start
    // it after the first one finished) must not slow a later test's getFile instead
    h.tg.control.clearFaults()

    // per minute: past the bound every request is 429 until the next minute (not started near a minute's end)
    const busy = await h.user({ balanceKopecks: 100 })
    if (Date.now() % 60_000 > 45_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50))
    const counted: number[] = []
    for (let batch = 0; batch < 8; batch++)
      counted.push(
        ...(await Promise.all(Array.from({ length: 31 }, () => get('media/not-a-uuid/0', busy)))).map((r) => r.status),
      )
    expect(counted.filter((s) => s === 404)).toHaveLength(240)
    expect(counted.filter((s) => s === 429)).toHaveLength(8)
    const over = await get(`media/${image}/0`, busy)
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('gives up on a getFile Telegram does not answer within 10 s (502, nothing cached)', async () => {
    const owner = await h.user({ balanceKopecks: 100 })
    const image = await seed(owner, 'nano-banana', 'stuck', Buffer.from('a picture behind a stuck getFile'))
    h.tg.control.clearFaults()
    // every getFile until cleared, not just the next one: a getFile of an earlier test still on
    // its way (a loaded machine) would take a one-time latency and leave this request unslowed
    h.tg.control.addLatency({ method: 'getFile', ms: 30_000 })
    const started = Date.now()
    const response = await get(`media/${image}/0`, owner)
    const took = Date.now() - started
    h.tg.control.clearFaults()
    expect(response.status).toBe(502)
    expect(await response.json()).toEqual({ error: 'telegram_unavailable' })
    expect(took).toBeGreaterThanOrEqual(9_500)
    expect(took).toBeLessThan(20_000)
    // the next request asks again (the failure was not cached) and gets the file
    expect((await get(`media/${image}/0`, owner)).status).toBe(200)
  }, 40_000)

  it("redirects only to a result's https link (http where the result-URL rules allow it)", async () => {
    const owner = await h.user({ balanceKopecks: 100 })
    const cases: [string, number][] = [
      ['https://tempfile.aiquickdraw.com/r/video.mp4', 302],
      [`${h.tg.url}/nothing/allowed.mp4`, 302],
      ['http://files.example.com/video.mp4', 404],
      ['https://user:secret@files.example.com/video.mp4', 404],
      ['javascript:alert(1)', 404],
      ['data:text/html,hi', 404],
    ]
    for (const [link, status] of cases) {
      const id = await seed(owner, 'veo-3-1-fast', 'a link', undefined, link)
      const response = await get(`media/${id}/0`, owner)
      expect({ link, status: response.status }).toEqual({ link, status })
      if (status === 302) expect(response.headers.get('location')).toBe(link)
      else expect(response.headers.get('cache-control')).toBeNull()
    }
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

describe('the Mini App buttons', () => {
  const webApps = (message: unknown) =>
    (
      (message as { reply_markup?: { inline_keyboard: { web_app?: { url: string } }[][] } }).reply_markup
        ?.inline_keyboard ?? []
    )
      .flat()
      .filter((b) => b.web_app)

  it('are left out when the app is not https (Telegram refuses those), without WEBAPP_ALLOW_HTTP', async () => {
    const h = await startHarness({ WEBAPP_ALLOW_HTTP: 'false' })
    try {
      const chat = await h.user()
      const menu = await h.command(chat, 'start')
      expect(webApps(menu.message)).toEqual([])
      expect(h.tg.control.calls({ method: 'setChatMenuButton' })).toHaveLength(0)
      expect(h.tg.control.menuButton({ chatId: chat }).type).not.toBe('web_app')
      expect(h.logs.join('\n')).toContain('not https')
    } finally {
      await h.close()
    }
  })

  it('open an https app, with or without WEBAPP_ALLOW_HTTP', async () => {
    const h = await startHarness({ WEBAPP_ALLOW_HTTP: 'false', WEBAPP_URL: 'https://gallery.example.com/app' })
    try {
      const chat = await h.user()
      const menu = await h.command(chat, 'start')
      expect(webApps(menu.message).map((b) => b.web_app!.url)).toEqual(['https://gallery.example.com/app/'])
      expect(h.tg.control.menuButton({ chatId: chat })).toMatchObject({
        type: 'web_app',
        web_app: { url: 'https://gallery.example.com/app/' },
      })
    } finally {
      await h.close()
    }
  })
})
