import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { findBalanceMismatches } from '@kiebot/db'
import { callbackData } from '@kiebot/jobs'
import { getModel, withMeasurements, type Params } from '@kiebot/models'
import { quote } from '@kiebot/pricing'
import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  ledgerOf,
  spawnWorker,
  startHarness,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// A price that depends on a file's length or size is checked against the file itself
// before Kie is paid: what a Telegram update says (or does not say) is only a claim.
// Real files (test/fixtures/media), a real worker process, the Telegram emulator serving
// the bytes, the Kie emulator.

const MEDIA = path.join(__dirname, 'fixtures', 'media')
const fixture = (name: string) => fs.readFileSync(path.join(MEDIA, name))

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await spawnWorker(h)
}, 60_000)
afterAll(() => h.close())
afterEach(async () => expect(await findBalanceMismatches(h.db)).toEqual([]))

/** What the gateway charges for these parameters (the harness's FX 90 and markup 2). */
function priceOf(slug: string, params: Params): { credits: number; kopecks: number } {
  const credits = getModel(slug)!.credits(params)
  return { credits, kopecks: quote({ credits, fxRubPerUsd: 90, markup: 2 }).kopecks }
}

/** The user sends a file; the generation is confirmed as the gateway would, from the update's claims. */
async function confirmWithFile(
  user: TestUser,
  input: {
    slug: string
    media: string
    kind: 'video' | 'document' | 'audio' | 'voice' | 'photo'
    file: string
    claimed: { 'duration-seconds'?: number; 'long-side-px'?: number }
    params: Params
  },
): Promise<{ id: string; reserved: number }> {
  const { fileId } = h.telegram.control.sendMedia(user.chatId, {
    kind: input.kind,
    bytes: fixture(input.file),
    fileName: input.file,
  })
  const model = getModel(input.slug)!
  const params = withMeasurements(
    model,
    { ...input.params, [input.media]: `tg:${fileId}` },
    input.media,
    input.claimed,
    { claimed: true },
  )
  const defaults = Object.fromEntries(
    model.fields.filter((f) => f.default !== undefined && params[f.key] === undefined).map((f) => [f.key, f.default]),
  )
  const reserved = priceOf(input.slug, { ...defaults, ...params }).kopecks
  const id = await createGeneration(h, user, { slug: input.slug, params, priceKopecks: reserved })
  return { id, reserved }
}

function statusText(user: TestUser, messageId: number | null): string {
  return h.telegram.control.transcript(user.chatId).find((m) => m.messageId === messageId)?.text ?? ''
}

/** The generation's status message once it shows `pattern` (a final outcome moves it to a new message at the bottom). */
async function finalStatus(user: TestUser, generationId: string, pattern: RegExp) {
  const deadline = Date.now() + 10_000
  const messageId = async () =>
    (await h.db.generation.findUniqueOrThrow({ where: { id: generationId } })).statusMessageId
  while (!pattern.test(statusText(user, await messageId())) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100))
  const current = await messageId()
  const entry = h.telegram.control.transcript(user.chatId).find((m) => m.messageId === current)!
  const buttons = (entry.message.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ('callback_data' in b ? b.callback_data : b.text))
  return { text: entry.text ?? '', buttons }
}

describe('the worker measures the file before paying Kie', () => {
  it('a video that claims 1 s but runs 60 s: nothing sent to Kie, refunded, offered at the true price', async () => {
    const user = await createUser(h)
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'topaz-video-upscale',
      media: 'video_url',
      kind: 'video',
      file: 'video-60s.mp4',
      claimed: { 'duration-seconds': 1 },
      params: { upscale_factor: '4' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    const truePrice = priceOf('topaz-video-upscale', { upscale_factor: '4', video_seconds: 60 }).kopecks
    expect(truePrice).toBeGreaterThan(reserved)
    expect(done).toMatchObject({
      status: 'failed',
      failureCode: 'price_rechecked',
      measured: { video_seconds: 60 },
      measuredPriceKopecks: truePrice,
      priceKopecks: reserved,
    })
    expect(kieTasksOf(h, id)).toHaveLength(0)
    expect(
      h.kie.control.requests({ path: '/api/file-stream-upload' }).filter((r) => JSON.stringify(r).includes(id)),
    ).toHaveLength(0)
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: reserved, entries: 2 })
    const status = await finalStatus(user, id, /60 s long/)
    expect(status.text).toContain('the file is 60 s long')
    expect(status.buttons).toEqual([callbackData.confirmMeasured(id), callbackData.menu()])
  })

  it('a video sent as a file (no length in the update) is reserved at the maximum and charged for its real 5 s', async () => {
    const user = await createUser(h)
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'topaz-video-upscale',
      media: 'video_url',
      kind: 'document',
      file: 'video-5s.mp4',
      claimed: {},
      params: { upscale_factor: '4' },
    })
    expect(reserved).toBe(priceOf('topaz-video-upscale', { upscale_factor: '4', video_seconds: 60 }).kopecks)
    const done = await waitForGeneration(h, id, ended, 30_000)
    const truePrice = priceOf('topaz-video-upscale', { upscale_factor: '4', video_seconds: 5 })
    expect(done).toMatchObject({ status: 'succeeded', priceKopecks: truePrice.kopecks, measured: { video_seconds: 5 } })
    expect(done.priceCredits.toNumber()).toBe(truePrice.credits)
    expect(kieTasksOf(h, id)).toHaveLength(1)
    // charged the true price: the reservation, minus the difference given back
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: reserved - truePrice.kopecks, entries: 2 })
  })

  it('an audio whose claim is right (14 s, really 14.2 s) is covered by the reservation and charged what it is', async () => {
    const user = await createUser(h)
    const portrait = h.telegram.control.sendMedia(user.chatId, {
      kind: 'photo',
      bytes: fixture('image-640x1280.png'),
      width: 640,
      height: 1280,
    }).fileId
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'infinitalk',
      media: 'audio_url',
      kind: 'audio',
      file: 'audio-14s.mp3',
      claimed: { 'duration-seconds': 14 },
      params: { image_url: `tg:${portrait}`, prompt: 'talk', resolution: '480p' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', measured: { audio_seconds: 15 }, priceKopecks: reserved })
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: 0, entries: 1 })
  })

  it('a motion video inside a one-file list (Kling motion control video_urls) is measured too: reserved at 30 s, charged its real 5 s', async () => {
    const user = await createUser(h)
    const photo = h.telegram.control.sendMedia(user.chatId, {
      kind: 'photo',
      bytes: fixture('image-640x1280.png'),
      width: 640,
      height: 1280,
    }).fileId
    const motion = h.telegram.control.sendMedia(user.chatId, {
      kind: 'document',
      bytes: fixture('video-5s.mp4'),
      fileName: 'video-5s.mp4',
    }).fileId
    const params = {
      input_urls: [`tg:${photo}`],
      video_urls: [`tg:${motion}`],
      mode: '720p',
      character_orientation: 'video',
    }
    // the file came as a document: no length in the update, so the maximum is reserved
    const reserved = priceOf('kling-2-6-motion', params).kopecks
    expect(reserved).toBe(priceOf('kling-2-6-motion', { ...params, video_seconds: 30 }).kopecks)
    const id = await createGeneration(h, user, { slug: 'kling-2-6-motion', params, priceKopecks: reserved })
    const done = await waitForGeneration(h, id, ended, 30_000)
    const truePrice = priceOf('kling-2-6-motion', { ...params, video_seconds: 5 })
    expect(done).toMatchObject({ status: 'succeeded', priceKopecks: truePrice.kopecks, measured: { video_seconds: 5 } })
    const [task] = kieTasksOf(h, id)
    expect(task?.params.video_urls).toEqual([expect.stringMatching(/^https?:\/\//)])
    expect(task?.params).not.toHaveProperty('video_seconds')
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: reserved - truePrice.kopecks, entries: 2 })
  })

  it('an image sent as a document is priced for its real long side, not the assumed maximum', async () => {
    const user = await createUser(h)
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'topaz-image-upscale',
      media: 'image_url',
      kind: 'document',
      file: 'image-640x1280.png',
      claimed: {},
      params: { upscale_factor: '2' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    const truePrice = priceOf('topaz-image-upscale', { upscale_factor: '2', image_long_side: 1280 }).kopecks
    expect(truePrice).toBeLessThan(reserved)
    expect(done).toMatchObject({ status: 'succeeded', priceKopecks: truePrice, measured: { image_long_side: 1280 } })
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: reserved - truePrice, entries: 2 })
  })

  it('a file no parser can read is priced at the maximum, never below: a lower claim is refunded and offered at the maximum', async () => {
    const user = await createUser(h)
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'topaz-video-upscale',
      media: 'video_url',
      kind: 'video',
      file: 'unreadable.bin',
      claimed: { 'duration-seconds': 5 },
      params: { upscale_factor: '2' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    const maximum = priceOf('topaz-video-upscale', { upscale_factor: '2', video_seconds: 60 }).kopecks
    expect(done).toMatchObject({
      status: 'failed',
      failureCode: 'price_rechecked',
      measured: {},
      measuredPriceKopecks: maximum,
    })
    expect(kieTasksOf(h, id)).toHaveLength(0)
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: reserved, entries: 2 })
    const status = await finalStatus(user, id, /could not be measured/)
    expect(status.text).toContain('the file could not be measured (counted as 60 s)')
    expect(status.buttons[0]).toBe(callbackData.confirmMeasured(id))
  })

  it('an unreadable file already reserved at the maximum goes ahead at the maximum', async () => {
    const user = await createUser(h)
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'topaz-video-upscale',
      media: 'video_url',
      kind: 'document',
      file: 'unreadable.bin',
      claimed: {},
      params: { upscale_factor: '2' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ priceKopecks: reserved, measuredPriceKopecks: reserved })
    expect(kieTasksOf(h, id)).toHaveLength(1)
  })

  it('a file longer than the model takes is refunded with what was found', async () => {
    const user = await createUser(h)
    const { id, reserved } = await confirmWithFile(user, {
      slug: 'topaz-video-upscale',
      media: 'video_url',
      kind: 'video',
      file: 'video-90s.mp4',
      claimed: { 'duration-seconds': 30 },
      params: { upscale_factor: '2' },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'failed', failureCode: 'input_too_long', measured: { video_seconds: 90 } })
    expect(kieTasksOf(h, id)).toHaveLength(0)
    expect(await ledgerOf(h, id)).toEqual({ charge: -reserved, refund: reserved, entries: 2 })
    const status = await finalStatus(user, id, /90 s long/)
    expect(status.text).toContain('the file is 90 s long, more than this model takes (at most 60 s)')
  })
})

describe('measuring real containers (the built worker, as production loads it)', () => {
  // music-metadata is an ES module: the worker (CommonJS) loads it with a dynamic import,
  // which runs in Node itself, not inside jest's module sandbox; so the built module is
  // exercised in a child Node process.
  const EXPECTED: Record<string, { 'duration-seconds': number | null; 'long-side-px': number | null }> = {
    'video-60s.mp4': { 'duration-seconds': 60, 'long-side-px': null },
    // its movie header claims 1 s; the track header and the samples hold 60 s
    'video-60s-header-says-1s.mp4': { 'duration-seconds': 60, 'long-side-px': null },
    'video-90s.mp4': { 'duration-seconds': 90, 'long-side-px': null },
    'video-5s.mp4': { 'duration-seconds': 5, 'long-side-px': null },
    'video-7s-fragmented.mp4': { 'duration-seconds': 7, 'long-side-px': null },
    'video-audio-12s.mp4': { 'duration-seconds': 12, 'long-side-px': null },
    'video-20s.webm': { 'duration-seconds': 20, 'long-side-px': null },
    'audio-14s.mp3': { 'duration-seconds': 14.184, 'long-side-px': null },
    'audio-9s.m4a': { 'duration-seconds': 9, 'long-side-px': null },
    'voice-11s.ogg': { 'duration-seconds': 11, 'long-side-px': null },
    'audio-2s.wav': { 'duration-seconds': 2, 'long-side-px': null },
    'image-2000x1000.jpg': { 'duration-seconds': null, 'long-side-px': 2000 },
    'image-640x1280.png': { 'duration-seconds': null, 'long-side-px': 1280 },
    'image-300x200.webp': { 'duration-seconds': null, 'long-side-px': 300 },
    'unreadable.bin': { 'duration-seconds': null, 'long-side-px': null },
  }

  it('reads the length of mp4 (plain and fragmented), webm, mp3, m4a, ogg/opus, wav and the size of jpeg, png, webp', () => {
    const script = `
      const { measureFile } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'pipeline', 'measure.js'))})
      const fs = require('node:fs'); const path = require('node:path')
      ;(async () => {
        const out = {}
        for (const name of ${JSON.stringify(Object.keys(EXPECTED))}) {
          const bytes = new Uint8Array(fs.readFileSync(path.join(${JSON.stringify(MEDIA)}, name)))
          const d = await measureFile(bytes, 'duration-seconds'); const p = await measureFile(bytes, 'long-side-px')
          out[name] = { 'duration-seconds': d === undefined ? null : Math.round(d * 1000) / 1000, 'long-side-px': p ?? null }
        }
        process.stdout.write(JSON.stringify(out))
      })().catch((e) => { console.error(e); process.exit(1) })`
    const measured = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as typeof EXPECTED
    expect(measured).toEqual(EXPECTED)
  })
})
