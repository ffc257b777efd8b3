import type { Generation } from '@kiebot/db'
import { callbacks, enqueueTelegram, originalJobId } from '@kiebot/jobs'
import { getModel, promptField, type FieldSpec, type Params } from '@kiebot/models'
import { inputTargets } from '@kiebot/telegram'
import type { Telegraf } from 'telegraf'
import type { BotContext } from '../../bot/context'
import { show, toast, type Buttons } from '../../ui'
import { startWizard } from '../wizard'
import { outputOf, resultAsInput } from './inputs'
import { useModelsScreen, useTasksScreen } from './screens'

// What leads on from a result (the worker renders these buttons under it): edit the prompt,
// the original file, this result as the input of another model. "Another variant" is the
// history's Repeat (same settings, straight to the price).

export function register(_bot: Telegraf<BotContext>, buttons: Buttons): void {
  buttons.on(callbacks.resultEditPrompt, (ctx, { generationId }) => editPrompt(ctx, generationId))
  buttons.on(callbacks.resultOriginal, (ctx, { generationId, index }) => sendOriginal(ctx, generationId, index))
  buttons.on(callbacks.resultUse, async (ctx, { generationId, index }) => {
    // a new message: the buttons under the result stay where they are
    if (!(await offerAsInput(ctx, generationId, index, !isOwnScreen(ctx)))) return gone(ctx)
  })
  buttons.on(callbacks.resultUseTask, async (ctx, { generationId, index, task }) => {
    const generation = await ownResult(ctx, generationId)
    const kind = generation && outputOf(generation)
    if (!generation || !kind) return gone(ctx)
    const offered = new Set<string>()
    for (const target of inputTargets(kind, generation.modelId))
      if (target.task === task && (await ctx.deps.prices.availabilityOf(target.model.slug)) === 'offered')
        offered.add(target.model.slug)
    await show(ctx, useModelsScreen(ctx, generation, index, kind, task, offered))
  })
  buttons.on(callbacks.resultUseModel, async (ctx, { generationId, index, target }) => {
    const generation = await ownResult(ctx, generationId)
    const kind = generation && outputOf(generation)
    const chosen = kind && generation ? inputTargets(kind, generation.modelId)[target] : undefined
    if (!generation || !chosen) return gone(ctx)
    if (chosen.via === 'task') {
      // the field names this result's Kie task (or its track): the wizard and Confirm check it is the user's own
      const prefill = taskPrefill(generation, index, chosen.field)
      if (!prefill) return gone(ctx)
      await startWizard(ctx, chosen.model.slug, prefill, { atConfirmation: true })
      return
    }
    const ref = resultAsInput(generation, index)
    if (ref === undefined) return toast(ctx, ctx.t('results.use_unavailable'))
    const value = chosen.field.type === 'media' && chosen.field.multiple ? [ref] : ref
    await startWizard(ctx, chosen.model.slug, { [chosen.field.key]: value }, { atConfirmation: true })
  })
}

/**
 * "Use as input" of one item of the user's own result: the tasks it can go to (a new message,
 * or the same one when `newMessage` is false). False when it is not the user's or has no such item.
 */
export async function offerAsInput(
  ctx: BotContext,
  generationId: string,
  index: number,
  newMessage = true,
): Promise<boolean> {
  const generation = await ownResult(ctx, generationId)
  const kind = generation && outputOf(generation)
  if (!generation || !kind || index >= generation.resultUrls.length) return false
  await show(ctx, useTasksScreen(ctx, generation, index, kind), { newMessage })
  return true
}

/**
 * The screens of "use as input" edit themselves (Back from a task's models); a press under a
 * result opens a new message, so the result's own buttons stay.
 */
function isOwnScreen(ctx: BotContext): boolean {
  const message = ctx.callbackQuery?.message as
    { reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } } | undefined
  const own = [callbacks.resultUseTask, callbacks.resultUseModel]
  return (message?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .some((b) => b.callback_data !== undefined && own.some((codec) => codec.match.test(b.callback_data!)))
}

/** A task-naming field's value for this result (its Kie task id, or its track's id), with the params it copies. */
function taskPrefill(generation: Generation, index: number, field: FieldSpec): Params | undefined {
  if (field.type !== 'text' || !field.taskRef) return undefined
  const value = field.taskRef.value === 'track' ? generation.resultTrackIds[index] : generation.kieTaskId
  if (!value) return undefined
  const params = (generation.params ?? {}) as Params
  const copied = Object.fromEntries(
    (field.taskRef.copyParams ?? []).filter((key) => params[key] !== undefined).map((key) => [key, params[key]]),
  )
  return { ...copied, [field.key]: value }
}

/** The user's own finished generation with results, or undefined. */
async function ownResult(ctx: BotContext, generationId: string): Promise<Generation | undefined> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id || generation.status !== 'succeeded') return undefined
  return generation
}

/** A button under a result that is not (or no longer) the user's: a toast, the chat stays as it is. */
async function gone(ctx: BotContext): Promise<void> {
  await toast(ctx, ctx.t('results.gone'))
}

/** Edit the prompt: the same model and settings, the prompt asked again, then the price. */
async function editPrompt(ctx: BotContext, generationId: string): Promise<void> {
  const generation = await ctx.deps.db.generation.findUnique({ where: { id: generationId } })
  if (!generation || generation.userId !== ctx.user.id) return gone(ctx)
  const model = getModel(generation.modelId)
  const prompt = model ? promptField(model) : undefined
  if (!model || !prompt) return toast(ctx, ctx.t('results.no_prompt'))
  const params = (generation.params ?? {}) as Record<string, unknown>
  await startWizard(ctx, model.slug, params, { only: prompt.key, newMessage: true })
}

/** The original file: the worker fetches Kie's link and sends it as a document. */
async function sendOriginal(ctx: BotContext, generationId: string, index: number): Promise<void> {
  const generation = await ownResult(ctx, generationId)
  if (!generation || index >= generation.resultUrls.length) return gone(ctx)
  await enqueueTelegram(
    ctx.deps.queues.telegram,
    { kind: 'original', generationId, index, chatId: String(ctx.chat?.id ?? generation.chatId) },
    { jobId: originalJobId(generationId, index, ctx.update.update_id) },
  )
}
