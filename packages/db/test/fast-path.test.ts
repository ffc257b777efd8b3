import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import {
  catalogOfferings,
  createDb,
  ensureUser,
  findUser,
  refreshUser,
  listedKieModels,
  markWelcomed,
  modelGate,
  modelSettings,
  modelStateNow,
  pinnedModels,
  Prisma,
  reserveFunds,
  startSubmit,
  statementEntries,
  type Db,
} from '@kiebot/db'
import { fundedUser } from './support/users'
import { useTestDb } from './support/database'

// The fast path (plain SQL on Prisma's own pool) returns exactly what Prisma returns, so a
// caller cannot tell which one read the row; and it ends with the client.
const testDb = useTestDb({ poolSize: 3 })
let db: Db

beforeAll(() => {
  db = testDb.db
})

/** A user with a balance of `kopecks` (one bonus entry). */
const funded = (userId: bigint, kopecks: number) => fundedUser(db, userId, kopecks)

/** A generation of theirs reserved as Confirm reserves it (7.40 ₽). */
async function reserved(userId: bigint, prompt: string): Promise<string> {
  const generationId = randomUUID()
  await reserveFunds(db, {
    generationId,
    userId,
    chatId: userId,
    modelId: 'nano-banana',
    params: { prompt },
    price: { credits: 8, usdPerCredit: 0.005, fxRubPerUsd: 92.5, markup: 2, kopecks: 740 },
    deadlineAt: new Date(Date.now() + 600_000),
  })
  return generationId
}

describe('fast path', () => {
  it('reads a user row with every field as Prisma does (nulls, bigints, enums, dates), in any time zone', async () => {
    const referrer = 9_100_000_001n
    const id = 9_100_000_002n
    await ensureUser(db, { id: referrer, firstName: 'Ref', languageCode: 'ru' })
    await ensureUser(db, { id, firstName: 'Full', lastName: 'Row', username: 'full_row', languageCode: 'uk' })
    await db.user.update({
      where: { id },
      data: {
        role: 'admin',
        banned: true,
        blockedBot: true,
        balanceKopecks: 12_345,
        referrerId: referrer,
        referralUntil: new Date('2027-01-02T03:04:05.678Z'),
        welcomedAt: new Date('2026-12-01T23:59:59.001Z'),
        autoConfirmKopecks: 5_000,
        currentModelId: 'nano-banana',
      },
    })
    for (const userId of [id, referrer]) {
      const viaPrisma = await db.user.findUnique({ where: { id: userId } })
      const viaSql = await findUser(db, userId)
      expect(viaSql).toEqual(viaPrisma)
      // every field Prisma knows is there, of the same type (toEqual alone treats undefined as absent)
      expect(Object.keys(viaSql!).sort()).toEqual(Object.keys(Prisma.UserScalarFieldEnum).sort())
      expect(typeof viaSql!.id).toBe('bigint')
      expect(viaSql!.createdAt).toBeInstanceOf(Date)
    }
    // in a process whose local time is not UTC (jest's process.env cannot change the zone of this one;
    // the child runs the built package, as the apps do)
    for (const tz of ['Asia/Vladivostok', 'America/Los_Angeles']) {
      const script = `
        const { createDb, findUser, rememberModelChoice } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'index.js'))})
        const db = createDb(process.argv[1])
        Promise.all([findUser(db, ${id}n), db.user.findUnique({ where: { id: ${id}n } })]).then(async ([a, b]) => {
          await rememberModelChoice(db, ${id}n, ${JSON.stringify('tz-' + tz)}, { aspect: '16:9' })
          console.log(JSON.stringify([a.referralUntil, b.referralUntil, a.createdAt, b.createdAt, new Date().getTimezoneOffset()]))
          await db.$disconnect()
        })`
      const out = execFileSync(process.execPath, ['-e', script, testDb.url], { env: { ...process.env, TZ: tz } })
      const [sqlUntil, prismaUntil, sqlCreated, prismaCreated, offset] = JSON.parse(out.toString()) as unknown[]
      expect(offset).not.toBe(0)
      expect(sqlUntil).toBe('2027-01-02T03:04:05.678Z')
      expect(prismaUntil).toBe(sqlUntil)
      expect(sqlCreated).toBe(prismaCreated)
      // and a time it writes is the time it is (in UTC, as Prisma writes it)
      const choice = await db.userModelChoice.findUniqueOrThrow({
        where: { userId_modelId: { userId: id, modelId: `tz-${tz}` } },
      })
      expect(Math.abs(choice.usedAt.getTime() - Date.now())).toBeLessThan(60_000)
      expect(choice.options).toEqual({ aspect: '16:9' })
    }
    const full = await findUser(db, id)
    expect(full).toMatchObject({ referralUntil: new Date('2027-01-02T03:04:05.678Z'), language: 'ru', role: 'admin' })
    expect(await findUser(db, 9_100_000_999n)).toBeNull()
  })

  it('creates a user and refreshes its names in SQL, returning the rows as Prisma reads them, in any time zone', async () => {
    const id = 9_100_000_010n
    const started = Date.now()
    const { user, created } = await ensureUser(db, {
      id,
      username: 'new_one',
      firstName: 'New',
      lastName: 'One',
      languageCode: 'be',
    })
    expect(created).toBe(true)
    expect(user).toEqual(await db.user.findUnique({ where: { id } }))
    expect(user).toMatchObject({ language: 'ru', role: 'user', banned: false, blockedBot: false, balanceKopecks: 0 })
    expect(user.referralCode).toMatch(/^[a-z0-9]{8}$/)
    expect(user.createdAt.getTime()).toBeGreaterThanOrEqual(started - 1)
    expect(user.lastSeenAt).toEqual(user.createdAt)
    // a second contact reads it, and writes nothing when nothing changed
    expect(
      await ensureUser(db, { id, username: 'new_one', firstName: 'New', lastName: 'One', languageCode: 'be' }),
    ).toEqual({
      user,
      created: false,
    })
    const renamed = await refreshUser(db, user, { id, username: null, firstName: 'Renamed', languageCode: 'en' })
    expect(renamed).toEqual(await db.user.findUnique({ where: { id } }))
    expect(renamed).toMatchObject({
      username: null,
      firstName: 'Renamed',
      lastName: null,
      languageCode: 'en',
      language: 'ru',
    })
    // created by a process whose local time is not UTC: the stored times are the UTC ones
    const other = 9_100_000_011n
    const script = `
      const { createDb, ensureUser } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'index.js'))})
      const db = createDb(process.argv[1])
      ensureUser(db, { id: ${other}n, firstName: 'Zone' }).then(async ({ user }) => {
        console.log(JSON.stringify([user.createdAt, new Date().getTimezoneOffset()]))
        await db.$disconnect()
      })`
    const out = execFileSync(process.execPath, ['-e', script, testDb.url], {
      env: { ...process.env, TZ: 'Asia/Vladivostok' },
    })
    const [createdThere, offset] = JSON.parse(out.toString()) as [string, number]
    expect(offset).not.toBe(0)
    const stored = await db.user.findUniqueOrThrow({ where: { id: other } })
    expect(stored.createdAt.toISOString()).toBe(createdThere)
    expect(Math.abs(stored.createdAt.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('marks a user welcomed once and returns the row as Prisma reads it', async () => {
    const id = 9_100_000_003n
    await funded(id, 700)
    const at = new Date('2026-11-30T12:00:00.123Z')
    const welcomed = await markWelcomed(db, id, at)
    expect(welcomed).toEqual(await db.user.findUnique({ where: { id } }))
    expect(welcomed).toMatchObject({ welcomedAt: at, balanceKopecks: 700 })
    // a second call keeps the first time
    expect((await markWelcomed(db, id, new Date()))?.welcomedAt).toEqual(at)
    expect(await markWelcomed(db, 9_100_000_998n)).toBeNull()
  })

  it("reads the price book's tables as Prisma does: settings, offerings, pins, the latest good catalog", async () => {
    expect(await listedKieModels(db)).toBeNull()
    expect(await modelSettings(db)).toEqual(new Map())
    await db.modelSetting.createMany({
      data: [
        { modelId: 'fp-a', enabled: false, markupOverride: '1.255', pinnedAt: new Date('2026-12-01T10:00:00Z') },
        { modelId: 'fp-b', fixedPriceKopecks: 4_990, pinnedAt: new Date('2026-12-01T09:00:00Z') },
        { modelId: 'fp-c' },
      ],
    })
    expect(await modelSettings(db)).toEqual(
      new Map([
        ['fp-a', { enabled: false, override: { markup: 1.255, fixedPriceKopecks: null } }],
        ['fp-b', { enabled: true, override: { markup: null, fixedPriceKopecks: 4_990 } }],
        ['fp-c', { enabled: true, override: { markup: null, fixedPriceKopecks: null } }],
      ]),
    )
    expect(await pinnedModels(db)).toEqual(['fp-b', 'fp-a'])
    const hiddenAt = new Date('2026-11-30T12:34:56.789Z')
    await db.catalogOffering.createMany({
      data: [
        { modelId: 'fp-a', creditFactor: '1.2345', proposedFactor: '0.9001' },
        { modelId: 'fp-b', hiddenReason: 'schema', hiddenAt, missingFields: ['aspect_ratio', 'seed'] },
      ],
    })
    const catalogOfferingsRead = await catalogOfferings(db)
    expect(catalogOfferingsRead).toEqual(
      new Map([
        [
          'fp-a',
          { creditFactor: 1.2345, proposedFactor: 0.9001, hiddenReason: null, hiddenAt: null, missingFields: [] },
        ],
        [
          'fp-b',
          {
            creditFactor: 1,
            proposedFactor: null,
            hiddenReason: 'schema',
            hiddenAt,
            missingFields: ['aspect_ratio', 'seed'],
          },
        ],
      ]),
    )
    // one model's, as the submit step reads them (no row: enabled, not hidden)
    expect(await modelGate(db, 'fp-a')).toEqual({ enabled: false, hiddenReason: null, creditFactor: 1.2345 })
    expect(await modelGate(db, 'fp-b')).toEqual({ enabled: true, hiddenReason: 'schema', creditFactor: 1 })
    expect(await modelGate(db, 'fp-c')).toEqual({ enabled: true, hiddenReason: null, creditFactor: 1 })
    expect(await modelGate(db, 'fp-none')).toEqual({ enabled: true, hiddenReason: null, creditFactor: 1 })
    // one model's, as Confirm reads it: the whole-table reads' entries (no good sync yet: not known listed)
    const settingsRead = await modelSettings(db)
    for (const id of ['fp-a', 'fp-b', 'fp-c', 'fp-none'])
      expect(await modelStateNow(db, id, 'kie/a')).toEqual({
        settings: settingsRead.get(id) ?? null,
        offering: catalogOfferingsRead.get(id) ?? null,
        listed: null,
      })
    // the latest good run counts, not a later failed one; a good run listing nothing lists nothing
    const empty = await db.catalogSync.create({ data: { startedAt: new Date(), ok: true } })
    expect(await listedKieModels(db)).toEqual(new Set())
    expect((await modelStateNow(db, 'fp-a', 'kie/a')).listed).toBe(false)
    await db.catalogSync.create({
      data: { startedAt: new Date(), ok: true, models: { create: [{ kieModel: 'kie/a' }, { kieModel: 'kie/b' }] } },
    })
    await db.catalogSync.create({ data: { startedAt: new Date(), ok: false, error: 'down' } })
    expect(await listedKieModels(db)).toEqual(new Set(['kie/a', 'kie/b']))
    expect((await modelStateNow(db, 'fp-a', 'kie/a')).listed).toBe(true)
    expect((await modelStateNow(db, 'fp-none', 'kie/b')).listed).toBe(true)
    expect((await modelStateNow(db, 'fp-a', 'kie/c')).listed).toBe(false)
    expect(empty.id).toBeGreaterThan(0n)
  })

  it('reads a statement as Prisma does: entries newest first, each with the generation it paid for', async () => {
    const userId = 9_100_000_010n
    await funded(userId, 10_000)
    for (const prompt of ['a fox', 'a lighthouse']) await reserved(userId, prompt)
    const viaPrisma = await db.ledgerEntry.findMany({
      where: { userId },
      orderBy: { id: 'desc' },
      include: { generation: { select: { modelId: true, params: true } } },
    })
    const expected = viaPrisma.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountKopecks: e.amountKopecks,
      createdAt: e.createdAt,
      generation: e.generation,
    }))
    expect(expected).toHaveLength(3)
    expect(await statementEntries(db, userId, { take: 10 })).toEqual(expected)
    expect(await statementEntries(db, userId, { skip: 1, take: 1 })).toEqual(expected.slice(1, 2))
    expect(expected[0]!.generation).toEqual({ modelId: 'nano-banana', params: { prompt: 'a lighthouse' } })
    expect(expected[2]!.generation).toBeNull()
  })

  it('writes times in UTC whatever time zone the database gives its sessions', async () => {
    const userId = 9_100_000_020n
    await funded(userId, 1_000)
    const generationId = await reserved(userId, 'a clock')
    await db.$executeRawUnsafe(`ALTER DATABASE "${testDb.name}" SET timezone TO 'Asia/Vladivostok'`)
    const zoned = createDb(testDb.url, { poolSize: 1 })
    try {
      expect(await zoned.$queryRawUnsafe<{ TimeZone: string }[]>('SHOW timezone')).toEqual([
        { TimeZone: 'Asia/Vladivostok' },
      ])
      const sentAt = new Date()
      expect(await startSubmit(zoned, generationId, 'attempt-1', null, sentAt)).toBe(true)
      const row = await db.generation.findUniqueOrThrow({ where: { id: generationId } })
      expect(Math.abs(row.updatedAt.getTime() - Date.now())).toBeLessThan(60_000)
      expect(row.submitUnknownAt?.toISOString()).toBe(sentAt.toISOString())
    } finally {
      await zoned.$disconnect()
      await db.$executeRawUnsafe(`ALTER DATABASE "${testDb.name}" RESET timezone`)
    }
  })

  it('ends its pool with the client', async () => {
    const other = createDb(testDb.url, { poolSize: 1 })
    expect(await findUser(other, 1n)).toBeNull()
    await other.$disconnect()
    await expect(findUser(other, 1n)).rejects.toThrow()
  })
})
