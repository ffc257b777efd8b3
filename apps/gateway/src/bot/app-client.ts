import { Telegram, type Telegraf } from 'telegraf'
import { waitOutShortFloods } from '../ui/flood'
import { callsOverUndici } from './bot-api-transport'
import type { BotContext } from './context'
import { redactOutgoing } from './update-guard'

/**
 * A Telegram client for work that does not come from an update (the Mini App's requests), with
 * the wrappers the update edge gives every update's client: calls over undici, outgoing texts
 * redacted, short flood waits sat out. A fresh one each time, as telegraf makes one per update.
 */
export function requestTelegram(bot: Telegraf<BotContext>): Telegram {
  const telegram = new Telegram(bot.telegram.token, bot.telegram.options)
  callsOverUndici(telegram)
  redactOutgoing(telegram)
  waitOutShortFloods(telegram)
  return telegram
}
