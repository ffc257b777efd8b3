/**
 * Issue 13's conversation in the web chat, in real Chromium, for a Russian and an English user:
 * `/gen google/nano-banana <prompt>` (Kie's id) to a price, a setting changed there and kept;
 * a prompt typed after the result goes to the confirmation with that setting; the result's
 * original file, another variant and "use as input" into a video model, each performed; a photo
 * sent cold offers its tasks, and its generation can be cancelled (and is refunded) while its
 * file is still being uploaded, before any Kie task exists; with slow generations the status
 * ticks and offers no Cancel once the task is with Kie; and a top-up paid from the "not enough
 * money" screen brings the draft back with its Pay button, which goes through. Buttons are found
 * by their callback data (packages/jobs' codecs), not their wording. Screenshots of each flow's
 * main screens go to test-artifacts/conversation/<lang>/ (git-ignored).
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { callbacks } from '@kiebot/jobs'
import { inputTargets } from '@kiebot/telegram'
import {
  buttonsOf,
  dataOf,
  exactly,
  hasButton,
  press,
  Product,
  SANDBOX_ADMIN,
  SANDBOX_USER,
  send,
  shoot,
  type Entry,
} from './support/web-product'

const PICTURE = path.join(__dirname, '..', 'fixtures', 'kie', 'result.png')
/** image-to-video models cheap enough for the welcome bonus, best first */
const CHEAP_ANIMATORS = ['seedance-1-lite-i2v', 'hailuo-2-3', 'kling-2-5-turbo-i2v', 'wan-2-5-i2v']

let product: Product

beforeAll(async () => {
  product = await Product.start('conversation')
  await product.ready()
}, 260_000)

afterAll(async () => {
  await product?.close()
}, 30_000)

interface Kie {
  taskId: string
  state: string
}
const kieTasks = () => product.control<Kie[]>('GET', '/kie/_control/tasks')

/** a message that is the answer to a press on `source`: `source` itself redrawn, or a newer one */
function answer(chat: number, source: Entry, after: number, test: (e: Entry) => boolean, what: string) {
  return product.until(what, async () =>
    (await product.transcript(chat))
      .filter(
        (e) =>
          e.direction === 'out' && !e.deleted && (e.messageId > after || e.messageId === source.messageId) && test(e),
      )
      .sort((a, b) => Number(a.messageId === source.messageId) - Number(b.messageId === source.messageId))
      .at(0),
  )
}

/** presses `codec` on `source` and waits for the message the test names */
async function pressFor(
  page: Page,
  chat: number,
  source: Entry,
  codec: { match: RegExp },
  test: (e: Entry) => boolean,
  what: string,
): Promise<Entry> {
  const after = await product.lastMessageId(chat)
  await press(page, source, codec)
  return answer(chat, source, after, test, what)
}

/** the page shows a toast saying this (toasts fade after a few seconds) */
async function toastSaying(page: Page, text: RegExp): Promise<string> {
  const toast = page.locator('#toasts .toast', { hasText: text }).first()
  await toast.waitFor()
  return (await toast.textContent()) ?? ''
}

/** the result (a photo or a video, another variant under it) after `after`, and its "what next" message */
async function resultAfter(chat: number, after: number, kind: 'photo' | 'video') {
  const result = await product.botMessage(
    chat,
    after,
    (e) =>
      (kind === 'photo' ? e.kind === 'photo' : e.kind === 'video' || e.kind === 'animation') &&
      hasButton(e, callbacks.repeat),
    `the ${kind} result`,
    40_000,
  )
  const next = await product.botMessage(
    chat,
    result.messageId,
    (e) => hasButton(e, callbacks.resultUse) || hasButton(e, callbacks.resultEditPrompt),
    'the "what next" buttons',
  )
  return { result, next }
}

/** presses `codec` on `source` and waits for the answer: a newer message, or `source` redrawn differently */
async function pressForChange(page: Page, chat: number, source: Entry, codec: { match: RegExp }, what: string) {
  const after = await product.lastMessageId(chat)
  const shown = (e: Entry) => JSON.stringify([e.text, buttonsOf(e)])
  const before = shown(await product.entry(chat, source.messageId))
  await press(page, source, codec)
  return product.until(what, async () => {
    const entries = await product.transcript(chat)
    const newer = entries.filter((e) => e.direction === 'out' && !e.deleted && e.messageId > after).at(-1)
    if (newer) return newer
    const same = entries.find((e) => e.messageId === source.messageId)
    return same && shown(same) !== before ? same : undefined
  })
}

/** a wizard's step or its confirmation */
const isStep = (e: Entry) => hasButton(e, callbacks.confirm) || hasButton(e, callbacks.wizardCancel)

/** until a confirmation (a Pay button): options take their first choice, text steps get `prompt` */
async function throughWizard(page: Page, chat: number, step: Entry, prompt: string): Promise<Entry> {
  const trail: string[] = []
  for (let i = 0; i < 10; i++) {
    step = await product.entry(chat, step.messageId)
    trail.push(`${step.messageId} [${dataOf(step, { match: /./ }).join(' ')}] ${(step.text ?? '').slice(0, 100)}`)
    if (hasButton(step, callbacks.confirm)) return step
    if (hasButton(step, callbacks.wizardOption))
      step = await pressForChange(page, chat, step, callbacks.wizardOption, 'the step after an option')
    else if (hasButton(step, callbacks.wizardDone))
      step = await pressForChange(page, chat, step, callbacks.wizardDone, 'the step after the files')
    else {
      // a text step of the wizard (its Back and Cancel): the prompt
      if (!hasButton(step, callbacks.wizardCancel)) throw new Error(`not a wizard step:\n${trail.join('\n')}`)
      const after = await product.lastMessageId(chat)
      await send(page, prompt)
      step = await product.botMessage(chat, after, () => true, 'the step after the prompt')
    }
  }
  throw new Error(`no confirmation after 10 steps:\n${trail.join('\n')}`)
}

/** the user's balance in kopecks, as /balance says it */
async function balanceKopecks(page: Page, chat: number): Promise<number> {
  const after = await product.lastMessageId(chat)
  await send(page, '/balance')
  const screen = await product.botMessage(
    chat,
    after,
    (e) => hasButton(e, callbacks.topup) && /(Balance|Баланс):/.test(e.text ?? ''),
    'the balance',
  )
  const amount = /(?:Balance|Баланс):\s*([\d\s\u00a0\u202f]+(?:[.,]\d{1,2})?)\s*₽/.exec(screen.text ?? '')![1]!
  return Math.round(Number(amount.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')) * 100)
}

describe.each([
  ['ru', SANDBOX_USER],
  ['en', 0],
] as const)('the conversation in %s', (lang, seededUser) => {
  const dir = path.join('conversation', lang)
  let page: Page
  let errors: string[]
  let chat: number
  /** the first result and its "what next" message */
  let first: { result: Entry; next: Entry }

  beforeAll(async () => {
    ;({ page, errors } = await product.openChat(SANDBOX_USER))
    product.watched = undefined
    chat = seededUser === 0 ? await product.newUser(page, 'Emma', 'en') : seededUser
    product.watched = chat
    const after = await product.lastMessageId(chat)
    await send(page, '/start')
    await product.botMessage(chat, after, (e) => hasButton(e, callbacks.topup) || buttonsOf(e).length >= 3, 'the menu')
  }, 60_000)

  afterAll(async () => {
    expect(errors).toEqual([])
    await page?.close()
  })

  test('/gen google/nano-banana <prompt>: the price; a format changed there; Pay; the result leads on', async () => {
    let after = await product.lastMessageId(chat)
    await send(page, '/gen google/nano-banana a red fox in the snow, watercolour')
    let confirmation = await product.botMessage(chat, after, (e) => hasButton(e, callbacks.confirm), 'the confirmation')
    expect(confirmation.text).toContain('Nano Banana')
    expect(confirmation.text).toContain('a red fox in the snow')
    await shoot(page, dir, '01-gen-by-kie-id', confirmation)

    // Edit asks what to change; the format, 16:9; back at the price
    const whatToChange = await pressFor(
      page,
      chat,
      confirmation,
      callbacks.edit,
      (e) => hasButton(e, callbacks.editField),
      'what to change',
    )
    // the format's button shows its value now (1:1), the prompt's does not
    const format = buttonsOf(whatToChange).find(
      (b) => callbacks.editField.match.test(b.callback_data ?? '') && b.text.includes('1:1'),
    )
    expect(format).toBeDefined()
    const options: Entry | undefined = await pressFor(
      page,
      chat,
      whatToChange,
      exactly(format!.callback_data!),
      (e) => hasButton(e, callbacks.wizardOption),
      'the formats',
    )
    expect(options).toBeDefined()
    await shoot(page, dir, '02-format-asked', options!)
    const sixteenNine = buttonsOf(options!).find(
      (b) => b.text.includes('16:9') && callbacks.wizardOption.match.test(b.callback_data ?? ''),
    )!
    confirmation = await pressFor(
      page,
      chat,
      options!,
      exactly(sixteenNine.callback_data!),
      (e) => hasButton(e, callbacks.confirm) && (e.text ?? '').includes('16:9'),
      'the price with 16:9',
    )

    after = await product.lastMessageId(chat)
    await press(page, confirmation, callbacks.confirm)
    first = await resultAfter(chat, after, 'photo')
    const caption = first.result.message.caption ?? first.result.text ?? ''
    expect(caption).toContain('a red fox')
    expect(caption).toContain('16:9')
    expect(hasButton(first.next, callbacks.resultOriginal)).toBe(true)
    await shoot(page, dir, '03-result-what-next', first.next)
  }, 90_000)

  test('a prompt typed after a result goes to the confirmation with the last settings', async () => {
    const after = await product.lastMessageId(chat)
    await send(page, 'a lighthouse in a storm, oil painting')
    const confirmation = await product.botMessage(
      chat,
      after,
      (e) => hasButton(e, callbacks.confirm),
      'the confirmation',
    )
    expect(confirmation.text).toContain('Nano Banana')
    expect(confirmation.text).toContain('a lighthouse in a storm')
    expect(confirmation.text).toContain('16:9')
    await shoot(page, dir, '04-typed-prompt-confirmation', confirmation)
  }, 60_000)

  test('a result: the original file, another variant, and "use as input" into a video model, each performed', async () => {
    const { next } = first
    // the original file: the picture itself, as a document
    let after = await product.lastMessageId(chat)
    await press(page, next, callbacks.resultOriginal)
    const original = await product.botMessage(
      chat,
      after,
      (e) => e.kind === 'document' && e.fileId !== undefined,
      'the original file',
    )
    await shoot(page, dir, '05-original-file', original)

    // another variant: one tap to the price with the same settings, then Pay
    const variantPrice = await pressFor(
      page,
      chat,
      await product.entry(chat, first.result.messageId),
      callbacks.repeat,
      (e) => hasButton(e, callbacks.confirm),
      'the variant’s price',
    )
    expect(variantPrice.text).toContain('a red fox')
    expect(variantPrice.text).toContain('16:9')
    after = await product.lastMessageId(chat)
    await press(page, variantPrice, callbacks.confirm)
    const variant = await resultAfter(chat, after, 'photo')
    expect(variant.result.messageId).toBeGreaterThan(first.result.messageId)
    await shoot(page, dir, '06-another-variant', variant.result)

    // use as input: the tasks, "animate", a video model, then its price with the picture in it, and Pay
    const tasks = await pressFor(
      page,
      chat,
      await product.entry(chat, next.messageId),
      callbacks.resultUse,
      (e) => hasButton(e, callbacks.resultUseTask),
      'the tasks',
    )
    await shoot(page, dir, '07-use-as-input-tasks', tasks)
    const animate = dataOf(tasks, callbacks.resultUseTask).find(
      (d) => callbacks.resultUseTask.unpack(d)?.task === 'animate',
    )
    expect(animate).toBeDefined()
    const models = await pressFor(
      page,
      chat,
      tasks,
      exactly(animate!),
      (e) => hasButton(e, callbacks.resultUseModel),
      'the animators',
    )
    await shoot(page, dir, '08-use-as-input-models', models)
    const targets = inputTargets('image', 'nano-banana')
    const offered = dataOf(models, callbacks.resultUseModel).map((d) => ({
      data: d,
      slug: targets[callbacks.resultUseModel.unpack(d)!.target]?.model.slug ?? '',
    }))
    const chosen =
      CHEAP_ANIMATORS.map((slug) => offered.find((o) => o.slug === slug)).find((o) => o !== undefined) ?? offered[0]!
    expect(targets[callbacks.resultUseModel.unpack(chosen.data)!.target]?.model.category).toBe('video')
    const firstStep = await pressFor(page, chat, models, exactly(chosen.data), isStep, 'the video model')
    const videoPrice = await throughWizard(page, chat, firstStep, 'the fox runs through the snow')
    await shoot(page, dir, '09-video-model-price', videoPrice)
    after = await product.lastMessageId(chat)
    await press(page, videoPrice, callbacks.confirm)
    const video = await resultAfter(chat, after, 'video')
    await shoot(page, dir, '10-video-result', video.result)
  }, 120_000)

  test('a photo sent cold offers its tasks; Cancel refunds while the file uploads; slow: the status ticks, no Cancel once with Kie', async () => {
    let after = await product.lastMessageId(chat)
    await page.setInputFiles('#file-input', PICTURE)
    const offer = await product.botMessage(
      chat,
      after,
      (e) => hasButton(e, callbacks.fileTask),
      'what to do with the photo',
    )
    await shoot(page, dir, '11-photo-sent-cold', offer)
    const tasks = dataOf(offer, callbacks.fileTask).map((d) => callbacks.fileTask.unpack(d)!.task)
    expect(tasks).toEqual(expect.arrayContaining(['image-edit', 'image-to-video']))
    const edit = dataOf(offer, callbacks.fileTask).find((d) => callbacks.fileTask.unpack(d)?.task === 'image-edit')!
    const editors = await pressFor(
      page,
      chat,
      offer,
      exactly(edit),
      // the task's page (its Back to the tasks), not the tasks (where a one-model task is a model already)
      (e) => hasButton(e, callbacks.fileModel) && hasButton(e, callbacks.fileTasks),
      'the editors',
    )
    const nanoEdit =
      dataOf(editors, callbacks.fileModel).find((d) => callbacks.fileModel.unpack(d)?.slug === 'nano-banana-edit') ??
      dataOf(editors, callbacks.fileModel)[0]!
    const firstStep = await pressFor(page, chat, editors, exactly(nanoEdit), isStep, 'the editor')
    let price = await throughWizard(page, chat, firstStep, 'make it night, with stars')
    await shoot(page, dir, '12-photo-edit-price', price)

    // the upload to Kie hangs: the generation waits for its file, no Kie task exists, Cancel works
    await product.control('POST', '/kie/_control/hang', { pathPrefix: '/api/file-' })
    try {
      const tasksBefore = (await kieTasks()).length
      after = await product.lastMessageId(chat)
      await press(page, price, callbacks.confirm)
      const status = await answer(
        chat,
        price,
        after,
        (e) => hasButton(e, callbacks.cancelGeneration),
        'the status with Cancel',
      )
      await shoot(page, dir, '13-status-cancel', status)
      await press(page, status, callbacks.cancelGeneration)
      const toast = await toastSaying(page, lang === 'ru' ? /Отменено/ : /Cancelled/)
      expect(toast).toContain('₽')
      await product.until('Cancel gone', async () =>
        hasButton(await product.entry(chat, status.messageId), callbacks.cancelGeneration) ? undefined : true,
      )
      expect((await kieTasks()).length).toBe(tasksBefore)
    } finally {
      await product.control('POST', '/kie/_control/release-hangs')
    }

    // slow generations: the status ticks, and offers no Cancel once the task is with Kie
    await page.click('#kie-toggle')
    await page.check('#kie-slow')
    await product.until('the slow timeline', async () =>
      (await product.control<{ settings: { timeline: { completeMs: number } } }>('GET', '/kie/_control/state')).settings
        .timeline.completeMs === 45_000
        ? true
        : undefined,
    )
    await page.click('#kie-toggle')
    try {
      after = await product.lastMessageId(chat)
      await send(page, '/gen nano-banana make it autumn, golden leaves')
      price = await product.botMessage(
        chat,
        after,
        (e) => hasButton(e, callbacks.confirm),
        'the price of the new prompt',
      )
      const tasksBefore = (await kieTasks()).length
      after = await product.lastMessageId(chat)
      await press(page, price, callbacks.confirm)
      const task = await product.until('the Kie task', async () => {
        const all = await kieTasks()
        return all.length > tasksBefore ? all.at(-1) : undefined
      })
      const status = await answer(
        chat,
        price,
        after,
        (e) => !hasButton(e, callbacks.confirm) && (e.messageId !== price.messageId || e.edits.length > 0),
        'the status',
      )
      const ticked = await product.until(
        'a tick',
        async () => {
          const now = await product.entry(chat, status.messageId)
          return now.edits.length > 0 && now.text !== status.text && /\d/.test(now.text ?? '') ? now : undefined
        },
        30_000,
      )
      const later = await product.until(
        'another tick',
        async () => {
          const now = await product.entry(chat, status.messageId)
          return now.text !== ticked.text ? now : undefined
        },
        30_000,
      )
      expect(hasButton(later, callbacks.cancelGeneration)).toBe(false)
      await shoot(page, dir, '14-status-ticking', later)
      await product.control('POST', `/kie/_control/tasks/${task.taskId}/complete`)
      const done = await resultAfter(chat, after, 'photo')
      expect(done.result.message.caption ?? '').toContain('autumn')
    } finally {
      await page.click('#kie-toggle')
      await page.uncheck('#kie-slow')
      await page.click('#kie-toggle')
    }
  }, 120_000)

  test('not enough money: a pack paid from there brings the draft back with Pay, which goes through', async () => {
    // an admin leaves the user 1 ₽ (the page's admin switch, the admin panel's balance adjustment)
    const balance = await balanceKopecks(page, chat)
    const take = balance - 100
    await page.selectOption('#user-select', String(SANDBOX_ADMIN))
    await page.locator('body[data-connection="online"]').waitFor()
    let after = await product.lastMessageId(SANDBOX_ADMIN)
    await send(page, '/admin')
    const home = await product.botMessage(
      SANDBOX_ADMIN,
      after,
      (e) => hasButton(e, callbacks.admin.findUser),
      'the admin panel',
    )
    await pressForChange(page, SANDBOX_ADMIN, home, callbacks.admin.findUser, 'asked for a user')
    after = await product.lastMessageId(SANDBOX_ADMIN)
    await send(page, String(chat))
    const card = await product.botMessage(
      SANDBOX_ADMIN,
      after,
      (e) => hasButton(e, callbacks.admin.adjust),
      'the user card',
    )
    await pressForChange(page, SANDBOX_ADMIN, card, callbacks.admin.adjust, 'asked for an amount')
    after = await product.lastMessageId(SANDBOX_ADMIN)
    await send(page, `-${(take / 100).toFixed(2)} browser test`)
    await product.botMessage(
      SANDBOX_ADMIN,
      after,
      (e) => hasButton(e, callbacks.admin.home) && (e.text ?? '').includes('1'),
      'adjusted',
    )
    await page.selectOption('#user-select', String(chat))
    await page.locator('body[data-connection="online"]').waitFor()
    expect(await balanceKopecks(page, chat)).toBe(100)

    after = await product.lastMessageId(chat)
    await send(page, '/gen nano-banana a snowy owl at dusk')
    const short = await product.botMessage(chat, after, (e) => hasButton(e, callbacks.pack), 'not enough money')
    expect(hasButton(short, callbacks.confirm)).toBe(false)
    await shoot(page, dir, '15-not-enough-money', short)
    after = await product.lastMessageId(chat)
    await press(page, short, callbacks.pack)
    const invoice = await product.botMessage(chat, after, (e) => e.kind === 'invoice', 'the invoice')
    await page.locator(`#messages [data-message-id="${invoice.messageId}"] .keyboard button.pay`).click()
    const resumed = await product.botMessage(
      chat,
      invoice.messageId,
      (e) => hasButton(e, callbacks.confirm),
      'the draft back',
      30_000,
    )
    expect(resumed.text).toContain('a snowy owl')
    await shoot(page, dir, '16-draft-resumed', resumed)
    expect(hasButton(await product.entry(chat, short.messageId), callbacks.pack)).toBe(false)
    after = await product.lastMessageId(chat)
    await press(page, resumed, callbacks.confirm)
    const done = await resultAfter(chat, after, 'photo')
    await shoot(page, dir, '17-paid-after-top-up', done.next)
  }, 120_000)
})
