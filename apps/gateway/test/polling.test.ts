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
  while (!plain(h.lastBotMessage(chat).text).includes('What I can do') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  expect(plain(h.lastBotMessage(chat).text)).toContain('What I can do')
  expect(h.tg.control.calls({ method: 'getUpdates' }).length).toBeGreaterThan(0)
})

it('refuses malformed updates and cleans NUL characters in polling mode too (first middleware)', async () => {
  const chat = await h.user()
  const message = (from: Record<string, unknown>, text = '/start') => ({
    update_id: 880_001 + Math.floor(Math.random() * 1000),
    message: {
      message_id: 1,
      date: 1,
      chat: { id: chat, type: 'private' },
      from,
      text,
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  })
  // what telegraf's polling loop does with each fetched update
  await expect(
    h.gateway.bot.handleUpdate(message({ is_bot: false, first_name: 'X' }) as never),
  ).resolves.toBeUndefined()
  expect(await h.gateway.deps.db.user.count({ where: { id: BigInt(chat) } })).toBe(0)
  await h.gateway.bot.handleUpdate(message({ id: chat, is_bot: false, first_name: 'Nu\u0000ll' }) as never)
  expect((await h.gateway.deps.db.user.findUniqueOrThrow({ where: { id: BigInt(chat) } })).firstName).toBe('Null')
  const entries = h.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; message: string })
  expect(entries.filter((e) => e.message === 'malformed update acknowledged and ignored')).toHaveLength(1)
  expect(entries.filter((e) => e.level === 'error')).toEqual([])
})

it('a "__proto__" key cannot smuggle unchecked fields past the schema', async () => {
  const chat = await h.user()
  const update = JSON.parse(
    `{"update_id":890001,"message":{"message_id":6,"date":1,"chat":{"id":${chat},"type":"private"},"from":{"id":${chat},"is_bot":false,"first_name":"P"},"__proto__":{"text":42,"entities":"x"}}}`,
  ) as never
  await h.gateway.bot.handleUpdate(update)
  const entries = h.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; message: string })
  expect(entries.filter((e) => e.level === 'error')).toEqual([])
})
