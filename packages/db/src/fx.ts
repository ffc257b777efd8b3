import type { Db } from './client'

export interface StoredFxRate {
  rubPerUsd: number
  source: string
  rateDate: Date
  fetchedAt: Date
}

/** Appends a successfully fetched rate to the history. */
export async function recordFxRate(
  db: Db,
  rate: { rubPerUsd: number; source: string; rateDate: string | Date },
): Promise<void> {
  await db.fxRate.create({
    data: { rubPerUsd: rate.rubPerUsd.toFixed(4), source: rate.source, rateDate: new Date(rate.rateDate) },
  })
}

/** The last good rate (newest fetched), or null when none was ever stored. */
export async function latestFxRate(db: Db): Promise<StoredFxRate | null> {
  const row = await db.fxRate.findFirst({ orderBy: [{ fetchedAt: 'desc' }, { id: 'desc' }] })
  return (
    row && { rubPerUsd: row.rubPerUsd.toNumber(), source: row.source, rateDate: row.rateDate, fetchedAt: row.fetchedAt }
  )
}
