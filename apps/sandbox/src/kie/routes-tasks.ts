import { KIE_PATHS } from '@kiebot/kie'
import type { ApiFamily } from '@kiebot/models'
import type { Express, Request, Response } from './express'
import {
  FLAT_CREATE_PATHS,
  MARKET_CREATE_PATH,
  STATUS_PATHS,
  findMarketModel,
  flatEntry,
  type CatalogEntry,
} from './catalog'
import { startTask } from './lifecycle'
import type { Outcome } from './state'
import { firstUnfetchableUrl } from './media'
import { accountCredits, accountOf } from './accounts'
import { admitCreate, bearerKey } from './middleware'
import { priceFor } from './price'
import { sendData, sendError } from './respond'
import { applicableSchema, crossFieldProblem } from './rules'
import type { KieEmulatorStore } from './store'
import { checkParams } from './validate'
import { recordView } from './views'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** What a create body means once it passed the structural checks. */
interface ParsedCreate {
  entry: CatalogEntry
  model: string
  params: Json
  callBackUrl: string | null
  mediaUrls: string[]
  ruleKey: string
}

type Parsed = ParsedCreate | { status: number; problem: string }

function checkCallBackUrl(value: unknown, label: string): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') return `${label} must be of type string`
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : `${label} must be an http(s) URL`
  } catch {
    return `${label} must be an http(s) URL`
  }
}

function parseMarket(body: Json): Parsed {
  if (typeof body.model !== 'string' || body.model === '') return { status: 422, problem: 'model is required' }
  const entry = findMarketModel(body.model)
  if (!entry) return { status: 422, problem: `model ${JSON.stringify(body.model)} is not supported` }
  const topLevel = new Set(['model', 'input', 'callBackUrl', ...Object.keys(entry.topLevelExtra ?? {})])
  const unknown = Object.keys(body).find((key) => !topLevel.has(key))
  if (unknown) return { status: 422, problem: `${unknown} is not a supported parameter` }
  if (!isObject(body.input)) return { status: 422, problem: 'input is required and must be an object' }
  const urlProblem =
    checkCallBackUrl(body.callBackUrl, 'callBackUrl') ??
    checkCallBackUrl(body.progressCallBackUrl, 'progressCallBackUrl')
  if (urlProblem) return { status: 422, problem: urlProblem }
  const check = checkParams(body.input, applicableSchema(entry.model, body.input, entry.input), 'input.')
  if (check.problem !== null) return { status: 422, problem: check.problem }
  return {
    entry,
    model: body.model,
    params: body.input,
    callBackUrl: (body.callBackUrl as string | undefined) ?? null,
    mediaUrls: check.mediaUrls,
    ruleKey: entry.model,
  }
}

function parseFlat(family: ApiFamily, path: string, body: Json): Parsed {
  const entry = flatEntry(path, body)
  if (!entry) return { status: 404, problem: 'Not found' }
  const check = checkParams(body, applicableSchema(family, body, entry.input), '')
  if (check.problem !== null) return { status: 422, problem: check.problem }
  const urlProblem = checkCallBackUrl(body.callBackUrl, 'callBackUrl')
  if (urlProblem) return { status: 422, problem: urlProblem }
  const model = body.model ?? entry.input.model?.default ?? family
  return {
    entry,
    model: String(model),
    params: body,
    callBackUrl: (body.callBackUrl as string | undefined) ?? null,
    mediaUrls: check.mediaUrls,
    ruleKey: family,
  }
}

const SUNO_EXTEND_PATH = KIE_PATHS.otherCreate['suno-extend'].path

/**
 * An extension names a track of an earlier Suno task (`<taskId>-<index>`, the ids the
 * emulator's records and callbacks give): Kie fails the task when the track is not one of a
 * finished task, or when the model version differs from the source's.
 */
function extendSourceProblem(store: KieEmulatorStore, params: Json): Outcome | undefined {
  const audioId = String(params.audioId)
  const source = [...store.tasks.values()].find(
    (t) => t.family === 'suno' && t.state === 'success' && t.resultUrls.some((_, i) => `${t.taskId}-${i}` === audioId),
  )
  if (!source)
    return {
      outcome: 'fail',
      failCode: '400',
      failMessage: `audioId ${audioId} is not a track of a finished music task`,
    }
  if (params.model !== source.model) {
    return {
      outcome: 'fail',
      failCode: '400',
      failMessage: `model ${String(params.model)} differs from the source track's model ${source.model}`,
    }
  }
  return undefined
}

function publicBase(store: KieEmulatorStore, res: Response): string {
  return store.settings.publicUrl ?? (res.locals.publicBase as string)
}

async function create(store: KieEmulatorStore, family: ApiFamily, req: Request, res: Response): Promise<void> {
  const admittedAt = admitCreate(store, bearerKey(req) ?? '')
  if (admittedAt === null) {
    return sendError(res, store, 429, 'Rate limit exceeded: too many generation requests, please try again later')
  }
  const body: unknown = req.body
  if (!isObject(body)) return sendError(res, store, 422, 'request body must be a JSON object')
  const parsed = family === 'market' ? parseMarket(body) : parseFlat(family, req.path, body)
  if ('problem' in parsed) return sendError(res, store, parsed.status, parsed.problem)
  const ruleProblem = crossFieldProblem(parsed.ruleKey, parsed.params)
  if (ruleProblem) return sendError(res, store, 422, ruleProblem)
  if (store.settings.checkMediaUrls && parsed.mediaUrls.length > 0) {
    const failed = await firstUnfetchableUrl(parsed.mediaUrls, store.settings.mediaFetchTimeoutMs)
    if (failed) return sendError(res, store, 451, `Failed to fetch the file from URL: ${failed}`)
  }
  const price = priceFor(parsed.entry, parsed.params)
  const account = accountOf(store, bearerKey(req)) ?? 0
  const credits = accountCredits(store, account)
  if (credits < price) {
    return sendError(res, store, 402, `The current credits are insufficient (${credits} < ${price}). Please top up.`)
  }
  const task = startTask(store, {
    account,
    ...(req.path === SUNO_EXTEND_PATH ? { planned: extendSourceProblem(store, parsed.params) } : {}),
    family,
    entry: parsed.entry,
    model: parsed.model,
    request: body,
    params: parsed.params,
    callBackUrl: parsed.callBackUrl,
    price,
    baseUrl: publicBase(store, res),
    createdAt: admittedAt,
  })
  sendData(res, store, { taskId: task.taskId })
}

function status(store: KieEmulatorStore, family: ApiFamily, req: Request, res: Response): void {
  const taskId = req.query.taskId
  if (typeof taskId !== 'string' || taskId === '') return sendError(res, store, 400, 'taskId parameter is required')
  const task = store.tasks.get(taskId)
  // tasks are per account: another account's task does not exist for this key
  if (!task || task.family !== family || task.account !== accountOf(store, bearerKey(req)))
    return sendError(res, store, 404, 'Task not found')
  sendData(res, store, recordView(task))
}

/** createTask/recordInfo and the create/record endpoints of every flat family. */
export function mountTaskRoutes(app: Express, store: KieEmulatorStore): void {
  app.post(MARKET_CREATE_PATH, (req, res) => create(store, 'market', req, res))
  for (const [path, family] of Object.entries(FLAT_CREATE_PATHS)) {
    app.post(path, (req, res) => create(store, family, req, res))
  }
  for (const [family, path] of Object.entries(STATUS_PATHS) as [ApiFamily, string][]) {
    app.get(path, (req, res) => status(store, family, req, res))
  }
  app.get(KIE_PATHS.credits, (req, res) =>
    sendData(res, store, accountCredits(store, accountOf(store, bearerKey(req)) ?? 0)),
  )
}
