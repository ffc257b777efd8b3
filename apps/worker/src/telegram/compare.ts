import { claimCompareDelivery, loadCompareGroup, markCompareDelivered, recordComparePartFiles } from '@kiebot/db'
import type { Generation } from '@kiebot/db'
import { t, type Lang } from '@kiebot/i18n'
import { callbackData } from '@kiebot/jobs'
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

/** A part's caption: its model and its price (numbered when it made several results). */
function captionOf(part: Generation, lang: Lang, index: number, count: number): string {
  const model = modelName(part.modelId, lang)
  const price = formatRub(part.priceKopecks, lang)
  return count > 1
    ? t(lang, 'compare.caption_variant', { model, price, n: index + 1, count })
    : t(lang, 'compare.caption', { model, price })
}

/**
 * A comparison whose parts have all ended: the succeeded parts' results as one album (images,
 * in blocks of 10) or a labelled series (video, audio: one message each), then one message
 * naming the parts that failed (refunded by their own settle) and the "continue with <model>"
 * buttons. Claimed in the group's row first, so two runs (two parts ending at once on two
 * workers) send it once; a 429 postpones the job (the claim is renewed by its re-run after the lease).
 */
export async function deliverCompare(
  ctx: WorkerContext,
  sender: CompareSender,
  groupId: string,
  claimant: string,
): Promise<string> {
  if (!(await claimCompareDelivery(ctx.db, groupId, claimant))) return 'not needed'
  const group = await loadCompareGroup(ctx.db, groupId)
  if (!group) return 'not needed'
  const user = await ctx.db.user.findUnique({ where: { id: group.userId } })
  const lang: Lang = user?.language ?? 'en'
  const chatId = group.chatId.toString()
  if (!user || user.blockedBot) {
    await markCompareDelivered(ctx.db, groupId)
    return 'undelivered'
  }
  const succeeded = group.parts.filter((p) => p.status === 'succeeded' && p.resultUrls.length > 0)
  const failed = group.parts.filter((p) => p.status !== 'succeeded')
  const kind: OutputKind =
    (group.output as OutputKind | undefined) ?? getModel(group.parts[0]!.modelId)?.output ?? 'image'
  const items: Item[] = succeeded
    .filter((p) => p.telegramFileIds.length === 0)
    .flatMap((part) =>
      part.resultUrls.map((url, index) => ({
        part,
        url,
        caption: captionOf(part, lang, index, part.resultUrls.length),
      })),
    )
  // a part's file ids are recorded as soon as all its items went out, so a re-run (a 429, a crash) skips it
  const sent = new Map<string, string[]>()
  const record = async (part: Generation, fileId: string) => {
    const fileIds = [...(sent.get(part.id) ?? []), fileId]
    sent.set(part.id, fileIds)
    if (fileIds.length === part.resultUrls.length) await recordComparePartFiles(ctx.db, part.id, fileIds)
  }
  let blocked = false
  const sendOne = async (item: Item) => {
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
    if (outcome === 'blocked') blocked = true
    if (outcome === 'sent' && fileId) await record(item.part, fileId)
  }
  if (kind === 'image') {
    for (let start = 0; start < items.length && !blocked; start += ALBUM_MAX_ITEMS) {
      const block = items.slice(start, start + ALBUM_MAX_ITEMS)
      if (block.length < 2) {
        await sendOne(block[0]!)
        continue
      }
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
      if (outcome === 'blocked') blocked = true
      else if (fileIds !== null) for (const [i, id] of (fileIds as string[]).entries()) await record(block[i]!.part, id)
      // an album Telegram cannot take goes item by item, each with its own fallbacks
      else for (const item of block) if (!blocked) await sendOne(item)
    }
  } else {
    for (const item of items) if (!blocked) await sendOne(item)
  }
  if (blocked) {
    await markCompareDelivered(ctx.db, groupId)
    return 'undelivered'
  }
  await sender.pace(chatId)
  const summary = summaryOf(group.parts, succeeded, failed, lang)
  const outcome = await sender.guarded(chatId, () =>
    ctx.bot.call('sendMessage', {
      chat_id: chatId,
      text: summary.text,
      parse_mode: 'HTML',
      ...markup(summary.keyboard),
    }),
  )
  await markCompareDelivered(ctx.db, groupId)
  return outcome === 'blocked' ? 'undelivered' : 'delivered'
}

/** "N of M delivered", a line per failed (refunded) part, and a "continue with" button per succeeded one. */
function summaryOf(
  parts: Generation[],
  succeeded: Generation[],
  failed: Generation[],
  lang: Lang,
): { text: string; keyboard: CallbackButton[][] } {
  const failedLines = failed.map((p) =>
    t(lang, 'compare.failed_line', { model: modelName(p.modelId, lang), price: formatRub(p.priceKopecks, lang) }),
  )
  if (succeeded.length === 0) {
    const total = formatRub(
      failed.reduce((n, p) => n + p.priceKopecks, 0),
      lang,
    )
    return { text: [t(lang, 'compare.all_failed', { total }), ...failedLines].join('\n'), keyboard: [] }
  }
  const text = [
    t(lang, 'compare.done', { ok: succeeded.length, count: parts.length }),
    ...failedLines,
    '',
    t(lang, 'compare.continue_hint'),
  ].join('\n')
  const keyboard = succeeded.map((p) => [
    {
      text: t(lang, 'compare.btn.continue', { model: getModel(p.modelId)?.name[lang] ?? p.modelId }),
      callback_data: callbackData.compareContinue(p.id),
    },
  ])
  return { text, keyboard }
}
