import { plain, startHarness, type Harness } from './harness'

// BOT_MODE=polling (local use): the same bot, fed by getUpdates instead of the webhook.
let h: Harness
beforeAll(async () => {
  h = await startHarness({ BOT_MODE: 'polling' })
})
afterAll(async () => {
  await h.close()
})

it('answers commands and buttons through long polling', async () => {
  expect(h.tg.control.calls({ method: 'setWebhook' })).toHaveLength(0)
  const chat = await h.user()
  h.tg.control.sendCommand(chat, 'menu')
  const menu = await h.tg.control.waitForMessage(chat, (e) => plain(e.text).includes('Hi, Tester!'), 10_000)
  const { queryId } = h.tg.control.pressButton(chat, menu.messageId, { data: 'help' })
  await h.tg.control.waitForCallbackAnswer(queryId, 10_000)
  const deadline = Date.now() + 10_000
  while (!plain(h.lastBotMessage(chat).text).includes('What I can do') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  expect(plain(h.lastBotMessage(chat).text)).toContain('What I can do')
  expect(h.tg.control.calls({ method: 'getUpdates' }).length).toBeGreaterThan(0)
})
