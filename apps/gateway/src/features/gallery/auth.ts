import type { User } from '@kiebot/db'
import type { Lang } from '@kiebot/i18n'
import type { NextFunction, Request, Response } from 'express'
import type { Deps } from '../../bot/context'
import { countInWindow } from '../../state/windows'
import { verifyInitData } from './init-data'

// Every request of the Mini App's API carries Telegram's signed initData in the
// Authorization header (`tma <initData>`); the user is the verified `user` field's id and
// nothing else. There is no other session: no cookie, no token of ours.

export interface AppLocals {
  user: User
  lang: Lang
}

/** The verified user of a request (set by `requireUser`). */
export function appUser(res: Response): AppLocals {
  return res.locals as AppLocals
}

/** Actions (sends, wizards) one user may start from the app per minute. */
export const APP_ACTIONS_PER_MINUTE = 20

export function requireUser(deps: Deps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization') ?? ''
    const raw = header.startsWith('tma ') ? header.slice(4) : undefined
    const check = verifyInitData(raw, deps.config.TELEGRAM_BOT_TOKEN, deps.config.WEBAPP_AUTH_MAX_AGE_SECONDS)
    if (!check.ok) {
      res.status(401).json({ error: check.reason })
      return
    }
    const user = await deps.db.user.findUnique({ where: { id: BigInt(check.user.id) } })
    // the app opens from the bot's chat: someone the bot has never seen has nothing here yet
    if (!user) {
      res.status(403).json({ error: 'unknown_user' })
      return
    }
    if (user.banned && !deps.config.ADMIN_IDS.includes(user.id)) {
      res.status(403).json({ error: 'banned' })
      return
    }
    res.locals.user = user
    res.locals.lang = user.language as Lang
    next()
  }
}

/** Media requests (files, links) one user may make from the app per minute (a grid page is 24). */
export const APP_MEDIA_PER_MINUTE = 240

/** Counts one request of the user this minute under `name`. */
function countThisMinute(deps: Deps, name: string, userId: bigint) {
  return countInWindow(deps.redis, `${deps.config.QUEUE_PREFIX}:${name}:${userId}`, 60_000)
}

/** Counts one action of the user this minute; false when over the limit. */
export async function actionAllowed(deps: Deps, userId: bigint): Promise<boolean> {
  return (await countThisMinute(deps, 'app-actions', userId)).count <= APP_ACTIONS_PER_MINUTE
}

/** Counts one media request of the user this minute: true, or the seconds until the next minute. */
export async function mediaAllowed(deps: Deps, userId: bigint): Promise<true | number> {
  const { count, resetInMs } = await countThisMinute(deps, 'app-media-rate', userId)
  return count <= APP_MEDIA_PER_MINUTE ? true : Math.max(1, Math.ceil(resetInMs / 1000))
}
