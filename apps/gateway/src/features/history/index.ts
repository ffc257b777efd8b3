import { callbacks } from '@kiebot/jobs'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { show, type Buttons } from '../../ui'
import { repeatGeneration, resendResult } from './results'
import { historyScreen } from './screens'

export { hasResult, repeatGeneration, resendResult } from './results'

// The user's generations: /history page by page, a result sent again, a generation repeated.
export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  bot.command('history', async (ctx) => show(ctx, await historyScreen(ctx, 0), { newMessage: true }))
  buttons.on(callbacks.history, async (ctx, { page }) => show(ctx, await historyScreen(ctx, page)))
  buttons.on(callbacks.resend, (ctx, { generationId }) => resendResult(ctx, generationId))
  buttons.on(callbacks.repeat, (ctx, { generationId }) => repeatGeneration(ctx, generationId))
}
