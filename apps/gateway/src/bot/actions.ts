import { askedFields, getModel, type Category } from '@kiebot/models'
import { adminAction } from './admin'
import type { BotContext } from './context'
import { show } from './show'
import { categoryScreen, modelCard } from '../screens/catalog'
import { historyScreen } from '../screens/history'
import { helpScreen, languageScreen, mainMenu } from '../screens/main'
import { balanceScreen, topupScreen } from '../screens/money'
import { cancelGeneration, confirmDraft } from '../services/generations'
import { sendPackInvoice } from '../services/payments'
import { confirmMeasuredPrice, repeatGeneration, resendResult, startWizard } from '../services/start'
import { ownTaskPick, isTaskRef } from '../services/task-refs'
import { chooseOption, finishFiles, goBack, modelOf, setValue, showStep, skipField } from '../services/wizard'
import type { Draft } from '../services/drafts'

/**
 * Every inline button the bot renders is handled here: one row per callback-data
 * prefix of `callbackData` (packages/jobs). A press that matches none (an old
 * message, a tampered button) is answered "no longer active". The test in
 * test/buttons.test.ts presses every button of every screen.
 */
export interface Action {
  pattern: RegExp
  handle(ctx: BotContext, match: RegExpMatchArray): Promise<unknown>
}

/** Runs `fn` with the draft named in the button, or says the form has expired. */
async function withDraft(ctx: BotContext, id: string, fn: (draft: Draft) => Promise<unknown>): Promise<unknown> {
  const draft = await ctx.deps.drafts.get(id)
  if (!draft || draft.userId !== ctx.user.id.toString()) {
    // A confirmation becomes its generation's status message: a late press of one of its
    // buttons (a double-pressed Confirm) must not cover the status with "expired".
    if (await isStatusMessage(ctx)) return
    await show(ctx, { text: ctx.t('wizard.expired'), keyboard: mainMenu(ctx).keyboard })
    return
  }
  return fn(draft)
}

async function isStatusMessage(ctx: BotContext): Promise<boolean> {
  const message = ctx.callbackQuery?.message
  if (!message || !ctx.chat) return false
  const owner = await ctx.deps.db.generation.findFirst({
    where: { userId: ctx.user.id, chatId: BigInt(ctx.chat.id), statusMessageId: message.message_id },
    select: { id: true },
  })
  return owner !== null
}

export const ACTIONS: Action[] = [
  { pattern: /^menu$/, handle: (ctx) => show(ctx, mainMenu(ctx)) },
  { pattern: /^help$/, handle: (ctx) => show(ctx, helpScreen(ctx)) },
  { pattern: /^bal$/, handle: async (ctx) => show(ctx, await balanceScreen(ctx)) },
  { pattern: /^top$/, handle: (ctx) => show(ctx, topupScreen(ctx)) },
  { pattern: /^p:(\d{1,6})$/, handle: (ctx, m) => sendPackInvoice(ctx, Number(m[1])) },
  { pattern: /^lang$/, handle: (ctx) => show(ctx, languageScreen(ctx)) },
  {
    pattern: /^l:(ru|en)$/,
    handle: async (ctx, m) => {
      const language = m[1] as 'ru' | 'en'
      ctx.user = await ctx.deps.db.user.update({ where: { id: ctx.user.id }, data: { language } })
      ctx.lang = language
      await show(ctx, { ...mainMenu(ctx), text: `${ctx.t('language.set')}\n\n${mainMenu(ctx).text}` })
    },
  },
  { pattern: /^c:(image|video|audio):(\d{1,3})$/, handle: async (ctx, m) => show(ctx, await categoryScreen(ctx, m[1] as Category, Number(m[2]))) },
  {
    pattern: /^m:([a-z0-9-]{1,32})$/,
    handle: async (ctx, m) => {
      const model = getModel(m[1]!)
      if (!model || !(await ctx.deps.prices.isOffered(model.slug))) return show(ctx, { text: ctx.t('model.disabled'), keyboard: mainMenu(ctx).keyboard })
      return show(ctx, await modelCard(ctx, model))
    },
  },
  { pattern: /^w:([a-z0-9-]{1,32})$/, handle: (ctx, m) => startWizard(ctx, m[1]!, {}) },
  { pattern: /^o:([\w-]{8}):(\d{1,2}):(\d{1,3})$/, handle: (ctx, m) => withDraft(ctx, m[1]!, (d) => chooseOption(ctx, d, Number(m[2]), Number(m[3]))) },
  { pattern: /^s:([\w-]{8}):(\d{1,2})$/, handle: (ctx, m) => withDraft(ctx, m[1]!, (d) => skipField(ctx, d, Number(m[2]))) },
  { pattern: /^d:([\w-]{8}):(\d{1,2})$/, handle: (ctx, m) => withDraft(ctx, m[1]!, (d) => finishFiles(ctx, d, Number(m[2]))) },
  { pattern: /^b:([\w-]{8})$/, handle: (ctx, m) => withDraft(ctx, m[1]!, (d) => goBack(ctx, d)) },
  {
    pattern: /^x:([\w-]{8})$/,
    handle: (ctx, m) =>
      withDraft(ctx, m[1]!, async (d) => {
        await ctx.deps.drafts.discard(d)
        await show(ctx, { ...mainMenu(ctx), text: `${ctx.t('cancel.draft')}\n\n${mainMenu(ctx).text}` })
      }),
  },
  {
    pattern: /^tp:([\w-]{8}):([0-9a-f-]{36}(?::\d{1,2})?)$/,
    handle: (ctx, m) =>
      withDraft(ctx, m[1]!, async (d) => {
        const field = askedFields(modelOf(d))[d.field]
        if (!isTaskRef(field)) return showStep(ctx, d) // an older message's button
        const pick = await ownTaskPick(ctx, field, m[2]!)
        if (!pick) return showStep(ctx, d, { error: ctx.t('wizard.task_not_yours') })
        d.params = { ...d.params, ...pick.copied }
        await setValue(ctx, d, pick.value)
      }),
  },
  { pattern: /^y:([\w-]{8})$/, handle: (ctx, m) => withDraft(ctx, m[1]!, (d) => confirmDraft(ctx, d)) },
  {
    pattern: /^e:([\w-]{8})$/,
    handle: (ctx, m) =>
      withDraft(ctx, m[1]!, async (d) => {
        d.field = 0
        d.shownKopecks = undefined
        await ctx.deps.drafts.save(d)
        await showStep(ctx, d)
      }),
  },
  { pattern: /^h:(\d{1,4})$/, handle: async (ctx, m) => show(ctx, await historyScreen(ctx, Number(m[1]))) },
  { pattern: /^rs:([0-9a-f-]{36})$/, handle: (ctx, m) => resendResult(ctx, m[1]!) },
  { pattern: /^rp:([0-9a-f-]{36})$/, handle: (ctx, m) => repeatGeneration(ctx, m[1]!) },
  { pattern: /^mc:([0-9a-f-]{36})$/, handle: (ctx, m) => confirmMeasuredPrice(ctx, m[1]!) },
  { pattern: /^a:([\w:-]{1,60})$/, handle: (ctx, m) => adminAction(ctx, m[1]!) },
  {
    pattern: /^gc:([0-9a-f-]{36})$/,
    handle: async (ctx, m) => {
      const outcome = await cancelGeneration(ctx, m[1]!)
      if (outcome === 'too_late') await ctx.reply(ctx.t('gen.too_late'))
    },
  },
]

export function findAction(data: string): { action: Action; match: RegExpMatchArray } | undefined {
  for (const action of ACTIONS) {
    const match = data.match(action.pattern)
    if (match) return { action, match }
  }
  return undefined
}
