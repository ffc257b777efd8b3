import { findBalanceMismatches, recordCatalogSnapshot } from '@kiebot/db'
import { getModel, listOffered, type ModelSpec } from '@kiebot/models'
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
  waitForGeneration,
  type Harness,
} from './support/harness'

// The happy path of every Kie API family in the registry, through a real worker process:
// Kie task created once, polled/called back to success, the result delivered with the
// method of the model's output, the charge kept, the status message edited to "done".
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await spawnWorker(h)
}, 60_000)
afterAll(() => h.close())

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

/**
 * What production needs to sell a model whose vendor retired it (`upstreamRetired`): a good
 * catalog sync that still sees Kie list its kieModel (with every model the registry sells).
 */
async function kieStillLists(model: ModelSpec): Promise<void> {
  const kieModels = new Map([...listOffered(), model].map((m) => [m.kieModel, m.kind]))
  await recordCatalogSnapshot(h.db, {
    startedAt: new Date(),
    fetchedAt: new Date(),
    models: [...kieModels].map(([kieModel, kind]) => ({
      kieModel,
      provider: null,
      taskTypes: [kind],
      priceText: null,
      priceEntries: [],
      requiredFields: [],
      enums: {},
    })),
    report: { hidden: [], stillHidden: [], repriced: [], proposed: [], newModels: [], schemaChanges: [], unpriced: [] },
    changes: [],
  })
}

const CASES = [
  { family: 'market', slug: 'nano-banana', kind: 'photo' },
  { family: 'veo', slug: 'veo-3-1-fast', kind: 'video' },
  { family: 'suno', slug: 'suno-song', kind: 'audio' },
  { family: 'runway', slug: 'runway-gen4-turbo', kind: 'video' },
  { family: 'flux-kontext', slug: 'flux-kontext-pro', kind: 'photo' },
  { family: 'gpt4o-image', slug: 'gpt-4o-image', kind: 'photo' },
  { family: 'midjourney', slug: 'midjourney', kind: 'photo' },
] as const

describe('happy path per API family', () => {
  it.each(CASES)('$family ($slug): one task, result sent as $kind, charge kept', async ({ slug, kind }) => {
    // gpt-4o-image (the only model of its family) was retired by OpenAI: it is on sale only while Kie still lists it
    const model = getModel(slug)!
    if (model.upstreamRetired !== undefined) await kieStillLists(model)
    const user = await createUser(h)
    const id = await createGeneration(h, user, { slug })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', step: 'done', undelivered: false })
    expect(done.kieTaskId).toBeTruthy()
    expect(done.resultUrls.length).toBeGreaterThan(0)
    // Midjourney makes 4 images per task: every one is delivered
    if (slug === 'midjourney') expect(done.resultUrls).toHaveLength(4)
    expect(done.telegramFileIds).toHaveLength(done.resultUrls.length)
    expect(done.kieCreditsConsumed?.toNumber()).toBeGreaterThan(0)
    expect(kieTasksOf(h, id)).toHaveLength(1)
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })

    const media = sentTo(h, user.chatId).filter((m) => m.kind === kind)
    expect(media).toHaveLength(done.resultUrls.length)
    expect(media.map((m) => m.fileId)).toEqual(done.telegramFileIds)
    // one result carries the buttons; several go as an album, followed by a message with them
    const withButtons =
      done.resultUrls.length === 1
        ? media[0]!
        : sentTo(h, user.chatId).find((m) => m.kind === 'text' && /all \d+ results are above/.test(m.text ?? ''))!
    const buttons = withButtons.message.reply_markup?.inline_keyboard
      .flat()
      .map((b) => ('callback_data' in b ? b.callback_data : undefined))
    expect(buttons).toEqual([callbackData.repeat(id), callbackData.menu()])
    const final = await waitForStatus(user.chatId, done.statusMessageId!, /is ready \(.*charged/)
    expect(final).toContain('charged')
  })

  it('keeps the track ids of a Suno generation, and suno-extend continues one of them', async () => {
    const user = await createUser(h)
    const sourceId = await createGeneration(h, user, {
      slug: 'suno-song',
      params: { prompt: 'a song about the sea', model: 'V4_5' },
    })
    const source = await waitForGeneration(h, sourceId, ended, 30_000)
    expect(source.status).toBe('succeeded')
    const [sourceTask] = kieTasksOf(h, sourceId)
    expect(source.resultTrackIds).toEqual(source.resultUrls.map((_, i) => `${sourceTask!.taskId}-${i}`))

    const params = {
      audioId: source.resultTrackIds[1]!,
      continueAt: 30,
      prompt: 'a second verse',
      style: 'sea shanty',
      title: 'The Sea (extended)',
      model: 'V4_5',
    }
    const id = await createGeneration(h, user, { slug: 'suno-extend', params })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done).toMatchObject({ status: 'succeeded', step: 'done', undelivered: false })
    const [task] = kieTasksOf(h, id)
    expect(task!.request).toMatchObject({ defaultParamFlag: true, ...params })
    expect(done.resultTrackIds).toHaveLength(done.resultUrls.length)
    expect(
      sentTo(h, user.chatId)
        .filter((m) => m.kind === 'audio')
        .map((m) => m.fileId),
    ).toEqual([...source.telegramFileIds, ...done.telegramFileIds])
    expect(await ledgerOf(h, id)).toEqual({ charge: -done.priceKopecks, refund: 0, entries: 1 })
  })

  it("uploads the user's photo (tg:<file_id>) to Kie before creating the task", async () => {
    const user = await createUser(h)
    const { fileId } = h.telegram.control.sendMedia(user.chatId, { kind: 'photo', bytes: PNG, mimeType: 'image/png' })
    const id = await createGeneration(h, user, {
      slug: 'nano-banana-edit',
      params: { prompt: 'make it winter', image_urls: [`tg:${fileId}`] },
    })
    const done = await waitForGeneration(h, id, ended, 30_000)
    expect(done.status).toBe('succeeded')
    const uploaded = done.uploadedInputs as Record<string, string>
    expect(Object.keys(uploaded)).toEqual([`tg:${fileId}`])
    const [task] = kieTasksOf(h, id)
    expect(task?.params.image_urls).toEqual([uploaded[`tg:${fileId}`]])
    expect(JSON.stringify(task?.request)).not.toContain(BOT_TOKEN_FRAGMENT)
    expect(h.kie.control.requests({ path: '/api/file-stream-upload' })).toHaveLength(1)
  })

  it('keeps every balance equal to its ledger', async () => {
    expect(await findBalanceMismatches(h.db)).toEqual([])
  })
})

const BOT_TOKEN_FRAGMENT = 'AAF-worker-test-token'

async function waitForStatus(chatId: number, messageId: number, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const text = h.telegram.control.transcript(chatId).find((m) => m.messageId === messageId)?.text ?? ''
    if (pattern.test(text) || Date.now() > deadline) return text
    await new Promise((r) => setTimeout(r, 100))
  }
}
