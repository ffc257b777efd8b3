import { randomUUID } from 'node:crypto'
import {
  adoptBoundTask,
  asStringMap,
  listedKieModels,
  modelGate,
  recordKieTask,
  recordMeasurement,
  recordUploadedInput,
  retryUnsentSubmit,
  revertSubmit,
  settleMeasuredPrice,
  startSubmit,
  type Generation,
} from '@kiebot/db'
import type { GenerationJob } from '@kiebot/jobs'
import { buildCreateRequest, callbackUrlFor, isKieError, type KieCreateRequest, type KieError } from '@kiebot/kie'
import {
  getModel,
  InvalidParamsError,
  measuredFields,
  mediaFields,
  scaleCredits,
  upstreamAvailable,
  validateParams,
  withMeasurements,
  type ModelSpec,
  type Params,
} from '@kiebot/models'
import { quote } from '@kiebot/pricing'
import { fileExtension, mediaTypeOf, telegramFileIdOf } from '@kiebot/telegram'
import { alertAdmins } from '../alerts'
import type { WorkerContext } from '../context'
import { TelegramApiError } from '../telegram/bot-api'
import { scheduleTick } from '../telegram/progress'
import { refreshStatus, whenSlow } from './notify'
import { fail, next, sleep, type StepOutcome } from './outcome'
import { pollDelay } from './pacing'
import type { PooledKey } from '../kie-pool'
import { keyedAlert, probeKieCredits, storeCredits, timedKie } from './kie-calls'
import { measureFile, type Quantity } from './measure'
import { isTaskNotFound, readTask } from './read-task'

/**
 * submit: upload the user's files (Telegram -> Kie, recorded one by one), then create the
 * task exactly once. A create whose answer was lost is reconciled, never re-sent.
 */
export async function submit(ctx: WorkerContext, generation: Generation, job: GenerationJob): Promise<StepOutcome> {
  const model = getModel(generation.modelId)
  if (generation.status === 'running') return reconcile(ctx, generation, job, model)
  // Queued with a task id (bound before the create was ours to send): read that task, never create another.
  if (generation.kieTaskId !== null) {
    if (await adoptBoundTask(ctx.db, generation.id))
      ctx.logger.warn('queued generation already names a Kie task: reconciling', { kieTaskId: generation.kieTaskId })
    return next()
  }
  const now = Date.now()
  if (now >= generation.deadlineAt.getTime()) return fail(ctx, generation, 'deadline', ['submit'])
  if (!model) return fail(ctx, generation, 'model_unavailable', ['submit'], `unknown model ${generation.modelId}`)
  // an admin may have disabled the model after the user confirmed
  const gate = await modelGate(ctx.db, model.slug)
  if (!gate.enabled) return fail(ctx, generation, 'model_unavailable', ['submit'], 'model disabled by an admin')
  // ...or the catalog sync hid it (Kie no longer lists it, or its schema changed), or its vendor retired it
  if (gate.hiddenReason)
    return fail(ctx, generation, 'model_unavailable', ['submit'], `hidden by the catalog sync (${gate.hiddenReason})`)
  if (model.upstreamRetired !== undefined && !upstreamAvailable(model, await listedKieModels(ctx.db)))
    return fail(
      ctx,
      generation,
      'model_unavailable',
      ['submit'],
      `retired upstream on ${model.upstreamRetired}, not listed by Kie`,
    )

  // the status message's clock starts: its first tick (which says "uploading your files" while it does)
  // (a comparison's part has no status message of its own, so no clock)
  if (generation.groupId === null) await scheduleTick(ctx, generation)

  // every key of the pool paused after a 402: wait for a balance to grow (probed by one worker per key)
  if ((await ctx.coordination.pausedKieKeys(ctx.kiePool.labels)).length === ctx.kiePool.keys.length) {
    for (const key of ctx.kiePool.keys) await probeKieCredits(ctx, key)
    if ((await ctx.coordination.pausedKieKeys(ctx.kiePool.labels)).length === ctx.kiePool.keys.length)
      return sleep(
        Math.min(ctx.config.KIE_POLL_MAX_MS, generation.deadlineAt.getTime() - now + 50),
        'kie submissions paused (402)',
      )
  }

  // The user's files, downloaded once per run: measured first (the price), then uploaded to Kie.
  const downloads = new Map<string, Download>()
  const priced = await priceMeasuredInputs(ctx, generation, model, gate.creditFactor, (fileId, maxBytes) =>
    download(ctx, downloads, fileId, maxBytes),
  )
  if (priced) return priced

  const resolved = await uploadInputs(ctx, generation, model, downloads)
  if ('kind' in resolved) return resolved

  let request: KieCreateRequest
  try {
    const callBackUrl = callbackUrlFor(ctx.config.PUBLIC_URL, generation.id, ctx.config.KIE_CALLBACK_SECRET)
    request = buildCreateRequest(model, resolved.params, { callBackUrl })
  } catch (error) {
    if (error instanceof InvalidParamsError)
      return fail(ctx, generation, 'model_unavailable', ['submit'], error.message)
    throw error
  }
  // Everything that may still refuse the generation without a Kie task goes above this line.
  return sendCreate(ctx, generation, model, request)
}

/** A create unanswered this long shows "sending to the service" (without Cancel) while it waits. */
const SLOW_CREATE_MS = 1000

/**
 * The create, sent at most once per attempt: a create slot, then queued -> running with "sent"
 * recorded (one write: `startSubmit`), then the request. Until that write the row is queued
 * and a crash leaves nothing to undo; after it, a crash or a lost answer is reconciled.
 */
async function sendCreate(
  ctx: WorkerContext,
  generation: Generation,
  model: ModelSpec,
  request: KieCreateRequest,
): Promise<StepOutcome> {
  // a key of the pool with a free create slot (each key has its own KIE_CREATE_LIMIT), not paused
  const slot = await ctx.coordination.takeKieCreateSlot(
    ctx.kiePool.labels,
    ctx.config.KIE_CREATE_LIMIT,
    ctx.config.KIE_CREATE_WINDOW_MS,
    generation.id,
  )
  const key = slot.label === null ? undefined : ctx.kiePool.of(slot.label)
  if (!key) {
    if (slot.waitMs === 0) return sleep(Math.min(ctx.config.KIE_POLL_MAX_MS, 5000), 'kie submissions paused (402)')
    return sleep(slot.waitMs + Math.random() * 250, 'kie create limit')
  }
  const attempt = randomUUID()
  // false: cancelled, taken by another run, or bound to a task by an older gateway; the row says
  // what next (the slot taken stays counted: the window errs on the safe side)
  if (!(await startSubmit(ctx.db, generation.id, attempt, key.label))) return next()
  // No longer cancellable: the status message loses its Cancel ("sending to the service") when
  // the create is slow. A fast one goes straight to "generating" below: one render fewer.
  let taskId: string
  try {
    taskId = await whenSlow(
      SLOW_CREATE_MS,
      () => refreshStatus(ctx, generation.id, 'sending'),
      () => timedKie(ctx, 'create', () => key.client.createTask(request)),
    )
  } catch (error) {
    return createFailed(ctx, generation, attempt, key, error)
  }
  ctx.metrics.kieCreates.inc({ outcome: 'created' })
  const following = await recordKieTask(ctx.db, generation.id, taskId)
  if (!following) {
    ctx.logger.error('kie task created but the row moved on', { kieTaskId: taskId })
    return next()
  }
  ctx.logger.info('kie task created', { kieTaskId: taskId, model: model.slug, kieKey: key.label })
  await refreshStatus(ctx, generation.id, 'follow', 'typing')
  return next(following)
}

async function createFailed(
  ctx: WorkerContext,
  generation: Generation,
  attempt: string,
  key: PooledKey,
  error: unknown,
): Promise<StepOutcome> {
  if (
    !isKieError(error) ||
    error.kind === 'outcome_unknown' ||
    error.kind === 'timeout' ||
    error.kind === 'invalid_response'
  ) {
    // A task may exist: keep the mark (submitUnknownAt) and reconcile; no longer cancellable.
    ctx.metrics.kieCreates.inc({ outcome: 'unknown' })
    ctx.logger.warn('kie create outcome unknown: reconciling, never re-sending', { error: describe(error) })
    await refreshStatus(ctx, generation.id, 'sending')
    if (!isKieError(error)) throw error
    return next()
  }
  ctx.metrics.kieCreates.inc({ outcome: `error_${error.code ?? error.kind}` })
  if (error.kind === 'network') {
    await revertSubmit(ctx.db, generation.id, attempt)
    return sleep(pollDelay(ctx, generation.createdAt, generation.deadlineAt), 'kie unreachable')
  }
  if (error.code === 429) {
    await revertSubmit(ctx.db, generation.id, attempt)
    if (ctx.kiePool.keys.length === 1) {
      ctx.logger.warn('kie rate limit (429): slowing the generation queue', { ms: ctx.config.KIE_CREATE_WINDOW_MS })
      return { kind: 'rate-limited', ms: ctx.config.KIE_CREATE_WINDOW_MS }
    }
    // one account's limit: that key rests for a window, the others go on
    ctx.logger.warn('kie rate limit (429): the key rests', { kieKey: key.label, ms: ctx.config.KIE_CREATE_WINDOW_MS })
    await ctx.coordination.holdKieKey(key.label, ctx.config.KIE_CREATE_WINDOW_MS)
    return sleep(100 + Math.random() * 250, 'kie key rate limited')
  }
  if (error.code === 402) return outOfCredits(ctx, generation, attempt, key, error)
  if (error.retryable) {
    await revertSubmit(ctx.db, generation.id, attempt)
    return sleep(pollDelay(ctx, generation.createdAt, generation.deadlineAt), `kie create error ${error.code}`)
  }
  if (error.code === 401 || error.code === 433) {
    await alertAdmins(ctx, { key: `kie-auth-${error.code}`, message: 'alert.kie_auth', params: { code: error.code } })
  }
  return fail(ctx, generation, 'kie_rejected', ['submit'], error.message)
}

async function outOfCredits(
  ctx: WorkerContext,
  generation: Generation,
  attempt: string,
  key: PooledKey,
  error: KieError,
): Promise<StepOutcome> {
  let credits: number | null = null
  try {
    credits = await timedKie(ctx, 'credits', () => key.client.getCredits())
    await storeCredits(ctx, key, credits)
  } catch {
    credits = null
  }
  if (await ctx.coordination.pauseKieSubmissions(key.label, credits)) {
    ctx.logger.warn('kie out of credits (402): the key is paused', { kieKey: key.label, credits })
    await alertAdmins(ctx, keyedAlert(ctx, key, 'no_credits', { credits: credits ?? '?' }, 600_000))
  }
  // 402: no task was created. Another key of the pool may still have credits: try it.
  const paused = await ctx.coordination.pausedKieKeys(ctx.kiePool.labels)
  if (paused.length < ctx.kiePool.keys.length && (await revertSubmit(ctx.db, generation.id, attempt))) return next()
  return fail(ctx, generation, 'kie_no_credits', ['submit'], error.message)
}

/**
 * Running at submit without a stored task id. If "sent" was never recorded, no request left
 * the process (a worker of the version before `startSubmit` died between its two writes):
 * submit again at once. Otherwise the create
 * may have reached Kie (its answer was lost, or the worker died while it was in flight): a
 * verified callback names the task (wakeGeneration passes its id, the gateway binds it to
 * the row); without one within the grace period the generation is refunded.
 */
async function reconcile(
  ctx: WorkerContext,
  generation: Generation,
  job: GenerationJob,
  model: ModelSpec | undefined,
): Promise<StepOutcome> {
  const now = Date.now()
  // named by a callback: in the job's data (wake-up) or in the row (the gateway stores it)
  const namedTaskId = job.kieTaskId ?? generation.kieTaskId
  // the task is read with the key its create went out with (a row bound before the pool: the
  // first key); when that key does not know it, with the pool's others (a create retried on
  // another key after an error may have made it on the first): the key that finds it is stored
  if (namedTaskId && model) {
    try {
      const { task, key } = await readTask(ctx, generation.id, model.family, namedTaskId, generation.kieKey)
      const rebound = key === ctx.kiePool.of(generation.kieKey) ? undefined : key.label
      if (await recordKieTask(ctx.db, generation.id, task.taskId || namedTaskId, new Date(), rebound)) {
        ctx.logger.info('kie task reconciled from its callback', { kieTaskId: namedTaskId, kieKey: key.label })
        await refreshStatus(ctx, generation.id, 'follow', 'typing')
      }
      return next()
    } catch (error) {
      ctx.logger.warn('callback task id could not be confirmed', { kieTaskId: namedTaskId, error: describe(error) })
      if (!isTaskNotFound(error))
        return sleep(pollDelay(ctx, generation.updatedAt, generation.deadlineAt), 'confirming callback task')
    }
  }
  if (generation.submitUnknownAt === null && generation.kieTaskId === null) {
    if (await retryUnsentSubmit(ctx.db, generation.id, generation.submitAttempt))
      ctx.logger.warn('create attempt never sent (worker died before it): submitting again')
    return next()
  }
  const since = (generation.submitUnknownAt ?? generation.updatedAt).getTime()
  const graceEnd = since + submitGraceMs(ctx, model)
  if (now >= graceEnd) return fail(ctx, generation, 'submit_unknown', ['submit'])
  if (now >= generation.deadlineAt.getTime()) return fail(ctx, generation, 'deadline', ['submit'])
  return sleep(
    Math.min(ctx.config.KIE_POLL_MAX_MS, graceEnd - now + 50, generation.deadlineAt.getTime() - now + 50),
    'waiting for the callback of an unconfirmed create',
  )
}

/**
 * How long a create whose outcome is unknown waits for Kie's callback: twice the model's
 * typical duration plus 30 s (Kie calls back when the task ends), at most KIE_SUBMIT_GRACE_MS.
 */
export function submitGraceMs(ctx: WorkerContext, model: ModelSpec | undefined): number {
  const typical = model?.typicalMs ?? ctx.config.KIE_SUBMIT_GRACE_MS
  return Math.min(ctx.config.KIE_SUBMIT_GRACE_MS, 2 * typical + 30_000)
}

type Uploaded = { params: Params } | StepOutcome

type Download = { bytes: Uint8Array; filePath: string }

async function download(
  ctx: WorkerContext,
  downloads: Map<string, Download>,
  fileId: string,
  maxBytes: number,
): Promise<Download> {
  let file = downloads.get(fileId)
  if (!file) {
    file = await ctx.bot.downloadFile(fileId, maxBytes)
    downloads.set(fileId, file)
  }
  return file
}

/**
 * Before Kie is paid, the price of the user's files as they really are (their length or
 * size read from the bytes, never from the update's claims), priced with the generation's
 * own snapshot (FX, markup). At or below the reservation: the generation costs that and the
 * difference is refunded. Above it: nothing is sent to Kie; the generation ends refunded
 * and the user is offered a Confirm at the true price. Longer than the model takes: refunded.
 * Values of inputs that are not the user's Telegram files (no claim to check) are kept.
 * Once per generation (`measured_at`); a re-run after a crash finishes what it decided.
 */
async function priceMeasuredInputs(
  ctx: WorkerContext,
  generation: Generation,
  model: ModelSpec,
  /** the catalog's credit factor for this offering (read once by submit) */
  creditFactor: number,
  fetchFile: (fileId: string, maxBytes: number) => Promise<Download>,
): Promise<StepOutcome | undefined> {
  const fields = measuredFields(model)
  if (fields.length === 0) return undefined
  if (generation.measuredAt) {
    if (generation.measuredPriceKopecks === null) return fail(ctx, generation, 'input_too_long', ['submit'])
    if (generation.measuredPriceKopecks > generation.priceKopecks)
      return fail(ctx, generation, 'price_rechecked', ['submit'])
    return undefined
  }
  let params = { ...(generation.params as Params) }
  const measured: Record<string, number> = {}
  for (const media of mediaFields(model)) {
    const own = fields.filter((f) => f.measuredFrom?.media === media.key)
    // a one-file field sent as a list (Kling motion control's video_urls) is measured like a single file
    const value = params[media.key]
    const ref = Array.isArray(value) && value.length === 1 ? value[0] : value
    const fileId = telegramFileIdOf(ref)
    if (own.length === 0 || fileId === null) continue
    let file: Download
    try {
      file = await fetchFile(fileId, media.maxBytes)
    } catch (error) {
      return uploadFailed(ctx, generation, error)
    }
    const quantities: Partial<Record<Quantity, number>> = {}
    for (const field of own) {
      const quantity = field.measuredFrom!.quantity
      quantities[quantity] ??= await measureFile(file.bytes, quantity)
    }
    params = withMeasurements(model, params, media.key, quantities)
    for (const field of own) {
      const value = params[field.key]
      if (typeof value === 'number') measured[field.key] = value
    }
    ctx.logger.info('user file measured', {
      field: media.key,
      measured: quantities,
      declared: own.map((f) => (generation.params as Params)[f.key]),
    })
  }
  const checked = validateParams(model, params, { telegramFiles: true })
  if (!checked.ok) {
    await recordMeasurement(ctx.db, generation.id, measured)
    return fail(ctx, generation, 'input_too_long', ['submit'], checked.errors.map((e) => e.message.en).join('; '))
  }
  // priced like the gateway prices it: registry credits × the catalog's credit factor (never below Kie's price)
  const credits = scaleCredits(model.credits(checked.params), creditFactor)
  const kopecks = generation.priceFixed
    ? generation.priceKopecks
    : quote({ credits, fxRubPerUsd: Number(generation.fxRate), markup: Number(generation.markup) }).kopecks
  const settled = await settleMeasuredPrice(ctx.db, generation.id, { measured, credits, kopecks })
  if (settled.outcome === 'unchanged') return next()
  if (settled.outcome === 'higher') {
    ctx.logger.info('measured files cost more than reserved: refunding, offering the true price', {
      kopecks,
      reserved: settled.reservedKopecks,
    })
    return fail(
      ctx,
      generation,
      'price_rechecked',
      ['submit'],
      `measured price ${kopecks} > reserved ${settled.reservedKopecks} kopecks`,
    )
  }
  if (settled.refundedKopecks > 0) {
    ctx.logger.info('measured files cost less than reserved: difference refunded', {
      kopecks,
      refunded: settled.refundedKopecks,
    })
    await refreshStatus(ctx, generation.id, 'measured')
  }
  return undefined
}

/** Replaces every `tg:<file_id>` by the Kie URL of the uploaded file (uploaded once, recorded). */
async function uploadInputs(
  ctx: WorkerContext,
  generation: Generation,
  model: ModelSpec,
  downloads: Map<string, Download>,
): Promise<Uploaded> {
  const params = { ...(generation.params as Params) }
  let uploaded = asStringMap(generation.uploadedInputs)
  let index = 0
  for (const field of mediaFields(model)) {
    const value = params[field.key]
    const refs = Array.isArray(value) ? value : value === undefined ? [] : [value]
    const urls: unknown[] = []
    for (const ref of refs) {
      index++
      const fileId = telegramFileIdOf(ref)
      if (typeof ref !== 'string' || fileId === null) {
        urls.push(ref)
        continue
      }
      let url = uploaded[ref]
      if (url === undefined) {
        try {
          url = await uploadOne(ctx, generation, await download(ctx, downloads, fileId, field.maxBytes), index)
        } catch (error) {
          return uploadFailed(ctx, generation, error)
        }
        uploaded = await recordUploadedInput(ctx.db, generation.id, ref, url)
      }
      urls.push(url)
    }
    if (value !== undefined) params[field.key] = Array.isArray(value) ? urls : urls[0]
  }
  return { params }
}

async function uploadOne(
  ctx: WorkerContext,
  generation: Generation,
  { bytes, filePath }: Download,
  index: number,
): Promise<string> {
  const extension = fileExtension(filePath) ?? 'bin'
  const mimeType = mediaTypeOf(filePath)
  const file = await timedKie(ctx, 'upload', () =>
    ctx.kie.uploadFile({
      data: bytes,
      uploadPath: 'kiebot/inputs',
      fileName: `${generation.id}-${index}.${extension}`,
      ...(mimeType ? { mimeType } : {}),
    }),
  )
  return file.downloadUrl
}

function uploadFailed(ctx: WorkerContext, generation: Generation, error: unknown): StepOutcome | Promise<StepOutcome> {
  if (error instanceof TelegramApiError) {
    if (error.rateLimited) return sleep((error.retryAfter ?? 1) * 1000, 'telegram 429 on getFile')
    if (error.retryable)
      return sleep(pollDelay(ctx, generation.createdAt, generation.deadlineAt), 'telegram unavailable for getFile')
    return fail(ctx, generation, 'input_unavailable', ['submit'], error.description)
  }
  if (isKieError(error)) {
    if (error.retryable)
      return sleep(pollDelay(ctx, generation.createdAt, generation.deadlineAt), 'kie upload unavailable')
    return fail(ctx, generation, 'input_unavailable', ['submit'], error.message)
  }
  throw error
}

export function describe(error: unknown): Record<string, unknown> | string {
  if (isKieError(error)) return error.toJSON()
  return error instanceof Error ? error.message : String(error)
}
