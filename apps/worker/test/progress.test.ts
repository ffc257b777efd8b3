import { cancelQueuedGeneration } from '@kiebot/db'
import fs from 'node:fs'
import path from 'node:path'
import { callbackData } from '@kiebot/jobs'
import {
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  waitForGeneration,
  type Harness,
  type TestUser,
} from './support/harness'

// The status message as the user lives it, on the Telegram emulator: a clock that ticks
// (with the model's usual duration learned from its past generations), the stage it is at,
// Cancel exactly while the Kie task cannot exist yet, and every final outcome that is news
// as a new message at the bottom of the chat (the old status message removed), with the
// provider's failure said by category in the user's language.

const CREATE = '/api/v1/jobs/createTask'
const UPLOAD = '/api/file-stream-upload'
const photo = fs.readFileSync(path.join(__dirname, 'fixtures', 'media', 'image-2000x1000.jpg'))

let h: Harness
let user: TestUser
let russian: TestUser

beforeAll(async () => {
  h = await startHarness()
  user = await createUser(h)
  russian = await createUser(h, { language: 'ru' })
  // Nano Banana's history: five generations of 60 to 180 s (the middle: 90 to 150 s, "2-3 min")
  for (const seconds of [60, 90, 120, 150, 180]) {
    const id = await createGeneration(h, user, { slug: 'nano-banana', skipEnqueue: true })
    const row = await h.db.generation.findUniqueOrThrow({ where: { id } })
    await h.db.generation.update({
      where: { id },
      data: {
        status: 'succeeded',
        step: 'done',
        enqueuedAt: row.createdAt,
        completedAt: new Date(row.createdAt.getTime() + seconds * 1000),
        notifiedAt: new Date(),
      },
    })
  }
  await spawnWorker(h, {
    STATUS_TICK_MS: '1000',
    KIE_POLL_MIN_MS: '500',
    KIE_POLL_MAX_MS: '1000',
    KIE_CREATE_TIMEOUT_MS: '1000',
    KIE_SUBMIT_GRACE_MS: '2500',
  })
}, 60_000)
afterAll(() => h.close())
beforeEach(() => {
  h.kie.control.setTimeline({ queuingMs: 30, generatingMs: 80, completeMs: 300 })
  h.kie.control.setCallbacks('on')
})

type Entry = ReturnType<typeof sentTo>[number]
const messageOf = (chat: TestUser, messageId: number | null): Entry | undefined =>
  h.telegram.control.transcript(chat.chatId).find((m) => m.messageId === messageId)
/** Every text a message showed, oldest first, with its buttons' data. */
const versionsOf = (entry: Entry) =>
  [...entry.edits.map((v) => v.message), entry.message].map((m) => ({
    text: m.text ?? '',
    buttons: (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : '')),
  }))
const plain = (text: string) => text.replace(/\u00a0/g, ' ')
/** The chat actions shown in a chat, oldest first. */
const actionsIn = (chat: TestUser) =>
  h.telegram.control
    .calls({ method: 'sendChatAction', chatId: chat.chatId })
    .filter((c) => c.ok)
    .map((c) => String(c.params.action))

describe('live progress', () => {
  it('the clock ticks every second with the usual duration learned from past generations; Cancel is gone once the task exists, too late to cancel then', async () => {
    h.kie.control.setTimeline({ queuingMs: 200, generatingMs: 5500, completeMs: 6000 })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const running = await waitForGeneration(h, id, (g) => g.kieTaskId !== null)
    const statusId = running.statusMessageId!
    await waitFor('a tick of the clock', async () =>
      versionsOf(messageOf(user, statusId)!).some((v) => /generating… \d+ s/.test(v.text)),
    )
    // the task exists: a cancel is too late and moves no money
    expect(await cancelQueuedGeneration(h.db, id)).toMatchObject({ refunded: false, currentStatus: 'running' })
    const done = await waitForGeneration(h, id, (g) => ended(g) && g.notifiedAt !== null)
    expect(done.status).toBe('succeeded')
    expect(done.statusMessageId).toBe(statusId)
    expect(await ledgerOf(h, id)).toMatchObject({ refund: 0, entries: 1 })
    // the clock stopped with the generation, and no status render of it is kept in Redis
    await waitFor('the clock stopped', async () => (await h.redis.zscore(`${h.prefix}:tg:clock`, id)) === null)
    await waitFor(
      'no status job left',
      async () => (await h.redis.keys(`${h.prefix}:telegram:status-${id}-*`)).length === 0,
    )

    const versions = versionsOf(messageOf(user, statusId)!)
    const ticks = versions.filter((v) => /generating… (\d+) s/.test(v.text))
    const seconds = ticks.map((v) => Number(/generating… (\d+) s/.exec(v.text)![1]))
    expect(ticks.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]!).toBeGreaterThan(seconds[i - 1]!)
    for (const tick of ticks) {
      expect(tick.text).toContain('usually 2–3 min')
      expect(tick.buttons).toEqual([])
    }
    // no edit without a change
    for (let i = 1; i < versions.length; i++) expect(versions[i]!.text).not.toBe(versions[i - 1]!.text)
    // a create answered at once goes straight to "generating": no "sending" render on the way
    expect(versions.filter((v) => v.text.includes('sending the task'))).toEqual([])
    // "typing" once the task exists (with that render); a fast result's send shows no upload action
    expect(actionsIn(user)).toEqual(['typing'])
    // the status message became the summary; the result is below it, the last message of the chat
    expect(plain(versions.at(-1)!.text)).toMatch(/is ready \(\d+ s\)\. .* charged\./)
    // the result lands below the status message (followed only by its "what next" message)
    const sent = sentTo(h, user.chatId)
    const result = sent.filter((m) => m.kind === 'photo').at(-1)!
    expect(result.messageId).toBeGreaterThan(statusId)
    expect(sent.filter((m) => m.messageId > result.messageId).map((m) => m.kind)).toEqual(['text'])
  })

  it('a result whose send takes more than a second shows the upload action while it goes', async () => {
    const chat = await createUser(h)
    h.telegram.control.addLatency({ method: 'sendPhoto', chatId: chat.chatId, ms: 1800, times: 1 })
    const id = await createGeneration(h, chat, { slug: 'nano-banana' })
    await waitForGeneration(h, id, (g) => ended(g) && g.notifiedAt !== null)
    expect(actionsIn(chat)).toEqual(['typing', 'upload_photo'])
    const calls = h.telegram.control.calls({ chatId: chat.chatId })
    const upload = calls.find((c) => c.method === 'sendChatAction' && c.params.action === 'upload_photo')!
    const photo = calls.find((c) => c.method === 'sendPhoto' && c.ok)!
    // shown while the photo was on its way, not after it
    expect(upload.startedAt).toBeLessThan(photo.startedAt + photo.durationMs)
  })

  it('a clock Redis lost is put back by the next poll of the task (after its first minute)', async () => {
    h.kie.control.setTimeline({ queuingMs: 100, generatingMs: 200, completeMs: 8000 })
    h.kie.control.setCallbacks('off')
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    await waitForGeneration(h, id, (g) => g.kieTaskId !== null)
    const clock = `${h.prefix}:tg:clock`
    await waitFor('the clock started', async () => (await h.redis.zscore(clock, id)) !== null)
    // a task in its second minute whose clock Redis lost
    await h.db.generation.update({ where: { id }, data: { submittedAt: new Date(Date.now() - 120_000) } })
    // no render of it under way (one would put the clock back by itself)
    await waitFor(
      'no status job under way',
      async () => (await h.redis.keys(`${h.prefix}:telegram:status-${id}-*`)).length === 0,
    )
    await h.redis.zrem(clock, id)
    await waitFor('the clock put back', async () => (await h.redis.zscore(clock, id)) !== null, 5_000)
    await waitForGeneration(h, id, (g) => ended(g) && g.notifiedAt !== null)
    await waitFor('the clock stopped', async () => (await h.redis.zscore(clock, id)) === null)
  })

  it('"uploading your files" offers Cancel (the registry’s typical duration without history); a cancel then wins: no Kie task, refunded once', async () => {
    h.kie.control.hang({ pathPrefix: UPLOAD })
    const { fileId } = h.telegram.control.sendMedia(user.chatId, { kind: 'photo', bytes: photo, fileName: 'cat.jpg' })
    const id = await createGeneration(h, user, {
      slug: 'nano-banana-edit',
      params: { prompt: 'Make the sky purple', image_urls: [`tg:${fileId}`] },
    })
    const row = await h.db.generation.findUniqueOrThrow({ where: { id } })
    const uploading = await waitFor('the uploading stage', async () =>
      versionsOf(messageOf(user, row.statusMessageId)!).find((v) => v.text.includes('uploading your files (0 of 1)')),
    )
    expect(plain(uploading.text)).toMatch(/\n⏱ \d+ s · usually about 1 min$/)
    expect(uploading.buttons).toEqual([callbackData.cancelGeneration(id)])
    // the gateway's Cancel
    expect(await cancelQueuedGeneration(h.db, id)).toMatchObject({ refunded: true })
    h.kie.control.releaseHangs()
    await new Promise((r) => setTimeout(r, 2500))
    expect(kieTasksOf(h, id)).toHaveLength(0)
    expect(h.kie.control.requests({ path: CREATE }).filter((r) => JSON.stringify(r.body).includes(id))).toHaveLength(0)
    expect(await ledgerOf(h, id)).toEqual({ charge: -row.priceKopecks, refund: row.priceKopecks, entries: 2 })
    expect((await h.db.generation.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled')
  })

  it.each([
    ['en', 'Your prompt was flagged by our content policy', /under its content rules\. Change the prompt/, true],
    ['ru', 'Your prompt was flagged by our content policy', /по своим правилам о содержании\. Измените запрос/, true],
    ['ru', 'Unsupported image format', /сервис не смог принять ваш файл или настройки/, false],
    [
      'en',
      'Server is busy, try again later',
      /the service is overloaded right now\. Try again in a few minutes/,
      false,
    ],
  ] as const)(
    'a provider failure (%s, "%s") is a new message at the bottom, by category (Edit the prompt for the content rules); the old status message is removed',
    async (lang, failMessage, expected, editPrompt) => {
      const chat = lang === 'ru' ? russian : user
      h.kie.control.forceNextOutcome({ outcome: 'fail', failCode: '400', failMessage })
      const id = await createGeneration(h, chat, { slug: 'nano-banana' })
      const before = await h.db.generation.findUniqueOrThrow({ where: { id } })
      const done = await waitForGeneration(h, id, (g) => g.notifiedAt !== null)
      expect(done).toMatchObject({ status: 'failed', failureCode: 'kie_failed', failureReason: failMessage })
      expect(done.statusMessageId).not.toBe(before.statusMessageId)
      const final = messageOf(chat, done.statusMessageId)!
      expect(sentTo(h, chat.chatId).at(-1)!.messageId).toBe(final.messageId)
      expect(plain(final.text ?? '')).toMatch(expected)
      expect(final.text).not.toContain(failMessage)
      expect(plain(final.text ?? '')).toMatch(lang === 'ru' ? /возвращено на баланс/ : /returned to your balance/)
      // Edit the prompt where the prompt is what to change
      expect(versionsOf(final)[0]!.buttons).toEqual([
        callbackData.repeat(id),
        callbackData.menu(),
        ...(editPrompt ? [callbackData.failedEditPrompt(id)] : []),
      ])
      expect(messageOf(chat, before.statusMessageId)!.deleted).toBe(true)
      expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: done.priceKopecks, entries: 2 })
    },
  )

  it('a create that never answered: "sending" without Cancel while it waits, then the refund is a new message', async () => {
    h.kie.control.hang({ pathPrefix: CREATE, count: 1 })
    const id = await createGeneration(h, user, { slug: 'nano-banana' })
    const before = await h.db.generation.findUniqueOrThrow({ where: { id } })
    const sending = await waitFor('the sending stage', async () =>
      versionsOf(messageOf(user, before.statusMessageId)!).find((v) => v.text.includes('sending the task')),
    )
    expect(sending.buttons).toEqual([])
    expect(sending.text).toMatch(/⏱ \d+ s · usually 2–3 min/)
    const done = await waitForGeneration(h, id, (g) => g.notifiedAt !== null, 20_000)
    h.kie.control.releaseHangs()
    expect(done).toMatchObject({ status: 'failed', failureCode: 'submit_unknown' })
    const final = messageOf(user, done.statusMessageId)!
    expect(final.messageId).not.toBe(before.statusMessageId)
    expect(plain(final.text ?? '')).toMatch(/did not confirm the task\. .* returned to your balance/)
    expect(messageOf(user, before.statusMessageId)!.deleted).toBe(true)
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: done.priceKopecks, entries: 2 })
  })
})
