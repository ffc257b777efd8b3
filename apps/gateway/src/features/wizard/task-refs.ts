import { listModels, type FieldSpec, type ModelSpec, type Params, type TextField } from '@kiebot/models'
import type { BotContext } from '../../bot/context'

// Fields that name an earlier Kie task (grok-image-upscale's task_id): the value is
// always the task id of one of the user's own succeeded generations of a model the
// field accepts. The wizard offers those as buttons; a typed id is accepted only if it
// is one of them, and Confirm checks again, so a task id the user does not own is
// never charged for nor sent to Kie.

/** How many of the newest source generations the picker offers. */
export const TASK_PICKS = 6

export type TaskRefField = TextField & { taskRef: NonNullable<TextField['taskRef']> }

export function isTaskRef(field: FieldSpec | undefined): field is TaskRefField {
  return field?.type === 'text' && field.taskRef !== undefined
}

function sourceSlugs(field: TaskRefField): string[] {
  return listModels()
    .filter((m) => field.taskRef.kieModels.includes(m.kieModel))
    .map((m) => m.slug)
}

function ownSources(ctx: BotContext, field: TaskRefField) {
  return { userId: ctx.user.id, status: 'succeeded' as const, modelId: { in: sourceSlugs(field) }, kieTaskId: { not: null } }
}

/** The user's newest succeeded generations this field can name. */
export async function taskSources(ctx: BotContext, field: TaskRefField) {
  return ctx.deps.db.generation.findMany({
    where: ownSources(ctx, field),
    orderBy: { createdAt: 'desc' },
    take: TASK_PICKS,
    select: { id: true, createdAt: true, params: true },
  })
}

/** True when the task id is one of the user's own succeeded source generations. */
export async function ownsTask(ctx: BotContext, field: TaskRefField, taskId: string): Promise<boolean> {
  return (await ctx.deps.db.generation.count({ where: { ...ownSources(ctx, field), kieTaskId: taskId.trim() } })) > 0
}

/** The first task-reference field whose value the user does not own (Confirm's check). */
export async function unownedTaskField(ctx: BotContext, model: ModelSpec, params: Params): Promise<TaskRefField | undefined> {
  for (const field of model.fields) {
    if (!isTaskRef(field)) continue
    const value = params[field.key]
    if (value === undefined) continue
    if (typeof value !== 'string' || !(await ownsTask(ctx, field, value))) return field
  }
  return undefined
}

/** The task id of one of the user's own source generations, by its id (the picker's button). */
export async function ownTaskId(ctx: BotContext, field: TaskRefField, generationId: string): Promise<string | undefined> {
  const source = await ctx.deps.db.generation.findFirst({ where: { ...ownSources(ctx, field), id: generationId }, select: { kieTaskId: true } })
  return source?.kieTaskId ?? undefined
}
