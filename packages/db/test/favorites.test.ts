import { randomUUID } from 'node:crypto'
import { addFavorite, createDb, ensureUser, listFavorites, MAX_FAVORITES, removeFavorite, type Db } from '@kiebot/db'
import { createTestDatabase, type TestDatabase } from '@kiebot/testing'

// Favourites are bounded per user, also when several presses arrive at once.
let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase()
  db = createDb(database.url)
})
afterAll(async () => {
  await db.$disconnect()
  await database.drop()
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
