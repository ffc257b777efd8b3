import { randomUUID } from 'node:crypto'
import { findBalanceMismatches, startSubmit } from '@kiebot/db'
import { callbackData, callbacks } from '@kiebot/jobs'
import { renderStatus } from '@kiebot/telegram'
import { ADMIN_ID, buttonsOf, findButton, plain, startHarness, seedGeneration, type Harness } from './harness'

// What the user's presses on a live or failed generation do: Cancel answered by a toast
// (cancelled and refunded, or too late once the task is with Kie), and "Edit the prompt"
// under a failure, which asks only the prompt again and leads to the price with the
// failed generation's other settings.

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())
afterEach(async () => expect(await findBalanceMismatches(h.gateway.deps.db)).toEqual([]))

const balanceOf = async (chat: number) =>
  (await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).balanceKopecks

async function pressForToast(chat: number, messageId: number, data: string, force = false): Promise<string> {
  const { queryId } = h.tg.control.pressButton(chat, messageId, { data, force })
  const answer = await h.tg.control.waitForCallbackAnswer(queryId, 15_000)
  await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 15_000 })
  return answer.text ?? ''
}

describe('Cancel on the status message', () => {
  it('while queued: cancelled and refunded once, said by a toast', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a dog')
    const before = await balanceOf(chat)
    const status = await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    expect(await balanceOf(chat)).toBe(before - 360)
    expect(plain(await pressForToast(chat, status.messageId, findButton(status, /^gc:/)))).toBe(
      'Cancelled. 3.60 ₽ is back on your balance.',
    )
    expect(await balanceOf(chat)).toBe(before)
    // a second press (an old copy of the button): nothing more moves
    expect(plain(await pressForToast(chat, status.messageId, findButton(status, /^gc:/), true))).toContain('Cancelled')
    expect(await balanceOf(chat)).toBe(before)
  })

  it('once the task is being sent to Kie: "too late" as a toast, in the user’s language, no refund', async () => {
    const chat = await h.user({ balanceKopecks: 10_000, languageCode: 'ru' })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a dog')
    const before = await balanceOf(chat)
    const status = await h.press(chat, confirmation.messageId, findButton(confirmation, /^y:/))
    const generation = await h.gateway.deps.db.generation.findFirstOrThrow({ where: { userId: BigInt(chat) } })
    // the worker took it: queued -> running, right before the create
    expect(await startSubmit(h.gateway.deps.db, generation.id, randomUUID(), null)).toBe(true)
    const messagesBefore = h.tg.control.transcript(chat).length
    expect(await pressForToast(chat, status.messageId, findButton(status, /^gc:/))).toBe(
      'Отменить уже нельзя: задание передано сервису генерации.',
    )
    expect(h.tg.control.transcript(chat)).toHaveLength(messagesBefore)
    expect(await balanceOf(chat)).toBe(before - 360)
    // the stale button is taken away: the worker re-renders the status message from the row
    const job = await h.gateway.deps.queues.telegram.getJobs(['waiting', 'delayed', 'prioritized'])
    expect(job.some((j) => j.data.kind === 'status' && j.data.generationId === generation.id)).toBe(true)
  })
})

describe('Edit the prompt after a failure', () => {
  it('asks only the prompt, in a new message, then shows the price with the other settings kept', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const id = randomUUID()
    // a generation the worker ended: Kie refused the prompt under its content rules
    const failed = await seedGeneration(h, chat, {
      id,
      params: { prompt: 'a famous actor', aspect_ratio: '16:9' },
      status: 'failed',
      failureCode: 'kie_failed',
      failureReason: 'Prompt flagged by the content policy',
      completedAt: new Date(),
      notifiedAt: new Date(),
    })
    // admins read Kie's own words on the stats screen
    const admin = h.tg.control.createUser({ id: ADMIN_ID, first_name: 'Admin', language_code: 'en' }).id
    const home = await h.command(admin, 'admin')
    const stats = await h.press(admin, home.messageId, callbacks.admin.stats.pack({}))
    expect(plain(stats.text)).toMatch(
      /Provider failures, last 24 h[\s\S]*Nano Banana, .*: Prompt flagged by the content policy/,
    )
    const shown = renderStatus(failed, 'en')
    const response = await fetch(`${h.tg.url}/bot${h.botToken}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chat_id: chat,
        text: shown.text,
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: shown.keyboard },
      }),
    })
    const failure = ((await response.json()) as { result: { message_id: number } }).result.message_id
    expect(shown.text).not.toContain('flagged')
    const asked = await h.press(chat, failure, callbackData.failedEditPrompt(id))
    expect(asked.messageId).toBeGreaterThan(failure)
    expect(buttonsOf(asked).some((b) => b.callback_data.startsWith('y:'))).toBe(false)
    // the failure stays readable above
    expect(plain(h.tg.control.transcript(chat).find((m) => m.messageId === failure)!.text)).toContain(
      'under its content rules',
    )
    const confirmation = await h.text(chat, 'a quiet street at dawn')
    const confirm = findButton(confirmation, /^y:/)
    await h.press(chat, confirmation.messageId, confirm)
    const again = await h.gateway.deps.db.generation.findFirstOrThrow({
      where: { userId: BigInt(chat), id: { not: id } },
    })
    expect(again).toMatchObject({
      modelId: 'nano-banana',
      params: { prompt: 'a quiet street at dawn', aspect_ratio: '16:9' },
      status: 'queued',
    })
  })

  it('of someone else’s generation: nothing of it is shown', async () => {
    const owner = await h.user({ balanceKopecks: 100 })
    const other = await h.user({ balanceKopecks: 100 })
    const id = randomUUID()
    await seedGeneration(h, owner, {
      id,
      params: { prompt: 'a secret prompt' },
      status: 'failed',
      failureCode: 'kie_failed',
      completedAt: new Date(),
      notifiedAt: new Date(),
    })
    const menu = await h.command(other, 'menu')
    const answer = await h.press(other, menu.messageId, callbackData.failedEditPrompt(id), { force: true })
    expect(plain(answer.text)).toBe('That generation is no longer available. Pick a model from the menu.')
    expect(answer.text).not.toContain('secret')
  })
})
