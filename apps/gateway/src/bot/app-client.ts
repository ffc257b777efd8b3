import { Telegram, type Telegraf } from 'telegraf'
import { waitOutShortFloods } from '../ui/flood'
import type { BotContext } from './context'
import { redactOutgoing } from './update-guard'

/**
 * A Telegram client for work that does not come from an update (the Mini App's requests), with
 * the wrappers the update edge gives every update's client: outgoing texts redacted, short
 * flood waits sat out. A fresh one each time, as telegraf makes one per update.
 */
export function requestTelegram(bot: Telegraf<BotContext>): Telegram {
  const telegram = new Telegram(bot.telegram.token, bot.telegram.options)
  redactOutgoing(telegram)
  waitOutShortFloods(telegram)
  return telegram
}
