import { randomUUID } from 'node:crypto'
import { reserveFunds } from '@kiebot/db'
import { getModel, listOffered } from '@kiebot/models'
import { buttonsOf, findButton, plain, startHarness, type Harness } from './harness'

let h: Harness

beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

describe('conversation', () => {
  it('/start creates the user and shows the main menu in their language', async () => {
    const ru = await h.user({ languageCode: 'ru', firstName: 'Анна' })
    const menu = await h.command(ru, 'start')
    expect(menu.text).toContain('Привет, Анна!')
    expect(buttonsOf(menu).map((b) => b.callback_data)).toEqual([
      'c:image:0',
      'c:video:0',
      'c:audio:0',
      'bal',
      'top',
      'h:0',
      'lang',
      'help',
      'pf:set',
    ])
    const user = await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(ru) } })
    expect(user.language).toBe('ru')

    const en = await h.user({ languageCode: 'en-US' })
    expect((await h.command(en, 'start')).text).toContain('Hi, Tester!')
  })

  it('the catalog pages list no model whose upstream vendor retired it (Sora 2, GPT Image 1 and 1.5)', async () => {
    const chat = await h.user()
    const listed: string[] = []
    for (const category of ['image', 'video', 'audio']) {
      let screen = await h.press(chat, (await h.command(chat, 'menu')).messageId, `c:${category}:0`)
      for (;;) {
        listed.push(
          ...buttonsOf(screen)
            .map((b) => b.callback_data)
            .filter((d) => d.startsWith('m:')),
        )
        const next = buttonsOf(screen).find((b) => b.callback_data.startsWith(`c:${category}:`) && b.text === '▶️')
        if (!next) break
        screen = await h.press(chat, screen.messageId, next.callback_data)
      }
    }
    // every page was read: each model on sale once
    expect(listed.sort()).toEqual(
      listOffered()
        .map((m) => `m:${m.slug}`)
        .sort(),
    )
    for (const slug of [
      'sora-2',
      'sora-2-i2v',
      'sora-2-pro',
      'sora-watermark-remover',
      'gpt-4o-image',
      'gpt-image-1-5',
      'gpt-image-1-5-edit',
    ])
      expect(listed).not.toContain(`m:${slug}`)
  })

  it('walks catalog -> card -> wizard -> confirmation for nano-banana', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const menu = await h.command(chat, 'menu')
    const category = await h.press(chat, menu.messageId, 'c:image:0')
    expect(category.text).toContain('Images')
    const card = await h.press(chat, category.messageId, findButton(category, 'm:nano-banana'))
    expect(card.text).toContain('Nano Banana')
    const step1 = await h.press(chat, card.messageId, 'w:nano-banana')
    expect(step1.text).toContain('step 1 of')
    const afterPrompt = await h.text(chat, 'a red fox in the snow')
    expect(afterPrompt.text).toContain('step 2 of')
    const confirmation = await h.press(chat, afterPrompt.messageId, findButton(afterPrompt, /^s:/))
    // 4 credits x 0.005 USD x 90 RUB x 2 = 3.60 RUB
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')
    expect(plain(confirmation.text)).toContain('100 ₽ → 96.40 ₽')
    expect(getModel('nano-banana')).toBeDefined()
  })

  it('a second Confirm press on what is now the status message leaves the status alone', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a red fox in the snow')
    const confirm = findButton(confirmation, /^y:/)
    const status = await h.press(chat, confirmation.messageId, confirm)
    expect(plain(status.text)).toContain('is queued')
    const again = await h.press(chat, confirmation.messageId, confirm, { force: true })
    expect(plain(again.text)).toContain('is queued')
    expect(plain(again.text)).not.toContain('expired')
    expect(await h.gateway.deps.db.generation.count({ where: { userId: BigInt(chat) } })).toBe(1)
    // a confirmation that never became a status message still says its form expired
    const other = await h.command(chat, 'gen', 'nano-banana a blue fox')
    await h.gateway.deps.drafts.discard((await h.gateway.deps.drafts.current(String(chat)))!)
    const expired = await h.press(chat, other.messageId, findButton(other, /^y:/))
    expect(plain(expired.text)).toContain('expired')
  })

  it('a generation that ends before "queued" is shown gets its status rendered again by the worker', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a green fox')
    const confirm = findButton(confirmation, /^y:/)
    // the "queued" edit is slow; meanwhile the worker fails the generation and edits its status
    h.tg.control.addLatency({ method: 'editMessageText', ms: 800, times: 1 })
    const db = h.gateway.deps.db
    const ending = (async () => {
      for (let i = 0; i < 100; i++) {
        const row = await db.generation.findFirst({ where: { userId: BigInt(chat) } })
        if (row)
          return db.generation.update({
            where: { id: row.id },
            data: { status: 'failed', step: 'done', failureCode: 'kie_failed' },
          })
        await new Promise((r) => setTimeout(r, 20))
      }
      throw new Error('no generation reserved')
    })()
    await h.press(chat, confirmation.messageId, confirm)
    const ended = await ending
    const jobs = await h.gateway.deps.queues.telegram.getJobs(['waiting', 'delayed', 'prioritized'])
    expect(jobs.filter((j) => j.id === `status-${ended.id}-after-confirm`).map((j) => j.data)).toEqual([
      { kind: 'status', generationId: ended.id, force: true },
    ])
  })

  it('grok-image-upscale offers only the user own finished Grok Imagine text-to-video clips and refuses anyone else task id, also at Confirm', async () => {
    const db = h.gateway.deps.db
    // A finished Grok Imagine text-to-video generation of each of two users, and an unfinished one.
    async function grokVideo(userId: number, taskId: string, status: 'succeeded' | 'failed' = 'succeeded') {
      const generationId = randomUUID()
      const price = { credits: 9.6, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 0 }
      await reserveFunds(db, {
        generationId,
        userId: BigInt(userId),
        chatId: BigInt(userId),
        modelId: 'grok-video',
        params: { prompt: `a lighthouse ${taskId}` },
        price,
        deadlineAt: new Date(Date.now() + 600_000),
      })
      await db.generation.update({
        where: { id: generationId },
        data: { status, kieTaskId: taskId, completedAt: new Date() },
      })
      return generationId
    }
    const owner = await h.user({ balanceKopecks: 10_000 })
    const stranger = await h.user({ balanceKopecks: 10_000 })
    const mine = await grokVideo(owner, 'task_grok_mine_1')
    await grokVideo(owner, 'task_grok_mine_failed', 'failed')
    const theirs = await grokVideo(stranger, 'task_grok_theirs_1')

    const step = await h.press(owner, (await h.command(owner, 'menu')).messageId, 'w:grok-image-upscale', {
      force: true,
    })
    expect(plain(step.text)).toContain('Choose one of your generations below.')
    const picks = buttonsOf(step).filter((b) => b.callback_data.startsWith('tp:'))
    expect(picks.map((b) => b.callback_data.split(':')[2])).toEqual([mine])

    // typing another user's (or an unfinished) task id is refused; a forged pick too
    expect(plain((await h.text(owner, 'task_grok_theirs_1')).text)).toContain('not one of your finished generations')
    const latest = await h.text(owner, 'task_grok_mine_failed')
    expect(plain(latest.text)).toContain('not one of your finished generations')
    const draftId = picks[0]!.callback_data.split(':')[1]!
    expect(plain((await h.press(owner, latest.messageId, `tp:${draftId}:${theirs}`, { force: true })).text)).toContain(
      'not one of your finished generations',
    )

    const confirmation = await h.press(owner, latest.messageId, picks[0]!.callback_data, { force: true })
    expect(plain(confirmation.text)).toContain('task_grok_mine_1')
    expect(plain((await h.press(owner, confirmation.messageId, findButton(confirmation, /^y:/))).text)).toContain(
      'is queued',
    )

    // /gen with someone else's task id reaches the price, but Confirm charges nothing
    const forged = await h.command(owner, 'gen', 'grok-image-upscale task_grok_theirs_1')
    const before = (await db.user.findUniqueOrThrow({ where: { id: BigInt(owner) } })).balanceKopecks
    const refused = await h.press(owner, forged.messageId, findButton(forged, /^y:/))
    expect(plain(refused.text)).toContain('not one of your finished generations')
    expect((await db.user.findUniqueOrThrow({ where: { id: BigInt(owner) } })).balanceKopecks).toBe(before)
    const upscales = await db.generation.findMany({ where: { userId: BigInt(owner), modelId: 'grok-image-upscale' } })
    expect(upscales.map((g) => (g.params as { task_id?: string }).task_id)).toEqual(['task_grok_mine_1'])
  })

  it('suno-extend offers each track of the user own finished Suno songs, pre-selects their version, and refuses anyone else track', async () => {
    const db = h.gateway.deps.db
    async function sunoSong(userId: number, tracks: string[], params: Record<string, string>) {
      const generationId = randomUUID()
      const price = { credits: 12, usdPerCredit: 0.005, fxRubPerUsd: 90, markup: 2, kopecks: 0 }
      await reserveFunds(db, {
        generationId,
        userId: BigInt(userId),
        chatId: BigInt(userId),
        modelId: 'suno-lyrics',
        params,
        price,
        deadlineAt: new Date(Date.now() + 600_000),
      })
      await db.generation.update({
        where: { id: generationId },
        data: { status: 'succeeded', kieTaskId: `task_${tracks[0]}`, resultTrackIds: tracks, completedAt: new Date() },
      })
      return generationId
    }
    const owner = await h.user({ balanceKopecks: 10_000 })
    const stranger = await h.user({ balanceKopecks: 10_000 })
    const mine = await sunoSong(owner, ['track_mine_a', 'track_mine_b'], {
      prompt: 'la la',
      style: 'pop',
      title: 'Summer',
      model: 'V4_5PLUS',
    })
    await sunoSong(stranger, ['track_theirs_a'], { prompt: 'na na', style: 'rock', title: 'Winter', model: 'V5' })

    const step = await h.press(owner, (await h.command(owner, 'menu')).messageId, 'w:suno-extend', { force: true })
    expect(plain(step.text)).toContain('Choose one of your generations below.')
    const picks = buttonsOf(step).filter((b) => b.callback_data.startsWith('tp:'))
    expect(picks.map((b) => b.callback_data.split(':').slice(2).join(':'))).toEqual([`${mine}:0`, `${mine}:1`])
    expect(picks.map((b) => b.text)).toEqual([
      expect.stringMatching(/^🎵1 .* · Summer$/),
      expect.stringMatching(/^🎵2 .* · Summer$/),
    ])

    // another user's track, typed or forged, is refused
    expect(plain((await h.text(owner, 'track_theirs_a')).text)).toContain('not one of your finished generations')
    const draftId = picks[0]!.callback_data.split(':')[1]!
    const forged = await h.press(owner, step.messageId, `tp:${draftId}:${mine}:7`, { force: true })
    expect(plain(forged.text)).toContain('not one of your finished generations')

    // the second track: the next step asks where to continue from; the source's version is kept
    const next = await h.press(owner, forged.messageId, picks[1]!.callback_data, { force: true })
    expect(plain(next.text)).toContain('Continue from second')
    const draft = await h.gateway.deps.drafts.current(String(owner))
    expect(draft?.params).toMatchObject({ audioId: 'track_mine_b', model: 'V4_5PLUS' })

    // the rest of the wizard, then Confirm: the extension of the user's own track is queued
    let screen = await h.press(owner, next.messageId, findButton(next, /^o:/))
    for (const answer of ['a second verse', 'summer pop', 'Summer (extended)']) screen = await h.text(owner, answer)
    expect(plain(screen.text)).toContain("The picked track's version is already chosen")
    const confirmation = await h.press(owner, screen.messageId, findButton(screen, /^s:/))
    expect(plain((await h.press(owner, confirmation.messageId, findButton(confirmation, /^y:/))).text)).toContain(
      'is queued',
    )
    const extension = await db.generation.findFirstOrThrow({ where: { userId: BigInt(owner), modelId: 'suno-extend' } })
    expect(extension.params).toMatchObject({
      audioId: 'track_mine_b',
      continueAt: 30,
      model: 'V4_5PLUS',
      title: 'Summer (extended)',
    })
  })
})
