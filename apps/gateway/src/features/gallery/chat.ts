import type { User } from '@kiebot/db'
import { t, type Lang } from '@kiebot/i18n'
import { Context, type Telegraf } from 'telegraf'
import type { Update } from 'telegraf/types'
import { requestTelegram } from '../../bot/app-client'
import type { BotContext, Deps } from '../../bot/context'

// The Mini App's actions are performed by the bot in the chat: the same handlers the chat's
// buttons run, given a context for the user's private chat (as if the user had written
// there), so what they send goes to the chat and nothing is answered to a button.

let sequence = 0

/** A context of the user's private chat (the chat id of a private chat is the user's id). */
export function chatContext(bot: Telegraf<BotContext>, deps: Deps, user: User): BotContext {
  const id = Number(user.id)
  const update = {
    // not Telegram's: the action's own number, so jobs keyed by update id never collide
    update_id: Date.now() * 1000 + (sequence++ % 1000),
    message: {
      message_id: 0,
      date: Math.floor(Date.now() / 1000),
      chat: { id, type: 'private', first_name: user.firstName },
      from: { id, is_bot: false, first_name: user.firstName },
      text: '',
    },
  } as unknown as Update
  const ctx = new Context(update, requestTelegram(bot), bot.botInfo!) as BotContext
  ctx.deps = deps
  ctx.user = user
  ctx.lang = user.language as Lang
  ctx.t = (key, params) => t(ctx.lang, key, params)
  ctx.isAdmin = deps.config.ADMIN_IDS.includes(user.id)
  return ctx
}
