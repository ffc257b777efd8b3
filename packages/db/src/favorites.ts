import { inTransaction, isUniqueViolation, type Db } from './client'

/** The most favourites one user keeps (every per-user row has a bound). */
export const MAX_FAVORITES = 30

export interface FavoriteKey {
  userId: bigint
  generationId: string
  itemIndex: number
}

/**
 * Keeps one result item in the user's favourites: `added`, `already` (it was there), or
 * `full` (MAX_FAVORITES reached: nothing added). The user's row is locked, so two presses
 * at once cannot pass the bound together.
 */
export async function addFavorite(db: Db, key: FavoriteKey): Promise<'added' | 'already' | 'full'> {
  try {
    return await inTransaction(db, async (tx) => {
      await tx.$queryRaw`SELECT id FROM users WHERE id = ${key.userId} FOR UPDATE`
      const existing = await tx.favorite.findUnique({ where: { userId_generationId_itemIndex: key } })
      if (existing) return 'already'
      if ((await tx.favorite.count({ where: { userId: key.userId } })) >= MAX_FAVORITES) return 'full'
      await tx.favorite.create({ data: key })
      return 'added'
    })
  } catch (error) {
    if (isUniqueViolation(error)) return 'already'
    throw error
  }
}

/** Removes one favourite (nothing when it is not there). */
export async function removeFavorite(db: Db, key: FavoriteKey): Promise<void> {
  await db.favorite.deleteMany({ where: key })
}

/** The user's favourites, newest first. */
export async function listFavorites(db: Db, userId: bigint) {
  return db.favorite.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { generationId: 'asc' }, { itemIndex: 'asc' }],
    take: MAX_FAVORITES,
  })
}
