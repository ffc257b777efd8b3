import { callbackData as cb } from '@kiebot/jobs'
import { getModel, promptField, type ModelSpec } from '@kiebot/models'
import type { BotContext, Deps } from '../../bot/context'
import { button, escapeHtml, formatPriceRange, mainMenu, menuButton, show, type Keyboard } from '../../ui'
import { rememberedOptions, startWizard } from '../wizard'
import { readGenArgs } from './search'

// `/gen <model> [prompt]`: the model by slug, Kie id or name; with a prompt, straight to the
// price with the user's last options; without one, the model's wizard. An unknown name gets
// the closest models as buttons, the prompt typed with it waiting for the press (an hour, one
// per user).

const SUGGESTIONS = 6
export const PENDING_PROMPT_TTL_SECONDS = 3600

function pendingKey(deps: Deps, userId: bigint): string {
  return `${deps.config.QUEUE_PREFIX}:gen-prompt:${userId}`
}

/** The model's wizard, or its confirmation when a prompt is given. */
export async function generateWith(ctx: BotContext, model: ModelSpec, prompt: string): Promise<void> {
  const options = await rememberedOptions(ctx, model)
  if (prompt === '') return startWizard(ctx, model.slug, options)
  const field = promptField(model)
  if (!field) {
    await ctx.reply(ctx.t('gen.needs_more'))
    return startWizard(ctx, model.slug, options)
  }
  return startWizard(ctx, model.slug, { ...options, [field.key]: prompt }, { atConfirmation: true })
}

export async function generateFromCommand(ctx: BotContext, args: string): Promise<void> {
  const read = readGenArgs(args)
  if (!read) {
    await ctx.reply(ctx.t('gen.usage'), { parse_mode: 'HTML' })
    return
  }
  if (read.found) return generateWith(ctx, read.model, read.prompt)
  const name = escapeHtml(read.name.slice(0, 40))
  const offered: ModelSpec[] = []
  for (const model of read.suggestions) {
    if (offered.length >= SUGGESTIONS) break
    if (await ctx.deps.prices.isOffered(model.slug)) offered.push(model)
  }
  if (offered.length === 0) {
    await show(
      ctx,
      { text: ctx.t('model.unknown', { slug: name }), keyboard: mainMenu(ctx).keyboard },
      { newMessage: true },
    )
    return
  }
  const key = pendingKey(ctx.deps, ctx.user.id)
  if (read.prompt) await ctx.deps.redis.set(key, read.prompt.slice(0, 4096), 'EX', PENDING_PROMPT_TTL_SECONDS)
  else await ctx.deps.redis.del(key)
  const keyboard: Keyboard = []
  for (const model of offered) {
    const price = formatPriceRange(await ctx.deps.prices.range(model), ctx.lang, ctx.t)
    keyboard.push([
      button(ctx.t('catalog.model_button', { name: model.name[ctx.lang], price }), cb.genSuggestion(model.slug)),
    ])
  }
  keyboard.push([menuButton(ctx)])
  await show(ctx, { text: ctx.t('gen.suggest', { query: name }), keyboard }, { newMessage: true })
}

/** A suggested model pressed: it runs with the prompt typed with the unknown name, if still there. */
export async function generateSuggested(ctx: BotContext, slug: string): Promise<void> {
  const model = getModel(slug)
  if (!model) return startWizard(ctx, slug, {})
  const prompt = (await ctx.deps.redis.get(pendingKey(ctx.deps, ctx.user.id))) ?? ''
  return generateWith(ctx, model, prompt)
}
