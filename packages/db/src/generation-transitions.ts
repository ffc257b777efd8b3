import { Prisma, type Generation, type GenerationStatus, type GenerationStep, type Language } from '../prisma-client'
import type { Db, Tx } from './client'
import { sqlCount, sqlRows, type SqlTx } from './sql'

// Every write to a `generations` row, each a named transition. Nothing else in the code
// base writes the row (test/ownership.test.ts scans the sources): the gateway (Confirm,
// the Kie callback), the worker's pipeline and its delivery queue call these. Each is a
// compare-and-set on the row's step (and status), so a re-run of a step (stall, crash,
// retry) or a race with a cancel or a deadline sweep changes nothing twice: whoever moves
// the row first wins, the other sees `false` and re-reads. The ones that take an `SqlTx` are
// the business-row half of a money function (money.ts): money only moves there.

/** Active = holding reserved money and a concurrency slot. The one definition. */
export const ACTIVE_STATUSES: GenerationStatus[] = ['queued', 'running']

/**
 * The steps at which the worker still waits for news of its Kie task, so a Kie callback's
 * wake-up is for them. Past them the task has been read to its end. The one definition (the
 * gateway's callback and the worker's processor both ask).
 */
export function awaitsKieTask(step: GenerationStep): boolean {
  return step === 'submit' || step === 'follow'
}

/** The statuses a generation ends in without a result (refunded). */
export type EndedWithoutResult = Extract<GenerationStatus, 'failed' | 'cancelled' | 'timed_out'>

/** Why a generation ended without a result; the user's text comes from i18n by code. */
export const FAILURE_CODES = {
  /** Kie ran the task and it failed */
  kie_failed: 'failed',
  /** Kie refused the create request (validation, content policy...) */
  kie_rejected: 'failed',
  /** Kie account out of credits (402) */
  kie_no_credits: 'failed',
  /** the create's answer was lost and no callback named the task within the grace period */
  submit_unknown: 'failed',
  /** the user's file could not be read from Telegram or uploaded to Kie */
  input_unavailable: 'failed',
  /** the model or its parameters are no longer valid */
  model_unavailable: 'failed',
  /** the user's file, measured, is longer or larger than the model takes */
  input_too_long: 'failed',
  /** the user's file, measured, costs more than was reserved: refunded, a Confirm at the true price offered */
  price_rechecked: 'failed',
  /** past the model's deadline */
  deadline: 'timed_out',
} as const satisfies Record<string, EndedWithoutResult>
export type FailureCode = keyof typeof FAILURE_CODES

export function isFailureCode(code: string | null | undefined): code is FailureCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(FAILURE_CODES, code)
}

/** The final status a failure code ends in. Unknown codes count as failed. */
export function endedStatusFor(code: string | null | undefined): EndedWithoutResult {
  return isFailureCode(code) ? FAILURE_CODES[code] : 'failed'
}

async function cas(
  db: Db | Tx,
  where: Prisma.GenerationWhereInput,
  data: Prisma.GenerationUpdateManyMutationInput,
): Promise<boolean> {
  const { count } = await db.generation.updateMany({ where, data })
  return count === 1
}

// The transitions every generation goes through are single UPDATE statements written in SQL:
// the client engine compiles each query-builder call at run time, and a compare-and-set
// `updateMany` cost about 0.40 ms of CPU against 0.08 ms for the same statement as a tagged
// template (measured on this machine, docs/decisions.md). They go to the pg pool directly
// (`sql.ts`, the fast path), not through the client's raw-query path, so none of them runs
// inside a transaction. Each sets `updated_at` as Prisma's @updatedAt would.

/**
 * A compare-and-set statement on one row (`SET ... WHERE id = ... AND <conditions>`). The fast
 * path runs it on the pool; `endWithoutResult` runs it in the refund's transaction.
 */
const casUpdate = (generationId: string, set: Prisma.Sql, conditions: Prisma.Sql) => Prisma.sql`
    UPDATE generations SET ${set}, updated_at = (now() AT TIME ZONE 'UTC') WHERE id = ${generationId}::uuid AND ${conditions}`

/** One row moved by a compare-and-set statement. */
async function casSql(db: Db, generationId: string, set: Prisma.Sql, conditions: Prisma.Sql): Promise<boolean> {
  return (await countOf(db, casUpdate(generationId, set, conditions))) === 1
}

/**
 * The same compare-and-set, returning the row as it left it (null: it did not move), for a
 * transition the generation job goes on from at once: the next step needs no read of its own.
 */
async function casSqlRow(
  db: Db,
  generationId: string,
  set: Prisma.Sql,
  conditions: Prisma.Sql,
): Promise<Generation | null> {
  const rows = await rowsOf(db, Prisma.sql`${casUpdate(generationId, set, conditions)} RETURNING *`)
  return rows[0] ? generationOf(rows[0]) : null
}

const ACTIVE_SQL = Prisma.sql`status::text = ANY(${ACTIVE_STATUSES}::text[])`

/**
 * The whole row, as `db.generation.findUnique` returns it, read with one SQL statement on the
 * fast path (the generation job reads it at every step; the query builder's run-time
 * compilation cost about 0.2 ms of CPU a read against 0.12 ms). Columns are the fields'
 * snake_case names (`@map`), so each column is renamed to its field;
 * test/generation-read.test.ts pins it to findUnique.
 */
export async function readGeneration(db: Db, generationId: string): Promise<Generation | null> {
  const rows = await rowsOf(db, Prisma.sql`SELECT * FROM generations WHERE id = ${generationId}::uuid`)
  return rows[0] ? generationOf(rows[0]) : null
}

/**
 * The row and its user's language and blocked flag, in one statement: what the delivery queue
 * reads for every status render and result (`findUnique` with the user included is two
 * statements, and the query builder's run-time cost).
 */
export async function readGenerationAndUser(
  db: Db,
  generationId: string,
): Promise<(Generation & { user: { language: Language; blockedBot: boolean } }) | null> {
  const rows = await rowsOf(
    db,
    Prisma.sql`SELECT g.*, u.language::text AS "(user.language)", u.blocked_bot AS "(user.blocked_bot)"
      FROM generations g JOIN users u ON u.id = g.user_id WHERE g.id = ${generationId}::uuid`,
  )
  const row = rows[0]
  if (!row) return null
  const user = { language: row['(user.language)'] as Language, blockedBot: row['(user.blocked_bot)'] as boolean }
  delete row['(user.language)']
  delete row['(user.blocked_bot)']
  return { ...generationOf(row), user }
}

/**
 * One page of a user's generations, newest first, and how many they have, in one statement on
 * the fast path (the history screen). A page past the last one gives the last page.
 */
export async function readHistoryPage(
  db: Db,
  userId: bigint,
  page: number,
  pageSize: number,
): Promise<{ total: number; page: number; generations: Generation[] }> {
  const read = async (at: number) => {
    const rows = await rowsOf(
      db,
      Prisma.sql`SELECT g.*, count(*) OVER () AS "(total)" FROM generations g WHERE g.user_id = ${userId}::bigint
        ORDER BY g.created_at DESC, g.id DESC OFFSET ${at * pageSize}::int LIMIT ${pageSize}::int`,
    )
    const total = rows.length > 0 ? Number(rows[0]!['(total)']) : 0
    for (const row of rows) delete row['(total)']
    return { total, page: at, generations: rows.map(generationOf) }
  }
  const first = await read(Math.max(page, 0))
  if (first.generations.length > 0 || first.page === 0) return first
  // past the end (a page button of an older screen): the count, then the last page
  const [counted] = await rowsOf(
    db,
    Prisma.sql`SELECT count(*) AS n FROM generations WHERE user_id = ${userId}::bigint`,
  )
  const total = Number(counted!['n'])
  return total === 0 ? { total, page: 0, generations: [] } : read(Math.ceil(total / pageSize) - 1)
}

/** The rows a statement changed, on the pg pool (the fast path; never inside a transaction). */
function countOf(db: Db, statement: Prisma.Sql): Promise<number> {
  return sqlCount(db, statement.text, statement.values)
}

/** A statement's rows, on the pg pool (the fast path; never inside a transaction). */
function rowsOf(db: Db, statement: Prisma.Sql): Promise<Record<string, unknown>[]> {
  return sqlRows<Record<string, unknown>>(db, statement.text, statement.values)
}

/** A `generations` row as SQL returns it (`SELECT *`, `RETURNING *`), with Prisma's field names. */
function generationOf(row: Record<string, unknown>): Generation {
  const generation: Record<string, unknown> = {}
  for (const column in row) {
    const value = row[column]
    // a list column is nullable in the table (Prisma's lists are); Prisma reads a NULL one as []
    generation[fieldOf(column)] = value === null && LIST_COLUMNS.has(column) ? [] : value
  }
  return generation as unknown as Generation
}

/** The generation's list columns (`String[]` in the schema; a test pins them to what Prisma reads). */
const LIST_COLUMNS = new Set([
  'result_urls',
  'result_track_ids',
  'result_titles',
  'result_lyrics',
  'telegram_file_ids',
  'telegram_thumbnail_ids',
])

const fieldNames = new Map<string, string>()
function fieldOf(column: string): string {
  let field = fieldNames.get(column)
  if (field === undefined) {
    field = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
    fieldNames.set(column, field)
  }
  return field
}

/** Stores the Kie URL of an uploaded Telegram file (durable submit step: re-runs skip it). */
export async function recordUploadedInput(
  db: Db,
  generationId: string,
  telegramRef: string,
  kieUrl: string,
): Promise<Record<string, string>> {
  const row = await db.generation.findUniqueOrThrow({ where: { id: generationId }, select: { uploadedInputs: true } })
  const inputs = { ...asStringMap(row.uploadedInputs), [telegramRef]: kieUrl }
  await db.generation.updateMany({ where: { id: generationId, step: 'submit' }, data: { uploadedInputs: inputs } })
  return inputs
}

export function asStringMap(value: Prisma.JsonValue | null): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {}
  const out: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item
  return out
}

/**
 * The user's file was measured and is beyond what the model takes (no price): recorded so
 * that the failure message can say what was found, and a re-run ends the same way.
 */
export function recordMeasurement(
  db: Db,
  generationId: string,
  measured: Record<string, number>,
  at = new Date(),
): Promise<boolean> {
  return cas(
    db,
    { id: generationId, status: 'queued', step: 'submit', measuredAt: null },
    { measured, measuredAt: at, measuredPriceKopecks: null },
  )
}

/**
 * The create goes out now, with a create slot of `kieKey` already taken: queued -> running,
 * owned by `attempt` (a fresh id), and from now on a paid task may exist (`submitUnknownAt`), so
 * a re-run reconciles instead of sending again. Written right before createTask leaves the
 * process; while the row is queued (no slot yet, or none free) nothing has been written and
 * the user may still cancel. False when the row is not queued at submit without a task id
 * (cancelled, taken by another run, or bound to a task by a gateway of an older version):
 * do not send.
 */
export function startSubmit(
  db: Db,
  generationId: string,
  attempt: string,
  /** label of the Kie key the create goes out with: every later read of the task uses it */
  kieKey: string | null,
  at = new Date(),
): Promise<boolean> {
  return casSql(
    db,
    generationId,
    Prisma.sql`status = 'running', submit_attempt = ${attempt}, submit_unknown_at = ${at}, kie_key = ${kieKey}`,
    Prisma.sql`status = 'queued' AND step = 'submit' AND kie_task_id IS NULL`,
  )
}

/** Kie answered that it did not create the task (429, 5xx with an envelope, a 402 with another key left...): back to queued. */
export function revertSubmit(db: Db, generationId: string, attempt: string | null): Promise<boolean> {
  return casSql(
    db,
    generationId,
    Prisma.sql`status = 'queued', submit_attempt = NULL, submit_unknown_at = NULL`,
    Prisma.sql`status = 'running' AND step = 'submit' AND kie_task_id IS NULL AND ${
      attempt === null ? Prisma.sql`submit_attempt IS NULL` : Prisma.sql`submit_attempt = ${attempt}`
    }`,
  )
}

/**
 * A row running at submit without "sent" (`submitUnknownAt`): left by a worker of the version
 * before `startSubmit`, which marked the attempt and "sent" in two writes and died between
 * them. No request left, so the row goes back to queued and is submitted again; the attempt id
 * in the condition keeps a still-living owner of that version from sending meanwhile.
 */
export function retryUnsentSubmit(db: Db, generationId: string, attempt: string | null): Promise<boolean> {
  return cas(
    db,
    {
      id: generationId,
      status: 'running',
      step: 'submit',
      kieTaskId: null,
      submitAttempt: attempt,
      submitUnknownAt: null,
    },
    { status: 'queued', submitAttempt: null },
  )
}

/**
 * A row still queued that holds a task id (bound by an older gateway, or a race with a
 * revert): it is reconciled like a lost create answer (running, then the task is read),
 * never submitted again.
 */
export function adoptBoundTask(db: Db, generationId: string, at = new Date()): Promise<boolean> {
  return cas(
    db,
    { id: generationId, status: 'queued', step: 'submit', kieTaskId: { not: null } },
    { status: 'running', submitUnknownAt: at },
  )
}

/**
 * The gateway's Kie callback names a task: bound only to a row that is submitting
 * (running, at submit, no task id yet), the one state in which a create of ours may have
 * made it. False otherwise (queued, already following, ended, or another task).
 */
export function bindCallbackTask(db: Db, generationId: string, kieTaskId: string): Promise<boolean> {
  return cas(db, { id: generationId, status: 'running', step: 'submit', kieTaskId: null }, { kieTaskId })
}

/**
 * The task exists: its id is stored before anything else happens, and the row moves to follow.
 * The gateway's callback endpoint may already have stored the same id (a create whose answer
 * was lost, or a callback faster than the answer): that row moves on too. Returns the row as it
 * is now, or null when it did not move.
 */
export function recordKieTask(
  db: Db,
  generationId: string,
  kieTaskId: string,
  at = new Date(),
  /** the key that found the task when it is not the one the row names (see `rebindKieKey`) */
  kieKey?: string,
): Promise<Generation | null> {
  return casSqlRow(
    db,
    generationId,
    Prisma.sql`kie_task_id = ${kieTaskId}, submit_attempt = NULL, submit_unknown_at = NULL, submitted_at = ${at},
      step = 'follow'${kieKey === undefined ? Prisma.empty : Prisma.sql`, kie_key = ${kieKey}`}`,
    Prisma.sql`status = 'running' AND step = 'submit' AND (kie_task_id IS NULL OR kie_task_id = ${kieTaskId})`,
  )
}

/**
 * The row's task was found with another key of the pool than the row names (a create retried
 * on another key after an error that made a task anyway, or KIE_API_KEYS relabelled): every
 * later read uses `kieKey`. Only while the row follows that very task.
 */
export function rebindKieKey(db: Db, generationId: string, kieTaskId: string, kieKey: string): Promise<boolean> {
  return cas(db, { id: generationId, status: 'running', step: 'follow', kieTaskId }, { kieKey })
}

/** A verified Kie callback's task state, for the active row bound to that task (the gateway). */
export function recordCallbackState(
  db: Db,
  generationId: string,
  kieTaskId: string,
  kieState: string,
): Promise<boolean> {
  return casSql(
    db,
    generationId,
    Prisma.sql`kie_state = ${kieState}`,
    Prisma.sql`${ACTIVE_SQL} AND kie_task_id = ${kieTaskId}`,
  )
}

/** The task's last state seen (waiting, generating...). */
export function recordKieState(db: Db, generationId: string, kieState: string): Promise<boolean> {
  return casSql(
    db,
    generationId,
    Prisma.sql`kie_state = ${kieState}`,
    Prisma.sql`status = 'running' AND step = 'follow'`,
  )
}

/**
 * The credits a success callback reports (`consumeCredits`), for the task bound to the row,
 * stored as Kie's report unless one is stored already (the record's figure, read by the
 * worker with our key, is written over it at follow -> deliver when the record has one).
 */
export function recordCallbackCredits(
  db: Db,
  generationId: string,
  kieTaskId: string,
  credits: number,
): Promise<boolean> {
  if (!Number.isFinite(credits) || credits < 0) return Promise.resolve(false)
  return casSql(
    db,
    generationId,
    Prisma.sql`kie_credits_consumed = ${credits.toFixed(3)}::numeric, kie_credits_reported = true`,
    Prisma.sql`${ACTIVE_SQL} AND kie_task_id = ${kieTaskId}
      AND kie_credits_reported = false`,
  )
}

/** A Suno title kept on the row: more than a caption or an audio's title can show. */
export const TRACK_TITLE_MAX_CHARS = 200
/** Suno's lyrics kept on the row (Suno takes at most 5000 characters of lyrics). */
export const TRACK_LYRICS_MAX_CHARS = 6000

/**
 * Kie finished with results: follow -> deliver (with Suno's track ids, titles and lyrics when they
 * line up with the URLs). Returns the row as it is now, or null when it did not move.
 */
export function recordKieSuccess(
  db: Db,
  generationId: string,
  result: {
    resultUrls: string[]
    trackIds?: string[]
    trackTexts?: { titles: string[]; lyrics: string[] }
    creditsConsumed: number | null
    kieState: string
  },
): Promise<Generation | null> {
  const texts = result.trackTexts
  const aligned =
    texts !== undefined &&
    texts.titles.length === result.resultUrls.length &&
    texts.lyrics.length === result.resultUrls.length
  const set = [Prisma.sql`step = 'deliver', kie_state = ${result.kieState}, result_urls = ${result.resultUrls}::text[]`]
  // Suno's track ids, only when they line up with the URLs (an extension names its source track by id)
  if (result.trackIds !== undefined && result.trackIds.length === result.resultUrls.length)
    set.push(Prisma.sql`result_track_ids = ${result.trackIds}::text[]`)
  // Suno's own words, cut to a bound (a caption or the lyrics message shows less)
  if (aligned) {
    const titles = texts.titles.map((title) => [...title].slice(0, TRACK_TITLE_MAX_CHARS).join(''))
    const lyrics = texts.lyrics.map((words) => [...words].slice(0, TRACK_LYRICS_MAX_CHARS).join(''))
    set.push(Prisma.sql`result_titles = ${titles}::text[], result_lyrics = ${lyrics}::text[]`)
  }
  // Kie's own figure (consumeCredits / creditsConsumed), marked as reported: the settle's fallback never replaces it
  if (result.creditsConsumed !== null && result.creditsConsumed >= 0)
    set.push(
      Prisma.sql`kie_credits_consumed = ${result.creditsConsumed.toFixed(3)}::numeric, kie_credits_reported = true`,
    )
  return casSqlRow(db, generationId, Prisma.join(set, ', '), Prisma.sql`status = 'running' AND step = 'follow'`)
}

/**
 * Ends the pipeline without a result: the row goes to settle with the failure code, where
 * the refund happens (once, by money.ts). Only from the given steps, so a deadline sweep
 * cannot refund a generation whose result is already being delivered.
 */
export function failGeneration(
  db: Db,
  generationId: string,
  failure: { code: FailureCode; reason?: string | null; fromSteps: GenerationStep[] },
): Promise<boolean> {
  if (failure.fromSteps.length === 0) return Promise.resolve(false)
  return casSql(
    db,
    generationId,
    Prisma.sql`step = 'settle', failure_code = ${failure.code}, failure_reason = ${failure.reason?.slice(0, 500) ?? null}`,
    Prisma.sql`${ACTIVE_SQL} AND step::text IN (${Prisma.join(failure.fromSteps)})`,
  )
}

/** a Telegram file id is about 80-100 characters; a longer "poster" is not one and is not kept */
export const THUMBNAIL_ID_MAX_LENGTH = 256

/**
 * One result was sent: its Telegram file id is appended (and a video's poster, the
 * thumbnail's file id, beside it). The expected count makes a retried send of the same
 * item not append twice.
 */
export function recordDeliveredItem(
  db: Db,
  generationId: string,
  index: number,
  fileId: string,
  thumbnailId?: string | null,
): Promise<boolean> {
  return recordDeliveredItems(db, generationId, index, [fileId], [thumbnailId ?? null])
}

/**
 * An album went out (one call, so all or nothing): the file ids of its items, starting at
 * result `index`, are appended at once. Same expected-count guard as a single item.
 * `thumbnailIds` (a video's poster per item, null where none) are stored aligned with the file
 * ids: '' fills the places of items without one (and of items delivered before posters were
 * kept), and there are never more of them than file ids.
 */
export async function recordDeliveredItems(
  db: Db,
  generationId: string,
  index: number,
  fileIds: string[],
  thumbnailIds: readonly (string | null | undefined)[] = [],
): Promise<boolean> {
  if (fileIds.length === 0) return false
  const thumbnails = fileIds.map((_, i) => {
    const id = thumbnailIds[i]
    return typeof id === 'string' && id.length <= THUMBNAIL_ID_MAX_LENGTH ? id : ''
  })
  const updated = await countOf(
    db,
    Prisma.sql`
    UPDATE generations SET telegram_file_ids = telegram_file_ids || ${fileIds}::text[],
      telegram_thumbnail_ids = telegram_thumbnail_ids[1:${index}::int]
        || array_fill(''::text, ARRAY[greatest(0, ${index}::int - cardinality(telegram_thumbnail_ids))])
        || ${thumbnails}::text[],
      updated_at = (now() AT TIME ZONE 'UTC')
    WHERE id = ${generationId}::uuid AND step = 'deliver' AND cardinality(telegram_file_ids) = ${index}`,
  )
  return updated === 1
}

/**
 * A result delivery that ended without effect (Telegram refused every way of sending, or the
 * job gave up): counted in the row, so the bound holds across retries, re-adds and crashes.
 * Returns the new count (null when the row is no longer delivering).
 */
export async function recordDeliveryFailure(db: Db, generationId: string): Promise<number | null> {
  const rows = await db.generation.updateManyAndReturn({
    where: { id: generationId, status: 'running', step: 'deliver' },
    data: { deliveryAttempts: { increment: 1 } },
    select: { deliveryAttempts: true },
  })
  return rows[0]?.deliveryAttempts ?? null
}

/** Delivery is over (sent, or the user cannot be reached): deliver -> settle; the row as it left it (null: it did not move). */
export function finishDelivery(
  db: Db,
  generationId: string,
  outcome: { undelivered: boolean },
  at = new Date(),
): Promise<Generation | null> {
  return casSqlRow(
    db,
    generationId,
    outcome.undelivered
      ? Prisma.sql`step = 'settle', undelivered = true`
      : Prisma.sql`step = 'settle', delivered_at = ${at}`,
    Prisma.sql`status = 'running' AND step = 'deliver'`,
  )
}

/**
 * Success: the charge stays; the row ends succeeded. When Kie did not report the credits it
 * consumed, the quoted credits (the price snapshot's) stand in for them, with
 * `kie_credits_reported` left false; a figure Kie reported is never replaced (one statement,
 * so a report stored by a concurrent step cannot be overwritten either).
 */
export async function settleSuccess(db: Db, generationId: string, at = new Date()): Promise<boolean> {
  const updated = await countOf(
    db,
    Prisma.sql`
    UPDATE generations
    SET status = 'succeeded', step = 'done', completed_at = ${at},
        kie_credits_consumed = CASE WHEN kie_credits_reported THEN kie_credits_consumed ELSE price_credits END,
        updated_at = (now() AT TIME ZONE 'UTC')
    WHERE id = ${generationId}::uuid AND status = 'running' AND step = 'settle' AND failure_code IS NULL`,
  )
  return updated === 1
}

/** The status message, when the worker had to send a new one. */
export function recordStatusMessage(db: Db, generationId: string, messageId: number): Promise<boolean> {
  return casSql(
    db,
    generationId,
    Prisma.sql`status_message_id = ${messageId}::int`,
    Prisma.sql`status_message_id IS NULL`,
  )
}

/**
 * A final outcome went out as a new message at the bottom of the chat: it is the
 * generation's status message from now on (only if the row still names `fromMessageId`).
 */
export function moveStatusMessage(
  db: Db,
  generationId: string,
  fromMessageId: number,
  toMessageId: number,
): Promise<boolean> {
  return cas(db, { id: generationId, statusMessageId: fromMessageId }, { statusMessageId: toMessageId })
}

/** The final status message went out (or cannot: the user blocked the bot): nothing more is owed. */
export function markNotified(db: Db, generationId: string, at = new Date()): Promise<boolean> {
  return casSql(
    db,
    generationId,
    Prisma.sql`notified_at = ${at}`,
    Prisma.sql`NOT (${ACTIVE_SQL}) AND notified_at IS NULL`,
  )
}

/**
 * Generations the worker ended whose final status message is still owed (a crash between
 * the settle and its message, or a lost status job): ended before `endedBefore` (the normal
 * path had its chance) and after `endedAfter` (an old one is not worth a message).
 */
export function findOwedNotifications(
  db: Db,
  options: { endedBefore: Date; endedAfter: Date; limit: number },
): Promise<Pick<Generation, 'id'>[]> {
  return db.generation.findMany({
    where: {
      status: { in: ['succeeded', 'failed', 'timed_out'] },
      notifiedAt: null,
      completedAt: { lt: options.endedBefore, gt: options.endedAfter },
    },
    select: { id: true },
    orderBy: { completedAt: 'asc' },
    take: options.limit,
  })
}

/** Confirmed generations the gateway could not enqueue (transactional outbox). */
export function findUnenqueued(db: Db, limit = 500): Promise<Pick<Generation, 'id'>[]> {
  return db.generation.findMany({
    where: { status: { in: ACTIVE_STATUSES }, enqueuedAt: null },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: limit,
  })
}

/** The outbox's second half: the job of each is in the queue. Returns how many rows it marked. */
export async function markEnqueued(db: Db, generationIds: string[], at = new Date()): Promise<number> {
  if (generationIds.length === 0) return 0
  return countOf(
    db,
    Prisma.sql`UPDATE generations SET enqueued_at = ${at}, updated_at = (now() AT TIME ZONE 'UTC')
      WHERE id = ANY(${generationIds}::uuid[]) AND enqueued_at IS NULL`,
  )
}

/**
 * The outbox step, the one copy serving the gateway (right after Confirm) and the
 * sweeper (rows the gateway could not enqueue): each generation's job is added (`add`,
 * idempotent per generation id), then the rows are marked enqueued. When `add` throws,
 * nothing is marked and the error goes to the caller: the row keeps `enqueued_at` null and
 * the sweeper tries again. Returns how many rows it marked.
 */
export async function enqueueFromOutbox(
  db: Db,
  generationIds: string[],
  add: (generationId: string) => Promise<void>,
): Promise<number> {
  for (const id of generationIds) await add(id)
  return markEnqueued(db, generationIds)
}

/** Active generations in pages (id order), for the sweeper. */
export function findActive(
  db: Db,
  options: { afterId?: string; limit: number },
): Promise<Pick<Generation, 'id' | 'step' | 'deadlineAt' | 'enqueuedAt' | 'updatedAt'>[]> {
  return db.generation.findMany({
    where: { status: { in: ACTIVE_STATUSES }, ...(options.afterId ? { id: { gt: options.afterId } } : {}) },
    select: { id: true, step: true, deadlineAt: true, enqueuedAt: true, updatedAt: true },
    orderBy: { id: 'asc' },
    take: options.limit,
  })
}

// The business-row halves of the money functions (money.ts), in the caller's transaction.

/** The row a reservation creates (status queued, step submit). */
export interface OpenGenerationInput {
  id: string
  userId: bigint
  chatId: bigint
  modelId: string
  params: Prisma.InputJsonValue
  price: {
    credits: number
    usdPerCredit: number
    fxRubPerUsd: number
    markup: number
    kopecks: number
    fixed?: boolean
  }
  deadlineAt: Date
  /** a part of a comparison (its compare_groups row is written in the same transaction) */
  groupId?: string
  /** the message that becomes its status message (Confirm's confirmation message) */
  statusMessageId?: number
}

/**
 * Confirm: the generation's row, with the price snapshot it is charged. A repeated id fails
 * (unique), an unknown user too (foreign key). One SQL statement inside the caller's
 * transaction (the query builder's create cost more than the rest of the reservation);
 * test/generation-read.test.ts pins the row it returns to findUnique.
 */
export async function openGeneration(tx: SqlTx, input: OpenGenerationInput): Promise<Generation> {
  const rows = await tx.$queryRaw<Record<string, unknown>[]>`
    INSERT INTO generations (id, user_id, chat_id, model_id, params, price_credits, usd_per_credit, fx_rate, markup,
      price_kopecks, price_fixed, deadline_at, group_id, status_message_id, created_at, updated_at)
    VALUES (${input.id}::uuid, ${input.userId}::bigint, ${input.chatId}::bigint, ${input.modelId}::text,
      ${JSON.stringify(input.params)}::jsonb, ${input.price.credits.toFixed(3)}::numeric,
      ${input.price.usdPerCredit.toFixed(6)}::numeric, ${input.price.fxRubPerUsd.toFixed(4)}::numeric,
      ${input.price.markup.toFixed(3)}::numeric, ${input.price.kopecks}::int, ${input.price.fixed ?? false}::boolean,
      ${input.deadlineAt.toISOString()}::timestamptz AT TIME ZONE 'UTC', ${input.groupId ?? null}::uuid,
      ${input.statusMessageId ?? null}::int, statement_timestamp() AT TIME ZONE 'UTC', statement_timestamp() AT TIME ZONE 'UTC')
    RETURNING *`
  return generationOf(rows[0]!)
}

/**
 * How many units of the user hold money and a slot (read under the user's row lock): a
 * generation on its own is one unit, and so is a comparison with any of its parts still active.
 */
export async function countActive(tx: SqlTx, userId: bigint): Promise<number> {
  const rows = await tx.$queryRaw<{ units: bigint }[]>`
    SELECT count(DISTINCT COALESCE(group_id, id))::bigint AS units FROM generations
    WHERE user_id = ${userId} AND status::text = ANY(${ACTIVE_STATUSES}::text[])`
  return Number(rows[0]?.units ?? 0)
}

/**
 * Ends a generation without a result (the refund's business row): from `fromStatuses` to
 * the final status, step done. Null when the row was not in one of those statuses. One SQL
 * statement in the caller's transaction, as `openGeneration`.
 */
export async function endWithoutResult(
  tx: SqlTx,
  generationId: string,
  input: { status: EndedWithoutResult; failureCode?: string; failureReason?: string; fromStatuses: GenerationStatus[] },
): Promise<Generation | null> {
  const set = Prisma.sql`status = ${input.status}::text::"GenerationStatus", step = 'done',
    failure_code = ${input.failureCode ?? null}::text, failure_reason = ${input.failureReason ?? null}::text,
    completed_at = (now() AT TIME ZONE 'UTC')`
  const conditions = Prisma.sql`status::text = ANY(${input.fromStatuses}::text[])`
  const rows = await tx.$queryRaw<Record<string, unknown>[]>`${casUpdate(generationId, set, conditions)} RETURNING *`
  return rows[0] ? generationOf(rows[0]) : null
}

/** A queued row not measured yet, locked until the transaction ends; null otherwise. */
export async function lockUnmeasured(
  tx: SqlTx,
  generationId: string,
): Promise<{ userId: bigint; priceKopecks: number } | null> {
  const rows = await tx.$queryRaw<{ user_id: bigint; price_kopecks: number }[]>`
    SELECT user_id, price_kopecks FROM generations
    WHERE id = ${generationId}::uuid AND status = 'queued' AND measured_at IS NULL
    FOR UPDATE`
  const row = rows[0]
  return row ? { userId: row.user_id, priceKopecks: row.price_kopecks } : null
}

/**
 * The measured files' price, on the row locked by `lockUnmeasured`. With `newPrice` (not
 * above the reservation) it becomes the generation's price; without, it is only recorded
 * (dearer: the caller ends the generation and offers a Confirm at that price).
 */
export async function recordMeasuredPrice(
  tx: SqlTx,
  generationId: string,
  input: { measured: Record<string, number>; kopecks: number; newPrice?: { credits: number } },
): Promise<void> {
  const price = input.newPrice
    ? Prisma.sql`, price_kopecks = ${input.kopecks}::int, price_credits = ${input.newPrice.credits.toFixed(3)}::numeric`
    : Prisma.empty
  const set = Prisma.sql`measured = ${JSON.stringify(input.measured)}::jsonb, measured_at = (now() AT TIME ZONE 'UTC'),
    measured_price_kopecks = ${input.kopecks}::int${price}`
  await tx.$queryRaw`${casUpdate(generationId, set, Prisma.sql`TRUE`)} RETURNING id`
}

/**
 * A comparison's part reached deliver: on to settle, not marked delivered yet. It goes out
 * with its siblings after the last one ends, and the group's delivery marks it delivered or
 * undelivered (`closeComparePartsDelivery`).
 */
export function passPartToSettle(db: Db, generationId: string): Promise<boolean> {
  return cas(db, { id: generationId, status: 'running', step: 'deliver', groupId: { not: null } }, { step: 'settle' })
}

/**
 * Items of a comparison's part went out in its group's album or series (after it settled):
 * their Telegram file ids (or links) appended at result `index`, as each send succeeds. The
 * expected count makes a re-run of the group's delivery record nothing twice.
 */
export async function recordComparePartItems(
  db: Db,
  generationId: string,
  index: number,
  fileIds: string[],
): Promise<boolean> {
  if (fileIds.length === 0) return false
  const updated = await countOf(
    db,
    Prisma.sql`
    UPDATE generations SET telegram_file_ids = telegram_file_ids || ${fileIds}::text[], updated_at = (now() AT TIME ZONE 'UTC')
    WHERE id = ${generationId}::uuid AND group_id IS NOT NULL AND status = 'succeeded'
      AND delivered_at IS NULL AND NOT undelivered AND cardinality(telegram_file_ids) = ${index}`,
  )
  return updated === 1
}

/**
 * A comparison's delivery is over (sent, given up, or the user cannot be reached): each
 * succeeded part whose every item went out is delivered, any other is undelivered, as a
 * single result Telegram would not take (the charge stays; the admin's undelivered screen
 * lists it and can send it again). Parts already marked keep their mark.
 */
export async function closeComparePartsDelivery(
  db: Db,
  groupId: string,
  at = new Date(),
): Promise<{ delivered: number; undelivered: number }> {
  const delivered = await countOf(
    db,
    Prisma.sql`
    UPDATE generations SET delivered_at = ${at}, updated_at = (now() AT TIME ZONE 'UTC')
    WHERE group_id = ${groupId}::uuid AND status = 'succeeded' AND delivered_at IS NULL AND NOT undelivered
      AND cardinality(telegram_file_ids) >= cardinality(result_urls)`,
  )
  const undelivered = await countOf(
    db,
    Prisma.sql`
    UPDATE generations SET undelivered = true, updated_at = (now() AT TIME ZONE 'UTC')
    WHERE group_id = ${groupId}::uuid AND status = 'succeeded' AND delivered_at IS NULL AND NOT undelivered
      AND cardinality(telegram_file_ids) < cardinality(result_urls)`,
  )
  return { delivered, undelivered }
}
