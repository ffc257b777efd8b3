import { randomBytes } from 'node:crypto'
import { callbackData as cb } from '@kiebot/jobs'
import {
  getModel,
  listModels,
  promptField,
  withMeasurements,
  type MediaField,
  type MediaKind,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import { telegramFileRef } from '@kiebot/telegram'
import type { BotContext, Deps } from '../../bot/context'
import {
  button,
  escapeHtml,
  formatStartingPrice,
  mainMenu,
  menuButton,
  rows,
  show,
  type Keyboard,
  type Screen,
} from '../../ui'
import { rememberedOptions, startWizard, type IncomingFile } from '../wizard'

// A photo, video or recording sent outside a form: "what shall I do with it?", the models that
// take that kind of file grouped by task, each with its price; the caption is the prompt. The
// file waits in Redis (3 hours, the newest 3 per user) until one is picked.

export const SENT_FILE_TTL_SECONDS = 3 * 3600
export const SENT_FILES_PER_USER = 3
const MODELS_PER_PAGE = 8

/** The tasks in the order they are offered; a model's task follows from its kind and the file it takes. */
export const TASKS = [
  'image-edit',
  'image-to-video',
  'image-upscale',
  'background-removal',
  'character-reference',
  'talking-avatar',
  'video-upscale',
  'video-to-video',
  'audio-isolation',
  'music',
] as const
export type Task = (typeof TASKS)[number]

export interface SentFile {
  id: string
  userId: string
  file: IncomingFile & { kind: MediaKind }
  caption?: string
}

function fileKey(deps: Deps, id: string): string {
  return `${deps.config.QUEUE_PREFIX}:sent-file:${id}`
}
function listKey(deps: Deps, userId: string): string {
  return `${deps.config.QUEUE_PREFIX}:sent-files:${userId}`
}

async function keep(deps: Deps, sent: SentFile): Promise<void> {
  const list = listKey(deps, sent.userId)
  const result = await deps.redis
    .multi()
    .set(fileKey(deps, sent.id), JSON.stringify(sent), 'EX', SENT_FILE_TTL_SECONDS)
    .lpush(list, sent.id)
    .lrange(list, SENT_FILES_PER_USER, -1)
    .ltrim(list, 0, SENT_FILES_PER_USER - 1)
    .expire(list, SENT_FILE_TTL_SECONDS)
    .exec()
  const evicted = (result?.[2]?.[1] ?? []) as string[]
  if (evicted.length > 0) await deps.redis.del(...evicted.map((id) => fileKey(deps, id)))
}

async function sentFile(ctx: BotContext, id: string): Promise<SentFile | undefined> {
  const raw = await ctx.deps.redis.get(fileKey(ctx.deps, id))
  const sent = raw ? (JSON.parse(raw) as SentFile) : undefined
  return sent && sent.userId === ctx.user.id.toString() ? sent : undefined
}

/** The field of the model this file fills (the first one of its kind). */
function fieldFor(model: ModelSpec, kind: MediaKind): MediaField | undefined {
  return model.fields.find((f): f is MediaField => f.type === 'media' && f.ask && f.kind === kind)
}

/** What a model does with a file of this kind. */
export function taskOf(model: ModelSpec, kind: MediaKind): Task | undefined {
  switch (model.kind) {
    case 'text-to-image':
    case 'image-to-image':
    case 'image-edit':
      return 'image-edit'
    case 'lip-sync':
    case 'speech-to-video':
    case 'talking-avatar':
      return 'talking-avatar'
    case 'text-to-video':
    case 'image-to-video':
      return kind === 'image' ? 'image-to-video' : undefined
    case 'video-to-video':
      // motion control: a photo is the character that repeats the video's moves
      return kind === 'image' ? 'image-to-video' : 'video-to-video'
    default:
      return (TASKS as readonly string[]).includes(model.kind) ? (model.kind as Task) : undefined
  }
}

/** The models on sale that take this file, by task, in the catalog's order. */
async function modelsByTask(ctx: BotContext, file: SentFile['file']): Promise<Map<Task, ModelSpec[]>> {
  const byTask = new Map<Task, ModelSpec[]>()
  for (const model of listModels()) {
    const field = fieldFor(model, file.kind)
    const task = field && taskOf(model, file.kind)
    if (!field || !task || (file.size !== undefined && file.size > field.maxBytes)) continue
    if (!(await ctx.deps.prices.isOffered(model.slug))) continue
    byTask.set(task, [...(byTask.get(task) ?? []), model])
  }
  return byTask
}

async function priceOf(ctx: BotContext, model: ModelSpec): Promise<{ kopecks: number; from: boolean }> {
  const range = await ctx.deps.prices.range(model)
  return { kopecks: range.minKopecks, from: range.minKopecks !== range.maxKopecks }
}

function priceText(ctx: BotContext, price: { kopecks: number; from: boolean }): string {
  return formatStartingPrice(price.kopecks, price.from, ctx.lang, ctx.t)
}

function header(ctx: BotContext, sent: SentFile): string {
  const caption = sent.caption?.trim()
  return [
    ctx.t(`cold.${sent.file.kind}`),
    caption
      ? ctx.t('cold.caption', { caption: escapeHtml(caption.length > 200 ? `${caption.slice(0, 200)}…` : caption) })
      : ctx.t('cold.no_caption'),
  ].join('\n')
}

/** The tasks for this file; a task with one model picks it at once. */
export async function tasksScreen(ctx: BotContext, sent: SentFile): Promise<Screen> {
  const byTask = await modelsByTask(ctx, sent.file)
  if (byTask.size === 0) return { text: ctx.t('cold.none'), keyboard: [[menuButton(ctx)]] }
  const buttons = []
  for (const task of TASKS) {
    const models = byTask.get(task)
    if (!models) continue
    const prices = await Promise.all(models.map((m) => priceOf(ctx, m)))
    const cheapest = Math.min(...prices.map((p) => p.kopecks))
    const price = priceText(ctx, { kopecks: cheapest, from: models.length > 1 || prices[0]!.from })
    const label = ctx.t('cold.task_button', { task: ctx.t(`cold.task.${task}`), price })
    buttons.push(
      button(label, models.length === 1 ? cb.fileModel(sent.id, models[0]!.slug) : cb.fileTask(sent.id, task, 0)),
    )
  }
  return { text: header(ctx, sent), keyboard: [...rows(buttons, 2), [menuButton(ctx)]] }
}

/** One task's models for this file, with their prices, page by page. */
export async function taskScreen(
  ctx: BotContext,
  sent: SentFile,
  task: string,
  requestedPage: number,
): Promise<Screen> {
  const models = (TASKS as readonly string[]).includes(task)
    ? ((await modelsByTask(ctx, sent.file)).get(task as Task) ?? [])
    : []
  if (models.length === 0) return tasksScreen(ctx, sent)
  const pages = Math.ceil(models.length / MODELS_PER_PAGE)
  const page = Math.min(Math.max(requestedPage, 0), pages - 1)
  const keyboard: Keyboard = []
  for (const model of models.slice(page * MODELS_PER_PAGE, (page + 1) * MODELS_PER_PAGE)) {
    const price = priceText(ctx, await priceOf(ctx, model))
    keyboard.push([
      button(ctx.t('catalog.model_button', { name: model.name[ctx.lang], price }), cb.fileModel(sent.id, model.slug)),
    ])
  }
  const nav = []
  if (page > 0) nav.push(button(ctx.t('btn.prev'), cb.fileTask(sent.id, task, page - 1)))
  if (page < pages - 1) nav.push(button(ctx.t('btn.next'), cb.fileTask(sent.id, task, page + 1)))
  if (nav.length > 0) keyboard.push(nav)
  keyboard.push([button(ctx.t('btn.back'), cb.fileTasks(sent.id)), menuButton(ctx)])
  return {
    text: `${header(ctx, sent)}\n\n${ctx.t('cold.task', { task: ctx.t(`cold.task.${task as Task}`) })}`,
    keyboard,
  }
}

/** A file sent outside a form: kept, and its tasks offered. */
export async function offerTasks(ctx: BotContext, file: IncomingFile, caption: string | undefined): Promise<void> {
  if (file.kind === 'other') {
    await ctx.reply(ctx.t('cold.unusable'))
    return
  }
  const sent: SentFile = {
    id: randomBytes(6).toString('base64url'),
    userId: ctx.user.id.toString(),
    file: { ...file, kind: file.kind },
    ...(caption?.trim() && { caption: caption.trim() }),
  }
  await keep(ctx.deps, sent)
  await show(ctx, await tasksScreen(ctx, sent), { newMessage: true })
}

/** Runs `fn` with the file a button names, or says it is gone. */
export async function withSentFile(
  ctx: BotContext,
  id: string,
  fn: (sent: SentFile) => Promise<unknown>,
): Promise<unknown> {
  const sent = await sentFile(ctx, id)
  if (!sent) return show(ctx, { text: ctx.t('cold.expired'), keyboard: mainMenu(ctx).keyboard })
  return fn(sent)
}

/** The model picked: its wizard, with the file (and the caption as the prompt) already filled. */
export async function pickModel(ctx: BotContext, sent: SentFile, slug: string): Promise<void> {
  const model = getModel(slug)
  const field = model && fieldFor(model, sent.file.kind)
  if (!model || !field) {
    await show(ctx, await tasksScreen(ctx, sent))
    return
  }
  const ref = telegramFileRef(sent.file.fileId)
  let params: Params = { ...(await rememberedOptions(ctx, model)), [field.key]: field.multiple ? [ref] : ref }
  // what Telegram says of the file (length, size) prices it; the worker measures the file itself
  params = withMeasurements(
    model,
    params,
    field.key,
    { 'duration-seconds': sent.file.duration, 'long-side-px': sent.file.longSide },
    { claimed: true },
  )
  const prompt = promptField(model)
  if (prompt && sent.caption) params[prompt.key] = sent.caption
  await startWizard(ctx, model.slug, params, { atConfirmation: true })
}
