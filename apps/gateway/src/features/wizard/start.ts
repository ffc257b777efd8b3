import { modelChoice } from '@kiebot/db'
import { askedFields, getModel, usableOptions, type ModelSpec, type Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { setCurrentModel } from '../../state/current-model'
import { escapeHtml, mainMenu, show } from '../../ui'
import { capTexts, showStep } from './steps'

/**
 * Opens a model's wizard with optional values already filled. `atConfirmation`
 * jumps straight to the price (the fields keep their defaults) when nothing
 * required is missing; otherwise the first missing field is asked. `only` asks just that
 * field (a result's "edit the prompt") and goes to the price after it. `newMessage` shows
 * the step as a new message even after a press (keeps the message pressed).
 */
export async function startWizard(
  ctx: BotContext,
  slug: string,
  prefill: Params,
  options: { atConfirmation?: boolean; only?: string; newMessage?: boolean } = {},
): Promise<void> {
  const model = getModel(slug)
  if (!model) {
    await show(
      ctx,
      { text: ctx.t('model.unknown', { slug: escapeHtml(slug.slice(0, 40)) }), keyboard: mainMenu(ctx).keyboard },
      { newMessage: !ctx.callbackQuery },
    )
    return
  }
  const availability = await ctx.deps.prices.availabilityOf(model.slug)
  if (availability !== 'offered') {
    await show(
      ctx,
      {
        text: ctx.t(availability === 'withdrawn' ? 'model.withdrawn' : 'model.disabled'),
        keyboard: mainMenu(ctx).keyboard,
      },
      { newMessage: !ctx.callbackQuery },
    )
    return
  }
  // the model the user chose is their current one: a prompt typed later goes to it
  await setCurrentModel(ctx, model.slug)
  const fields = askedFields(model)
  let field = 0
  if (options.atConfirmation) {
    const missing = fields.findIndex((f) => f.required && f.default === undefined && prefill[f.key] === undefined)
    field = missing >= 0 ? missing : fields.length
  }
  const only = options.only === undefined ? -1 : fields.findIndex((f) => f.key === options.only)
  if (only >= 0) field = only
  const { params, shortened } = capTexts(model, prefill)
  const draft = await ctx.deps.drafts.create({
    userId: ctx.user.id.toString(),
    chatId: String(ctx.chat?.id ?? ctx.user.id),
    slug: model.slug,
    params,
    field,
    ...(only >= 0 ? { thenConfirm: true } : {}),
  })
  const limit = shortened.length > 0 ? fields.find((f) => f.key === shortened[0] && f.type === 'text') : undefined
  const note = limit?.type === 'text' ? ctx.t('wizard.text_shortened', { max: limit.maxLength ?? 0 }) : undefined
  await showStep(ctx, draft, { newMessage: options.newMessage ?? !ctx.callbackQuery, ...(note && { note }) })
}

/** The options the user last chose for this model, as far as they are still valid ({} for none). */
export async function rememberedOptions(ctx: BotContext, model: ModelSpec): Promise<Params> {
  return usableOptions(model, await modelChoice(ctx.deps.db, ctx.user.id, model.slug))
}
