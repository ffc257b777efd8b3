import { randomUUID } from 'node:crypto'
import { ensureUser, recordDeliveredItem, recordDeliveredItems, THUMBNAIL_ID_MAX_LENGTH, type Db } from '@kiebot/db'
import { useTestDb } from './support/database'

// A delivered video's poster (Telegram's thumbnail file id) is kept aligned with the delivered
// file ids: '' where an item has none (and for items delivered before posters were kept), an
// over-long id is not kept, and a retried send appends nothing, like the file ids.
const testDb = useTestDb()
let db: Db

beforeAll(() => {
  db = testDb.db
})

async function delivering(telegramFileIds: string[]): Promise<string> {
  const userId = 7_100_001n
  await ensureUser(db, { id: userId, firstName: 'Poster', languageCode: 'en' })
  const id = randomUUID()
  await db.generation.create({
    data: {
      id,
      userId,
      chatId: userId,
      modelId: 'veo-3-1-fast',
      params: { prompt: 'waves' },
      priceCredits: '4',
      usdPerCredit: '0.005',
      fxRate: '90',
      markup: '2',
      priceKopecks: 360,
      status: 'running',
      step: 'deliver',
      deadlineAt: new Date(Date.now() + 3_600_000),
      resultUrls: ['https://x.example/0.mp4', 'https://x.example/1.mp4', 'https://x.example/2.mp4'],
      resultTrackIds: [],
      telegramFileIds,
    },
  })
  return id
}

const stored = async (id: string) =>
  db.generation.findUniqueOrThrow({ where: { id }, select: { telegramFileIds: true, telegramThumbnailIds: true } })

describe("a delivered video's poster", () => {
  it('is stored beside its file id, padded for the items before it, once per item', async () => {
    // two items delivered before posters were kept
    const id = await delivering(['V0', 'V1'])
    expect(await recordDeliveredItem(db, id, 2, 'V2', 'P2')).toBe(true)
    expect(await stored(id)).toEqual({ telegramFileIds: ['V0', 'V1', 'V2'], telegramThumbnailIds: ['', '', 'P2'] })
    // a retried send of the same item changes nothing
    expect(await recordDeliveredItem(db, id, 2, 'V2again', 'P2again')).toBe(false)
    expect(await stored(id)).toEqual({ telegramFileIds: ['V0', 'V1', 'V2'], telegramThumbnailIds: ['', '', 'P2'] })
  })

  it('an album keeps each item in its place; an item without one, or an over-long id, keeps ""', async () => {
    const id = await delivering([])
    const long = 'x'.repeat(THUMBNAIL_ID_MAX_LENGTH + 1)
    expect(await recordDeliveredItems(db, id, 0, ['V0', 'V1', 'V2'], [null, 'P1', long])).toBe(true)
    expect(await stored(id)).toEqual({ telegramFileIds: ['V0', 'V1', 'V2'], telegramThumbnailIds: ['', 'P1', ''] })
  })

  it('an item recorded without posters (a photo, a link) keeps an empty place', async () => {
    const id = await delivering([])
    expect(await recordDeliveredItems(db, id, 0, ['F0', 'link:https://x.example/1.png'])).toBe(true)
    expect(await recordDeliveredItem(db, id, 2, 'V2', 'P2')).toBe(true)
    expect(await stored(id)).toEqual({
      telegramFileIds: ['F0', 'link:https://x.example/1.png', 'V2'],
      telegramThumbnailIds: ['', '', 'P2'],
    })
  })
})
