import {
  claimCompareDelivery,
  closeComparePartsDelivery,
  loadCompareGroup,
  markCompareDelivered,
  recordComparePartItems,
} from '@kiebot/db'
import type { Generation } from '@kiebot/db'
import { t, type Lang } from '@kiebot/i18n'
import { callbackData, compareJobId, enqueueTelegram } from '@kiebot/jobs'
import { getModel, type OutputKind } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import { modelName, RESULT_LINK_HOURS, replyMarkup as markup, type CallbackButton } from '@kiebot/telegram'
import type { WorkerContext } from '../context'
import { ALBUM_MAX_ITEMS, sendAlbum, sendResultItem } from './media'
import type { ResultFetchPolicy } from './result-fetch'

/** What the delivery queue lends this module: its pacing and its guarded send (429, 403, refusals). */
export interface CompareSender {
  pace(chatId: string): Promise<void>
  guarded(chatId: string, send: () => Promise<unknown>): Promise<'sent' | 'blocked' | 'rejected'>
  policy: ResultFetchPolicy
}

interface Item {
  part: Generation
  url: string
  caption: string
}

/** Who holds a group's delivery: one job (its id and creation), the same across its re-runs. */
export const compareClaimant = (job: { id?: string | undefined; timestamp: number }) => `${job.id}:${job.timestamp}`

/** A part's caption: its model and its price (numbered when it made several results). */
function captionOf(part: Generation, lang: Lang, index: number, count: number): string {
  const model = modelName(part.modelId, lang)
  const price = formatRub(part.priceKopecks, lang)
  return count > 1
    ? t(lang, 'compare.caption_variant', { model, price, n: index + 1, count })
    : t(lang, 'compare.caption', { model, price })
}

/** The delivery is over: the parts marked delivered (every item out) or undelivered, then the group. */
async function closeDelivery(ctx: WorkerContext, groupId: string): Promise<void> {
  await closeComparePartsDelivery(ctx.db, groupId)
  await markCompareDelivered(ctx.db, groupId)
}

/**
 * A comparison whose parts have all ended: the succeeded parts' results as one album (images,
 * in blocks of 10) or a labelled series (video, audio: one message each), then one message
 * naming the parts that failed (refunded by their own settle) and the "continue with <model>"
 * buttons. Claimed in the group's row first, so two runs (two parts ending at once on two
 * workers) send it once; the claim is renewed before every send, so a run that lost it (a 429
 * postponed it past the lease and another run took over) stops before sending anything more.
 * Each item's file id is recorded as it goes out, so a re-run (a 429, a crash) resumes after it.
 * The parts are marked delivered (or undelivered) only when the group's delivery is over.
 */
export async function deliverCompare(
  ctx: WorkerContext,
  sender: CompareSender,
  groupId: string,
  claimant: string,
): Promise<string> {
  const claim = () => claimCompareDelivery(ctx.db, groupId, claimant)
  if (!(await claim())) return 'not needed'
  const group = await loadCompareGroup(ctx.db, groupId)
  if (!group) return 'not needed'
  const user = await ctx.db.user.findUnique({ where: { id: group.userId } })
  const lang: Lang = user?.language ?? 'en'
  const chatId = group.chatId.toString()
  if (!user || user.blockedBot) {
    await closeDelivery(ctx, groupId)
    return 'undelivered'
  }
  const succeeded = group.parts.filter((p) => p.status === 'succeeded' && p.resultUrls.length > 0)
  const failed = group.parts.filter((p) => p.status !== 'succeeded')
  const kind: OutputKind =
    (group.output as OutputKind | undefined) ?? getModel(group.parts[0]!.modelId)?.output ?? 'image'
  // how many of each part's items went out (recorded in its row, so a re-run resumes after them)
  const sentCount = new Map(succeeded.map((p) => [p.id, p.telegramFileIds.length]))
  const items: Item[] = succeeded
    .filter((p) => !p.undelivered)
    .flatMap((part) =>
      part.resultUrls
        .map((url, index) => ({ part, url, caption: captionOf(part, lang, index, part.resultUrls.length) }))
        .slice(part.telegramFileIds.length),
    )
  // a part with an item Telegram refused sends nothing more (its file ids stay in order; it ends undelivered)
  const refused = new Set<string>()
  const record = async (part: Generation, fileIds: string[]) => {
    const at = sentCount.get(part.id) ?? 0
    await recordComparePartItems(ctx.db, part.id, at, fileIds)
    sentCount.set(part.id, at + fileIds.length)
  }
  let stop = null as 'blocked' | 'taken over' | null
  // before every send: this run still holds the delivery (renewing its lease)
  const mayGoOn = async () => {
    if (stop === null && !(await claim())) stop = 'taken over'
    return stop === null
  }
  const sendOne = async (item: Item) => {
    if (refused.has(item.part.id) || !(await mayGoOn())) return
    let fileId = ''
    await sender.pace(chatId)
    const outcome = await sender.guarded(chatId, async () => {
      fileId = await sendResultItem(
        ctx.bot,
        {
          chatId,
          url: item.url,
          kind,
          caption: item.caption,
          linkText: `${item.caption}\n${t(lang, 'results.link', { model: modelName(item.part.modelId, lang), hours: RESULT_LINK_HOURS })}`,
          linkButton: t(lang, 'results.btn.download'),
        },
        sender.policy,
      )
    })
    if (outcome === 'blocked') stop = 'blocked'
    if (outcome === 'rejected') refused.add(item.part.id)
    if (outcome === 'sent' && fileId) await record(item.part, [fileId])
  }
  if (kind === 'image') {
    for (let start = 0; start < items.length && stop === null; start += ALBUM_MAX_ITEMS) {
      const block = items.slice(start, start + ALBUM_MAX_ITEMS).filter((i) => !refused.has(i.part.id))
      if (block.length === 0) continue
      if (block.length < 2) {
        await sendOne(block[0]!)
        continue
      }
      if (!(await mayGoOn())) break
      await sender.pace(chatId)
      let fileIds: string[] | null = null
      const outcome = await sender.guarded(chatId, async () => {
        fileIds = await sendAlbum(
          ctx.bot,
          {
            chatId,
            urls: block.map((i) => i.url),
            kind,
            caption: block[0]!.caption,
            extras: block.map((i) => ({ caption: i.caption, parse_mode: 'HTML' })),
          },
          sender.policy,
        )
      })
      if (outcome === 'blocked') stop = 'blocked'
      else if (fileIds !== null) {
        // one call, so all or nothing: each part's items of the block recorded together
        const byPart = new Map<Generation, string[]>()
        for (const [i, id] of (fileIds as string[]).entries())
          byPart.set(block[i]!.part, [...(byPart.get(block[i]!.part) ?? []), id])
        for (const [part, ids] of byPart) await record(part, ids)
      }
      // an album Telegram cannot take goes item by item, each with its own fallbacks
      else for (const item of block) await sendOne(item)
    }
  } else {
    for (const item of items) await sendOne(item)
  }
  if (stop === 'taken over') return 'taken over'
  if (stop === 'blocked') {
    await closeDelivery(ctx, groupId)
    return 'undelivered'
  }
  if (!(await mayGoOn())) return 'taken over'
  await sender.pace(chatId)
  const delivered = succeeded.filter((p) => (sentCount.get(p.id) ?? 0) >= p.resultUrls.length)
  const summary = summaryOf(group.parts, succeeded, delivered, failed, lang)
  // a crash between this message and the close below may repeat it (text only)
  const outcome = await sender.guarded(chatId, () =>
    ctx.bot.call('sendMessage', {
      chat_id: chatId,
      text: summary.text,
      parse_mode: 'HTML',
      ...markup(summary.keyboard),
    }),
  )
  await closeDelivery(ctx, groupId)
  return outcome === 'blocked' ? 'undelivered' : 'delivered'
}

/**
 * The group's delivery job ran out of attempts (Telegram's 5xx, the network, a file that could
 * not be fetched, every time): the delivery is closed as it stands, the parts not sent marked
 * undelivered (the admin's undelivered screen lists them and can send them again), and the
 * user told where the results are. Only by the run that holds the claim (another may have it).
 */
export async function giveUpCompare(ctx: WorkerContext, groupId: string, claimant: string): Promise<boolean> {
  if (!(await claimCompareDelivery(ctx.db, groupId, claimant))) return false
  await closeDelivery(ctx, groupId)
  const group = await loadCompareGroup(ctx.db, groupId)
  if (!group) return true
  const user = await ctx.db.user.findUnique({ where: { id: group.userId } })
  if (!user || user.blockedBot) return true
  const lang = user.language
  const succeeded = group.parts.filter((p) => p.status === 'succeeded' && p.resultUrls.length > 0)
  const failed = group.parts.filter((p) => p.status !== 'succeeded')
  const delivered = succeeded.filter((p) => !p.undelivered)
  const summary = summaryOf(group.parts, succeeded, delivered, failed, lang)
  await enqueueTelegram(
    ctx.queues.telegram,
    {
      kind: 'text',
      chatId: group.chatId.toString(),
      text: summary.text,
      parseMode: 'HTML',
      keyboard: summary.keyboard,
    },
    { jobId: compareJobId(groupId, 'given-up') },
  )
  return true
}

/**
 * "N of M delivered", a line per failed (refunded) part and per part Telegram would not take
 * (in the history, charged), and a "continue with" button per succeeded one. When no part's
 * results went out, the message says where they are instead.
 */
function summaryOf(
  parts: Generation[],
  succeeded: Generation[],
  delivered: Generation[],
  failed: Generation[],
  lang: Lang,
): { text: string; keyboard: CallbackButton[][] } {
  const failedLines = failed.map((p) =>
    t(lang, p.status === 'cancelled' ? 'compare.cancelled_line' : 'compare.failed_line', {
      model: modelName(p.modelId, lang),
      price: formatRub(p.priceKopecks, lang),
    }),
  )
  if (succeeded.length === 0) {
    const total = formatRub(
      failed.reduce((n, p) => n + p.priceKopecks, 0),
      lang,
    )
    return { text: [t(lang, 'compare.all_failed', { total }), ...failedLines].join('\n'), keyboard: [] }
  }
  const history: CallbackButton[] = [{ text: t(lang, 'status.btn.history'), callback_data: callbackData.history(0) }]
  if (delivered.length === 0) {
    const price = formatRub(
      succeeded.reduce((n, p) => n + p.priceKopecks, 0),
      lang,
    )
    const text = [
      t(lang, 'compare.undelivered', { ok: succeeded.length, count: parts.length, price }),
      ...failedLines,
    ].join('\n')
    return { text, keyboard: [history] }
  }
  const undeliveredLines = succeeded
    .filter((p) => !delivered.includes(p))
    .map((p) =>
      t(lang, 'compare.undelivered_line', {
        model: modelName(p.modelId, lang),
        price: formatRub(p.priceKopecks, lang),
      }),
    )
  const text = [
    t(lang, 'compare.done', { ok: delivered.length, count: parts.length }),
    ...failedLines,
    ...undeliveredLines,
    '',
    t(lang, 'compare.continue_hint'),
  ].join('\n')
  const keyboard: CallbackButton[][] = succeeded.map((p) => [
    {
      text: t(lang, 'compare.btn.continue', { model: getModel(p.modelId)?.name[lang] ?? p.modelId }),
      callback_data: callbackData.compareContinue(p.id),
    },
  ])
  if (undeliveredLines.length > 0) keyboard.push(history)
  return { text, keyboard }
}
