import { pinnedModels, setModelPinned } from '@kiebot/db'
import { getModel } from '@kiebot/models'
import type { BotContext } from '../../bot/context'
import { show, toast } from '../../ui'
import { cardOf } from '../catalog'

/** Pins a model to the top of "Popular" or unpins it (audited), says so, and shows its card again. */
export async function togglePin(ctx: BotContext, slug: string): Promise<void> {
  const model = getModel(slug)
  if (!model) return void (await show(ctx, await cardOf(ctx, slug)))
  const pinned = !(await pinnedModels(ctx.deps.db)).includes(slug)
  await setModelPinned(ctx.deps.db, ctx.user.id, slug, pinned)
  await toast(ctx, ctx.t(pinned ? 'admin.pinned' : 'admin.unpinned', { model: model.name[ctx.lang] }))
  await show(ctx, await cardOf(ctx, slug))
}
