import { randomUUID } from 'node:crypto'
import { callbackUrlFor, signWebhook } from '@kiebot/kie'
import { buttonsOf, findButton, plain, startHarness, withDeliveryWorker, seedGeneration, type Harness } from './harness'

// Every command, the commands registered with Telegram, and the Kie callback endpoint.

let h: Harness
beforeAll(async () => {
  h = await startHarness({ KIE_WEBHOOK_HMAC_KEY: 'kie-hmac-key-for-tests' })
})
afterAll(async () => {
  await h.close()
})

describe('start-up registration', () => {
  it('sets the webhook with the secret and explicit allowed_updates, keeping pending updates', () => {
    const call = h.tg.control.calls({ method: 'setWebhook' })[0]!
    expect(call.params).toMatchObject({
      url: `${h.config.PUBLIC_URL}/telegram/webhook`,
      secret_token: h.config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: ['message', 'callback_query', 'pre_checkout_query'],
      drop_pending_updates: false,
    })
  })

  it('registers the commands in Russian and English', () => {
    const en = h.tg.control.commands().map((c) => c.command)
    const ru = h.tg.control.commands({ languageCode: 'ru' })
    expect(en).toEqual([
      'start',
      'menu',
      'help',
      'balance',
      'topup',
      'history',
      'favorites',
      'cancel',
      'language',
      'settings',
      'gen',
      'compare',
      'terms',
      'paysupport',
      'promo',
    ])
    expect(ru.map((c) => c.command)).toEqual(en)
    expect(ru.find((c) => c.command === 'compare')?.description).toBe('Сравнить модели на одном промпте')
    expect(ru.find((c) => c.command === 'balance')?.description).toBe('Баланс и операции')
  })
})

describe('commands', () => {
  it.each(['en', 'ru'])('/help names every command of the menu (%s)', async (languageCode) => {
    const chat = await h.user({ languageCode })
    const help = plain((await h.command(chat, 'help')).text)
    const listed = h.tg.control.commands().map((c) => c.command)
    const missing = listed.filter((command) => !['start', 'help'].includes(command) && !help.includes(`/${command}`))
    expect(missing).toEqual([])
  })

  it('/help, /menu, /balance, /topup, /history, /language, /terms answer with their screens', async () => {
    const chat = await h.user({ balanceKopecks: 12_345 })
    expect(plain((await h.command(chat, 'help')).text)).toContain('/gen model prompt')
    expect(plain((await h.command(chat, 'menu')).text)).toContain('Balance: 123.45 ₽')
    const balance = await h.command(chat, 'balance')
    expect(plain(balance.text)).toContain('Balance: 123.45 ₽')
    expect(plain(balance.text)).toContain('+123.45 ₽ · bonus')
    expect(plain(balance.text)).toMatch(/https:\/\/t\.me\/kie_test_bot\?start=r_[a-z0-9]+/)
    expect(buttonsOf(await h.command(chat, 'topup')).map((b) => b.callback_data)).toEqual([
      'p:50',
      'p:100',
      'p:250',
      'p:500',
      'p:1000',
      'bal',
      'menu',
    ])
    expect(plain((await h.command(chat, 'history')).text)).toContain('no generations yet')
    expect(buttonsOf(await h.command(chat, 'language')).map((b) => b.callback_data)).toEqual(['l:ru', 'l:en', 'menu'])
    expect(plain((await h.command(chat, 'terms')).text)).toContain('Terms')
  })

  it('/language switches the language and it sticks', async () => {
    const chat = await h.user({ languageCode: 'en' })
    const picker = await h.command(chat, 'language')
    const menu = await h.press(chat, picker.messageId, 'l:ru')
    expect(plain(menu.text)).toContain('Язык: русский')
    expect(plain((await h.command(chat, 'help')).text)).toContain('Что я умею')
  })

  it('/start m_<slug> opens the model card; an unknown command shows help', async () => {
    const chat = await h.user()
    const card = await h.command(chat, 'start', 'm_veo-3-1-fast')
    expect(plain(card.text)).toContain('Veo')
    expect(findButton(card, 'w:veo-3-1-fast')).toBe('w:veo-3-1-fast')
    expect(plain((await h.command(chat, 'nonsense')).text)).toContain('What I can do')
  })

  it('/gen jumps to the price; without a prompt it explains; an unknown model is named', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    const confirmation = await h.command(chat, 'gen', 'nano-banana a red fox')
    expect(plain(confirmation.text)).toContain('Prompt: a red fox')
    expect(plain(confirmation.text)).toContain('Price: 3.60 ₽')
    expect(plain((await h.command(chat, 'gen')).text)).toContain('Usage: /gen model prompt')
    expect(plain((await h.command(chat, 'gen', 'no-such-model hello')).text)).toContain(
      'There is no model called “no-such-model”',
    )
    // A model that needs a photo first: the wizard continues at that step.
    const step = await h.command(chat, 'gen', 'nano-banana-edit make it blue')
    expect(plain(step.text)).toContain('Send 1 to 10 files (a photo')
  })

  it('/cancel discards the open form', async () => {
    const chat = await h.user({ balanceKopecks: 10_000 })
    await h.command(chat, 'gen', 'nano-banana a red fox')
    expect(plain((await h.command(chat, 'cancel')).text)).toContain('Cancelled')
    expect(plain((await h.text(chat, 'hello')).text)).toContain('Use /menu to choose a model')
  })

  it('/paysupport forwards the next message to the admins', async () => {
    const chat = await h.user()
    expect(plain((await h.command(chat, 'paysupport')).text)).toContain('Payment support')
    expect(plain((await h.text(chat, 'My payment of 100 Stars on Monday did not arrive')).text)).toContain(
      'forwarded to the administrators',
    )
    const jobs = await h.gateway.deps.queues.telegram.getJobs(['waiting'])
    expect(
      jobs.some(
        (j) => j.data.kind === 'text' && j.data.chatId === '900000001' && j.data.text.includes('did not arrive'),
      ),
    ).toBe(true)
  })

  it('a wizard text step checks the length and says why', async () => {
    const chat = await h.user()
    const card = await h.command(chat, 'start', 'm_nano-banana')
    await h.press(chat, card.messageId, 'w:nano-banana')
    const tooLong = await h.text(chat, 'x'.repeat(5001))
    expect(plain(tooLong.text)).toMatch(/⚠️ .*5000/)
    expect(plain(tooLong.text)).toContain('step 1 of')
  })
})

describe('Kie callback endpoint', () => {
  async function generation(chat: number) {
    await h.command(chat, 'start')
    const id = randomUUID()
    await seedGeneration(h, chat, {
      id,
      params: { prompt: 'x' },
      status: 'running',
      step: 'follow',
      kieTaskId: `task-${id}`,
      deadlineAt: new Date(Date.now() + 60_000),
    })
    return id
  }
  const body = (taskId: string) => ({
    code: 200,
    msg: 'ok',
    data: {
      taskId,
      model: 'google/nano-banana',
      state: 'success',
      resultJson: '{"resultUrls":["https://x/y.png"]}',
      consumeCredits: 4,
    },
  })
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
    })
  const signed = (taskId: string, skew = 0) => {
    const timestamp = String(Math.floor(Date.now() / 1000) + skew)
    return {
      'x-webhook-timestamp': timestamp,
      'x-webhook-signature': signWebhook(taskId, timestamp, 'kie-hmac-key-for-tests'),
    }
  }

  it('accepts a verified callback idempotently, records the state and never messages the user', async () => {
    const chat = await h.user()
    const id = await generation(chat)
    const url = callbackUrlFor(h.config.PUBLIC_URL!, id, h.config.KIE_CALLBACK_SECRET)
    const sendsBefore = h.tg.control.calls({ method: 'sendMessage' }).length
    for (let i = 0; i < 2; i++) expect((await post(url, body(`task-${id}`), signed(`task-${id}`))).status).toBe(200)
    expect((await h.gateway.deps.db.generation.findUniqueOrThrow({ where: { id } })).kieState).toBe('success')
    expect(h.tg.control.calls({ method: 'sendMessage' }).length).toBe(sendsBefore)
  })

  it('refuses a bad token, a bad or expired signature; ignores (200, so Kie stops retrying) a task of another generation', async () => {
    const chat = await h.user()
    const id = await generation(chat)
    const good = callbackUrlFor(h.config.PUBLIC_URL!, id, h.config.KIE_CALLBACK_SECRET)
    expect(
      (await post(good.replace(/token=[^&]+/, 'token=forged'), body(`task-${id}`), signed(`task-${id}`))).status,
    ).toBe(401)
    expect(
      (
        await post(good, body(`task-${id}`), {
          'x-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-webhook-signature': 'bad',
        })
      ).status,
    ).toBe(401)
    expect((await post(good, body(`task-${id}`), signed(`task-${id}`, -3600))).status).toBe(401)
    expect((await post(good, body(`task-${id}`))).status).toBe(401)
    const other = await post(good, body('another-task'), signed('another-task'))
    expect({ status: other.status, body: await other.json() }).toEqual({
      status: 200,
      body: { code: 200, msg: 'ignored' },
    })
    expect((await h.gateway.deps.db.generation.findUniqueOrThrow({ where: { id } })).kieState).toBeNull()
  })
})

describe('operations endpoints', () => {
  it('/metrics counts updates by type', async () => {
    const metrics = await (await fetch(`${h.opsUrl}/metrics`)).text()
    expect(metrics).toMatch(/gateway_updates_total\{type="message",service="gateway"\} \d+/)
    expect(metrics).toContain('gateway_update_handler_seconds_bucket')
    expect(metrics).toContain('gateway_payments_total')
  })

  it('/readyz checks Postgres and Redis', async () => {
    expect(await (await fetch(`${h.opsUrl}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok' },
    })
  })
})

describe('Telegram flood control', () => {
  it('a short "retry after" on a reply is waited out, not turned into an error', async () => {
    const chat = await h.user()
    h.tg.control.rateLimitNext({ method: 'sendMessage', retryAfter: 1 })
    const started = Date.now()
    const help = await h.command(chat, 'help')
    expect(plain(help.text)).toContain('What I can do')
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    const attempts = h.tg.control.calls({ method: 'sendMessage' }).filter((c) => c.params.chat_id === chat)
    expect(attempts.map((c) => (c.error ? 429 : 200))).toEqual([429, 200])
  })
})

describe('history resend', () => {
  it('sends stored files again, and results that went out as links as links', async () => {
    const chat = await h.user()
    await h.command(chat, 'start')
    const photo = h.tg.control.sendMedia(chat, { kind: 'photo', bytes: Buffer.from('x'), width: 1, height: 1 }).fileId
    await h.tg.control.waitForNoPendingUpdates({ timeoutMs: 10_000 })
    const id = randomUUID()
    await seedGeneration(h, chat, {
      id,
      params: { prompt: 'x' },
      telegramFileIds: [photo, 'link:https://files.example.com/big.png'],
    })
    const history = await h.command(chat, 'history')
    await h.press(chat, history.messageId, `rs:${id}`)
    // the gateway hands the re-send to the worker's delivery queue; the worker sends it
    await withDeliveryWorker(h, () =>
      h.tg.control.waitForMessage(chat, (m) => m.text === 'https://files.example.com/big.png', 20_000),
    )
    const sent = h.tg.control
      .transcript(chat)
      .filter((e) => e.direction === 'out')
      .slice(-2)
    expect(sent.map((e) => e.kind)).toEqual(['photo', 'text'])
    expect(sent[1]!.text).toBe('https://files.example.com/big.png')
  })
})
