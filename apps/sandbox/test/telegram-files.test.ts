/**
 * Files: multipart uploads (10 MB photo / 50 MB other), sending by URL from a local HTTP server
 * (5 MB photo / 20 MB other, MIME rules), file_id reuse, getFile and downloads via /file/bot<token>/,
 * and a video's thumbnail (a drawn JPEG poster of its aspect ratio, a file of its own).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { Input, Telegraf, Telegram } from 'telegraf'
import { message } from 'telegraf/filters'
import { startTelegramEmulator, type RunningTelegramEmulator } from '../src/telegram'
import { telegramError } from './support/telegram-error'

const MB = 1024 * 1024

let emu: RunningTelegramEmulator
let token: string
let tg: Telegram
let userId: number
let web: Server
let webUrl: string

function jpeg(width: number, height: number, size: number): Buffer {
  const bytes = Buffer.alloc(size, 0)
  // SOI, then a SOF0 segment: FF C0, length, precision, height, width
  Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff]).copy(
    bytes,
  )
  return bytes
}

/** a local web server: /<bytes>/<content-type-with-dashes>/<name>, e.g. /5242880/image-jpeg/a.jpg */
function serveWeb(req: { url?: string }, res: import('node:http').ServerResponse): void {
  const match = /^\/(\d+)\/([a-z]+)-([a-z0-9.+-]+)\/([^/]+)$/.exec(req.url ?? '')
  if (!match) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>')
  const size = Number(match[1])
  const chunked = (req.url ?? '').includes('chunked')
  const type = `${match[2]}/${match[3]}`
  const body = type.startsWith('image/jpeg') ? jpeg(800, 600, size) : Buffer.alloc(size, 9)
  res.writeHead(200, { 'content-type': type, ...(chunked ? {} : { 'content-length': String(size) }) })
  if (!chunked) return void res.end(body)
  for (let offset = 0; offset < body.length; offset += MB) res.write(body.subarray(offset, offset + MB))
  res.end()
}

beforeAll(async () => {
  emu = await startTelegramEmulator({ flood: { enabled: false } })
  web = createServer(serveWeb)
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()))
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`
})
afterAll(async () => {
  await emu.close()
  await new Promise<void>((resolve) => {
    web.close(() => resolve())
    web.closeAllConnections()
  })
})
beforeEach(() => {
  emu.control.reset()
  token = emu.control.createBot().token
  tg = new Telegram(token, { apiRoot: emu.url })
  userId = emu.control.createUser({ first_name: 'Ann' }).id
})

describe('multipart upload → getFile → download', () => {
  it('the bot downloads exactly the bytes it uploaded', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251))
    const sent = await tg.sendDocument(userId, Input.fromBuffer(bytes, 'data.bin'))
    const file = await tg.getFile(sent.document.file_id)
    expect(file.file_path).toMatch(/^documents\/file_\d+\.bin$/)
    const response = await fetch(await tg.getFileLink(file))
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('a photo the user sends reaches the bot, which downloads it', async () => {
    const bot = new Telegraf(token, { telegram: { apiRoot: emu.url, webhookReply: false } })
    const downloaded: Buffer[] = []
    bot.on(message('photo'), async (ctx) => {
      const largest = ctx.message.photo[ctx.message.photo.length - 1]!
      const link = await ctx.telegram.getFileLink(largest.file_id)
      downloaded.push(Buffer.from(await (await fetch(link)).arrayBuffer()))
      await ctx.reply(`got ${largest.width}x${largest.height}, ${ctx.message.caption}`)
    })
    void bot.launch()
    try {
      const photo = jpeg(1024, 768, 30_000)
      const { fileId, message: sent } = emu.control.sendMedia(userId, {
        kind: 'photo',
        bytes: photo,
        caption: 'make it pop',
      })
      expect(sent.photo?.map((size) => [size.width, size.height])).toEqual([
        [320, 240],
        [1024, 768],
      ])
      await emu.control.waitForMessage(userId, (entry) => entry.text === 'got 1024x768, make it pop')
      expect(downloaded[0]?.equals(photo)).toBe(true)
      expect(emu.control.file(fileId)?.kind).toBe('photo')
    } finally {
      bot.stop()
    }
  })

  it('10 MB photo / 50 MB other upload limits', async () => {
    await expect(tg.sendPhoto(userId, Input.fromBuffer(jpeg(800, 600, 10 * MB), 'max.jpg'))).resolves.toMatchObject({
      photo: expect.any(Array),
    })
    const photo = await telegramError(tg.sendPhoto(userId, Input.fromBuffer(jpeg(800, 600, 10 * MB + 1), 'over.jpg')))
    expect(photo.response).toEqual({ ok: false, error_code: 400, description: 'Bad Request: PHOTO_SAVE_FILE_INVALID' })
    const video = await telegramError(tg.sendVideo(userId, Input.fromBuffer(Buffer.alloc(50 * MB + 1), 'huge.mp4')))
    expect(video.response).toEqual({ ok: false, error_code: 413, description: 'Request Entity Too Large' })
  })

  it('photo dimensions: width + height ≤ 10000, ratio ≤ 20', async () => {
    const error = await telegramError(tg.sendPhoto(userId, Input.fromBuffer(jpeg(2100, 100, 1000), 'banner.jpg')))
    expect(error.description).toBe('Bad Request: PHOTO_INVALID_DIMENSIONS')
  })

  it('telegraf Input.fromURLStream downloads and uploads as multipart', async () => {
    const sent = await tg.sendVideo(userId, Input.fromURLStream(`${webUrl}/4096/video-mp4/clip.mp4`, 'clip.mp4'))
    expect(sent.video).toMatchObject({ file_size: 4096, file_name: 'clip.mp4' })
    expect(emu.control.calls({ method: 'sendVideo' })[0]?.contentType).toBe('multipart/form-data')
  })
})

describe('sending by URL (the emulator fetches it)', () => {
  it('photos up to 5 MB', async () => {
    const sent = await tg.sendPhoto(userId, Input.fromURL(`${webUrl}/${5 * MB}/image-jpeg/max.jpg`))
    expect(sent.photo[sent.photo.length - 1]).toMatchObject({ width: 800, height: 600, file_size: 5 * MB })
    const over = await telegramError(tg.sendPhoto(userId, Input.fromURL(`${webUrl}/${5 * MB + 1}/image-jpeg/over.jpg`)))
    expect(over.response).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: failed to get HTTP URL content',
    })
    expect(emu.control.calls({ method: 'sendPhoto', ok: false })[0]?.error?.detail).toMatch(
      /5242881 bytes > the 5242880-byte limit/,
    )
  })

  it('other files up to 20 MB, also without content-length', async () => {
    const sent = await tg.sendDocument(userId, Input.fromURL(`${webUrl}/${20 * MB}/application-pdf/max.pdf`))
    expect(sent.document).toMatchObject({ file_size: 20 * MB, mime_type: 'application/pdf', file_name: 'max.pdf' })
    const over = await telegramError(
      tg.sendDocument(userId, Input.fromURL(`${webUrl}/${20 * MB + 1}/application-pdf/chunked.pdf`)),
    )
    expect(over.description).toBe('Bad Request: failed to get HTTP URL content')
    const video = await telegramError(
      tg.sendVideo(userId, Input.fromURL(`${webUrl}/${20 * MB + 1}/video-mp4/chunked.mp4`)),
    )
    expect(video.description).toBe('Bad Request: failed to get HTTP URL content')
  })

  it('a failing URL or the wrong content type', async () => {
    expect((await telegramError(tg.sendPhoto(userId, `${webUrl}/missing.jpg`))).description).toBe(
      'Bad Request: failed to get HTTP URL content',
    )
    expect((await telegramError(tg.sendPhoto(userId, `${webUrl}/100/text-html/page.html`))).description).toBe(
      'Bad Request: wrong type of the web page content',
    )
    // sendDocument by URL works only for GIF, PDF and ZIP
    expect((await telegramError(tg.sendDocument(userId, `${webUrl}/100/video-mp4/clip.mp4`))).description).toBe(
      'Bad Request: wrong type of the web page content',
    )
    expect(emu.control.transcript(userId)).toEqual([])
  })
})

describe('sendMediaGroup (albums)', () => {
  const photoUrl = (name: string, size = 4096) => `${webUrl}/${size}/image-jpeg/${name}`

  it('sends 2-10 items by URL or upload as messages of one album, caption on the first', async () => {
    const sent = await tg.sendMediaGroup(userId, [
      { type: 'photo', media: photoUrl('a.jpg'), caption: '<b>fox</b>', parse_mode: 'HTML' },
      { type: 'photo', media: Input.fromBuffer(jpeg(640, 480, 5000), 'b.jpg') },
      { type: 'video', media: `${webUrl}/4096/video-mp4/c.mp4` },
    ])
    expect(sent).toHaveLength(3)
    const group = sent[0]!.media_group_id
    expect(group).toEqual(expect.any(String))
    expect(sent.every((m) => m.media_group_id === group)).toBe(true)
    expect(sent[0]).toMatchObject({ caption: 'fox', photo: expect.any(Array) })
    expect('video' in sent[2]! && sent[2].video.file_size).toBe(4096)
    expect(emu.control.transcript(userId).filter((m) => m.direction === 'out')).toHaveLength(3)
  })

  it('refuses fewer than 2 or more than 10 items, mixed audio, and inline keyboards', async () => {
    const one = await telegramError(tg.sendMediaGroup(userId, [{ type: 'photo', media: photoUrl('a.jpg') }]))
    expect(one.response.error_code).toBe(400)
    const eleven = Array.from({ length: 11 }, (_, i) => ({ type: 'photo' as const, media: photoUrl(`${i}.jpg`) }))
    expect((await telegramError(tg.sendMediaGroup(userId, eleven))).response.error_code).toBe(400)
    const mixed = await telegramError(
      tg.sendMediaGroup(userId, [
        { type: 'audio', media: `${webUrl}/4096/audio-mpeg/a.mp3` },
        { type: 'photo', media: photoUrl('b.jpg') },
      ] as never),
    )
    expect(mixed.description).toMatch(/can't be mixed/)
    const keyboard = await telegramError(
      tg.callApi(
        'sendMediaGroup' as 'sendMessage',
        {
          chat_id: userId,
          media: [
            { type: 'photo', media: photoUrl('a.jpg') },
            { type: 'photo', media: photoUrl('b.jpg') },
          ],
          reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'x' }]] },
        } as never,
      ),
    )
    expect(keyboard.description).toMatch(/unknown parameter "reply_markup"/)
    expect(emu.control.transcript(userId).filter((m) => m.direction === 'out')).toHaveLength(0)
  })

  it('sends nothing when one item breaks the limits (a photo over 5 MB by URL)', async () => {
    const error = await telegramError(
      tg.sendMediaGroup(userId, [
        { type: 'photo', media: photoUrl('ok.jpg') },
        { type: 'photo', media: photoUrl('big.jpg', 5 * MB + 1) },
      ]),
    )
    expect(error.response.error_code).toBe(400)
    expect(emu.control.transcript(userId).filter((m) => m.direction === 'out')).toHaveLength(0)
  })
})

describe('file_id', () => {
  it('is reusable by the same bot for the same kind only', async () => {
    const sent = await tg.sendPhoto(userId, Input.fromBuffer(jpeg(640, 480, 2000), 'p.jpg'))
    const fileId = sent.photo[sent.photo.length - 1]!.file_id
    const again = await tg.sendPhoto(emu.control.createUser({ first_name: 'Bob' }).id, fileId)
    expect(again.photo[again.photo.length - 1]?.file_id).toBe(fileId)
    expect((await telegramError(tg.sendDocument(userId, fileId))).description).toBe(
      "Bad Request: can't use file of type Photo as Document",
    )
    expect((await telegramError(tg.sendPhoto(userId, 'AgACnot-a-real-id'))).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    )
    const otherBot = new Telegram(emu.control.createBot().token, { apiRoot: emu.url })
    expect((await telegramError(otherBot.sendPhoto(userId, fileId))).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    )
    expect((await telegramError(otherBot.getFile(fileId))).description).toBe(
      'Bad Request: wrong file_id or the file is temporarily unavailable',
    )
  })

  it("downloads need the owning bot's token and a known path", async () => {
    const sent = await tg.sendDocument(userId, Input.fromBuffer(Buffer.from('secret'), 's.txt'))
    const { file_path: path } = await tg.getFile(sent.document.file_id)
    const other = emu.control.createBot().token
    expect((await fetch(`${emu.url}/file/bot${other}/${path}`)).status).toBe(404)
    expect((await fetch(`${emu.url}/file/bot${token}/documents/nothing.txt`)).status).toBe(404)
    expect((await fetch(`${emu.url}/file/bot123:bad/${path}`)).status).toBe(401)
    expect(await (await fetch(`${emu.url}/file/bot${token}/${path}`)).text()).toBe('secret')
  })

  it('serves a padded download longer than getFile declares (with or without its length), until clearFaults', async () => {
    const sent = await tg.sendDocument(userId, Input.fromBuffer(Buffer.from('short'), 'p.txt'))
    const fileId = sent.document.file_id
    const url = `${emu.url}/file/bot${token}/${(await tg.getFile(fileId)).file_path}`
    emu.control.padDownload(fileId, { bytes: 100_000 })
    expect((await tg.getFile(fileId)).file_size).toBe(5)
    const padded = await fetch(url)
    expect(padded.headers.get('content-length')).toBe('100005')
    const bytes = Buffer.from(await padded.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('short')
    expect(bytes.length).toBe(100_005)
    emu.control.padDownload(fileId, { bytes: 200_000, chunked: true })
    const chunked = await fetch(url)
    expect(chunked.headers.get('content-length')).toBeNull()
    expect((await chunked.arrayBuffer()).byteLength).toBe(200_005)
    emu.control.clearFaults()
    expect(await (await fetch(url)).text()).toBe('short')
  })
})

describe("a video's thumbnail (its poster)", () => {
  it('a sent video gets a JPEG thumbnail of its aspect ratio, at most 320 px, served by getFile', async () => {
    const sent = await tg.sendVideo(userId, Input.fromBuffer(Buffer.alloc(4_000, 7), 'clip.mp4'), {
      width: 1080,
      height: 1920,
    })
    const thumbnail = sent.video.thumbnail!
    expect(thumbnail).toMatchObject({ width: 180, height: 320 })
    expect(thumbnail.file_id).not.toBe(sent.video.file_id)
    const file = await tg.getFile(thumbnail.file_id)
    expect(file.file_path).toMatch(/^thumbnails\/file_\d+\.jpg$/)
    const bytes = Buffer.from(await (await fetch(await tg.getFileLink(file))).arrayBuffer())
    expect(bytes.length).toBe(thumbnail.file_size)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 180, height: 320 })
    // the video itself is unchanged
    const video = await tg.getFile(sent.video.file_id)
    expect(Buffer.from(await (await fetch(await tg.getFileLink(video))).arrayBuffer())).toEqual(Buffer.alloc(4_000, 7))
  })

  it('by URL, in an album, as a document and sent again by file_id: the same thumbnail', async () => {
    const first = await tg.sendVideo(userId, `${webUrl}/3000/video-mp4/a.mp4`)
    expect(first.video.thumbnail).toMatchObject({ width: 320, height: 180 })
    const again = await tg.sendVideo(userId, first.video.file_id)
    expect(again.video.thumbnail).toEqual(first.video.thumbnail)
    const album = await tg.sendMediaGroup(userId, [
      { type: 'video', media: `${webUrl}/3000/video-mp4/b.mp4` },
      { type: 'video', media: `${webUrl}/3000/video-mp4/c.mp4` },
    ])
    const thumbs = album.map((m) => ('video' in m ? m.video.thumbnail?.file_id : undefined))
    expect(thumbs.every((t) => typeof t === 'string')).toBe(true)
    expect(new Set(thumbs).size).toBe(2)
    const document = await tg.sendDocument(userId, Input.fromBuffer(Buffer.alloc(2_000, 1), 'clip.mp4'))
    expect(document.document.thumbnail?.file_id).toMatch(/^AAMC/)
    // a document that is no video, and a photo, have none
    const other = await tg.sendDocument(userId, Input.fromBuffer(Buffer.alloc(100, 1), 'data.bin'))
    expect(other.document.thumbnail).toBeUndefined()
  })
})
