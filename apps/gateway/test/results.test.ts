import { randomUUID } from 'node:crypto'
import { MAX_FAVORITES } from '@kiebot/db'
import { callbackData } from '@kiebot/jobs'
import { inputTargets, nextStepsKeyboard, variantKeyboard } from '@kiebot/telegram'
import type { TranscriptEntry } from '@kiebot/sandbox'
import { buttonsOf, findButton, plain, startHarness, withDeliveryWorker, seedGeneration, type Harness } from './harness'

// What leads on from a result: the buttons the worker renders under it, pressed in the chat.
// Edit the prompt asks only the prompt and goes to the price; "use as input" offers the tasks
// the result can go on to and starts that model with the result already filled in (the
// delivered file's Telegram id, downloaded by the worker like a user's file); the original file
// goes out through the worker; favourites are kept (bounded) and listed; history quotes prompts.
let h: Harness
beforeAll(async () => {
  h = await startHarness({ MAX_ACTIVE_GENERATIONS: '1000' })
})
afterAll(async () => {
  await h.close()
})

/** A finished nano-banana image in the chat, delivered as a photo, as the worker leaves it. */
async function finishedImage(chat: number, prompt = 'a red fox in the snow') {
  const fileId = h.tg.control.sendMedia(chat, { kind: 'photo', bytes: Buffer.from('x'), width: 1, height: 1 }).fileId
  await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
  const id = randomUUID()
  const generation = await seedGeneration(h, chat, {
    id,
    params: { prompt, aspect_ratio: '16:9' },
    completedAt: new Date(),
    resultUrls: ['https://files.example.com/fox.png'],
    telegramFileIds: [fileId],
  })
  return { id, fileId, generation }
}

/**
 * A press answered by a toast: the callback answer's text, once the update is handled, and
 * proof that no message was sent or edited for it (the chat stays as it was).
 */
async function pressForToast(chat: number, messageId: number, data: string): Promise<string> {
  const before = JSON.stringify(h.tg.control.transcript(chat))
  const { queryId } = h.tg.control.pressButton(chat, messageId, { data })
  const answer = await h.tg.control.waitForCallbackAnswer(queryId, 15_000)
  await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
  expect(JSON.stringify(h.tg.control.transcript(chat))).toBe(before)
  return answer.text ?? ''
}

/** A message from the bot with these buttons, as the worker sends it. */
async function botMessage(chat: number, text: string, keyboard: unknown) {
  const response = await fetch(`${h.tg.url}/bot${h.botToken}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chat, text, reply_markup: { inline_keyboard: keyboard } }),
  })
  const body = (await response.json()) as { result: { message_id: number } }
  return messageById(chat, body.result.message_id)
}

function messageById(chat: number, messageId: number): TranscriptEntry {
  return h.tg.control.transcript(chat).find((m) => m.messageId === messageId)!
}

/** The "what next" message as the worker sends it after a result. */
function nextStepsMessage(chat: number, generation: Parameters<typeof nextStepsKeyboard>[0], lang: 'en' | 'ru') {
  return botMessage(chat, 'What next with this result?', nextStepsKeyboard(generation, lang))
}

describe('a result leads on', () => {
  it('"edit the prompt" asks only the prompt, then shows the price with the same settings', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const { id, generation } = await finishedImage(chat)
    const next = await nextStepsMessage(chat, generation, 'en')
    const ask = await h.press(chat, next.messageId, callbackData.resultEditPrompt(id))
    // a new message: the buttons under the result stay
    expect(ask.messageId).not.toBe(next.messageId)
    expect(buttonsOf(h.tg.control.transcript(chat).find((m) => m.messageId === next.messageId)!)).not.toHaveLength(0)
    expect(plain(ask.text)).toContain('a red fox in the snow')
    const confirmation = await h.text(chat, 'a blue fox on the ice')
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')
    expect(plain(confirmation.text)).toContain('a blue fox on the ice')
    expect(plain(confirmation.text)).toContain('16:9')
    await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    const made = await h.gateway.deps.db.generation.findFirst({
      where: { userId: BigInt(chat), id: { not: id } },
    })
    expect(made?.params).toEqual({ prompt: 'a blue fox on the ice', aspect_ratio: '16:9' })
  })

  it('"another variant" goes straight to the price with the same settings', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const { id } = await finishedImage(chat, 'a lighthouse')
    const photo = await botMessage(chat, '✨ Nano Banana', variantKeyboard(id, 'en'))
    expect(buttonsOf(photo).map((b) => b.text)).toEqual(['🔁 Another variant', '🏠 Menu'])
    const confirmation = await h.press(chat, photo.messageId, callbackData.repeat(id))
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')
    expect(plain(confirmation.text)).toContain('a lighthouse')
    expect(findButton(confirmation, /^y:/)).toMatch(/^y:/)
  })

  it('"use as input": the tasks, the models of one, then that model with the result filled in', async () => {
    const chat = await h.user({ balanceKopecks: 1_000_000, languageCode: 'ru' })
    const { id, fileId, generation } = await finishedImage(chat)
    const next = await nextStepsMessage(chat, generation, 'ru')
    const tasks = await h.press(chat, next.messageId, callbackData.resultUse(id, 0))
    expect(tasks.messageId).not.toBe(next.messageId)
    expect(plain(tasks.text)).toContain('Передать картинку другой модели')
    expect(buttonsOf(tasks).map((b) => b.text)).toEqual(
      expect.arrayContaining(['🖌 Изменить', '🎬 Оживить', '🔍 Улучшить качество', '✂️ Убрать фон']),
    )
    const upscalers = await h.press(chat, tasks.messageId, callbackData.resultUseTask(id, 0, 'upscale'))
    expect(upscalers.messageId).toBe(tasks.messageId)
    const target = inputTargets('image').findIndex((t) => t.model.slug === 'recraft-upscale')
    const confirmation = await h.press(
      chat,
      upscalers.messageId,
      findButton(upscalers, callbackData.resultUseModel(id, 0, target)),
    )
    // nothing else to ask: the price at once, the image already there
    expect(plain(confirmation.text)).toMatch(/Цена|Стоимость/)
    await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    const made = await h.gateway.deps.db.generation.findFirst({
      where: { userId: BigInt(chat), modelId: 'recraft-upscale' },
    })
    expect(made?.params).toMatchObject({ image: `tg:${fileId}` })
    // Back from the models returns to the tasks on the same message
    const again = await h.press(chat, next.messageId, callbackData.resultUse(id, 0))
    const animators = await h.press(chat, again.messageId, callbackData.resultUseTask(id, 0, 'animate'))
    expect(animators.messageId).toBe(again.messageId)
    const back = await h.press(chat, animators.messageId, findButton(animators, callbackData.resultUse(id, 0)))
    expect(back.messageId).toBe(again.messageId)
    expect(plain(back.text)).toContain('Передать картинку другой модели')
  })

  it('a Suno track goes on to Extend with its own track and version filled in, or to a cover with its file', async () => {
    const chat = await h.user({ balanceKopecks: 1_000_000 })
    const files = [0, 1].map(
      () => h.tg.control.sendMedia(chat, { kind: 'audio', bytes: Buffer.from('x'), duration: 3 }).fileId,
    )
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const id = randomUUID()
    const generation = await h.gateway.deps.db.generation.create({
      data: {
        id,
        userId: BigInt(chat),
        chatId: BigInt(chat),
        modelId: 'suno-song',
        params: { prompt: 'a song about a fox', instrumental: false, model: 'V4_5' },
        priceCredits: '12',
        usdPerCredit: '0.005',
        fxRate: '90',
        markup: '2',
        priceKopecks: 1080,
        status: 'succeeded',
        step: 'done',
        deadlineAt: new Date(),
        completedAt: new Date(),
        kieTaskId: `task-${id}`,
        resultUrls: ['https://files.example.com/0.mp3', 'https://files.example.com/1.mp3'],
        resultTrackIds: ['track-a', 'track-b'],
        telegramFileIds: files,
      },
    })
    const next = await nextStepsMessage(chat, generation, 'en')
    expect(buttonsOf(next).map((b) => b.text)).toEqual(['✏️ Edit the prompt', '➡️ 1: use', '⭐ 1', '➡️ 2: use', '⭐ 2'])
    const tasks = await h.press(chat, next.messageId, callbackData.resultUse(id, 1))
    expect(buttonsOf(tasks).map((b) => b.text)).toEqual(expect.arrayContaining(['⏩ Extend', '🎤 Cover']))
    const extenders = await h.press(chat, tasks.messageId, callbackData.resultUseTask(id, 1, 'extend'))
    const extend = inputTargets('audio', 'suno-song').findIndex((t) => t.model.slug === 'suno-extend')
    await h.press(chat, extenders.messageId, findButton(extenders, callbackData.resultUseModel(id, 1, extend)))
    const draft = await h.gateway.deps.drafts.current(String(chat))
    expect(draft).toMatchObject({ slug: 'suno-extend', params: { audioId: 'track-b', model: 'V4_5' } })
    const covers = await h.press(chat, next.messageId, callbackData.resultUse(id, 1))
    const coverList = await h.press(chat, covers.messageId, callbackData.resultUseTask(id, 1, 'cover'))
    const cover = inputTargets('audio', 'suno-song').findIndex((t) => t.model.slug === 'suno-cover')
    await h.press(chat, coverList.messageId, findButton(coverList, callbackData.resultUseModel(id, 1, cover)))
    expect(await h.gateway.deps.drafts.current(String(chat))).toMatchObject({
      slug: 'suno-cover',
      params: { uploadUrl: `tg:${files[1]}` },
    })
  })

  it('the original file is sent by the worker as a document', async () => {
    const chat = await h.user()
    const { id, generation } = await finishedImage(chat)
    const next = await nextStepsMessage(chat, generation, 'en')
    await h.press(chat, next.messageId, callbackData.resultOriginal(id, 0))
    // files.example.com is not reachable here: the worker says the link no longer works
    const answer = await withDeliveryWorker(h, () =>
      h.tg.control.waitForMessage(chat, (m) => /original file/.test(m.text ?? ''), 20_000),
    )
    expect(plain(answer.text)).toMatch(/no longer kept by the service|the original file/)
  })

  it('someone else cannot use, edit or keep my result', async () => {
    const owner = await h.user()
    const other = await h.user()
    const { id, generation } = await finishedImage(owner)
    const next = await nextStepsMessage(other, generation, 'en')
    for (const data of [
      callbackData.resultUse(id, 0),
      callbackData.resultEditPrompt(id),
      callbackData.favorite(id, 0),
    ]) {
      expect(await pressForToast(other, next.messageId, data)).toContain('no longer available')
    }
    expect(await h.gateway.deps.db.favorite.count({ where: { userId: BigInt(other) } })).toBe(0)
  })
})

describe('answers that are toasts', () => {
  it('a result that went out as a link, once the link has expired, cannot be used as input: a toast says so', async () => {
    const chat = await h.user()
    const { id, generation } = await finishedImage(chat)
    const expired = await h.gateway.deps.db.generation.update({
      where: { id },
      data: { telegramFileIds: [], completedAt: new Date(Date.now() - 48 * 3_600_000) },
    })
    const next = await nextStepsMessage(chat, { ...generation, ...expired }, 'en')
    const tasks = await h.press(chat, next.messageId, callbackData.resultUse(id, 0))
    const editors = await h.press(chat, tasks.messageId, callbackData.resultUseTask(id, 0, 'edit'))
    const target = inputTargets('image', 'nano-banana').findIndex((t) => t.model.slug === 'nano-banana-edit')
    const pick = findButton(editors, callbackData.resultUseModel(id, 0, target))
    expect(await pressForToast(chat, editors.messageId, pick)).toContain('cannot be used as an input any more')
    expect(await h.gateway.deps.drafts.current(String(chat))).toBeNull()
  })

  it('"edit the prompt" of a model that takes none is answered by a toast, in Russian too', async () => {
    const chat = await h.user({ languageCode: 'ru' })
    const { id, generation } = await finishedImage(chat)
    await h.gateway.deps.db.generation.update({ where: { id }, data: { modelId: 'recraft-upscale', params: {} } })
    const next = await nextStepsMessage(chat, generation, 'ru')
    expect(await pressForToast(chat, next.messageId, callbackData.resultEditPrompt(id))).toContain(
      'У этой модели нет промпта',
    )
    expect(await pressForToast(chat, next.messageId, callbackData.favorite(id, 0))).toBe('⭐ Добавлено в /favorites')
    expect(await pressForToast(chat, next.messageId, callbackData.favorite(id, 0))).toBe('⭐ Уже в /favorites')
  })
})

describe('favourites', () => {
  it('a star keeps the result, /favorites lists it with its prompt, sends it again and removes it', async () => {
    const chat = await h.user()
    const empty = await h.command(chat, 'favorites')
    expect(plain(empty.text)).toContain('Nothing here yet')
    const { id, fileId, generation } = await finishedImage(chat, 'a fox under the northern lights')
    const next = await nextStepsMessage(chat, generation, 'en')
    expect(await pressForToast(chat, next.messageId, callbackData.favorite(id, 0))).toContain('Added to /favorites')
    expect(await pressForToast(chat, next.messageId, callbackData.favorite(id, 0))).toBe('⭐ Already in /favorites')
    expect(await h.gateway.deps.db.favorite.count({ where: { userId: BigInt(chat) } })).toBe(1)
    const list = await h.command(chat, 'favorites')
    expect(plain(list.text)).toContain(`(1 of ${MAX_FAVORITES})`)
    expect(plain(list.text)).toContain('Nano Banana')
    expect(plain(list.text)).toContain('«a fox under the northern lights»')
    expect(buttonsOf(list).map((b) => b.callback_data)).toEqual([
      callbackData.favoriteSend(id, 0),
      callbackData.resultEditPrompt(id),
      callbackData.resultOriginal(id, 0),
      callbackData.resultUse(id, 0),
      callbackData.favoriteRemove(id, 0),
      callbackData.menu(),
    ])
    await h.press(chat, list.messageId, callbackData.favoriteSend(id, 0))
    const resent = await withDeliveryWorker(h, () =>
      h.tg.control.waitForMessage(chat, (m) => m.kind === 'photo' && /northern lights/.test(m.text ?? ''), 20_000),
    )
    expect(resent.text).toBe('✨ Nano Banana\n«a fox under the northern lights»\n16:9')
    expect(h.tg.control.calls({ method: 'sendPhoto', chatId: chat, ok: true }).at(-1)?.params.photo).toBe(fileId)
    const removed = h.tg.control.pressButton(chat, list.messageId, { data: callbackData.favoriteRemove(id, 0) })
    expect((await h.tg.control.waitForCallbackAnswer(removed.queryId, 15_000)).text).toBe('Removed from favourites')
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
    expect(plain(messageById(chat, list.messageId).text)).toContain('Nothing here yet')
  })

  it(`keeps at most ${MAX_FAVORITES} per user`, async () => {
    const chat = await h.user()
    const ids: string[] = []
    for (let i = 0; i < MAX_FAVORITES; i++) ids.push((await finishedImage(chat, `fox ${i}`)).id)
    await h.gateway.deps.db.favorite.createMany({
      data: ids.map((generationId) => ({ userId: BigInt(chat), generationId, itemIndex: 0 })),
    })
    const { id, generation } = await finishedImage(chat, 'one too many')
    const next = await nextStepsMessage(chat, generation, 'en')
    expect(await pressForToast(chat, next.messageId, callbackData.favorite(id, 0))).toContain(
      `You have ${MAX_FAVORITES} favourites`,
    )
    expect(await h.gateway.deps.db.favorite.count({ where: { userId: BigInt(chat) } })).toBe(MAX_FAVORITES)
  })
})

describe('history', () => {
  it('quotes a snippet of each prompt', async () => {
    const chat = await h.user()
    await finishedImage(chat, 'a very long prompt about a red fox walking through deep fresh snow at sunrise')
    const history = await h.command(chat, 'history')
    expect(plain(history.text)).toContain('«a very long prompt about a red fox…»')
  })
})
