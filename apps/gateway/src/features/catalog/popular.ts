import { pinnedModels, recentModelUse, type Db } from '@kiebot/db'
import { getModel, listByCategory, type ModelSpec } from '@kiebot/models'
import type { BotContext } from '../../bot/context'

/** How far back "Popular" counts generations. */
export const POPULAR_WINDOW_MS = 7 * 24 * 3600_000
/** Most models "Popular" lists (two pages). */
export const POPULAR_SIZE = 16
/** A quiet week still shows a full first page: the sections' first models fill it. */
const POPULAR_MIN = 8
/**
 * The week's use is counted again after this long (per process): counting is a scan of the
 * week's generations, too dear for every press of "Popular", and a minute-old ranking is as good.
 */
export const POPULAR_USE_CACHE_MS = 60_000

const useCache = new WeakMap<object, { at: number; used: { modelId: string; count: number }[] }>()

async function weekUse(db: Db): Promise<{ modelId: string; count: number }[]> {
  const cached = useCache.get(db)
  if (cached && Date.now() - cached.at < POPULAR_USE_CACHE_MS) return cached.used
  const used = await recentModelUse(db, new Date(Date.now() - POPULAR_WINDOW_MS))
  useCache.set(db, { at: Date.now(), used })
  return used
}

/**
 * The admins' pins (oldest pin first, read every time), then the models with the most
 * generations this week (counted at most once a minute),
 * then, while fewer than a page, the first models of each section in turn. Offered or not is
 * the caller's filter.
 */
export async function popularModels(ctx: BotContext): Promise<ModelSpec[]> {
  const { db } = ctx.deps
  const [pinned, used] = await Promise.all([pinnedModels(db), weekUse(db)])
  const slugs: string[] = []
  const add = (slug: string) => {
    if (slugs.length < POPULAR_SIZE && !slugs.includes(slug) && getModel(slug)) slugs.push(slug)
  }
  for (const slug of pinned) add(slug)
  for (const { modelId } of used) add(modelId)
  const sections = (['image', 'video', 'audio'] as const).map((c) => listByCategory(c))
  for (let i = 0; slugs.length < POPULAR_MIN && sections.some((s) => i < s.length); i++)
    for (const section of sections) if (section[i] && slugs.length < POPULAR_MIN) add(section[i]!.slug)
  return slugs.map((slug) => getModel(slug)!)
}

/** Whether an admin pinned this model (for the pin button on its card). */
export async function isPinned(ctx: BotContext, slug: string): Promise<boolean> {
  return (await pinnedModels(ctx.deps.db)).includes(slug)
}
