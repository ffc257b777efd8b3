import { cancelQueuedGeneration, comparePartId, findBalanceMismatches, reserveGroup, type Prisma } from '@kiebot/db'
import { callbackData, compareJobId, enqueueGeneration, enqueueTelegram } from '@kiebot/jobs'
import { getModel, validateParams } from '@kiebot/models'
import { formatRub } from '@kiebot/pricing'
import { randomUUID } from 'node:crypto'
import { createUser, sentTo, spawnWorker, startHarness, waitFor, type Harness, type TestUser } from './support/harness'

// A comparison as the worker sees it: ordinary generation jobs, on two workers at once, and
// one delivery of the group when its last part ends. Videos go out as a labelled series
// (one message each, captioned with the model and its price), then the summary with the
// "continue with" buttons; asking for the delivery again sends nothing more.
let h: Harness

beforeAll(async () => {
  h = await startHarness()
  h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
  await Promise.all([spawnWorker(h), spawnWorker(h)])
}, 90_000)
afterAll(() => h.close())

const MODELS = ['kling-2-5-turbo', 'hailuo-02']

async function compare(
  user: TestUser,
  prompt: string,
  deadlineMs?: number,
  options: { groupId?: string; beforeEnqueue?: (ids: string[]) => Promise<void> } = {},
): Promise<{ groupId: string; ids: string[] }> {
  const groupId = options.groupId ?? randomUUID()
  const parts = MODELS.map((slug, index) => {
    const model = getModel(slug)!
    const checked = validateParams(model, { prompt })
    if (!checked.ok) throw new Error(`${slug}: ${JSON.stringify(checked.errors)}`)
    const credits = model.credits(checked.params)
    return {
      modelId: slug,
      params: checked.params as Prisma.InputJsonValue,
      price: { credits, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 1000 + index * 500 },
      deadlineAt: new Date(Date.now() + (deadlineMs ?? model.deadlineMs)),
    }
  })
  await reserveGroup(h.db, {
    groupId,
    userId: BigInt(user.id),
    chatId: BigInt(user.chatId),
    prompt,
    output: 'video',
    parts,
  })
  const ids = MODELS.map((_, i) => comparePartId(groupId, i))
  await options.beforeEnqueue?.(ids)
  for (const id of ids) await enqueueGeneration(h.queues.generation, id)
  return { groupId, ids }
}

describe('a comparison in the worker', () => {
  it('videos: a labelled series once the last part ends, then the summary; asked again, nothing more', async () => {
    const user = await createUser(h)
    const { groupId, ids } = await compare(user, 'A fox running through fresh snow')
    await waitFor(
      'the delivery',
      async () => (await h.db.compareGroup.findUnique({ where: { id: groupId } }))?.deliveredAt,
      60_000,
    )
    const parts = await h.db.generation.findMany({ where: { groupId } })
    expect(parts.every((p) => p.status === 'succeeded' && p.telegramFileIds.length === 1)).toBe(true)

    const videos = h.telegram.control.calls({ method: 'sendVideo', chatId: user.chatId, ok: true })
    expect(videos).toHaveLength(2)
    for (const [index, slug] of MODELS.entries()) {
      const caption = `⚖️ <b>${getModel(slug)!.name.en}</b> · ${formatRub(1000 + index * 500, 'en')}`
      expect(videos.map((v) => String(v.params.caption))).toContain(caption)
    }
    // the parts had no status message of their own: the only text is the summary
    const texts = sentTo(h, user.chatId).filter((m) => m.kind === 'text')
    expect(texts).toHaveLength(1)
    expect(texts[0]!.text).toContain('2 of 2')
    const buttons = texts[0]!.message.reply_markup?.inline_keyboard.flat() ?? []
    expect(buttons.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(
      ids.map((id) => callbackData.compareContinue(id)),
    )

    // the delivery asked for again, three times at once (a sweeper, a re-added job): nothing more is sent
    await Promise.all(
      ['again-1', 'again-2', 'again-3'].map((tag) =>
        enqueueTelegram(h.queues.telegram, { kind: 'compare', groupId }, { jobId: compareJobId(groupId, tag) }),
      ),
    )
    await waitFor('the extra jobs to end', async () => {
      const jobs = await Promise.all(
        ['again-1', 'again-2', 'again-3'].map((tag) => h.queues.telegram.getJob(compareJobId(groupId, tag))),
      )
      const states = await Promise.all(jobs.map((j) => j?.getState()))
      return states.every((s) => s === 'completed' || s === undefined)
    })
    expect(h.telegram.control.calls({ method: 'sendVideo', chatId: user.chatId, ok: true })).toHaveLength(2)
    expect(sentTo(h, user.chatId).filter((m) => m.kind === 'text')).toHaveLength(1)
    expect(await findBalanceMismatches(h.db)).toEqual([])
  }, 90_000)

  it('a run that lost its claim stops before its next send; the run that takes over sends only what is left', async () => {
    const user = await createUser(h)
    // the first video takes a while: meanwhile another run takes the group over (its lease renewed)
    h.telegram.control.addLatency({ method: 'sendVideo', chatId: user.chatId, ms: 3000, times: 1 })
    const { groupId, ids } = await compare(user, 'An owl over a frozen lake')
    await waitFor(
      'the claim',
      async () => (await h.db.compareGroup.findUnique({ where: { id: groupId } }))?.deliveryClaimedBy,
      60_000,
    )
    await new Promise((r) => setTimeout(r, 800))
    await h.db.compareGroup.update({
      where: { id: groupId },
      data: { deliveryClaimedBy: 'another-run', deliveryClaimedAt: new Date() },
    })
    // the state first, then the job: a job read while still active (no return value yet) whose
    // state is read once it has completed would show a null return value
    const first = await waitFor('the first run to end', async () =>
      (await h.queues.telegram.getJobState(compareJobId(groupId))) === 'completed'
        ? h.queues.telegram.getJob(compareJobId(groupId))
        : undefined,
    )
    expect(first!.returnvalue).toBe('taken over')
    expect(h.telegram.control.calls({ method: 'sendVideo', chatId: user.chatId, ok: true })).toHaveLength(1)
    expect(sentTo(h, user.chatId).filter((m) => m.kind === 'text')).toHaveLength(0)
    const midway = await h.db.generation.findMany({ where: { id: { in: ids } } })
    expect(midway.map((p) => p.telegramFileIds.length).sort()).toEqual([0, 1])
    expect(midway.every((p) => p.deliveredAt === null && !p.undelivered)).toBe(true)

    // the other run's lease runs out (it crashed): a new run sends the second video only, then the summary
    await h.db.compareGroup.update({
      where: { id: groupId },
      data: { deliveryClaimedAt: new Date(Date.now() - 10 * 60_000) },
    })
    await enqueueTelegram(h.queues.telegram, { kind: 'compare', groupId }, { jobId: compareJobId(groupId, 'resume') })
    await waitFor(
      'the delivery',
      async () => (await h.db.compareGroup.findUnique({ where: { id: groupId } }))?.deliveredAt,
      60_000,
    )
    const videos = h.telegram.control.calls({ method: 'sendVideo', chatId: user.chatId, ok: true })
    expect(videos).toHaveLength(2)
    expect(new Set(videos.map((v) => String(v.params.caption))).size).toBe(2)
    expect(sentTo(h, user.chatId).filter((m) => m.kind === 'text')).toHaveLength(1)
    const parts = await h.db.generation.findMany({ where: { id: { in: ids } } })
    expect(parts.every((p) => p.telegramFileIds.length === 1 && p.deliveredAt !== null && !p.undelivered)).toBe(true)
    expect(await findBalanceMismatches(h.db)).toEqual([])
  }, 90_000)

  it('a part cancelled while queued: the others delivered, the summary names it as cancelled and refunded', async () => {
    const user = await createUser(h, { kopecks: 100_000 })
    const groupId = randomUUID()
    const { ids } = await compare(user, 'A heron in the reeds', undefined, {
      groupId,
      beforeEnqueue: async (partIds) => {
        // what /cancel does to a part still queued
        const cancelled = await cancelQueuedGeneration(h.db, partIds[1]!)
        expect(cancelled.refunded).toBe(true)
      },
    })
    await waitFor(
      'the delivery',
      async () => (await h.db.compareGroup.findUnique({ where: { id: groupId } }))?.deliveredAt,
      60_000,
    )
    const parts = await h.db.generation.findMany({ where: { id: { in: ids } } })
    expect(parts.find((p) => p.id === ids[1])).toMatchObject({ status: 'cancelled', deliveredAt: null })
    expect(parts.find((p) => p.id === ids[0])?.deliveredAt).not.toBeNull()
    expect(h.telegram.control.calls({ method: 'sendVideo', chatId: user.chatId, ok: true })).toHaveLength(1)
    const texts = sentTo(h, user.chatId).filter((m) => m.kind === 'text')
    expect(texts).toHaveLength(1)
    expect(texts[0]!.text).toContain('1 of 2')
    expect(texts[0]!.text).toContain(
      `${getModel(MODELS[1]!)!.name.en} was cancelled: ${formatRub(1500, 'en')} refunded`,
    )
    expect(await findBalanceMismatches(h.db)).toEqual([])
  }, 90_000)

  it('parts that never end hit their own deadlines: each refunded, the group still ends with one message', async () => {
    const user = await createUser(h, { kopecks: 100_000 })
    // Kie takes far longer than the parts' deadlines
    h.kie.control.setTimeline({ queuingMs: 60_000, generatingMs: 60_000, completeMs: 60_000 })
    try {
      const { groupId, ids } = await compare(user, 'A slow fox', 2_000)
      await waitFor(
        'the delivery',
        async () => (await h.db.compareGroup.findUnique({ where: { id: groupId } }))?.deliveredAt,
        60_000,
      )
      const parts = await h.db.generation.findMany({ where: { groupId } })
      expect(parts.map((p) => p.status)).toEqual(['timed_out', 'timed_out'])
      for (const id of ids) {
        const entries = await h.db.ledgerEntry.findMany({ where: { generationId: id } })
        const charge = entries.find((e) => e.kind === 'charge')!
        expect(entries.filter((e) => e.kind === 'refund').map((e) => e.amountKopecks)).toEqual([-charge.amountKopecks])
      }
      expect((await h.db.user.findUniqueOrThrow({ where: { id: BigInt(user.id) } })).balanceKopecks).toBe(100_000)
      // no album, no series: one message saying everything was refunded, no "continue with"
      expect(h.telegram.control.calls({ method: 'sendVideo', chatId: user.chatId })).toHaveLength(0)
      const texts = sentTo(h, user.chatId).filter((m) => m.kind === 'text')
      expect(texts).toHaveLength(1)
      expect(texts[0]!.text).toContain('Everything was refunded')
      expect(texts[0]!.message.reply_markup?.inline_keyboard ?? []).toEqual([])
    } finally {
      h.kie.control.setTimeline({ queuingMs: 10, generatingMs: 20, completeMs: 100 })
    }
  }, 90_000)
})
