import { callbacks } from '@kiebot/jobs'
import { getModel } from '@kiebot/models'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { isBrowsing, markBrowsing } from '../../state/browsing'
import { setCurrentModel } from '../../state/current-model'
import { show, type Buttons } from '../../ui'
import { incomingFile, modelOf, onConfirmation } from '../wizard'
import { askedFields } from '@kiebot/models'
import { offerTasks, pickModel, taskScreen, tasksScreen, withSentFile } from './cold'
import { generateFromCommand, generateSuggested } from './gen'
import { chooseAutoConfirm, runWithoutAsking, settingsScreen } from './settings'
import { typedText } from './typed'

// Prompt-first: a typed text outside a form is a prompt for the current model (or a search
// while a catalog page is open), a file sent outside a form gets its tasks, `/gen` finds
// models by any name, and /settings holds "don't ask up to N ₽". Registered after the
// wizard, whose values come first; what it does not take goes on to `unhandled`.

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  onConfirmation(runWithoutAsking)
  bot.command('gen', (ctx) => generateFromCommand(ctx, ctx.payload ?? ''))
  bot.command('settings', (ctx) => show(ctx, settingsScreen(ctx), { newMessage: true }))
  buttons.on(callbacks.settings, (ctx) => show(ctx, settingsScreen(ctx)))
  buttons.on(callbacks.autoConfirm, async (ctx, { kopecks }) => show(ctx, await chooseAutoConfirm(ctx, kopecks)))
  buttons.on(callbacks.genSuggestion, (ctx, { slug }) => generateSuggested(ctx, slug))
  buttons.on(callbacks.fileTasks, (ctx, { sentId }) =>
    withSentFile(ctx, sentId, async (sent) => show(ctx, await tasksScreen(ctx, sent))),
  )
  buttons.on(callbacks.fileTask, (ctx, { sentId, task, page }) =>
    withSentFile(ctx, sentId, async (sent) => show(ctx, await taskScreen(ctx, sent, task, page))),
  )
  buttons.on(callbacks.fileModel, (ctx, { sentId, slug }) =>
    withSentFile(ctx, sentId, (sent) => pickModel(ctx, sent, slug)),
  )

  // A catalog page open: a typed text searches; a model's card makes that model the current one.
  bot.on('callback_query', async (ctx, next) => {
    const query = ctx.callbackQuery
    const data = 'data' in query ? (query.data ?? '') : ''
    // a catalog page: a text typed next is a search (any other button already ended that)
    if (callbacks.category.unpack(data) !== undefined) await markBrowsing(ctx)
    const card = callbacks.model.unpack(data)
    if (card && getModel(card.slug) && (await ctx.deps.prices.isOffered(card.slug)))
      await setCurrentModel(ctx, card.slug)
    return next()
  })

  // What the wizard passed on: no form open, a confirmation, or a catalog page open (commands are never taken).
  bot.on('message', async (ctx, next) => {
    const message = ctx.message
    if ('text' in message && message.text.startsWith('/')) return next()
    const current = await ctx.deps.drafts.current(ctx.user.id.toString())
    const confirming = current && current.field >= askedFields(modelOf(current)).length ? current : null
    const browsing = isBrowsing(ctx)
    if ('text' in message) return (await typedText(ctx, message.text, confirming, browsing)) ? undefined : next()
    const file = incomingFile(message)
    if (!file) return next()
    return offerTasks(ctx, file, 'caption' in message ? message.caption : undefined)
  })
}
