import { findBalanceMismatches, type Generation } from '@kiebot/db'
import { callbackData } from '@kiebot/jobs'
import {
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

// Several result files (Grok Imagine's 6 images, Suno's 2 tracks) go out as one album
// (sendMediaGroup), recorded at once after it; the buttons follow on their own message;
// a retry or a crash after the album does not send it again.
let h: Harness

beforeAll(async () => {
  h = await startHarness()
}, 60_000)
afterAll(() => h.close())
beforeEach(() => {
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  h.kie.control.configure({
    resultsPerTask: {
      'grok-imagine/text-to-image': 6,
      'grok-imagine/text-to-image|enable_pro=true': 4,
      'family:suno': 2,
    },
  })
})

const grok = {
  slug: 'grok-image',
  params: { prompt: 'A red fox in fresh snow', aspect_ratio: '1:1', enable_pro: false },
}

function albums(user: TestUser) {
  return h.telegram.control.calls({ method: 'sendMediaGroup', chatId: user.chatId })
}

/** The photos of the chat, grouped by album id ('' = not in an album). */
function photoGroups(user: TestUser): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const entry of sentTo(h, user.chatId).filter((m) => m.kind === 'photo')) {
    const group = (entry.message as { media_group_id?: string }).media_group_id ?? ''
    groups.set(group, [...(groups.get(group) ?? []), entry.fileId!])
  }
  return groups
}

function buttonMessages(user: TestUser, id: string) {
  return sentTo(h, user.chatId).filter(
    (m) =>
      m.message.reply_markup?.inline_keyboard
        .flat()
        .some((b) => 'callback_data' in b && b.callback_data === callbackData.repeat(id)) &&
      m.kind === 'text' &&
      /all \d+ results are above/.test(m.text ?? ''),
  )
}

function expectOneAlbumOfSix(done: Generation, user: TestUser): void {
  expect(done).toMatchObject({ status: 'succeeded', undelivered: false })
  expect(done.resultUrls).toHaveLength(6)
  expect(done.telegramFileIds).toHaveLength(6)
  const groups = photoGroups(user)
  expect(groups.size).toBe(1)
  const [group, fileIds] = [...groups.entries()][0]!
  expect(group).not.toBe('')
  expect(fileIds).toEqual(done.telegramFileIds)
  const ok = albums(user).filter((c) => c.ok)
  expect(ok).toHaveLength(1)
  expect((ok[0]!.params.media as unknown[]).length).toBe(6)
}

describe('several results', () => {
  it('a 6-image Grok Imagine result arrives as one album with all 6, recorded, then the buttons', async () => {
    const worker = await spawnWorker(h)
    try {
      const user = await createUser(h)
      const id = await createGeneration(h, user, grok)
      const done = await waitForGeneration(h, id, ended, 30_000)
      expectOneAlbumOfSix(done, user)
      const buttons = buttonMessages(user, id)
      expect(buttons).toHaveLength(1)
      expect(
        buttons[0]!.message.reply_markup?.inline_keyboard
          .flat()
          .map((b) => ('callback_data' in b ? b.callback_data : undefined)),
      ).toEqual([callbackData.repeat(id), callbackData.menu()])
      // the album carries the caption on its first item, and no single sends were made
      expect(h.telegram.control.calls({ method: 'sendPhoto', chatId: user.chatId })).toHaveLength(0)
      const photos = sentTo(h, user.chatId).filter((m) => m.kind === 'photo')
      expect(photos[0]!.message.caption).toContain('Grok Imagine')
      expect(photos.slice(1).every((m) => m.message.caption === undefined)).toBe(true)
    } finally {
      await worker.stop('SIGTERM')
    }
  })

  it('more than 10 results: albums of 10 and the rest', async () => {
    h.kie.control.configure({ resultsPerTask: { 'grok-imagine/text-to-image': 12 } })
    const worker = await spawnWorker(h)
    try {
      const user = await createUser(h)
      const id = await createGeneration(h, user, grok)
      const done = await waitForGeneration(h, id, ended, 30_000)
      expect(done.telegramFileIds).toHaveLength(12)
      expect(
        albums(user)
          .filter((c) => c.ok)
          .map((c) => (c.params.media as unknown[]).length),
      ).toEqual([10, 2])
      expect([...photoGroups(user).values()].flat()).toEqual(done.telegramFileIds)
      expect(buttonMessages(user, id)).toHaveLength(1)
    } finally {
      await worker.stop('SIGTERM')
    }
  })

  it('a retry after the album (the buttons message failed) does not send the album again', async () => {
    const worker = await spawnWorker(h)
    try {
      const user = await createUser(h)
      const id = await createGeneration(h, user, grok)
      // the next sendMessage to this chat is the buttons message after the album: 500 once, BullMQ retries the job
      h.telegram.control.failNext('sendMessage', { chatId: user.chatId, times: 1 })
      const done = await waitForGeneration(h, id, ended, 40_000)
      expect(
        h.telegram.control.calls({ method: 'sendMessage', chatId: user.chatId, ok: false }).length,
      ).toBeGreaterThan(0)
      expectOneAlbumOfSix(done, user)
      expect(buttonMessages(user, id)).toHaveLength(1)
    } finally {
      await worker.stop('SIGTERM')
    }
  })

  it('a worker killed after the album resumes without sending it again', async () => {
    const user = await createUser(h)
    const first = await spawnWorker(h)
    const id = await createGeneration(h, user, grok)
    // the buttons message hangs, so the worker dies with the album sent and recorded
    h.telegram.control.addLatency({ method: 'sendMessage', ms: 20_000, times: 1 })
    await waitFor(
      'the album recorded',
      async () => (await h.db.generation.findUnique({ where: { id } }))?.telegramFileIds.length === 6,
      30_000,
    )
    await new Promise((r) => setTimeout(r, 1000))
    expect((await h.db.generation.findUnique({ where: { id } }))?.step).toBe('deliver')
    await first.stop('SIGKILL')
    h.telegram.control.clearFaults()
    const second = await spawnWorker(h)
    try {
      const done = await waitForGeneration(h, id, ended, 40_000)
      expectOneAlbumOfSix(done, user)
      expect(buttonMessages(user, id).length).toBeGreaterThanOrEqual(1)
    } finally {
      await second.stop('SIGTERM')
    }
  })

  it('an album Telegram refuses goes out item by item, each recorded, then the buttons', async () => {
    const worker = await spawnWorker(h)
    try {
      const user = await createUser(h)
      h.telegram.control.failNext('sendMediaGroup', {
        chatId: user.chatId,
        times: 1,
        errorCode: 400,
        description: 'Bad Request: failed to send message #3 with the error message "WEBPAGE_MEDIA_EMPTY"',
      })
      const id = await createGeneration(h, user, grok)
      const done = await waitForGeneration(h, id, ended, 30_000)
      expect(done).toMatchObject({ status: 'succeeded', undelivered: false })
      expect(albums(user).filter((c) => c.ok)).toHaveLength(0)
      expect(albums(user)).toHaveLength(1)
      const singles = h.telegram.control.calls({ method: 'sendPhoto', chatId: user.chatId }).filter((c) => c.ok)
      expect(singles).toHaveLength(6)
      expect(photoGroups(user).get('')).toEqual(done.telegramFileIds)
      expect(buttonMessages(user, id)).toHaveLength(1)
    } finally {
      await worker.stop('SIGTERM')
    }
  })

  it('Suno: both tracks in one album of audios', async () => {
    const worker = await spawnWorker(h)
    try {
      const user = await createUser(h)
      const id = await createGeneration(h, user, { slug: 'suno-song' })
      const done = await waitForGeneration(h, id, ended, 30_000)
      expect(done.telegramFileIds).toHaveLength(2)
      const [album] = albums(user).filter((c) => c.ok)
      expect((album!.params.media as { type: string }[]).map((m) => m.type)).toEqual(['audio', 'audio'])
      expect(
        sentTo(h, user.chatId)
          .filter((m) => m.kind === 'audio')
          .map((m) => m.fileId),
      ).toEqual(done.telegramFileIds)
    } finally {
      await worker.stop('SIGTERM')
    }
  })

  it('keeps every balance equal to its ledger', async () => {
    expect(await findBalanceMismatches(h.db)).toEqual([])
  })
})
