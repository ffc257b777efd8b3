import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { findBalanceMismatches } from '@kiebot/db'
import { callbackData, enqueueTelegram, originalJobId, resendJobId } from '@kiebot/jobs'
import { CAPTION_MAX_CHARS } from '@kiebot/telegram'
import { BotApi } from '../src/telegram/bot-api'
import { sendResultItem } from '../src/telegram/media'
import {
  BOT_TOKEN,
  createGeneration,
  createUser,
  ended,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// A result says what made it (the model, a short prompt, the key options), labels each of
// several results, gives an audio its title and performer, and is followed by "what next"
// (edit the prompt, the original file, use it as an input); a file too big for Telegram comes
// as a download button that says how long the link lives; the original goes as a document.
let h: Harness
let worker: Awaited<ReturnType<typeof spawnWorker>>

beforeAll(async () => {
  h = await startHarness()
  worker = await spawnWorker(h)
}, 60_000)
afterAll(async () => {
  await worker?.stop('SIGTERM')
  await h.close()
})
beforeEach(() => {
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  h.kie.control.configure({ resultsPerTask: { 'family:suno': 2 } })
})

type Button = { text: string; callback_data?: string; url?: string; web_app?: { url: string } }
const keyboardOf = (entry: { message: { reply_markup?: { inline_keyboard: Button[][] } } }) =>
  (entry.message.reply_markup?.inline_keyboard ?? []).flat()
const dataOf = (entry: Parameters<typeof keyboardOf>[0]) =>
  keyboardOf(entry).map((b) => b.callback_data ?? b.url ?? b.web_app?.url)

async function nextSteps(user: TestUser, pattern = /What next/) {
  return waitFor('the "what next" message', async () =>
    sentTo(h, user.chatId).find((m) => m.kind === 'text' && pattern.test(m.text ?? '')),
  )
}

describe('a result carries its context', () => {
  it('one image: the prompt and the options in the caption, another variant under it, then what next', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, {
      slug: 'nano-banana',
      params: { prompt: 'A red fox <in> fresh snow & sun', aspect_ratio: '16:9' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.status).toBe('succeeded')
    const photo = sentTo(h, user.chatId).find((m) => m.kind === 'photo')!
    expect(photo.message.caption).toBe('✨ Nano Banana\n«A red fox <in> fresh snow & sun»\n16:9')
    const call = h.telegram.control.calls({ method: 'sendPhoto', chatId: user.chatId, ok: true })[0]!
    // the caption went out escaped, as HTML
    expect(call.params.caption).toBe('✨ <b>Nano Banana</b>\n«A red fox &lt;in&gt; fresh snow &amp; sun»\n16:9')
    expect(keyboardOf(photo).map((b) => b.text)).toEqual(['🔁 Another variant', '🏠 Menu'])
    expect(dataOf(photo)).toEqual([callbackData.repeat(id), callbackData.menu()])
    const next = await nextSteps(user)
    expect(dataOf(next)).toEqual([
      callbackData.resultEditPrompt(id),
      callbackData.favorite(id, 0),
      callbackData.resultOriginal(id, 0),
      callbackData.resultUse(id, 0),
      // the same prompt on other text-to-image models
      callbackData.compareFromResult(id),
      // the result in the Mini App's gallery
      `${h.publicUrl}/app/?open=${id}`,
    ])
  })

  it('a very long prompt is cut safely: the caption stays within 1024 characters, in Russian too', async () => {
    const user = await createUser(h, { language: 'ru' })
    const prompt = `${'лиса & <снег> '.repeat(70)}конец`
    const id = await createGeneration(h, user, { slug: 'nano-banana', params: { prompt, aspect_ratio: '9:16' } })
    await waitForGeneration(h, id, ended, 30_000)
    const call = h.telegram.control.calls({ method: 'sendPhoto', chatId: user.chatId, ok: true })[0]!
    const caption = String(call.params.caption)
    expect(caption.length).toBeLessThanOrEqual(CAPTION_MAX_CHARS)
    expect(caption).toMatch(/^✨ <b>Nano Banana<\/b>\n«лиса &amp; &lt;снег&gt; /)
    expect(caption).toMatch(/…»\n9:16$/)
    // no entity cut in half
    expect(caption.replace(/&(amp|lt|gt|quot|#39);|<\/?b>/g, '')).not.toMatch(/[&<>]/)
    const next = await nextSteps(user, /Что дальше/)
    expect(keyboardOf(next).map((b) => b.text)).toEqual([
      '✏️ Изменить промпт',
      '⭐ В избранное',
      '📎 Исходный файл',
      '➡️ Использовать дальше',
      '⚖️ Сравнить',
      '🖼 Моя галерея',
    ])
  })

  it('Suno: two tracks labelled 1 of 2 and 2 of 2, titled with the user title and performed by Suno', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, {
      slug: 'suno-lyrics',
      params: {
        prompt: 'Snow falls on the fox\nand the fox sleeps',
        style: 'indie folk',
        title: 'Fox Song',
        model: 'V5',
      },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.telegramFileIds).toHaveLength(2)
    const album = h.telegram.control.calls({ method: 'sendMediaGroup', chatId: user.chatId, ok: true })[0]!
    const media = album.params.media as { title?: string; performer?: string; caption?: string }[]
    expect(media.map((m) => [m.title, m.performer])).toEqual([
      ['Fox Song (1 of 2)', 'Suno'],
      ['Fox Song (2 of 2)', 'Suno'],
    ])
    // the lyrics fit: they are in the caption, not a message of their own
    expect(media[0]!.caption).toContain('Snow falls on the fox\nand the fox sleeps')
    const next = await nextSteps(user)
    expect(next.text).toMatch(/Choose a variant/)
    expect(dataOf(next)).toEqual([
      callbackData.resultEditPrompt(id),
      callbackData.resultUse(id, 0),
      callbackData.favorite(id, 0),
      callbackData.resultUse(id, 1),
      callbackData.favorite(id, 1),
      `${h.publicUrl}/app/?open=${id}`,
    ])
    expect(keyboardOf(next).map((b) => b.text)).toEqual([
      '✏️ Edit the prompt',
      '➡️ 1: use',
      '⭐ 1',
      '➡️ 2: use',
      '⭐ 2',
      '🖼 My gallery',
    ])
  })

  it("Suno from a description: Suno's own title on both tracks, its lyrics under the quoted description, kept for a re-send", async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, {
      slug: 'suno-song',
      params: { prompt: 'a slow song about a fox in the snow', instrumental: false, model: 'V5' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.status).toBe('succeeded')
    // what the emulated Suno wrote, as its record carries it (sunoData[].title and prompt)
    const lyrics =
      '[Verse]\na slow song about a fox in the snow\n\n[Chorus]\nA slow song about, a slow song about\n\n[Outro]\nA slow song about'
    expect(done.resultTitles).toEqual(['A slow song about', 'A slow song about'])
    expect(done.resultLyrics).toEqual([lyrics, lyrics])
    const album = h.telegram.control.calls({ method: 'sendMediaGroup', chatId: user.chatId, ok: true })[0]!
    const media = album.params.media as { title?: string; performer?: string; caption?: string }[]
    expect(media.map((m) => [m.title, m.performer])).toEqual([
      ['A slow song about (1 of 2)', 'Suno'],
      ['A slow song about (2 of 2)', 'Suno'],
    ])
    // the description is quoted, Suno's lyrics follow it once (both tracks sing the same)
    expect(media[0]!.caption).toMatch(
      /^✨ <b>Suno song from a description<\/b>\n«a slow song about a fox in the snow»\n/,
    )
    expect(media[0]!.caption).toContain(`\n\n${lyrics}`)
    expect(media[0]!.caption!.split('[Verse]')).toHaveLength(2)
    await nextSteps(user)
    // a re-send from the history carries the same title
    await enqueueTelegram(
      h.queues.telegram,
      { kind: 'resend', generationId: id, index: 1, chatId: String(user.chatId), captions: true },
      { jobId: resendJobId(id, 11) },
    )
    const resent = await waitFor('the re-sent track', async () =>
      h.telegram.control.calls({ method: 'sendAudio', chatId: user.chatId, ok: true }).at(-1),
    )
    expect([resent.params.title, resent.params.performer]).toEqual(['A slow song about (2 of 2)', 'Suno'])
  })

  it('Suno from a description, instrumental: its title, and no lyrics anywhere', async () => {
    const user = await createUser(h, { language: 'ru' })
    const id = await createGeneration(h, user, {
      slug: 'suno-song',
      params: { prompt: 'тихая зимняя мелодия', instrumental: true, model: 'V5' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.resultTitles).toEqual(['Тихая зимняя мелодия', 'Тихая зимняя мелодия'])
    expect(done.resultLyrics).toEqual(['', ''])
    const album = h.telegram.control.calls({ method: 'sendMediaGroup', chatId: user.chatId, ok: true })[0]!
    const media = album.params.media as { title?: string; caption?: string }[]
    expect(media.map((m) => m.title)).toEqual(['Тихая зимняя мелодия (1 из 2)', 'Тихая зимняя мелодия (2 из 2)'])
    expect(media[0]!.caption).not.toContain('[Verse]')
    const next = await nextSteps(user, /Что дальше/)
    expect(next.text).not.toMatch(/текст песни/i)
  })

  it('lyrics too long for a caption follow in the "what next" message', async () => {
    const user = await createUser(h)
    const lyrics = Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of the long song about a fox`).join('\n')
    const id = await createGeneration(h, user, {
      slug: 'suno-lyrics',
      params: { prompt: lyrics, style: 'indie folk', title: 'Long Fox', model: 'V5' },
    })
    await waitForGeneration(h, id, ended, 30_000)
    const album = h.telegram.control.calls({ method: 'sendMediaGroup', chatId: user.chatId, ok: true })[0]!
    const caption = String((album.params.media as { caption?: string }[])[0]!.caption)
    expect(caption.length).toBeLessThanOrEqual(CAPTION_MAX_CHARS)
    expect(caption).not.toContain('Line 1 of')
    const next = await nextSteps(user, /the lyrics/)
    expect(next.text).toContain('Line 1 of the long song about a fox\nLine 2 of')
    expect(next.text).toContain('Line 80 of the long song about a fox')
    expect(next.text).toMatch(/What next\? Choose a variant/)
  })

  it('a history re-send carries the same caption', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, {
      slug: 'nano-banana',
      params: { prompt: 'A lighthouse at night', aspect_ratio: '4:3' },
    })
    await waitForGeneration(h, id, ended, 30_000)
    await nextSteps(user)
    await enqueueTelegram(
      h.queues.telegram,
      { kind: 'resend', generationId: id, chatId: String(user.chatId), captions: true },
      { jobId: resendJobId(id, 7) },
    )
    const photos = await waitFor('the re-sent photo', async () => {
      const all = sentTo(h, user.chatId).filter((m) => m.kind === 'photo')
      return all.length === 2 ? all : undefined
    })
    expect(photos.map((p) => p.message.caption)).toEqual([
      '✨ Nano Banana\n«A lighthouse at night»\n4:3',
      '✨ Nano Banana\n«A lighthouse at night»\n4:3',
    ])
  })
})

describe('files too big, and the original file', () => {
  let files: Server
  let base: string
  const png = Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452000000400000004008060000', 'hex'),
    Buffer.alloc(4000),
  ])
  beforeAll(async () => {
    files = createServer((req, res) => {
      if (req.url === '/huge.mp4') {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 60 * 1024 * 1024 })
        return void res.end()
      }
      if (req.url === '/original.png') {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length })
        return void res.end(req.method === 'HEAD' ? undefined : png)
      }
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => files.close(resolve)))

  it('a file over every Telegram limit comes as a Download button, and the text says how long the link lives', async () => {
    const user = await createUser(h)
    const bot = new BotApi({ token: BOT_TOKEN, apiRoot: h.telegram.url, timeoutMs: 30_000 })
    const url = `${base}/huge.mp4`
    const stored = await sendResultItem(
      bot,
      {
        chatId: String(user.chatId),
        url,
        kind: 'video',
        caption: 'result',
        linkText: 'Too big: download it with the button below; the link works for 24 hours.',
        linkButton: '⬇️ Download',
        keyboard: [[{ text: '🏠 Menu', callback_data: callbackData.menu() }]],
      },
      { allowedHosts: ['127.0.0.1'], allowPrivate: true },
    )
    expect(stored).toBe(`link:${url}`)
    const message = sentTo(h, user.chatId).at(-1)!
    expect(message.text).not.toContain(url)
    expect(message.message.reply_markup?.inline_keyboard).toEqual([
      [{ text: '⬇️ Download', url }],
      [{ text: '🏠 Menu', callback_data: 'menu' }],
    ])
  })

  it('the original file goes out as a document; a link that no longer works is said so', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitForGeneration(h, id, ended, 30_000)
    await h.db.generation.update({
      where: { id },
      data: { resultUrls: [`${base}/original.png`, `${base}/expired.png`] },
    })
    for (const index of [0, 1])
      await enqueueTelegram(
        h.queues.telegram,
        { kind: 'original', generationId: id, index, chatId: String(user.chatId) },
        { jobId: originalJobId(id, index, 1) },
      )
    const document = await waitFor('the original as a document', async () =>
      h.telegram.control.calls({ method: 'sendDocument', chatId: user.chatId, ok: true }).at(0),
    )
    // by its URL, or (when Telegram cannot fetch it) uploaded: the file itself either way
    const sent = document.params.document
    if (typeof sent === 'string') expect(sent).toBe(`${base}/original.png`)
    else expect(sent).toEqual({ upload: { fileName: 'original.png', mimeType: 'image/png', size: png.length } })
    expect(document.params.caption).toBe('📎 <b>Nano Banana</b>: the original file')
    const gone = await waitFor('the expired link said so', async () =>
      sentTo(h, user.chatId).find((m) => /no longer kept/.test(m.text ?? '')),
    )
    expect(gone.text).toContain('about 24 hours')
  })

  it('keeps every balance equal to its ledger', async () => {
    expect(await findBalanceMismatches(h.db)).toEqual([])
  })
})

describe("a video's poster", () => {
  type SentVideo = { video?: { file_id: string; thumbnail?: { file_id: string; width: number; height: number } } }
  const videosOf = (user: TestUser) =>
    sentTo(h, user.chatId)
      .filter((m) => m.kind === 'video')
      .map((m) => (m.message as SentVideo).video!)

  /** the thumbnail Telegram keeps: a real JPEG of at most 320 px, downloadable through getFile */
  async function expectPosterFile(fileId: string): Promise<void> {
    const bot = new BotApi({ token: BOT_TOKEN, apiRoot: h.telegram.url, timeoutMs: 30_000 })
    const file = await bot.call<{ file_path: string }>('getFile', { file_id: fileId })
    const response = await fetch(`${h.telegram.url}/file/bot${BOT_TOKEN}/${file.file_path}`)
    expect(response.status).toBe(200)
    const bytes = Buffer.from(await response.arrayBuffer())
    expect([bytes[0], bytes[1], bytes.at(-2), bytes.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9])
  }

  it("one video: Telegram's thumbnail file id is recorded beside the video's file id", async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'veo-3-1-fast' })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', undelivered: false })
    const [video] = videosOf(user)
    expect(video!.thumbnail).toBeDefined()
    expect(Math.max(video!.thumbnail!.width, video!.thumbnail!.height)).toBeLessThanOrEqual(320)
    expect(done.telegramFileIds).toEqual([video!.file_id])
    expect(done.telegramThumbnailIds).toEqual([video!.thumbnail!.file_id])
    expect(done.telegramThumbnailIds[0]).not.toBe(done.telegramFileIds[0])
    await expectPosterFile(done.telegramThumbnailIds[0]!)
  })

  it("an album of videos: each item's poster, aligned with the file ids", async () => {
    h.kie.control.configure({ resultsPerTask: { 'family:veo': 3 } })
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'veo-3-1-fast' })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', undelivered: false })
    expect(h.telegram.control.calls({ method: 'sendMediaGroup', chatId: user.chatId, ok: true })).toHaveLength(1)
    const videos = videosOf(user)
    expect(videos).toHaveLength(3)
    expect(done.telegramFileIds).toEqual(videos.map((v) => v.file_id))
    expect(done.telegramThumbnailIds).toEqual(videos.map((v) => v.thumbnail!.file_id))
    expect(new Set(done.telegramThumbnailIds).size).toBe(3)
  })

  it('an image has no poster: nothing but empty places is kept', async () => {
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.telegramFileIds).toHaveLength(1)
    expect(done.telegramThumbnailIds).toEqual([''])
  })
})
