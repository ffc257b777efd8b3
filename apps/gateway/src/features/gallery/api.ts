import { addFavorite, removeFavorite, statementEntries, type Generation } from '@kiebot/db'
import { t, type Lang } from '@kiebot/i18n'
import {
  CATALOG_TASKS,
  askedFields,
  catalogTaskOf,
  getModel,
  listModels,
  modelCardInfo,
  type OutputKind,
} from '@kiebot/models'
import { keyOptions, promptOf, promptSnippet, resultItems, resultPoster } from '@kiebot/telegram'
import express, { type Request, type Response, type Router } from 'express'
import type { Telegraf } from 'telegraf'
import type { BotContext, Deps } from '../../bot/context'
import { formatDate, formatRub, formatSignedRub } from '../../ui'
import { hasResult, repeatGeneration, resendResult } from '../history'
import { offerAsInput } from '../results'
import { startWizard } from '../wizard'
import { actionAllowed, appUser, requireUser } from './auth'
import { chatContext } from './chat'
import { mediaHandler } from './media'

// The Mini App's JSON API (under /app/api): the user's generations, one generation, the
// catalog, the balance and its history, and the actions the chat's buttons perform. Every
// query is scoped to the verified user: another user's generation is "not found".

export const PAGE_SIZE = 24
const MAX_OFFSET = 5_000
const HISTORY_PAGE = 20
const TYPES: readonly OutputKind[] = ['image', 'video', 'audio']
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function intParam(value: unknown, fallback: number, max: number): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : fallback
  return Math.min(Math.max(n, 0), max)
}

function itemsOf(generation: Generation, favorites: Set<string>) {
  return resultItems(generation).map((item, index) => ({
    index,
    // a delivered file is streamed by the gateway; a link is Kie's while it lives
    ...(item.kind === 'file'
      ? { source: 'file' as const, path: `media/${generation.id}/${index}` }
      : { source: 'link' as const, url: item.url }),
    // a delivered video's poster (Telegram's thumbnail of it), streamed like the file
    ...(resultPoster(generation, index) ? { poster: `media/${generation.id}/${index}?thumb=1` } : {}),
    favorite: favorites.has(`${generation.id}:${index}`),
  }))
}

function summary(generation: Generation, lang: Lang, favorites: Set<string>) {
  const model = getModel(generation.modelId)
  return {
    id: generation.id,
    model: { slug: generation.modelId, name: model?.name[lang] ?? generation.modelId },
    type: model?.output ?? 'image',
    createdAt: generation.createdAt.toISOString(),
    date: formatDate(generation.createdAt, lang),
    price: formatRub(generation.priceKopecks, lang),
    prompt: promptSnippet(generation) ?? null,
    items: itemsOf(generation, favorites),
  }
}

async function favoritesOf(deps: Deps, userId: bigint, generationIds?: string[]): Promise<Set<string>> {
  const rows = await deps.db.favorite.findMany({
    where: { userId, ...(generationIds && { generationId: { in: generationIds } }) },
    select: { generationId: true, itemIndex: true },
  })
  return new Set(rows.map((r) => `${r.generationId}:${r.itemIndex}`))
}

/** The user's own succeeded generation with results, or undefined (another user's is never found). */
async function ownGeneration(deps: Deps, userId: bigint, id: string): Promise<Generation | undefined> {
  if (!UUID.test(id)) return undefined
  const generation = await deps.db.generation.findFirst({ where: { id, userId } })
  return generation && hasResult(generation) ? generation : undefined
}

export function galleryApi(deps: Deps, bot: Telegraf<BotContext>): Router {
  const api = express.Router()
  api.use(express.json({ limit: '4kb' }))
  api.use(requireUser(deps))
  const notFound = (res: Response) => void res.status(404).json({ error: 'not_found' })

  api.get('/me', (_req, res) => {
    const { user, lang } = appUser(res)
    res.json({
      id: Number(user.id),
      firstName: user.firstName,
      lang,
      balance: formatRub(user.balanceKopecks, lang),
    })
  })

  api.get('/generations', async (req, res) => {
    const { user, lang } = appUser(res)
    const type = TYPES.find((k) => k === req.query.type)
    const model = typeof req.query.model === 'string' && getModel(req.query.model) ? req.query.model : undefined
    const onlyFavorites = req.query.favorites === '1'
    const offset = intParam(req.query.offset, 0, MAX_OFFSET)
    const slugs = type
      ? listModels()
          .filter((m) => m.output === type)
          .map((m) => m.slug)
      : []
    const favoriteIds = onlyFavorites
      ? (await deps.db.favorite.findMany({ where: { userId: user.id }, select: { generationId: true } })).map(
          (f) => f.generationId,
        )
      : undefined
    const where = {
      userId: user.id,
      status: 'succeeded' as const,
      ...(model ? { modelId: model } : type ? { modelId: { in: slugs } } : {}),
      ...(favoriteIds && { id: { in: favoriteIds } }),
    }
    const rows = await deps.db.generation.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: offset,
      take: PAGE_SIZE + 1,
    })
    const page = rows.slice(0, PAGE_SIZE).filter(hasResult)
    const favorites = await favoritesOf(
      deps,
      user.id,
      page.map((g) => g.id),
    )
    // the filter's models: those this user has results of
    const used = await deps.db.generation.groupBy({
      by: ['modelId'],
      where: { userId: user.id, status: 'succeeded' },
      orderBy: { modelId: 'asc' },
    })
    res.json({
      items: page.map((g) => summary(g, lang, favorites)),
      nextOffset: rows.length > PAGE_SIZE ? offset + PAGE_SIZE : null,
      models: used.map((u) => {
        const spec = getModel(u.modelId)
        return { slug: u.modelId, name: spec?.name[lang] ?? u.modelId, type: spec?.output ?? 'image' }
      }),
    })
  })

  api.get('/generations/:id', async (req, res) => {
    const { user, lang } = appUser(res)
    const generation = await ownGeneration(deps, user.id, req.params.id)
    if (!generation) return notFound(res)
    const model = getModel(generation.modelId)
    const params = (generation.params ?? {}) as Record<string, unknown>
    const favorites = await favoritesOf(deps, user.id, [generation.id])
    res.json({
      ...summary(generation, lang, favorites),
      prompt: promptOf(generation) ?? null,
      options: model ? keyOptions(model, params, lang) : '',
      canUseAsInput: generation.resultUrls.length > 0,
    })
  })

  api.post('/generations/:id/favorite', async (req, res) => {
    const { user } = appUser(res)
    const generation = await ownGeneration(deps, user.id, req.params.id)
    const body = (req.body ?? {}) as { index?: unknown; on?: unknown }
    const index = typeof body.index === 'number' && Number.isInteger(body.index) ? body.index : -1
    if (!generation || index < 0 || index >= resultItems(generation).length) return notFound(res)
    const key = { userId: user.id, generationId: generation.id, itemIndex: index }
    if (body.on === false) {
      await removeFavorite(deps.db, key)
      return void res.json({ favorite: false })
    }
    const outcome = await addFavorite(deps.db, key)
    if (outcome === 'full') return void res.status(409).json({ error: 'favorites_full' })
    res.json({ favorite: true })
  })

  /** An action the bot performs in the chat (bounded per user and minute); `valid` checks the request's body. */
  const action =
    (
      run: (ctx: BotContext, generation: Generation, req: Request) => Promise<boolean | void>,
      valid: (generation: Generation, req: Request) => boolean = () => true,
    ) =>
    async (req: Request, res: Response) => {
      const { user } = appUser(res)
      const generation = await ownGeneration(deps, user.id, String(req.params.id))
      if (!generation) return notFound(res)
      if (!valid(generation, req)) return void res.status(400).json({ error: 'bad_request' })
      if (!(await actionAllowed(deps, user.id))) return void res.status(429).json({ error: 'too_many' })
      const done = await inChat(res, () => run(chatContext(bot, deps, user), generation, req))
      if (done === undefined) return
      if (done === false) return notFound(res)
      res.json({ ok: true })
    }

  /**
   * Runs what the bot does in the chat; a chat the bot cannot write to (the user blocked it, or
   * deleted the chat) is answered 410 `chat_unavailable`, and undefined is returned.
   */
  async function inChat<T>(res: Response, run: () => Promise<T>): Promise<T | 'ran' | undefined> {
    try {
      return (await run()) ?? 'ran'
    } catch (error) {
      if ((error as { code?: unknown }).code !== 403) throw error
      res.status(410).json({ error: 'chat_unavailable' })
      return undefined
    }
  }

  api.post(
    '/generations/:id/send',
    action((ctx, generation) => resendResult(ctx, generation.id)),
  )
  api.post(
    '/generations/:id/repeat',
    action((ctx, generation) => repeatGeneration(ctx, generation.id)),
  )
  api.post(
    '/generations/:id/use',
    action(
      (ctx, generation, req) => offerAsInput(ctx, generation.id, (req.body as { index: number }).index),
      (generation, req) => {
        const index = (req.body as { index?: unknown } | undefined)?.index
        return (
          typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < generation.resultUrls.length
        )
      },
    ),
  )

  api.get('/catalog', async (_req, res) => {
    const { lang } = appUser(res)
    const models = []
    for (const model of listModels()) {
      if (!(await deps.prices.isOffered(model.slug))) continue
      const card = modelCardInfo(model.slug)
      const range = await deps.prices.range(model)
      models.push({
        slug: model.slug,
        name: model.name[lang],
        description: model.description[lang],
        type: model.output,
        task: catalogTaskOf(model),
        example: card?.example?.[lang] ?? null,
        price:
          range.minKopecks === range.maxKopecks
            ? formatRub(range.minKopecks, lang)
            : t(lang, 'price.from', { price: formatRub(range.minKopecks, lang) }),
        takesFiles: askedFields(model).some((f) => f.type === 'media'),
      })
    }
    res.json({
      tasks: CATALOG_TASKS.map((task) => ({ id: task, name: t(lang, `task.${task}`) })),
      models,
    })
  })

  api.get('/catalog/:slug/sample', async (req, res) => {
    // a sample output of a model: the user's own latest result of it (never another user's)
    const { user, lang } = appUser(res)
    const generation = await deps.db.generation.findFirst({
      where: { userId: user.id, modelId: req.params.slug, status: 'succeeded' },
      orderBy: { createdAt: 'desc' },
    })
    if (!generation || !hasResult(generation)) return notFound(res)
    res.json(summary(generation, lang, await favoritesOf(deps, user.id, [generation.id])))
  })

  api.post('/catalog/:slug/open', async (req, res) => {
    const { user } = appUser(res)
    const model = getModel(req.params.slug)
    if (!model || !(await deps.prices.isOffered(model.slug))) return notFound(res)
    if (!(await actionAllowed(deps, user.id))) return void res.status(429).json({ error: 'too_many' })
    const done = await inChat(res, () =>
      startWizard(chatContext(bot, deps, user), model.slug, {}, { newMessage: true }),
    )
    if (done !== undefined) res.json({ ok: true })
  })

  api.get('/balance', async (req, res) => {
    const { user, lang } = appUser(res)
    const offset = intParam(req.query.offset, 0, MAX_OFFSET)
    const entries = await statementEntries(deps.db, user.id, { skip: offset, take: HISTORY_PAGE + 1 })
    res.json({
      balance: formatRub(user.balanceKopecks, lang),
      entries: entries.slice(0, HISTORY_PAGE).map((e) => ({
        id: String(e.id),
        date: formatDate(e.createdAt, lang),
        amount: formatSignedRub(e.amountKopecks, lang),
        credit: e.amountKopecks > 0,
        kind: t(lang, `ledger.${e.kind}`),
        model: e.generation ? (getModel(e.generation.modelId)?.name[lang] ?? e.generation.modelId) : null,
      })),
      nextOffset: entries.length > HISTORY_PAGE ? offset + HISTORY_PAGE : null,
    })
  })

  api.get('/media/:id/:index', mediaHandler(deps, bot))
  api.use((_req, res) => notFound(res))
  return api
}
