import { randomUUID } from 'node:crypto'
import { ensureUser, grantOnce, reserveFunds } from '@kiebot/db'
import { generationJobId } from '@kiebot/jobs'
import { CALLBACK_TOKEN_GRACE_MS, callbackUrlFor, signWebhook } from '@kiebot/kie'
import { waitForBlockedBackend } from '@kiebot/testing'
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
async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
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

  it("wakes the generation's sleeping job as a Kie callback's wake-up, with the task id", async () => {
    const id = await generation({ status: 'running', kieTaskId: 'task-wake-1' })
    const queue = h.gateway.deps.queues.generation
    await queue.add('generation', { generationId: id }, { jobId: generationJobId(id), delay: 60_000 })
    expect(await post(urlOf(id), success('task-wake-1'))).toMatchObject({ status: 200, body: { msg: 'success' } })
    expect(await queue.getJobState(generationJobId(id))).toBe('waiting')
    // kept apart from the other wake-ups: a run past follow has served it (the worker's processor)
    const job = await queue.getJob(generationJobId(id))
    expect(job?.data).toMatchObject({ generationId: id, kieTaskId: 'task-wake-1' })
    expect(job?.data.kieWokenAt).toBeGreaterThan(Date.now() - 60_000)
    expect(job?.data.wokenAt).toBeUndefined()
    await job?.remove()
    // a row at follow (the worker polls the task) is woken the same way
    const following = await generation({ status: 'running', kieTaskId: 'task-wake-3' })
    await db().generation.update({ where: { id: following }, data: { step: 'follow' } })
    await queue.add('generation', { generationId: following }, { jobId: generationJobId(following), delay: 60_000 })
    expect(await post(urlOf(following), success('task-wake-3'))).toMatchObject({ status: 200 })
    expect(await queue.getJobState(generationJobId(following))).toBe('waiting')
    expect((await queue.getJob(generationJobId(following)))?.data.kieWokenAt).toBeGreaterThan(Date.now() - 60_000)
    await queue.remove(generationJobId(following))
  })

  it('leaves the job asleep when the row is past follow (the worker read the task first): the state is still kept', async () => {
    const id = await generation({ status: 'running', kieTaskId: 'task-wake-2' })
    await db().generation.update({ where: { id }, data: { step: 'deliver' } })
    const queue = h.gateway.deps.queues.generation
    await queue.add('generation', { generationId: id }, { jobId: generationJobId(id), delay: 60_000 })
    expect(await post(urlOf(id), success('task-wake-2'))).toMatchObject({ status: 200, body: { msg: 'success' } })
    expect(await queue.getJobState(generationJobId(id))).toBe('delayed')
    expect((await queue.getJob(generationJobId(id)))?.data).toEqual({ generationId: id })
    expect(await db().generation.findUniqueOrThrow({ where: { id } })).toMatchObject({ kieState: 'success' })
    await queue.remove(generationJobId(id))
  })

  it("a callback that crosses the create's answer (the worker stores the same task meanwhile) is kept, not ignored", async () => {
    const id = await generation({ status: 'running' })
    const queue = h.gateway.deps.queues.generation
    await queue.add('generation', { generationId: id }, { jobId: generationJobId(id), delay: 60_000 })
    // a stand-in for the worker's recordKieTask, its transaction held open: the gateway reads the
    // row without a task id, then its bind waits for the row and, once this commits, finds it set
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let updated!: (pid: number) => void
    const workerPid = new Promise<number>((resolve) => (updated = resolve))
    const worker = db().$transaction(
      async (tx) => {
        const [own] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`
        await tx.$executeRaw`UPDATE generations SET kie_task_id = ${'task-cross-1'}, step = 'follow' WHERE id = ${id}::uuid`
        updated(own!.pid)
        await gate
      },
      { timeout: 30_000 },
    )
    let answer: ReturnType<typeof post>
    try {
      // the update is made (uncommitted) before the callback is sent
      const pid = await workerPid
      answer = post(urlOf(id), success('task-cross-1'))
      // until a statement waits for the stand-in's row lock (the gateway's bind)
      await waitForBlockedBackend(pid)
    } finally {
      release()
      await worker
    }
    expect(await answer).toMatchObject({ status: 200, body: { msg: 'success' } })
    expect(await db().generation.findUniqueOrThrow({ where: { id } })).toMatchObject({
      kieTaskId: 'task-cross-1',
      kieState: 'success',
    })
    // and the job, asleep at follow, is woken
    expect(await queue.getJobState(generationJobId(id))).toBe('waiting')
    await queue.remove(generationJobId(id))
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

describe('Kie callback signatures with a key pool (each account its own webhookHmacKey)', () => {
  const HMAC = { a: 'hmac-of-account-a', b: 'hmac-of-account-b' }
  let pool: Harness
  let owner: bigint

  beforeAll(async () => {
    pool = await startHarness({
      KIE_API_KEY: '',
      KIE_API_KEYS: 'a=kie-key-a,b=kie-key-b',
      KIE_WEBHOOK_HMAC_KEYS: `a=${HMAC.a},b=${HMAC.b}`,
    })
    owner = BigInt(await pool.user())
    await ensureUser(pool.gateway.deps.db, { id: owner, firstName: 'Tester', languageCode: 'en' })
    await grantOnce(pool.gateway.deps.db, {
      userId: owner,
      kind: 'bonus',
      amountKopecks: 100_000,
      idempotencyKey: `cb-pool-seed:${owner}`,
      reason: 'test',
    })
  }, 60_000)
  afterAll(() => pool.close())

  /** A generation whose create went out with key `kieKey` (null: not sent yet), answer lost. */
  async function submitting(kieKey: string | null): Promise<string> {
    const id = randomUUID()
    const poolDb = pool.gateway.deps.db
    await reserveFunds(poolDb, {
      generationId: id,
      userId: owner,
      chatId: owner,
      modelId: 'nano-banana',
      params: { prompt: 'a fox' },
      price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
      deadlineAt: new Date(Date.now() + 600_000),
    })
    await poolDb.generation.update({ where: { id }, data: { status: 'running', submitUnknownAt: new Date(), kieKey } })
    return id
  }
  const signed = (taskId: string, hmacKey: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000))
    return { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': signWebhook(taskId, timestamp, hmacKey) }
  }
  const callback = (id: string, taskId: string, headers: Record<string, string>) =>
    post(callbackUrlFor(pool.config.PUBLIC_URL!, id, pool.config.KIE_CALLBACK_SECRET), success(taskId), headers)
  const taskOf = async (id: string) =>
    (await pool.gateway.deps.db.generation.findUniqueOrThrow({ where: { id } })).kieTaskId

  it("binds a task of the row's account, signed with that account's own key (not the first account's)", async () => {
    const id = await submitting('b')
    expect(await callback(id, 'task-b-1', signed('task-b-1', HMAC.b))).toMatchObject({
      status: 200,
      body: { msg: 'success' },
    })
    expect(await taskOf(id)).toBe('task-b-1')
  })

  it('accepts a signature of another account of the pool (a create retried on another key), and any for a row with no key yet', async () => {
    const retried = await submitting('b')
    expect((await callback(retried, 'task-a-1', signed('task-a-1', HMAC.a))).status).toBe(200)
    expect(await taskOf(retried)).toBe('task-a-1')
    expect(pool.logs.join('')).toContain('signed by another account of the pool')
    const unsent = await submitting(null)
    expect((await callback(unsent, 'task-b-2', signed('task-b-2', HMAC.b))).status).toBe(200)
    expect(await taskOf(unsent)).toBe('task-b-2')
  })

  it('refuses a callback signed by no account of the pool, an unsigned one, or a signature of another task', async () => {
    const id = await submitting('a')
    for (const headers of [signed('task-x-1', 'not-our-hmac-key'), {}, signed('another-task', HMAC.a)])
      expect(await callback(id, 'task-x-1', headers)).toMatchObject({ status: 401, body: { msg: 'bad signature' } })
    expect(await taskOf(id)).toBeNull()
  })
})
