import { randomBytes } from 'node:crypto'
import type { Language, User } from '../prisma-client'
import { isUniqueViolation, type Db } from './client'
import { sqlRows } from './sql'

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

/** last_seen_at is refreshed at most this often (a write per update would be a write per flood message). */
export const LAST_SEEN_RESOLUTION_MS = 10 * 60_000

function namesOf(profile: TelegramProfile) {
  return {
    username: profile.username ?? null,
    firstName: profile.firstName ?? '',
    lastName: profile.lastName ?? null,
    languageCode: profile.languageCode ?? null,
  }
}

/** Every column of users, named as Prisma names the User fields (a test keeps the two equal). */
const USER_COLUMNS = `id, username, first_name AS "firstName", last_name AS "lastName",
  language_code AS "languageCode", language::text AS language, role::text AS role, banned,
  blocked_bot AS "blockedBot", balance_kopecks AS "balanceKopecks", referral_code AS "referralCode",
  referrer_id AS "referrerId", referral_until AS "referralUntil", created_at AS "createdAt",
  last_seen_at AS "lastSeenAt", welcomed_at AS "welcomedAt", auto_confirm_kopecks AS "autoConfirmKopecks",
  current_model_id AS "currentModelId"`

/**
 * The user's row, read on every update: by the fast path (one plain statement), the same
 * values `db.user.findUnique` returns.
 */
export async function findUser(db: Db, id: bigint): Promise<User | null> {
  const rows = await sqlRows<User>(db, `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])
  return rows[0] ?? null
}

/**
 * First contact completed (/start's referral and bonus are done): `welcomed_at` set once, and
 * the row as it is now (the bonus moved the balance), in one statement on the fast path.
 * Null when there is no such user.
 */
export async function markWelcomed(db: Db, id: bigint, at = new Date()): Promise<User | null> {
  const rows = await sqlRows<User>(
    db,
    `UPDATE users SET welcomed_at = COALESCE(welcomed_at, $2) WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, at],
  )
  return rows[0] ?? null
}

/**
 * Creates the user on first contact (language from language_code) or returns the
 * stored row: a read, and a write only for a new user. Returns the row and whether
 * it was created now. `refresh` (default true) also applies `refreshUser`; the
 * gateway refreshes after its rate limiter instead.
 */
export async function ensureUser(
  db: Db,
  profile: TelegramProfile,
  options: { refresh?: boolean } = {},
): Promise<{ user: User; created: boolean }> {
  const existing = await findUser(db, profile.id)
  if (existing)
    return { user: options.refresh === false ? existing : await refreshUser(db, existing, profile), created: false }
  for (let attempt = 0; ; attempt++) {
    try {
      // one statement on the fast path (the query builder's create was the last of its calls on
      // an update's path); the other columns take the table's defaults, the times this process's
      // clock as Prisma's @default(now()) does (refreshUser compares last_seen_at with it)
      const names = namesOf(profile)
      const now = new Date()
      const [user] = await sqlRows<User>(
        db,
        `INSERT INTO users (id, username, first_name, last_name, language_code, language, referral_code, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6::text::"Language", $7, $8, $8)
         RETURNING ${USER_COLUMNS}`,
        [
          profile.id,
          names.username,
          names.firstName,
          names.lastName,
          names.languageCode,
          languageFor(profile.languageCode),
          newReferralCode(),
          now,
        ],
      )
      return { user: user!, created: true }
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error
      // Either another update created this user concurrently, or the code collided.
      const raced = await findUser(db, profile.id)
      if (raced) return { user: raced, created: false }
    }
  }
}

/**
 * Names and last-seen from the latest update, written only when something changed
 * (a name, the language_code, or last-seen older than LAST_SEEN_RESOLUTION_MS).
 */
export async function refreshUser(db: Db, user: User, profile: TelegramProfile, now = new Date()): Promise<User> {
  const names = namesOf(profile)
  const changed = (Object.keys(names) as (keyof typeof names)[]).some((k) => user[k] !== names[k])
  if (!changed && now.getTime() - user.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS) return user
  const [updated] = await sqlRows<User>(
    db,
    `UPDATE users SET username = $2, first_name = $3, last_name = $4, language_code = $5, last_seen_at = $6
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [user.id, names.username, names.firstName, names.lastName, names.languageCode, now],
  )
  // gone meanwhile (never in practice: users are not deleted): the row as it was read
  return updated ?? user
}
