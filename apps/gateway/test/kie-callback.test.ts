import { randomUUID } from 'node:crypto'
import { ensureUser, grantOnce, reserveFunds } from '@kiebot/db'
import { CALLBACK_TOKEN_GRACE_MS, callbackUrlFor } from '@kiebot/kie'
import { startHarness, type Harness } from './harness'

// The Kie callback endpoint over real HTTP: what it checks before reading a body, what it
// binds, and which callbacks are answered 200 so that Kie stops retrying.
let h: Harness
let userId: bigint

beforeAll(async () => {
  h = await startHarness()
  userId = BigInt(await h.user())
  await ensureUser(h.gateway.deps.db, { id: userId, firstName: 'Tester', languageCode: 'en' })
  await grantOnce(h.gateway.deps.db, {
    userId,
    kind: 'bonus',
    amountKopecks: 100_000,
    idempotencyKey: `cb-seed:${userId}`,
    reason: 'test',
  })
}, 60_000)
afterAll(() => h.close())

const db = () => h.gateway.deps.db

async function generation(
  state: { status?: 'queued' | 'running'; kieTaskId?: string; deadlineAt?: Date } = {},
): Promise<string> {
  const id = randomUUID()
  await reserveFunds(db(), {
    generationId: id,
    userId,
    chatId: userId,
    modelId: 'nano-banana',
    params: { prompt: 'a fox' },
    price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
    deadlineAt: state.deadlineAt ?? new Date(Date.now() + 600_000),
  })
  await db().generation.update({
    where: { id },
    data: { status: state.status ?? 'running', kieTaskId: state.kieTaskId ?? null, submitUnknownAt: new Date() },
  })
  return id
}

const urlOf = (id: string, secret = h.config.KIE_CALLBACK_SECRET) => callbackUrlFor(h.config.PUBLIC_URL!, id, secret)
const success = (taskId: string) => ({
  code: 200,
  msg: 'success',
  data: { taskId, state: 'success', resultJson: JSON.stringify({ resultUrls: ['https://files.example/r.png'] }) },
})
async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json().catch(() => null) }
}

describe('Kie callback endpoint', () => {
  it('binds the task to a generation that is submitting', async () => {
    const id = await generation({ status: 'running' })
    expect(await post(urlOf(id), success('task-bound-1'))).toMatchObject({ status: 200, body: { msg: 'success' } })
    expect(await db().generation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      kieTaskId: 'task-bound-1',
      kieState: 'success',
    })
  })

  it("keeps the credits a success callback reports (consumeCredits) as Kie's, once", async () => {
    const id = await generation({ status: 'running', kieTaskId: 'task-credits-1' })
    const body = success('task-credits-1')
    expect(
      await post(urlOf(id), { ...body, data: { ...body.data, consumeCredits: 5.5, remainedCredits: 1000 } }),
    ).toMatchObject({ status: 200, body: { msg: 'success' } })
    const row = await db().generation.findUniqueOrThrow({ where: { id } })
    expect(row.kieCreditsConsumed?.toNumber()).toBe(5.5)
    expect(row.kieCreditsReported).toBe(true)
    // a duplicate with another figure does not replace the first report
    await post(urlOf(id), { ...body, data: { ...body.data, consumeCredits: 9 } })
    expect((await db().generation.findUniqueOrThrow({ where: { id } })).kieCreditsConsumed?.toNumber()).toBe(5.5)
    // a failure callback reports nothing worth keeping (Kie charges 0 for a failed task)
    const failed = await generation({ status: 'running', kieTaskId: 'task-credits-2' })
    await post(urlOf(failed), {
      code: 501,
      msg: 'failed',
      data: { taskId: 'task-credits-2', state: 'fail', failCode: '500', failMsg: 'x', consumeCredits: 0 },
    })
    expect(await db().generation.findUniqueOrThrow({ where: { id: failed } })).toMatchObject({
      kieCreditsConsumed: null,
      kieCreditsReported: false,
    })
  })

  it('never binds a task to a queued generation (it could not be ours): 200, ignored', async () => {
    const id = await generation({ status: 'queued' })
    expect(await post(urlOf(id), success('task-queued-1'))).toMatchObject({ status: 200, body: { msg: 'ignored' } })
    expect(await db().generation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'queued',
      kieTaskId: null,
      kieState: null,
    })
  })

  it("a task that is not the generation's, or an unknown generation: 200 (Kie stops retrying), nothing changes", async () => {
    const id = await generation({ status: 'running', kieTaskId: 'task-own-1' })
    expect(await post(urlOf(id), success('task-other-1'))).toMatchObject({ status: 200, body: { msg: 'ignored' } })
    expect(await db().generation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      kieTaskId: 'task-own-1',
      kieState: null,
    })
    // a task already bound to another generation is not taken over
    const second = await generation({ status: 'running' })
    expect(await post(urlOf(second), success('task-own-1'))).toMatchObject({ status: 200, body: { msg: 'ignored' } })
    expect((await db().generation.findUniqueOrThrow({ where: { id: second } })).kieTaskId).toBeNull()
    expect(await post(urlOf(randomUUID()), success('task-x'))).toMatchObject({ status: 200, body: { msg: 'ignored' } })
  })

  it('checks the path id and the token before reading the body', async () => {
    const id = await generation({ status: 'running' })
    // over the callback's own limit, under the app-wide cap (which refuses 1 MiB before routing)
    const huge = JSON.stringify({ ...success('t'), padding: 'x'.repeat(500_000) })
    // a bad token is refused without parsing the (malformed, huge) body
    expect((await post(urlOf(id, 'wrong-secret'), '{not json')).status).toBe(401)
    expect((await post(urlOf(id, 'wrong-secret'), huge)).status).toBe(401)
    expect((await post(`${h.config.PUBLIC_URL}/kie/callback/not-a-uuid?token=x`, success('t'))).status).toBe(401)
    // with a good token a body over the small limit is refused, not read
    expect((await post(urlOf(id), huge)).status).toBe(413)
    expect((await db().generation.findUniqueOrThrow({ where: { id } })).kieTaskId).toBeNull()
  })

  it('a token expires with its generation (deadline plus the grace period)', async () => {
    const expired = await generation({
      status: 'running',
      deadlineAt: new Date(Date.now() - CALLBACK_TOKEN_GRACE_MS - 1000),
    })
    expect(await post(urlOf(expired), success('task-late-1'))).toMatchObject({
      status: 401,
      body: { msg: 'token expired' },
    })
    expect((await db().generation.findUniqueOrThrow({ where: { id: expired } })).kieTaskId).toBeNull()
    const late = await generation({
      status: 'running',
      deadlineAt: new Date(Date.now() - CALLBACK_TOKEN_GRACE_MS + 60_000),
    })
    expect((await post(urlOf(late), success('task-late-2'))).status).toBe(200)
  })
})
