import type { Generation } from '@kiebot/db'
import { getModel } from '@kiebot/models'
import { RESULT_LINK_HOURS, resultItems, telegramFileRef } from '@kiebot/telegram'

const HOUR_MS = 3600_000

/**
 * A result's item as another model's input, stored like a user's file: the Telegram file id
 * of what was delivered (`tg:<id>`: it never expires, the worker downloads it and uploads it
 * to Kie as it does a user's file, so the bot token stays in the worker, and it is measured
 * and priced like one); an item that went out as a link is Kie's URL while that link lives.
 * Undefined when neither is usable any more.
 */
export function resultAsInput(
  generation: Pick<Generation, 'telegramFileIds' | 'resultUrls' | 'completedAt'>,
  index: number,
  now = new Date(),
): string | undefined {
  const item = resultItems(generation)[index]
  if (!item) return undefined
  if (item.kind === 'file') return telegramFileRef(item.fileId)
  const completed = generation.completedAt?.getTime()
  if (completed === undefined || now.getTime() - completed > RESULT_LINK_HOURS * HOUR_MS) return undefined
  return item.url
}

/** What the result is (image, video, audio), from its model. */
export function outputOf(generation: Pick<Generation, 'modelId'>) {
  return getModel(generation.modelId)?.output
}
