import { ensureUser, grantOnce, type Db } from '@kiebot/db'

/**
 * A user created as the gateway creates one, with a balance of `kopecks`: one bonus entry
 * (none for 0), so the balance equals the ledger. Returns the id.
 */
export async function fundedUser(
  db: Db,
  id: bigint,
  kopecks: number,
  languageCode: 'en' | 'ru' = 'en',
): Promise<bigint> {
  await ensureUser(db, { id, firstName: 'Test', languageCode })
  if (kopecks > 0)
    await grantOnce(db, {
      userId: id,
      kind: 'bonus',
      amountKopecks: kopecks,
      idempotencyKey: `seed:${id}`,
      reason: 'test',
    })
  return id
}
