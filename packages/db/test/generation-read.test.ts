import { randomUUID } from 'node:crypto'
import {
  ensureUser,
  failGeneration,
  finishDelivery,
  markEnqueued,
  markNotified,
  readGeneration,
  readGenerationAndUser,
  readHistoryPage,
  recordKieState,
  recordKieSuccess,
  recordKieTask,
  recordStatusMessage,
  refundGeneration,
  reserveFunds,
  retryUnsentSubmit,
  revertSubmit,
  settleSuccess,
  startSubmit,
  type Db,
  type Generation,
} from '@kiebot/db'
import { useTestDb } from './support/database'

// The generation job reads the row and moves it with SQL statements of their own (cheaper than
// the client engine's run-time compiled queries): the read must give exactly what findUnique
// gives (every field, every type), and each transition must keep its compare-and-set.
const testDb = useTestDb()
let db: Db
const userId = 7_200_001n

beforeAll(async () => {
  db = testDb.db
  await ensureUser(db, { id: userId, firstName: 'Reader', languageCode: 'en' })
  await db.user.update({ where: { id: userId }, data: { balanceKopecks: 1_000_000 } })
})

async function reserved(extra: { statusMessageId?: number } = {}): Promise<string> {
  const generationId = randomUUID()
  await reserveFunds(db, {
    ...extra,
    generationId,
    userId,
    chatId: userId,
    modelId: 'nano-banana',
    params: { prompt: 'a fox', images: ['tg:abc'] },
    price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
    deadlineAt: new Date(Date.now() + 3600_000),
  })
  return generationId
}

const prismaRow = (id: string) => db.generation.findUniqueOrThrow({ where: { id } })

function expectSameRow(read: Generation | null, expected: Generation) {
  expect(read).not.toBeNull()
  expect(Object.keys(read!).sort()).toEqual(Object.keys(expected).sort())
  for (const [field, value] of Object.entries(expected)) {
    const got = (read as unknown as Record<string, unknown>)[field]
    // same class (Date, Decimal, BigInt, arrays, JSON) and same value
    expect([field, (got as object | null)?.constructor?.name]).toEqual([
      field,
      (value as object | null)?.constructor?.name,
    ])
    expect([field, String(got)]).toEqual([field, String(value)])
    expect([field, JSON.stringify(got, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))]).toEqual([
      field,
      JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
    ])
  }
}

describe('the generation row, read and moved with SQL', () => {
  it("the row Confirm's reservation opens (one INSERT in its transaction) is the row findUnique reads", async () => {
    const generationId = randomUUID()
    const { generation } = await reserveFunds(db, {
      generationId,
      userId,
      chatId: userId,
      modelId: 'nano-banana',
      params: { prompt: 'a fox', images: ['tg:abc'], n: 2, nested: { ok: true } },
      price: { credits: 4.5, usdPerCredit: 0.005, fxRubPerUsd: 81.2345, markup: 2.25, kopecks: 360, fixed: true },
      deadlineAt: new Date('2031-02-03T04:05:06.789Z'),
    })
    const stored = await prismaRow(generationId)
    expectSameRow(generation, stored)
    expect(stored).toMatchObject({ status: 'queued', step: 'submit', priceFixed: true, resultUrls: [] })
    expect(stored.deadlineAt.toISOString()).toBe('2031-02-03T04:05:06.789Z')
    expect(String(stored.fxRate)).toBe('81.2345')
    expect(Math.abs(stored.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('the row a refund ends (one UPDATE in its transaction) is the row findUnique reads', async () => {
    const id = await reserved()
    const refunded = await refundGeneration(db, id, {
      status: 'failed',
      failureCode: 'kie_failed',
      failureReason: 'the task failed',
    })
    if (!refunded.refunded) throw new Error('not refunded')
    const stored = await prismaRow(id)
    expectSameRow(refunded.generation, stored)
    expect(stored).toMatchObject({ status: 'failed', step: 'done', failureCode: 'kie_failed' })
    expect(Math.abs(stored.completedAt!.getTime() - Date.now())).toBeLessThan(60_000)
    expect(stored.updatedAt.getTime()).toBe(stored.completedAt!.getTime())
    // only from its statuses: a second end finds nothing to end
    expect(await refundGeneration(db, id, { status: 'cancelled' })).toEqual({
      refunded: false,
      currentStatus: 'failed',
    })
  })

  it('a list column left NULL (the columns are nullable; a hand-made row) reads as an empty list, as findUnique gives it', async () => {
    const id = await reserved()
    // every list column the table has (a new one fails here until the fast path knows it)
    const lists = await db.$queryRaw<{ column_name: string }[]>`SELECT column_name FROM information_schema.columns
      WHERE table_name = 'generations' AND data_type = 'ARRAY' ORDER BY column_name`
    expect(lists.length).toBeGreaterThanOrEqual(6)
    for (const { column_name: column } of lists)
      await db.$executeRawUnsafe(`UPDATE generations SET "${column}" = NULL WHERE id = $1::uuid`, id)
    const viaPrisma = await prismaRow(id)
    expectSameRow(await readGeneration(db, id), viaPrisma)
    const read = await readGenerationAndUser(db, id)
    expect(read).toMatchObject({ resultUrls: [], telegramFileIds: [], telegramThumbnailIds: [] })
    expect(read).toMatchObject({ resultUrls: viaPrisma.resultUrls, telegramFileIds: viaPrisma.telegramFileIds })
  })

  it('readGeneration gives what findUnique gives, at every step (null when there is no row)', async () => {
    const id = await reserved()
    expectSameRow(await readGeneration(db, id), await prismaRow(id))
    expect(await startSubmit(db, id, 'attempt-1', 'k2')).toBe(true)
    // the transitions the job goes on from return the row as it left it, as findUnique gives it
    const following = await recordKieTask(db, id, `task-${id}`)
    expect(following).toMatchObject({ step: 'follow', kieTaskId: `task-${id}` })
    expectSameRow(following, await prismaRow(id))
    expectSameRow(await readGeneration(db, id), await prismaRow(id))
    const delivering = await recordKieSuccess(db, id, {
      resultUrls: ['https://files.example/1.png', 'https://files.example/2.png'],
      trackIds: ['a', 'b'],
      trackTexts: { titles: ['One', 'Two'], lyrics: ['la', 'la la'] },
      creditsConsumed: 4.25,
      kieState: 'success',
    })
    expect(delivering).toMatchObject({
      step: 'deliver',
      resultUrls: ['https://files.example/1.png', 'https://files.example/2.png'],
    })
    expectSameRow(delivering, await prismaRow(id))
    const settling = await finishDelivery(db, id, { undelivered: false })
    expect(settling).toMatchObject({ step: 'settle', undelivered: false })
    expectSameRow(settling, await prismaRow(id))
    expect(await recordStatusMessage(db, id, 4242)).toBe(true)
    expect(await settleSuccess(db, id)).toBe(true)
    expect(await markNotified(db, id)).toBe(true)
    const settled = await prismaRow(id)
    expect(settled).toMatchObject({
      status: 'succeeded',
      step: 'done',
      kieKey: 'k2',
      kieTaskId: `task-${id}`,
      resultTrackIds: ['a', 'b'],
      resultTitles: ['One', 'Two'],
      kieCreditsReported: true,
      statusMessageId: 4242,
    })
    expect(settled.kieCreditsConsumed?.toString()).toBe('4.25')
    expect(settled.deliveredAt).toBeInstanceOf(Date)
    expect(settled.notifiedAt).toBeInstanceOf(Date)
    expectSameRow(await readGeneration(db, id), settled)
    expect(await readGeneration(db, randomUUID())).toBeNull()
  })

  it('readGenerationAndUser gives the row and its user as findUnique with the user included gives them', async () => {
    const id = await reserved()
    await db.user.update({ where: { id: userId }, data: { blockedBot: true, language: 'ru' } })
    try {
      const read = await readGenerationAndUser(db, id)
      const { user, ...expected } = await db.generation.findUniqueOrThrow({
        where: { id },
        include: { user: { select: { language: true, blockedBot: true } } },
      })
      expect(read?.user).toEqual({ language: 'ru', blockedBot: true })
      expect(user).toEqual(read?.user)
      const row: Record<string, unknown> = { ...read }
      delete row.user
      expectSameRow(row as unknown as Generation, expected)
      expect(await readGenerationAndUser(db, randomUUID())).toBeNull()
    } finally {
      await db.user.update({ where: { id: userId }, data: { blockedBot: false, language: 'en' } })
    }
  })

  it('each transition moves the row once, only from its own state, and stamps updated_at', async () => {
    const id = await reserved()
    const before = (await prismaRow(id)).updatedAt
    await new Promise((r) => setTimeout(r, 5))
    // the create attempt: only from queued, "sent" and the key with it; reverted only by its owner
    const firstAt = new Date('2026-05-05T10:11:12.345Z')
    expect(await startSubmit(db, id, 'a1', 'k1', firstAt)).toBe(true)
    expect(await startSubmit(db, id, 'a2', 'k2')).toBe(false)
    expect((await prismaRow(id)).updatedAt.getTime()).toBeGreaterThan(before.getTime())
    expect(await prismaRow(id)).toMatchObject({ status: 'running', submitAttempt: 'a1', kieKey: 'k1' })
    expect((await prismaRow(id)).submitUnknownAt?.toISOString()).toBe(firstAt.toISOString())
    expect(await revertSubmit(db, id, 'a2')).toBe(false)
    expect(await revertSubmit(db, id, 'a1')).toBe(true)
    expect(await prismaRow(id)).toMatchObject({ status: 'queued', submitAttempt: null, submitUnknownAt: null })
    const sentAt = new Date('2026-05-05T10:11:13.345Z')
    expect(await startSubmit(db, id, 'a3', null, sentAt)).toBe(true)
    expect(await startSubmit(db, id, 'a3', null, new Date())).toBe(false)
    expect((await prismaRow(id)).submitUnknownAt?.toISOString()).toBe(sentAt.toISOString())
    // a row of the two-write start of the previous version (running, not sent): back to queued by its attempt only
    await db.generation.update({ where: { id }, data: { submitUnknownAt: null } })
    expect(await retryUnsentSubmit(db, id, 'a1')).toBe(false)
    expect(await retryUnsentSubmit(db, id, 'a3')).toBe(true)
    expect(await prismaRow(id)).toMatchObject({ status: 'queued', submitAttempt: null })
    expect(await startSubmit(db, id, 'a4', null, sentAt)).toBe(true)
    // a task: stored once; another task id does not replace it
    expect(await recordKieTask(db, id, `t-${id}`)).not.toBeNull()
    expect(await recordKieTask(db, id, `other-${id}`)).toBeNull()
    expect(await prismaRow(id)).toMatchObject({ step: 'follow', kieTaskId: `t-${id}`, submitUnknownAt: null })
    expect(await recordKieState(db, id, 'generating')).toBe(true)
    // a failure only from the steps named
    expect(await failGeneration(db, id, { code: 'deadline', fromSteps: ['submit'] })).toBe(false)
    expect(await failGeneration(db, id, { code: 'deadline', fromSteps: [] })).toBe(false)
    expect(await failGeneration(db, id, { code: 'kie_failed', reason: 'x'.repeat(600), fromSteps: ['follow'] })).toBe(
      true,
    )
    const failed = await prismaRow(id)
    expect(failed).toMatchObject({ step: 'settle', failureCode: 'kie_failed', kieState: 'generating' })
    expect(failed.failureReason).toHaveLength(500)
    // no success from settle, and nothing owed is marked while the row is active
    expect(await recordKieSuccess(db, id, { resultUrls: ['u'], creditsConsumed: null, kieState: 'success' })).toBeNull()
    expect(await finishDelivery(db, id, { undelivered: true })).toBeNull()
    expect(await markNotified(db, id)).toBe(false)
    // a status message is recorded only where there was none
    expect(await recordStatusMessage(db, id, 1)).toBe(true)
    expect(await recordStatusMessage(db, id, 2)).toBe(false)
    expect((await prismaRow(id)).statusMessageId).toBe(1)
  })

  it('a reservation writes the status message it is given, and markEnqueued marks a row once', async () => {
    const id = await reserved({ statusMessageId: 42 })
    expect((await prismaRow(id)).statusMessageId).toBe(42)
    // without one, none (the worker sends a status message of its own)
    expect((await prismaRow(await reserved())).statusMessageId).toBeNull()
    // enqueued once: a second mark (the sweeper after the gateway) changes nothing
    const other = await reserved()
    const at = new Date('2026-06-07T08:09:10.111Z')
    expect(await markEnqueued(db, [id, other, randomUUID()], at)).toBe(2)
    expect(await markEnqueued(db, [id, other], new Date())).toBe(0)
    expect(await markEnqueued(db, [])).toBe(0)
    for (const g of [id, other]) expect((await prismaRow(g)).enqueuedAt?.toISOString()).toBe(at.toISOString())
  })

  it('readHistoryPage gives the pages findMany gives, with the count, and the last page for one past it', async () => {
    const owner = 7_200_002n
    await ensureUser(db, { id: owner, firstName: 'History', languageCode: 'en' })
    expect(await readHistoryPage(db, owner, 0, 5)).toEqual({ total: 0, page: 0, generations: [] })
    expect(await readHistoryPage(db, owner, 3, 5)).toEqual({ total: 0, page: 0, generations: [] })
    await db.user.update({ where: { id: owner }, data: { balanceKopecks: 100_000 } })
    for (let i = 0; i < 7; i++) {
      await reserveFunds(db, {
        generationId: randomUUID(),
        userId: owner,
        chatId: owner,
        modelId: 'nano-banana',
        params: { prompt: `fox ${i}` },
        price: { credits: 4, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 360 },
        deadlineAt: new Date(Date.now() + 3600_000),
      })
    }
    const prismaPage = (page: number) =>
      db.generation.findMany({
        where: { userId: owner },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: page * 5,
        take: 5,
      })
    for (const [asked, expectedPage] of [
      [0, 0],
      [1, 1],
      [2, 1],
      [-1, 0],
    ] as const) {
      const read = await readHistoryPage(db, owner, asked, 5)
      expect([asked, read.total, read.page]).toEqual([asked, 7, expectedPage])
      const expected = await prismaPage(expectedPage)
      expect(read.generations.map((g) => g.id)).toEqual(expected.map((g) => g.id))
      read.generations.forEach((g, i) => expectSameRow(g, expected[i]!))
    }
    // another user's rows are not in it
    expect((await readHistoryPage(db, userId, 0, 50)).generations.every((g) => g.userId === userId)).toBe(true)
  })
})
