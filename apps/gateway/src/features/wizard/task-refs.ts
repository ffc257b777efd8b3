import { listModels, type FieldSpec, type ModelSpec, type Params, type TextField } from '@kiebot/models'
import type { BotContext } from '../../bot/context'

// Fields that name an earlier Kie task (grok-image-upscale's task_id): the value is
// always the task id of one of the user's own succeeded generations of a model the
// field accepts, or for a track reference (suno-extend's audioId) the id of one of
// that generation's results (resultTrackIds). The wizard offers those as buttons; a typed id is accepted only if it
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

const namesTrack = (field: TaskRefField): boolean => field.taskRef.value === 'track'

function ownSources(ctx: BotContext, field: TaskRefField) {
  const sources = { userId: ctx.user.id, status: 'succeeded' as const, modelId: { in: sourceSlugs(field) } }
  return namesTrack(field)
    ? { ...sources, resultTrackIds: { isEmpty: false } }
    : { ...sources, kieTaskId: { not: null } }
}

/** A picker button: a source generation, or one of its tracks (`<generation id>:<index>`). */
export interface TaskPick {
  id: string
  createdAt: Date
  params: unknown
  /** 1-based track number, for a track reference */
  track?: number
}

/** The user's newest succeeded generations this field can name (each of their tracks, for a track reference). */
export async function taskSources(ctx: BotContext, field: TaskRefField): Promise<TaskPick[]> {
  const rows = await ctx.deps.db.generation.findMany({
    where: ownSources(ctx, field),
    orderBy: { createdAt: 'desc' },
    take: TASK_PICKS,
    select: { id: true, createdAt: true, params: true, resultTrackIds: true },
  })
  if (!namesTrack(field)) return rows.map(({ id, createdAt, params }) => ({ id, createdAt, params }))
  return rows.flatMap((row) =>
    row.resultTrackIds.map((_, i) => ({
      id: `${row.id}:${i}`,
      createdAt: row.createdAt,
      params: row.params,
      track: i + 1,
    })),
  )
}

/** True when the value (task id, or track id) is one of the user's own succeeded source generations. */
export async function ownsTask(ctx: BotContext, field: TaskRefField, value: string): Promise<boolean> {
  const named = namesTrack(field) ? { resultTrackIds: { has: value.trim() } } : { kieTaskId: value.trim() }
  return (await ctx.deps.db.generation.count({ where: { ...ownSources(ctx, field), ...named } })) > 0
}

/** The first task-reference field whose value the user does not own (Confirm's check). */
export async function unownedTaskField(
  ctx: BotContext,
  model: ModelSpec,
  params: Params,
): Promise<TaskRefField | undefined> {
  for (const field of model.fields) {
    if (!isTaskRef(field)) continue
    const value = params[field.key]
    if (value === undefined) continue
    if (typeof value !== 'string' || !(await ownsTask(ctx, field, value))) return field
  }
  return undefined
}

/**
 * What the picker's button sets (the task id, or the track id, of one of the user's own source
 * generations, by the pick's id), with the source's params the field copies (Suno's version).
 */
export async function ownTaskPick(
  ctx: BotContext,
  field: TaskRefField,
  pickId: string,
): Promise<{ value: string; copied: Params } | undefined> {
  const [generationId, index] = pickId.split(':')
  const source = await ctx.deps.db.generation.findFirst({
    where: { ...ownSources(ctx, field), id: generationId },
    select: { kieTaskId: true, resultTrackIds: true, params: true },
  })
  if (!source) return undefined
  const value = namesTrack(field)
    ? index === undefined
      ? undefined
      : source.resultTrackIds[Number(index)]
    : index === undefined
      ? source.kieTaskId
      : null
  if (!value) return undefined
  const params = (source.params ?? {}) as Params
  const copied = Object.fromEntries(
    (field.taskRef.copyParams ?? []).filter((key) => params[key] !== undefined).map((key) => [key, params[key]]),
  )
  return { value, copied }
}
