import { randomUUID } from 'node:crypto'
import {
  claimCompareDelivery,
  closeComparePartsDelivery,
  comparePartId,
  compareGroupEnded,
  compareStats,
  findOwedCompareDeliveries,
  ledgerKeys,
  loadCompareGroup,
  markCompareDelivered,
  MoneyError,
  passPartToSettle,
  recordComparePartItems,
  recordKieSuccess,
  recordKieTask,
  refundGeneration,
  reserveFunds,
  reserveGroup,
  settleSuccess,
  startSubmit,
  type Db,
  type PriceSnapshot,
  type ReserveGroupInput,
} from '@kiebot/db'
import { fundedUser } from './support/users'
import { useTestDb } from './support/database'

// A comparison's money: every part reserved in one transaction or none, once per group id,
// the active limit counting the group as one unit, and its delivery claimed once.

const testDb = useTestDb({ poolSize: 20, checkLedger: true })
let db: Db
let nextUserId = 5000n

beforeAll(() => {
  db = testDb.db
})

const userWithBalance = (kopecks: number): Promise<bigint> => fundedUser(db, nextUserId++, kopecks)

const price = (kopecks: number): PriceSnapshot => ({
  credits: 4,
  usdPerCredit: 0.005,
  fxRubPerUsd: 90,
  markup: 2,
  kopecks,
})

function group(userId: bigint, prices: number[], maxActive?: number): ReserveGroupInput {
  return {
    groupId: randomUUID(),
    userId,
    chatId: userId,
    prompt: 'a red fox',
    output: 'image',
    parts: prices.map((kopecks, i) => ({
      modelId: ['nano-banana', 'imagen4-fast', 'flux-2-pro', 'seedream-4'][i]!,
      params: { prompt: 'a red fox' },
      price: price(kopecks),
      deadlineAt: new Date(Date.now() + 60_000),
    })),
    ...(maxActive !== undefined ? { maxActive } : {}),
  }
}

const balanceOf = async (id: bigint) => (await db.user.findUniqueOrThrow({ where: { id } })).balanceKopecks

describe('reserveGroup', () => {
  it('reserves every part with its own charge entry, keyed by part ids derived from the group id', async () => {
    const userId = await userWithBalance(10_000)
    const input = group(userId, [300, 450, 700])
    const result = await reserveGroup(db, input)
    expect(result.duplicate).toBe(false)
    expect(result.balanceAfter).toBe(10_000 - 1450)
    expect(result.parts.map((p) => p.id)).toEqual([0, 1, 2].map((i) => comparePartId(input.groupId, i)))
    expect(result.parts.every((p) => p.groupId === input.groupId && p.status === 'queued')).toBe(true)
    const charges = await db.ledgerEntry.findMany({
      where: { userId, kind: 'charge' },
      orderBy: { amountKopecks: 'desc' },
    })
    expect(charges.map((c) => [c.idempotencyKey, c.amountKopecks])).toEqual([
      [ledgerKeys.charge(comparePartId(input.groupId, 0)), -300],
      [ledgerKeys.charge(comparePartId(input.groupId, 1)), -450],
      [ledgerKeys.charge(comparePartId(input.groupId, 2)), -700],
    ])
    const loaded = await loadCompareGroup(db, input.groupId)
    expect(loaded!.parts.map((p) => p.modelId)).toEqual(['nano-banana', 'imagen4-fast', 'flux-2-pro'])
    // the group's row as written in SQL reads back as Prisma reads it: its fields, and a UTC time of now
    expect(loaded).toMatchObject({ userId, chatId: userId, prompt: input.prompt, output: input.output })
    expect(loaded!.deliveryClaimedAt).toBeNull()
    expect(Math.abs(loaded!.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('reserves nothing when the balance does not cover the total (no group, no part, no entry)', async () => {
    const userId = await userWithBalance(1000)
    const input = group(userId, [400, 400, 400])
    await expect(reserveGroup(db, input)).rejects.toMatchObject({ code: 'insufficient_funds' })
    expect(await balanceOf(userId)).toBe(1000)
    expect(await db.compareGroup.count({ where: { userId } })).toBe(0)
    expect(await db.generation.count({ where: { userId } })).toBe(0)
    expect(await db.ledgerEntry.count({ where: { userId, kind: 'charge' } })).toBe(0)
  })

  it('charges once when the same group is confirmed twice at the same moment', async () => {
    const userId = await userWithBalance(10_000)
    const input = group(userId, [300, 450])
    const results = await Promise.all([reserveGroup(db, input), reserveGroup(db, input), reserveGroup(db, input)])
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
    expect(results.every((r) => r.parts.length === 2)).toBe(true)
    expect(await balanceOf(userId)).toBe(10_000 - 750)
    expect(await db.generation.count({ where: { userId } })).toBe(2)
  })

  it('counts a comparison as one unit of the active limit, its parts together', async () => {
    const userId = await userWithBalance(100_000)
    // a limit of 2: one comparison of four parts and one single generation fit
    await reserveGroup(db, group(userId, [100, 100, 100, 100], 2))
    await reserveFunds(db, {
      generationId: randomUUID(),
      userId,
      chatId: userId,
      modelId: 'nano-banana',
      params: { prompt: 'x' },
      price: price(100),
      deadlineAt: new Date(Date.now() + 60_000),
      maxActive: 2,
    })
    // a third unit is refused, and nothing of it is charged
    const before = await balanceOf(userId)
    await expect(reserveGroup(db, group(userId, [100, 100], 2))).rejects.toBeInstanceOf(MoneyError)
    await expect(reserveGroup(db, group(userId, [100, 100], 2))).rejects.toMatchObject({
      code: 'too_many_active_generations',
    })
    expect(await balanceOf(userId)).toBe(before)
    expect(await db.compareGroup.count({ where: { userId } })).toBe(1)
  })

  it('refuses fewer than two parts or more than four', async () => {
    const userId = await userWithBalance(10_000)
    await expect(reserveGroup(db, group(userId, [100]))).rejects.toBeInstanceOf(MoneyError)
    const five = group(userId, [100, 100, 100, 100])
    five.parts.push(five.parts[0]!)
    await expect(reserveGroup(db, five)).rejects.toBeInstanceOf(MoneyError)
    expect(await balanceOf(userId)).toBe(10_000)
  })
})

describe('a comparison delivery', () => {
  it('is claimed once, only when every part has ended; the claimant may go on, another may not', async () => {
    const userId = await userWithBalance(10_000)
    const input = group(userId, [300, 450])
    const { parts } = await reserveGroup(db, input)
    expect(await compareGroupEnded(db, input.groupId)).toBe(false)
    expect(await claimCompareDelivery(db, input.groupId, 'job-a')).toBe(false)
    for (const part of parts) await refundGeneration(db, part.id, { status: 'failed', failureCode: 'kie_failed' })
    expect(await compareGroupEnded(db, input.groupId)).toBe(true)
    const claims = await Promise.all(
      ['job-a', 'job-b', 'job-c'].map((who) => claimCompareDelivery(db, input.groupId, who)),
    )
    expect(claims.filter(Boolean)).toHaveLength(1)
    const winner = ['job-a', 'job-b', 'job-c'][claims.indexOf(true)]!
    expect(await claimCompareDelivery(db, input.groupId, winner)).toBe(true)
    expect(await claimCompareDelivery(db, input.groupId, 'someone-else')).toBe(false)
    await markCompareDelivered(db, input.groupId)
    expect(await claimCompareDelivery(db, input.groupId, winner)).toBe(false)
    expect(await balanceOf(userId)).toBe(10_000)
  })

  it('records each item once as it goes out; closing marks complete parts delivered and the rest undelivered', async () => {
    const userId = await userWithBalance(10_000)
    const input = group(userId, [300, 450, 500])
    const { parts } = await reserveGroup(db, input)
    // every part succeeds with two results; at deliver it goes on to settle, not delivered yet
    for (const part of parts) {
      expect(await startSubmit(db, part.id, randomUUID(), null)).toBe(true)
      expect(await recordKieTask(db, part.id, `task-${part.id}`)).not.toBeNull()
      const resultUrls = ['https://kie.example/a.png', 'https://kie.example/b.png']
      expect(
        await recordKieSuccess(db, part.id, { resultUrls, creditsConsumed: 4, kieState: 'success' }),
      ).not.toBeNull()
      expect(await passPartToSettle(db, part.id)).toBe(true)
      expect(await settleSuccess(db, part.id)).toBe(true)
    }
    const [full, half, none] = parts.map((p) => p.id) as [string, string, string]
    expect(await recordComparePartItems(db, full, 0, ['file-1'])).toBe(true)
    // a re-run sending the same item again records nothing twice
    expect(await recordComparePartItems(db, full, 0, ['file-1'])).toBe(false)
    expect(await recordComparePartItems(db, full, 1, ['link:https://kie.example/b.png'])).toBe(true)
    expect(await recordComparePartItems(db, half, 0, ['file-3'])).toBe(true)
    const loaded = await loadCompareGroup(db, input.groupId)
    expect(loaded!.parts.map((p) => [p.telegramFileIds, p.deliveredAt, p.undelivered])).toEqual([
      [['file-1', 'link:https://kie.example/b.png'], null, false],
      [['file-3'], null, false],
      [[], null, false],
    ])

    const at = new Date()
    expect(await closeComparePartsDelivery(db, input.groupId, at)).toEqual({ delivered: 1, undelivered: 2 })
    const closed = await db.generation.findMany({ where: { groupId: input.groupId } })
    const byId = new Map(closed.map((p) => [p.id, p]))
    expect(byId.get(full)).toMatchObject({ deliveredAt: at, undelivered: false })
    expect(byId.get(half)).toMatchObject({ deliveredAt: null, undelivered: true })
    expect(byId.get(none)).toMatchObject({ deliveredAt: null, undelivered: true })
    // closed: nothing more is recorded, and closing again changes nothing
    expect(await recordComparePartItems(db, half, 1, ['file-4'])).toBe(false)
    expect(await closeComparePartsDelivery(db, input.groupId)).toEqual({ delivered: 0, undelivered: 0 })
    // the charges stay: a part that went out undelivered is still a result made
    expect(await balanceOf(userId)).toBe(10_000 - 300 - 450 - 500)
  })

  it('shows in the stats: groups, parts and the share of ended parts that succeeded', async () => {
    const since = new Date(Date.now() - 3600_000)
    const before = await compareStats(db, since)
    const userId = await userWithBalance(10_000)
    const { parts } = await reserveGroup(db, group(userId, [100, 200, 300]))
    await refundGeneration(db, parts[0]!.id, { status: 'failed', failureCode: 'kie_failed' })
    const after = await compareStats(db, since)
    expect({
      groups: after.groups - before.groups,
      parts: after.parts - before.parts,
      succeededParts: after.succeededParts - before.succeededParts,
      endedParts: after.endedParts - before.endedParts,
    }).toEqual({ groups: 1, parts: 3, succeededParts: 0, endedParts: 1 })
    // nothing older than the window counts
    expect(await compareStats(db, new Date(Date.now() + 60_000))).toEqual({
      groups: 0,
      parts: 0,
      succeededParts: 0,
      endedParts: 0,
    })
  })
})

describe('owed comparison deliveries', () => {
  it('lists a group whose parts all ended a while ago and that nobody delivered, and no other', async () => {
    const userId = await userWithBalance(10_000)
    const ended = group(userId, [100, 100])
    const running = group(userId, [100, 100])
    const { parts } = await reserveGroup(db, ended)
    await reserveGroup(db, running)
    for (const part of parts) await refundGeneration(db, part.id, { status: 'failed', failureCode: 'kie_failed' })
    const later = new Date(Date.now() + 60_000)
    const owed = await findOwedCompareDeliveries(db, { endedBefore: later, createdAfter: new Date(0), limit: 100 })
    expect(owed).toContain(ended.groupId)
    expect(owed).not.toContain(running.groupId)
    // within the grace period the settle's own request has its chance
    const early = await findOwedCompareDeliveries(db, {
      endedBefore: new Date(Date.now() - 60_000),
      createdAfter: new Date(0),
      limit: 100,
    })
    expect(early).not.toContain(ended.groupId)
    // claimed (a run is on it) or delivered: no longer owed
    expect(await claimCompareDelivery(db, ended.groupId, 'job-x')).toBe(true)
    expect(
      await findOwedCompareDeliveries(db, { endedBefore: later, createdAfter: new Date(0), limit: 100 }),
    ).not.toContain(ended.groupId)
  })
})
