import { createHash } from 'node:crypto'
import { DelayedError, type Job } from 'bullmq'
import { miniAppUrl } from '@kiebot/config'
import {
  ACTIVE_STATUSES,
  markNotified,
  moveStatusMessage,
  readGenerationAndUser,
  recordDeliveredItem,
  recordDeliveredItems,
  recordStatusMessage,
  type Generation,
} from '@kiebot/db'
import { telegramJob, type TelegramJob } from '@kiebot/jobs'
import { t, type Lang } from '@kiebot/i18n'
import { getModel, type OutputKind } from '@kiebot/models'
import {
  audioMeta,
  isBotBlocked,
  isNotModified,
  isRateLimited,
  lyricsMessage,
  modelName,
  nextStepsKeyboard,
  renderStatus,
  replyMarkup as markup,
  RESULT_LINK_HOURS,
  resultCaption,
  resultItems,
  variantKeyboard,
  type ResultRow,
} from '@kiebot/telegram'
import { jobContext, type WorkerContext } from '../context'
import { reportDelivery, reportRefusedDelivery, settleDelivered } from '../pipeline/deliver'
import { TelegramApiError, type BotApi } from './bot-api'
import { broadcastOf, BroadcastWait, runBroadcast } from './broadcast'
import { compareClaimant, deliverCompare } from './compare'
import {
  ALBUM_MAX_ITEMS,
  linkKeyboard,
  sendAlbumResults,
  sendOriginal,
  sendResult,
  sendStoredItem,
  type SentResult,
} from './media'
import { ACTION_MAX_AGE_MS, scheduleTick, stopTick, usualDuration } from './progress'
import { UPLOAD_ACTION, whenSlow, type ChatAction } from '../pipeline/notify'
import type { ResultFetchPolicy } from './result-fetch'

/** Raised inside a handler: move this job to delayed for `ms` (no attempt spent). */
class Postpone extends Error {
  constructor(readonly ms: number) {
    super('postpone')
  }
}

/**
 * The delivery queue: every message to Telegram. Jobs are taken by priority (results and what
 * users asked for first, then final statuses, status edits, chat actions, ticks; see
 * `DELIVERY_PRIORITY`); each send takes its chat's slot, then a token of the cluster's send
 * budget (Redis, `takeSendSlot`), so a job that must wait for its chat spends no budget; a 429
 * holds the chat and delays the job by retry_after without spending an attempt; 403 (blocked)
 * stops messaging that user.
 */
export function createTelegramProcessor(ctx: WorkerContext) {
  return async (job: Job<TelegramJob>, token?: string): Promise<string> => {
    const data = telegramJob.parse(job.data)
    const priority = job.opts.priority ?? 0
    const ids = 'generationId' in data ? { generationId: data.generationId, jobId: job.id } : { jobId: job.id }
    const jobCtx = jobContext(ctx, ids, { sendPriority: priority })
    try {
      if (data.kind === 'broadcast') return await runBroadcast(jobCtx, job, data)
      return await counted(jobCtx, priority, () => handle(jobCtx, job, data))
    } catch (error) {
      if (error instanceof Postpone || error instanceof BroadcastWait) {
        await job.moveToDelayed(Date.now() + error.ms, token)
        throw new DelayedError()
      }
      throw error
    }
  }
}

async function handle(
  ctx: WorkerContext,
  job: Job<TelegramJob>,
  data: Exclude<TelegramJob, { kind: 'broadcast' }>,
): Promise<string> {
  switch (data.kind) {
    case 'text':
      return sendText(ctx, data)
    case 'edit':
      return editText(ctx, data)
    case 'action':
      return sendAction(ctx, job, data)
    case 'status':
      return updateStatus(ctx, data.generationId, data.force === true, freshAction(job, data))
    case 'result':
      return deliverResult(ctx, data.generationId)
    case 'resend':
      return resendResult(ctx, job, data)
    case 'original':
      return sendOriginalFile(ctx, data)
    case 'compare':
      return deliverCompare(
        ctx,
        {
          pace: (chatId) => paceChatInPlace(ctx, chatId),
          guarded: (chatId, send) => guarded(ctx, chatId, send),
          policy: fetchPolicy(ctx),
        },
        data.groupId,
        compareClaimant(job),
      )
  }
}

/** A result's send still going after this long (a large file) shows the upload's chat action. */
const SLOW_UPLOAD_MS = 1000

/** The longest a send waits in place for the cluster's send budget (more: the job is postponed). */
const BUDGET_IN_PLACE_MS = 10_000

/** The longest a job waits in place for the chat's next slot, in `paceChatInPlace` (more is a postponement). */
const PACE_IN_PLACE_MS = 5_000

interface BudgetWaiter {
  priority: number
  seq: number
  wake: () => void
}

/** This process's sends waiting for the budget, best first (priority, then arrival): only the first asks Redis. Per process, as the next two (keyed by `ctx.instance`). */
const budgetLines = new WeakMap<object, BudgetWaiter[]>()
let waiterSeq = 0

/** This process's running jobs by priority: a send waits while a job before it (a result) still runs. */
const running = new WeakMap<object, Map<number, number>>()

function runningOf(ctx: WorkerContext): Map<number, number> {
  let map = running.get(ctx.instance)
  if (!map) running.set(ctx.instance, (map = new Map()))
  return map
}

/** Runs a job counted among this process's running jobs of its priority. */
async function counted<T>(ctx: WorkerContext, priority: number, run: () => Promise<T>): Promise<T> {
  const map = runningOf(ctx)
  map.set(priority, (map.get(priority) ?? 0) + 1)
  try {
    return await run()
  } finally {
    map.set(priority, (map.get(priority) ?? 1) - 1)
    budgetLines.get(ctx.instance)?.[0]?.wake()
  }
}

/** When a send of this process last found the budget spent (ms since epoch). */
const budgetSpentAt = new WeakMap<object, number>()

/** Whether a send of this process found the budget spent within the last second. */
const budgetContended = (ctx: WorkerContext) => Date.now() - (budgetSpentAt.get(ctx.instance) ?? 0) <= 1000

/**
 * While the budget is contended (a send of this process found it spent within the last second),
 * a job before this priority running in this process (a result probing or downloading) goes
 * first: its sends are not queued yet. With tokens to spare nothing waits (a waiting job would
 * only hold a worker slot).
 */
function aheadRunning(ctx: WorkerContext, priority: number): boolean {
  if (priority === 0 || !budgetContended(ctx)) return false
  for (const [p, n] of runningOf(ctx)) if (p < priority && n > 0) return true
  return false
}

/**
 * Takes the chat's slot and a token of the send budget (TELEGRAM_SENDS_PER_SECOND for the
 * cluster), in one script, the chat first: a send whose chat must wait spends no budget.
 * Waiting for the chat is a postponement (the job is delayed, its slot freed for other chats)
 * unless it is at most `chatInPlaceMs`; waiting for the budget is done in place, in a line
 * ordered by the jobs' priorities (a result waiting goes before a status edit fetched into a
 * free slot, and one request to Redis per free token, not one per waiter), and under a second
 * while the budget is busy; a postponement would put the job behind every job queued meanwhile.
 */
async function takeSendSlot(
  ctx: WorkerContext,
  chatId: string,
  chatInPlaceMs: number,
  {
    postponeOnBudget = true,
    chatWaitsInPlace = 5,
  }: {
    /** false: the budget is waited for however long it takes (a run's second message: see paceChatInPlace) */
    postponeOnBudget?: boolean
    /** how many times the chat is waited for in place (another send may take its slot first) before a postponement */
    chatWaitsInPlace?: number
  } = {},
): Promise<void> {
  const started = Date.now()
  const { TELEGRAM_CHAT_INTERVAL_MS: spacing, TELEGRAM_SENDS_PER_SECOND: perSecond } = ctx.config
  let line = budgetLines.get(ctx.instance)
  if (!line) budgetLines.set(ctx.instance, (line = []))
  // the job's priority (BullMQ's: 0 first, then 1, 2...)
  const me: BudgetWaiter = { priority: ctx.sendPriority ?? 0, seq: ++waiterSeq, wake: () => undefined }
  let inLine = false
  const join = () => {
    const at = line.findIndex((w) => w.priority > me.priority || (w.priority === me.priority && w.seq > me.seq))
    line.splice(at < 0 ? line.length : at, 0, me)
    inLine = true
  }
  // out of the line, the next one woken to ask for the budget
  const leave = () => {
    if (!inLine) return
    line.splice(line.indexOf(me), 1)
    inLine = false
    line[0]?.wake()
  }
  // others wait already: this send takes its place in the line, not a token before them
  if (line.length > 0) join()
  try {
    for (let chatWaits = 0; ;) {
      if (inLine && line[0] !== me) {
        await new Promise<void>((resolve) => (me.wake = resolve))
        continue
      }
      // a result (or another job before this one) runs here: its sends go first, also those after
      // its probe or download; woken when a job ends, or in any case soon
      if (aheadRunning(ctx, me.priority) && Date.now() - started < BUDGET_IN_PLACE_MS) {
        if (!inLine) join()
        if (line[0] !== me) continue
        await new Promise<void>((resolve) => {
          me.wake = resolve
          setTimeout(resolve, 100)
        })
        continue
      }
      const slot = await ctx.coordination.takeSendSlot(chatId, spacing, perSecond)
      if (slot.wait === null) return
      if (slot.wait === 'chat') {
        if (slot.ms > chatInPlaceMs || ++chatWaits > chatWaitsInPlace) throw new Postpone(slot.ms)
        // waiting for its own chat, it does not hold the line: the sends behind it go meanwhile
        leave()
        await sleep(slot.ms)
        if (line.length > 0) join()
        continue
      }
      budgetSpentAt.set(ctx.instance, Date.now())
      if (postponeOnBudget && Date.now() - started > BUDGET_IN_PLACE_MS) throw new Postpone(slot.ms)
      if (!inLine) {
        join()
        if (line[0] !== me) continue
      }
      await sleep(slot.ms)
    }
  } finally {
    leave()
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Sends and edits, which Telegram's flood control counts (chat actions and deletions it does not). */
const countedCall = (method: string) =>
  (method.startsWith('send') || method.startsWith('edit')) && method !== 'sendChatAction'

/**
 * Runs a result's send with its chat slot and budget token taken right before its first counted
 * Bot API call (the client `send` gets has that as its `beforeCall`), not before the size probe
 * or the download that come first: the token is then spent when the call goes, so sends reach
 * Telegram spaced as the budget spaces them. A fallback after a refusal (upload, document, link)
 * goes in the same slot, as before. The chat's usual spacing (a message sent just before) is
 * waited out in place, once: a postponement would probe, and download, the file again. A longer
 * wait (a 429's hold), or a second one, postpones the job.
 */
function pacedAtCall<T>(ctx: WorkerContext, chatId: string, send: (bot: BotApi) => Promise<T>): Promise<T> {
  let taken = false
  return send(
    ctx.bot.withBeforeCall(async (method) => {
      if (taken || !countedCall(method)) return
      taken = true
      // once: a chat that stays busy (several results of one user) postpones, so a worker slot
      // and a downloaded file are held for at most one spacing
      await takeSendSlot(ctx, chatId, ctx.config.TELEGRAM_CHAT_INTERVAL_MS, { chatWaitsInPlace: 1 })
    }),
  )
}

/** Before a send: the chat's slot (a chat that must wait postpones the job) and a budget token. */
async function paceChat(ctx: WorkerContext, chatId: string): Promise<void> {
  await takeSendSlot(ctx, chatId, 0)
}

/**
 * As `paceChat`, but a short wait is waited out in place: for a second message of one run
 * (the "what next" after an album's buttons), which a postponement would make the job's re-run
 * send the first one again before it, endlessly.
 */
async function paceChatInPlace(ctx: WorkerContext, chatId: string): Promise<void> {
  // and the budget waited for in place too: a postponement would repeat the first message
  await takeSendSlot(ctx, chatId, PACE_IN_PLACE_MS, { postponeOnBudget: false })
}

/** A 429 holds the whole chat for retry_after, and this job waits it out. */
async function onRateLimit(ctx: WorkerContext, chatId: string, error: TelegramApiError): Promise<never> {
  const ms = Math.max(1, error.retryAfter ?? 1) * 1000
  ctx.metrics.telegramRateLimited.inc({ method: error.method })
  await ctx.coordination.holdChat(chatId, ms)
  ctx.logger.info('telegram 429: waiting', { method: error.method, retryAfterMs: ms })
  throw new Postpone(ms + Math.round(Math.random() * 200))
}

async function markBlocked(ctx: WorkerContext, chatId: string): Promise<void> {
  await ctx.db.user.updateMany({ where: { id: BigInt(chatId) }, data: { blockedBot: true } })
  ctx.logger.info('user blocked the bot: no more messages', { chatId })
}

/** Runs a send; 429 -> postpone, 403 -> the user is marked and `blocked` returned, 4xx -> `rejected`. */
async function guarded(
  ctx: WorkerContext,
  chatId: string,
  send: () => Promise<unknown>,
): Promise<'sent' | 'blocked' | 'rejected'> {
  try {
    await send()
    return 'sent'
  } catch (error) {
    if (!(error instanceof TelegramApiError)) throw error
    if (isRateLimited(error)) return onRateLimit(ctx, chatId, error)
    if (isBotBlocked(error)) {
      await markBlocked(ctx, chatId)
      return 'blocked'
    }
    if (error.retryable) throw error
    if (isNotModified(error)) return 'sent'
    ctx.logger.warn('telegram refused a message', {
      method: error.method,
      code: error.code,
      description: error.description,
    })
    return 'rejected'
  }
}

async function sendText(ctx: WorkerContext, data: Extract<TelegramJob, { kind: 'text' }>): Promise<string> {
  const broadcast = broadcastOf(data)
  // a broadcast recipient's message that ended already (a re-run after a crash) is not sent again
  if (broadcast && (await ctx.coordination.broadcastOutcome(broadcast.broadcastId, broadcast.userId))) return 'sent'
  await paceChat(ctx, data.chatId)
  const outcome = await guarded(ctx, data.chatId, () =>
    ctx.bot.call('sendMessage', {
      chat_id: data.chatId,
      text: data.text,
      ...(data.parseMode ? { parse_mode: data.parseMode } : {}),
      ...markup(data.keyboard),
    }),
  )
  if (broadcast)
    await ctx.coordination.recordBroadcastOutcome(
      broadcast.broadcastId,
      broadcast.userId,
      outcome === 'rejected' ? 'failed' : outcome,
    )
  return outcome
}

async function editText(ctx: WorkerContext, data: Extract<TelegramJob, { kind: 'edit' }>): Promise<string> {
  await paceChat(ctx, data.chatId)
  return guarded(ctx, data.chatId, () =>
    ctx.bot.call('editMessageText', {
      chat_id: data.chatId,
      message_id: data.messageId,
      text: data.text,
      ...(data.parseMode ? { parse_mode: data.parseMode } : {}),
      ...markup(data.keyboard),
    }),
  )
}

/**
 * Chat actions are ephemeral: never retried, never worth a delay, and outside the send budget
 * (Telegram counts messages, not actions). One older than ACTION_MAX_AGE_MS (a backlog) or
 * whose generation's result already went out says nothing true any more: dropped unsent.
 * (The pipeline shows its actions with a status render or a result's send; an `action` job is
 * one an earlier version queued.)
 */
async function sendAction(
  ctx: WorkerContext,
  job: Job<TelegramJob>,
  data: Extract<TelegramJob, { kind: 'action' }>,
): Promise<string> {
  if (!inTimeForAction(job)) return 'stale'
  if (data.generationId) {
    const row = await ctx.db.generation.findUnique({
      where: { id: data.generationId },
      select: { status: true, step: true },
    })
    if (!row || !ACTIVE_STATUSES.includes(row.status) || row.step === 'settle' || row.step === 'done') return 'stale'
  }
  return showAction(ctx, data.chatId, data.action)
}

/** Shows a chat action now (a user who blocked the bot is marked so). */
async function showAction(ctx: WorkerContext, chatId: string, action: ChatAction): Promise<'sent' | 'skipped'> {
  try {
    await ctx.bot.call('sendChatAction', { chat_id: chatId, action })
    return 'sent'
  } catch (error) {
    if (error instanceof TelegramApiError && isBotBlocked(error)) await markBlocked(ctx, chatId)
    return 'skipped'
  }
}

/** Whether a job is still young enough for its chat action (Telegram shows one for 5 s: later, it comes late). */
const inTimeForAction = (job: Job<TelegramJob>) => Date.now() - job.timestamp <= ACTION_MAX_AGE_MS

/** A status job's chat action, unless the job waited longer than Telegram shows one (a backlog). */
function freshAction(job: Job<TelegramJob>, data: Extract<TelegramJob, { kind: 'status' }>): ChatAction | undefined {
  return data.action && inTimeForAction(job) ? data.action : undefined
}

/**
 * Renders the status message from the row as it is now and edits it: identical text is
 * skipped (unless `force`: the gateway edited the message after the worker), at most one
 * edit per STATUS_EDIT_INTERVAL_MS (a later job re-renders anyway). A live stage with a
 * clock (queued, uploading, sending, generating) asks for its next tick. A final outcome
 * other than a delivered result (whose files are the news) is a new message at the bottom
 * of the chat, so the user is notified; the old status message is removed. `action`: a chat
 * action shown with a live stage's render (not once the result is on its way).
 */
async function updateStatus(
  ctx: WorkerContext,
  generationId: string,
  force = false,
  action?: ChatAction,
): Promise<string> {
  // an outcome after which the message's clock stops
  const stopped = async (outcome: string) => {
    await stopTick(ctx, generationId)
    return outcome
  }
  let read = await readGenerationAndUser(ctx.db, generationId)
  const readAt = Date.now()
  // once true, this run holds the status slot, the chat's slot and a budget token
  let paced = false
  for (;;) {
    const generation = read
    if (!generation) return stopped('skipped')
    const lang = generation.user.language
    const live = ACTIVE_STATUSES.includes(generation.status)
    const ticking = live && generation.step !== 'deliver' && generation.step !== 'settle'
    const rendered = renderStatus(generation, lang, new Date(), {
      ...(ticking ? { usual: await usualDuration(ctx, generation.modelId) } : {}),
      admin: ctx.config.ADMIN_IDS.includes(generation.chatId),
    })
    // the end of the story is owed until it went out (or cannot: the user blocked the bot)
    const settled = async (outcome: string) => {
      if (rendered.final) await markNotified(ctx.db, generationId)
      // a message Telegram will not edit (deleted by the user), or a user who blocked the bot, is
      // not tried again every tick
      if (ticking && !generation.user.blockedBot && outcome !== 'blocked' && outcome !== 'rejected')
        await scheduleTick(ctx, generation)
      else await stopTick(ctx, generationId)
      return outcome
    }
    if (generation.user.blockedBot) return settled('skipped')
    // the stage's chat action (a comparison's parts too); a postponed render may show it again,
    // which looks the same
    if (action && ticking && !paced) await showAction(ctx, generation.chatId.toString(), action)
    // a comparison's part has no status message of its own: the group's delivery is its end of the story
    if (generation.groupId !== null) {
      if (rendered.final) await markNotified(ctx.db, generationId)
      return stopped('skipped')
    }
    // the final word went out already (a late tick, the sweeper): nothing more to say
    if (rendered.final && generation.notifiedAt !== null && !force) return stopped('unchanged')
    // the result is on its way (deliver, settle): its own message is the news, and the final render
    // follows it (settle asks for it); "sending it" now would only take the chat slot the result needs
    if (!rendered.final && !force && (generation.step === 'deliver' || generation.step === 'settle'))
      return stopped('superseded')
    const fingerprint = createHash('sha1')
      .update(rendered.text)
      .update(JSON.stringify(rendered.keyboard))
      .digest('base64url')
    if (!force && (await ctx.coordination.lastStatus(generationId)) === fingerprint) return settled('unchanged')
    const chatId = generation.chatId.toString()
    if (!paced) {
      const wait = await ctx.coordination.takeStatusSlot(generationId, ctx.config.STATUS_EDIT_INTERVAL_MS)
      if (wait > 0) throw new Postpone(wait)
      await paceChat(ctx, chatId)
      paced = true
      // Another render of this message can pass this one only when more than the status slot's
      // interval went by since the read (its slot expired while this one showed the chat action or
      // waited its turn for the budget): then this edit would land after it, a clock over the final
      // word. So after such a wait the row is read again and, when it moved on, rendered as it is
      // now, with the slots already taken.
      if (Date.now() - readAt > ctx.config.STATUS_EDIT_INTERVAL_MS) {
        const fresh = await readGenerationAndUser(ctx.db, generationId)
        if (movedOn(generation, fresh)) {
          read = fresh
          continue
        }
      }
    }
    const payload = { chat_id: chatId, text: rendered.text, parse_mode: 'HTML', ...markup(rendered.keyboard) }
    const sendNew = async () => {
      const message = await ctx.bot.call<{ message_id: number }>('sendMessage', payload)
      if (generation.statusMessageId === null) await recordStatusMessage(ctx.db, generationId, message.message_id)
      return message.message_id
    }
    const oldMessageId = generation.statusMessageId
    let outcome: string
    if (oldMessageId === null) {
      outcome = await guarded(ctx, chatId, sendNew)
    } else if (rendered.final && !force && newsOf(generation)) {
      // a failure, a refund, an undelivered result: news, so a new message where the user is
      let sent: number | null = null
      outcome = await guarded(ctx, chatId, async () => {
        sent = await sendNew()
      })
      if (sent !== null) {
        await moveStatusMessage(ctx.db, generationId, oldMessageId, sent)
        // best effort: a message Telegram will not delete (too old) stays as it was
        await guarded(ctx, chatId, () => ctx.bot.call('deleteMessage', { chat_id: chatId, message_id: oldMessageId }))
      } else if (outcome === 'rejected') {
        // Telegram refused a new message: the old one at least tells the end of the story
        outcome = await guarded(ctx, chatId, () =>
          ctx.bot.call('editMessageText', { ...payload, message_id: oldMessageId }),
        )
      }
    } else {
      outcome = await guarded(ctx, chatId, () =>
        ctx.bot.call('editMessageText', { ...payload, message_id: oldMessageId }),
      )
      // the user deleted the message (or it is too old to edit): the end of the story still goes out
      if (outcome === 'rejected' && rendered.final) outcome = await guarded(ctx, chatId, sendNew)
    }
    await ctx.coordination.rememberStatus(generationId, fingerprint)
    return settled(outcome)
  }
}

/** Whether the row was written since `read` (a render of `read` is stale), or is gone. */
function movedOn(read: Generation, now: Generation | null): boolean {
  return (
    now === null ||
    now.updatedAt.getTime() !== read.updatedAt.getTime() ||
    now.status !== read.status ||
    now.step !== read.step
  )
}

/**
 * A final outcome the user has not seen yet: a failure, a refund, an undelivered result.
 * A delivered result is its own news (its files), and a cancel was the user's own press
 * (the gateway showed it on the message pressed).
 */
function newsOf(generation: { status: string; undelivered: boolean }): boolean {
  if (generation.status === 'cancelled') return false
  return !(generation.status === 'succeeded' && !generation.undelivered)
}

/**
 * Sends every result not sent yet (the row counts the sent ones, so a retry resumes at
 * the next item or album), then reports to the pipeline (`reportDelivery`), which moves
 * the row to settle and settles it: this module never moves the row itself.
 * Several results go as albums of up to 10 (one call: its file ids are recorded together
 * after it); an album Telegram cannot take is sent item by item instead. Albums carry no
 * buttons, so Repeat and Menu follow on a message of their own.
 */
async function deliverResult(ctx: WorkerContext, generationId: string): Promise<string> {
  const generation = await readGenerationAndUser(ctx.db, generationId)
  // run again after its worker died between the row's move to settle and the settle: settled now
  if (generation?.step === 'settle' && generation.status === 'running' && generation.groupId === null) {
    await settleDelivered(ctx, generation)
    return 'settled'
  }
  if (!generation || generation.step !== 'deliver') return 'not needed'
  // a 403 already said the user blocked the bot: stop messaging them, keep the charge
  if (generation.user.blockedBot) return reportDelivery(ctx, generationId, 'undelivered')
  const lang = generation.user.language
  const chatId = generation.chatId.toString()
  const kind = getModel(generation.modelId)?.output ?? 'image'
  const model = modelName(generation.modelId, lang)
  const urls = generation.resultUrls
  const caption = resultCaption(generation, lang)
  const single = urls.length === 1
  const extraOf = (index: number) => audioExtra(generation, lang, kind, index, urls.length)
  // the upload's chat action, for a send still going after a second (a large file); not while the
  // budget is contended: the result then waits its turn, and a burst's actions would only add calls
  const announced = <T>(send: () => Promise<T>) =>
    whenSlow(
      SLOW_UPLOAD_MS,
      async () => (budgetContended(ctx) ? undefined : showAction(ctx, chatId, UPLOAD_ACTION[kind])),
      send,
    )
  let index = generation.telegramFileIds.length
  while (index < urls.length) {
    // albums are blocks of 10 counted from the first result, so a resumed delivery cuts them the same way
    const blockStart = Math.floor(index / ALBUM_MAX_ITEMS) * ALBUM_MAX_ITEMS
    const blockEnd = Math.min(urls.length, blockStart + ALBUM_MAX_ITEMS)
    if (blockEnd - index >= 2 && !(await ctx.coordination.albumRefused(generationId, blockStart))) {
      let sent: SentResult[] | null = null
      const outcome = await guarded(ctx, chatId, async () => {
        sent = await announced(() =>
          pacedAtCall(ctx, chatId, (bot) =>
            sendAlbumResults(
              bot,
              {
                chatId,
                urls: urls.slice(index, blockEnd),
                kind,
                caption,
                extras: urls.slice(index, blockEnd).map((_, i) => extraOf(index + i)),
              },
              fetchPolicy(ctx),
            ),
          ),
        )
      })
      if (outcome === 'blocked') return reportDelivery(ctx, generationId, 'undelivered')
      if (sent !== null) {
        const items = sent as SentResult[]
        await recordDeliveredItems(
          ctx.db,
          generationId,
          index,
          items.map((i) => i.stored),
          items.map((i) => i.poster),
        )
        index = blockEnd
        continue
      }
      ctx.logger.warn('album not possible: sending the results one by one', { from: index, to: blockEnd })
      await ctx.coordination.rememberAlbumRefused(generationId, blockStart)
    }
    const url = urls[index]!
    let delivered: SentResult = { stored: '', poster: null }
    const outcome = await guarded(ctx, chatId, async () => {
      delivered = await announced(() =>
        pacedAtCall(ctx, chatId, (bot) =>
          sendResult(
            bot,
            {
              chatId,
              url,
              kind,
              caption: single ? caption : resultCaption(generation, lang, { variant: { index, count: urls.length } }),
              ...(single ? { keyboard: variantKeyboard(generationId, lang) } : {}),
              extra: extraOf(index),
              linkText: t(lang, 'results.link', { model, hours: RESULT_LINK_HOURS }),
              linkButton: t(lang, 'results.btn.download'),
            },
            fetchPolicy(ctx),
          ),
        ),
      )
    })
    if (outcome === 'blocked') return reportDelivery(ctx, generationId, 'undelivered')
    if (outcome === 'rejected') {
      // bounded: after RESULT_DELIVERY_ATTEMPTS the result stays in the history (charge kept, Kie made it)
      if ((await reportRefusedDelivery(ctx, generationId)) === 'undelivered') return 'undelivered'
      throw new Error('telegram refused every way of sending the result')
    }
    await recordDeliveredItem(ctx.db, generationId, index, delivered.stored, delivered.poster)
    index++
  }
  if (!single) {
    // the buttons of several results; a crash between this message and the settle may repeat it (text only)
    await paceChat(ctx, chatId)
    const text = t(lang, 'result.album_done', { model, count: urls.length })
    const outcome = await guarded(ctx, chatId, () =>
      ctx.bot.call('sendMessage', {
        chat_id: chatId,
        text,
        parse_mode: 'HTML',
        ...markup(variantKeyboard(generationId, lang)),
      }),
    )
    if (outcome === 'blocked') return reportDelivery(ctx, generationId, 'undelivered')
  }
  const next = nextSteps(generation, lang, miniAppUrl(ctx.config))
  if (next) {
    // like the buttons after an album: a crash between this message and the settle may repeat it (text only)
    await paceChatInPlace(ctx, chatId)
    const outcome = await guarded(ctx, chatId, () =>
      ctx.bot.call('sendMessage', { chat_id: chatId, text: next.text, parse_mode: 'HTML', ...markup(next.keyboard) }),
    )
    if (outcome === 'blocked') return reportDelivery(ctx, generationId, 'undelivered')
  }
  return reportDelivery(ctx, generationId, 'delivered')
}

/** An audio result's title and performer (numbered when there are several). */
function audioExtra(
  row: ResultRow,
  lang: Lang,
  kind: OutputKind,
  index: number,
  count: number,
): Record<string, unknown> | undefined {
  if (kind !== 'audio') return undefined
  return audioMeta(row, lang, { index, count })
}

/**
 * The "what next" message after the results (edit the prompt, the original file, use as an
 * input, favourites, the result in the Mini App), with the lyrics first when they did not fit the caption.
 */
function nextSteps(
  generation: ResultRow & { id: string; resultUrls: string[] },
  lang: Lang,
  webAppUrl: string | undefined,
): { text: string; keyboard: ReturnType<typeof nextStepsKeyboard> } | undefined {
  const keyboard = nextStepsKeyboard(generation, lang, webAppUrl)
  const lyrics = lyricsMessage(generation, lang)
  if (keyboard.length === 0 && lyrics === undefined) return undefined
  const next = t(lang, generation.resultUrls.length > 1 ? 'results.next_many' : 'results.next')
  const text = lyrics === undefined ? next : keyboard.length > 0 ? `${lyrics}\n\n${next}` : lyrics
  return { text, keyboard }
}

/** History or a result's button asked for the original file: a document, a download button, or "gone". */
async function sendOriginalFile(ctx: WorkerContext, data: Extract<TelegramJob, { kind: 'original' }>): Promise<string> {
  const generation = await ctx.db.generation.findUnique({
    where: { id: data.generationId },
    include: { user: { select: { language: true, blockedBot: true } } },
  })
  const url = generation?.resultUrls[data.index]
  if (!generation || generation.status !== 'succeeded' || generation.user.blockedBot || !url) return 'skipped'
  const lang = generation.user.language
  const model = modelName(generation.modelId, lang)
  const kind = getModel(generation.modelId)?.output ?? 'image'
  await paceChat(ctx, data.chatId)
  let result = 'gone' as 'sent' | 'too_big' | 'gone'
  const outcome = await guarded(ctx, data.chatId, async () => {
    result = await sendOriginal(
      ctx.bot,
      { chatId: data.chatId, url, kind, caption: t(lang, 'results.original_caption', { model }) },
      fetchPolicy(ctx),
    )
  })
  if (outcome !== 'sent' || result === 'sent') return outcome
  return guarded(ctx, data.chatId, () =>
    ctx.bot.call('sendMessage', {
      chat_id: data.chatId,
      parse_mode: 'HTML',
      ...(result === 'too_big'
        ? {
            text: t(lang, 'results.link', { model, hours: RESULT_LINK_HOURS }),
            ...markup(linkKeyboard(url, t(lang, 'results.btn.download'), undefined)),
          }
        : { text: t(lang, 'results.original_unavailable', { hours: RESULT_LINK_HOURS }) }),
    }),
  )
}

/**
 * History → Resend: every item of a finished result to the chat that asked, by its Telegram
 * file id (works after Kie's links expire), or as its link (an item that went out as a link,
 * or that Telegram never accepted). Paced like every send; a retry (a 429, a crash) resumes
 * after the items already sent (the job's progress), so none is sent twice by a retry.
 */
async function resendResult(
  ctx: WorkerContext,
  job: Job<TelegramJob>,
  data: Extract<TelegramJob, { kind: 'resend' }>,
): Promise<string> {
  const generation = await ctx.db.generation.findUnique({
    where: { id: data.generationId },
    include: { user: { select: { blockedBot: true, language: true } } },
  })
  if (!generation || generation.status !== 'succeeded' || generation.user.blockedBot) return 'skipped'
  const lang = generation.user.language
  const kind = getModel(generation.modelId)?.output
  const items = resultItems(generation)
  const count = items.length
  for (let index = typeof job.progress === 'number' ? job.progress : 0; index < items.length; index++) {
    if (data.index !== undefined && index !== data.index) continue
    await paceChat(ctx, data.chatId)
    // the same caption as when it first went out, each item labelled when there are several
    const caption = data.captions
      ? resultCaption(generation, lang, count > 1 ? { variant: { index, count } } : {})
      : undefined
    const extra = kind ? audioExtra(generation, lang, kind, index, count) : undefined
    const outcome = await guarded(ctx, data.chatId, () =>
      sendStoredItem(ctx.bot, {
        chatId: data.chatId,
        kind,
        stored: items[index]!,
        ...(caption ? { caption } : {}),
        ...(extra ? { extra } : {}),
        linkButton: t(lang, 'results.btn.download'),
      }),
    )
    if (outcome === 'blocked') return 'blocked'
    // a refused item (logged by guarded) does not hold back the others
    await job.updateProgress(index + 1)
  }
  return 'sent'
}

/** Where the worker itself may fetch a result from (RESULT_URL_HOSTS). */
function fetchPolicy(ctx: WorkerContext): ResultFetchPolicy {
  return { allowedHosts: ctx.config.RESULT_URL_HOSTS, allowPrivate: ctx.config.RESULT_URL_ALLOW_PRIVATE }
}
