import { askedFields, getModel, promptField, type Params } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { escapeHtml, mainMenu, show } from '../../ui'
import { capTexts, showStep } from './steps'

/**
 * Opens a model's wizard with optional values already filled. `atConfirmation`
 * jumps straight to the price (the fields keep their defaults) when nothing
 * required is missing; otherwise the first missing field is asked. `ask` asks that one
 * field (the prompt again after a failure) and then shows the price.
 */
export async function startWizard(
  ctx: BotContext,
  slug: string,
  prefill: Params,
  options: { atConfirmation?: boolean; ask?: string; newMessage?: boolean } = {},
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
  const fields = askedFields(model)
  let field = 0
  if (options.atConfirmation) {
    const missing = fields.findIndex((f) => f.required && f.default === undefined && prefill[f.key] === undefined)
    field = missing >= 0 ? missing : fields.length
  }
  // one field asked again, the others kept: its answer goes straight to the confirmation
  const asked = options.ask === undefined ? -1 : fields.findIndex((f) => f.key === options.ask)
  if (asked >= 0) field = asked
  const { params, shortened } = capTexts(model, prefill)
  const draft = await ctx.deps.drafts.create({
    userId: ctx.user.id.toString(),
    chatId: String(ctx.chat?.id ?? ctx.user.id),
    slug: model.slug,
    params,
    field,
    ...(asked >= 0 ? { thenConfirm: true } : {}),
  })
  const limit = shortened.length > 0 ? fields.find((f) => f.key === shortened[0] && f.type === 'text') : undefined
  const note = limit?.type === 'text' ? ctx.t('wizard.text_shortened', { max: limit.maxLength ?? 0 }) : undefined
  await showStep(ctx, draft, { newMessage: options.newMessage ?? !ctx.callbackQuery, ...(note && { note }) })
}

/** `/gen <model> <prompt>`: straight to the price confirmation with default parameters. */
export async function generateFromCommand(ctx: BotContext, args: string): Promise<void> {
  const match = /^\s*(\S+)\s+([\s\S]+)$/.exec(args)
  if (!match) {
    await ctx.reply(ctx.t('gen.usage'), { parse_mode: 'HTML' })
    return
  }
  const slug = match[1]!.toLowerCase()
  const model = getModel(slug)
  const prompt = model ? promptField(model) : undefined
  if (model && !prompt) {
    await ctx.reply(ctx.t('gen.needs_more'))
    return startWizard(ctx, slug, {})
  }
  return startWizard(ctx, slug, prompt ? { [prompt.key]: match[2]!.trim() } : {}, { atConfirmation: true })
}
