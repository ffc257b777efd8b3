import { callbacks } from '@kiebot/jobs'
import { askedFields, getModel } from '@kiebot/models'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { isBrowsing } from '../../state/browsing'
import { forgetCurrentModel } from '../../state/current-model'
import { mainMenuWith, show, type Buttons } from '../../ui'
import { paymentToResume } from '../money'
import { withDraft } from './draft-guard'
import { incomingFile } from './incoming'
import { rememberedOptions, startWizard } from './start'
import {
  acceptFile,
  acceptText,
  backToConfirmation,
  chooseOption,
  editField,
  finishFiles,
  goBack,
  removeFile,
  showEditMenu,
  modelOf,
  setValue,
  showStep,
  skipField,
} from './steps'
import { isTaskRef, ownTaskPick } from './task-refs'

// The parameter wizard: a model's "Create", one step per asked field (buttons,
// typed text, sent files), back, cancel and "edit" from the confirmation. Confirm itself
// belongs to the generations feature.

export { onConfirmation, type RunWithoutAsking } from './auto'
export { withDraft } from './draft-guard'
export { rememberedOptions, startWizard } from './start'
export { incomingFile } from './incoming'
export { modelOf, showStep, type IncomingFile } from './steps'
export { unownedTaskField } from './task-refs'

export function register(bot: Telegraf<BotContext>, buttons: Buttons): void {
  // the card's Create: the options the user chose last time are already selected
  buttons.on(callbacks.startWizard, async (ctx, { slug }) => {
    const model = getModel(slug)
    return startWizard(ctx, slug, model ? await rememberedOptions(ctx, model) : {})
  })
  buttons.on(callbacks.wizardOption, (ctx, a) =>
    withDraft(ctx, a.draftId, (d) => chooseOption(ctx, d, a.fieldIndex, a.optionIndex)),
  )
  buttons.on(callbacks.wizardSkip, (ctx, a) => withDraft(ctx, a.draftId, (d) => skipField(ctx, d, a.fieldIndex)))
  buttons.on(callbacks.wizardDone, (ctx, a) => withDraft(ctx, a.draftId, (d) => finishFiles(ctx, d, a.fieldIndex)))
  buttons.on(callbacks.wizardBack, (ctx, a) => withDraft(ctx, a.draftId, (d) => goBack(ctx, d)))
  buttons.on(callbacks.wizardCancel, (ctx, a) =>
    withDraft(ctx, a.draftId, async (d) => {
      await ctx.deps.drafts.discard(d)
      await forgetCurrentModel(ctx) // a text typed after a cancel goes nowhere
      await show(ctx, mainMenuWith(ctx, ctx.t('cancel.draft')))
    }),
  )
  buttons.on(callbacks.wizardTask, (ctx, a) =>
    withDraft(ctx, a.draftId, async (d) => {
      const field = askedFields(modelOf(d))[d.field]
      if (!isTaskRef(field)) return showStep(ctx, d) // an older message's button
      const pick = await ownTaskPick(ctx, field, a.pickId)
      if (!pick) return showStep(ctx, d, { error: ctx.t('wizard.task_not_yours') })
      d.params = { ...d.params, ...pick.copied }
      await setValue(ctx, d, pick.value)
    }),
  )
  buttons.on(callbacks.edit, (ctx, a) => withDraft(ctx, a.draftId, (d) => showEditMenu(ctx, d)))
  buttons.on(callbacks.editField, (ctx, a) => withDraft(ctx, a.draftId, (d) => editField(ctx, d, a.fieldIndex)))
  buttons.on(callbacks.editDone, (ctx, a) => withDraft(ctx, a.draftId, (d) => backToConfirmation(ctx, d)))
  buttons.on(callbacks.wizardRemoveFile, (ctx, a) =>
    withDraft(ctx, a.draftId, (d) => removeFile(ctx, d, a.fieldIndex, a.fileIndex)),
  )
  // A text or a file while a form is open is the current field's value (commands never are).
  bot.on('message', async (ctx, next) => {
    // a top-up bought from a draft's "not enough money" screen: that draft's confirmation, paid for
    const resume = paymentToResume(ctx)
    if (resume) {
      const draft = await ctx.deps.drafts.get(resume.draftId)
      if (!draft) return ctx.reply(resume.note, { parse_mode: 'HTML' })
      // the "not enough money" message above is done with: its packs would only top up again
      if (draft.messageId !== undefined)
        await ctx.telegram
          .editMessageReplyMarkup(ctx.chat?.id, draft.messageId, undefined, { inline_keyboard: [] })
          .catch((error: unknown) => ctx.deps.logger.info('could not clear the old keyboard', { error: String(error) }))
      return showStep(ctx, draft, { note: `${resume.note}\n${ctx.t('payment.resumed')}`, newMessage: true })
    }
    const message = ctx.message
    if ('text' in message && message.text.startsWith('/')) return next()
    const draft = await ctx.deps.drafts.current(ctx.user.id.toString())
    if (!draft) return next()
    // on the confirmation, a text is a new prompt and a file a new start; with a catalog page
    // open, the form was left: a search, or the file's tasks (prompt-first)
    if (draft.field >= askedFields(modelOf(draft)).length || isBrowsing(ctx)) return next()
    if ('text' in message) return acceptText(ctx, draft, message.text)
    const file = incomingFile(message)
    if (file) return acceptFile(ctx, draft, file)
    return ctx.reply(ctx.t('wizard.wrong_input'))
  })
}
