import { randomUUID } from 'node:crypto'
import { addFavorite, ensureUser, listFavorites, MAX_FAVORITES, removeFavorite, type Db } from '@kiebot/db'
import { useTestDb } from './support/database'

// Favourites are bounded per user, also when several presses arrive at once.
const testDb = useTestDb()
let db: Db

beforeAll(() => {
  db = testDb.db
})

describe('favourites', () => {
  it(`adds once, removes, and never keeps more than ${MAX_FAVORITES}, even under concurrent presses`, async () => {
    const userId = 7_000_001n
    await ensureUser(db, { id: userId, firstName: 'Fav', languageCode: 'en' })
    const first = { userId, generationId: randomUUID(), itemIndex: 1 }
    expect(await addFavorite(db, first)).toBe('added')
    expect(await addFavorite(db, first)).toBe('already')
    await removeFavorite(db, first)
    expect(await listFavorites(db, userId)).toEqual([])
    for (let i = 0; i < MAX_FAVORITES - 2; i++)
      expect(await addFavorite(db, { userId, generationId: randomUUID(), itemIndex: 0 })).toBe('added')
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => addFavorite(db, { userId, generationId: randomUUID(), itemIndex: 0 })),
    )
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(2)
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(4)
    expect(await db.favorite.count({ where: { userId } })).toBe(MAX_FAVORITES)
  })
})
