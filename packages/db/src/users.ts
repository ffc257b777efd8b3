import { randomBytes } from 'node:crypto'
import type { Language, User } from '../prisma-client'
import { isUniqueViolation, type Db } from './client'

export interface TelegramProfile {
  id: bigint
  username?: string | null
  firstName?: string | null
  lastName?: string | null
  languageCode?: string | null
}

/** Our language for a Telegram language_code: Russian for ru/uk/be/kk, else English. */
export function languageFor(languageCode: string | null | undefined): Language {
  const base = (languageCode ?? '').toLowerCase().split('-')[0]
  return base === 'ru' || base === 'uk' || base === 'be' || base === 'kk' ? 'ru' : 'en'
}

function newReferralCode(): string {
  return randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()
}

/**
 * Creates the user on first contact (language from language_code) or refreshes
 * names and last-seen. Returns the row and whether it was created now.
 */
export async function ensureUser(db: Db, profile: TelegramProfile): Promise<{ user: User; created: boolean }> {
  const names = {
    username: profile.username ?? null,
    firstName: profile.firstName ?? '',
    lastName: profile.lastName ?? null,
    languageCode: profile.languageCode ?? null,
  }
  const existing = await db.user.findUnique({ where: { id: profile.id } })
  if (existing) {
    const user = await db.user.update({ where: { id: profile.id }, data: { ...names, lastSeenAt: new Date() } })
    return { user, created: false }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const user = await db.user.create({
        data: { id: profile.id, ...names, language: languageFor(profile.languageCode), referralCode: newReferralCode() },
      })
      return { user, created: true }
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error
      // Either another update created this user concurrently, or the code collided.
      const raced = await db.user.findUnique({ where: { id: profile.id } })
      if (raced) return { user: raced, created: false }
    }
  }
}
