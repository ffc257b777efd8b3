import { callbackData } from '@kiebot/jobs'
import {
  providerFailure,
  queuedStatus,
  renderStatus,
  usualFromSamples,
  usualText,
  type StatusRow,
} from '@kiebot/telegram'

const created = new Date('2026-12-01T10:00:00Z')

function row(patch: Partial<StatusRow> = {}): StatusRow {
  return {
    id: '3f0c7c1e-8a5b-4c1d-9e2f-0a1b2c3d4e5f',
    modelId: 'nano-banana',
    status: 'queued',
    step: 'submit',
    priceKopecks: 36_000,
    createdAt: created,
    completedAt: null,
    undelivered: false,
    failureCode: null,
    failureReason: null,
    measured: null,
    measuredPriceKopecks: null,
    ...patch,
  }
}

const plain = (text: string) => text.replace(/\u00a0/g, ' ')

describe('the status message', () => {
  it('"queued" is one text with Cancel, whether Confirm or the worker renders it', () => {
    for (const lang of ['en', 'ru'] as const) {
      const fromRow = renderStatus(row(), lang)
      expect(queuedStatus(row(), lang)).toEqual(fromRow)
      expect(fromRow.final).toBe(false)
      expect(fromRow.keyboard).toEqual([
        [{ text: expect.any(String), callback_data: callbackData.cancelGeneration(row().id) }],
      ])
    }
    expect(plain(queuedStatus(row(), 'en').text)).toBe(
      '⏳ <b>Nano Banana</b> is queued.\n360 ₽ is reserved from your balance. I will send the result here.',
    )
    expect(plain(queuedStatus(row(), 'ru').text)).toBe(
      '⏳ <b>Nano Banana</b> в очереди.\n360 ₽ зарезервировано на балансе. Результат пришлю сюда.',
    )
    expect(queuedStatus(row(), 'en').keyboard[0]![0]!.text).toBe('✖️ Cancel')
    expect(queuedStatus(row(), 'ru').keyboard[0]![0]!.text).toBe('✖️ Отменить')
  })

  it('generating shows the elapsed time; sending has no buttons', () => {
    const now = new Date(created.getTime() + 75_000)
    expect(renderStatus(row({ status: 'running', step: 'follow' }), 'en', now).text).toContain('generating… 1 min 15 s')
    expect(renderStatus(row({ status: 'running', step: 'follow' }), 'ru', now).text).toContain('генерируется…')
    expect(renderStatus(row({ status: 'running', step: 'deliver' }), 'en', now)).toEqual({
      text: '📤 <b>Nano Banana</b> is ready, sending it…',
      keyboard: [],
      final: false,
    })
    expect(renderStatus(row({ status: 'running', step: 'deliver' }), 'ru', now).text).toBe(
      '📤 <b>Nano Banana</b>: результат готов, отправляю…',
    )
  })

  it('done, undelivered and failed are final, in both languages', () => {
    const completedAt = new Date(created.getTime() + 12_000)
    const done = renderStatus(row({ status: 'succeeded', step: 'done', completedAt }), 'en')
    expect(done.final).toBe(true)
    expect(plain(done.text)).toBe('✅ <b>Nano Banana</b> is ready (12 s). 360 ₽ charged.')
    expect(plain(renderStatus(row({ status: 'succeeded', step: 'done', completedAt }), 'ru').text)).toContain(
      'Списано 360 ₽',
    )
    const undelivered = renderStatus(row({ status: 'succeeded', step: 'done', completedAt, undelivered: true }), 'ru')
    expect(undelivered.text).toContain('Telegram не принял файл')
    expect(undelivered.keyboard[0]![0]!.callback_data).toBe(callbackData.history(0))
    const failed = renderStatus(
      row({ status: 'failed', step: 'done', completedAt, failureCode: 'kie_failed', failureReason: 'NSFW <prompt>' }),
      'en',
    )
    expect(failed.final).toBe(true)
    // Kie's own words reach admins only (escaped); users read what they can do about it
    expect(plain(failed.text)).not.toContain('NSFW')
    expect(plain(failed.text)).toContain('Change the prompt')
    const forAdmin = renderStatus(
      row({ status: 'failed', step: 'done', completedAt, failureCode: 'kie_failed', failureReason: 'NSFW <prompt>' }),
      'en',
      new Date(),
      { admin: true },
    )
    expect(plain(forAdmin.text)).toContain('NSFW &lt;prompt&gt;')
    expect(plain(failed.text)).toContain('360 ₽ returned to your balance')
    expect(failed.keyboard[0]!.map((b) => b.callback_data)).toEqual([
      callbackData.repeat(row().id),
      callbackData.menu(),
    ])
    expect(renderStatus(row({ status: 'cancelled', step: 'done', completedAt }), 'ru').text).toContain('отменено')
  })

  it('a model no longer in the registry is named by its slug, escaped', () => {
    expect(renderStatus(row({ modelId: 'gone<model>' }), 'en').text).toContain('<b>gone&lt;model&gt;</b>')
  })

  it('a live stage shows the clock and the usual duration; Cancel only while queued (uploading included)', () => {
    const now = new Date(created.getTime() + 17_000)
    const usual = { lowMs: 40_000, highMs: 150_000 }
    const files = {
      params: { prompt: 'x', image_urls: ['tg:AAA', 'tg:BBB'] },
      uploadedInputs: { 'tg:AAA': 'https://k/1' },
    }
    const uploading = renderStatus(row({ modelId: 'nano-banana-edit', ...files }), 'en', now, { usual })
    expect(plain(uploading.text)).toBe(
      '⏳ <b>Nano Banana Edit</b>: uploading your files (1 of 2)…\n360 ₽ is reserved from your balance.\n⏱ 17 s · usually 1–3 min',
    )
    expect(uploading.keyboard[0]![0]!.callback_data).toBe(callbackData.cancelGeneration(row().id))
    expect(plain(renderStatus(row({ modelId: 'nano-banana-edit', ...files }), 'ru', now, { usual }).text)).toContain(
      '</b>: загружаю ваши файлы (1 из 2)…\n360 ₽ зарезервировано на балансе.\n⏱ 17 с · обычно 1–3 мин',
    )
    const queued = renderStatus(row(), 'en', now, { usual: { typicalMs: 30_000 } })
    expect(plain(queued.text)).toMatch(/is queued\.[\s\S]*⏱ 17 s · usually about 30 s$/)
    expect(queued.keyboard).toHaveLength(1)
    const sending = renderStatus(row({ status: 'running', step: 'submit' }), 'en', now, { usual })
    expect(sending.text).toBe(
      '📡 <b>Nano Banana</b>: sending the task to the generation service…\n⏱ 17 s · usually 1–3 min',
    )
    expect(sending.keyboard).toEqual([])
    const generating = renderStatus(row({ status: 'running', step: 'follow' }), 'ru', now, { usual })
    expect(generating.text).toBe('🎨 <b>Nano Banana</b> генерируется… 17 с\n⏳ обычно 1–3 мин')
    expect(generating.keyboard).toEqual([])
  })

  it('the usual duration is the middle of recent durations, said as people say it', () => {
    expect(usualFromSamples([10_000, 20_000, 30_000, 40_000])).toBeUndefined()
    expect(usualFromSamples([5, 1, 4, 2, 3, 100].map((s) => s * 1000))).toEqual({ lowMs: 2000, highMs: 5000 })
    expect(usualText({ lowMs: 12_000, highMs: 38_000 }, 'en')).toBe('usually 10–40 s')
    expect(usualText({ lowMs: 70_000, highMs: 170_000 }, 'ru')).toBe('обычно 1–3 мин')
    expect(usualText({ lowMs: 61_000, highMs: 62_000 }, 'en')).toBe('usually about 1 min')
    expect(usualText({ typicalMs: 240_000 }, 'ru')).toBe('обычно около 4 мин')
  })

  it('a provider failure is a category with what to do, in both languages, with Edit the prompt', () => {
    expect(providerFailure('Your prompt was flagged by the content policy')).toBe('content_policy')
    expect(providerFailure('NSFW content detected')).toBe('content_policy')
    expect(providerFailure('Unsupported image format')).toBe('input_rejected')
    expect(providerFailure('Service is busy, please try again later')).toBe('service_busy')
    expect(providerFailure('Internal error')).toBe('failed')
    expect(providerFailure(null)).toBe('failed')
    const failed = (failureReason: string, lang: 'en' | 'ru') =>
      renderStatus(
        row({ status: 'failed', step: 'done', completedAt: created, failureCode: 'kie_failed', failureReason }),
        lang,
      )
    expect(plain(failed('Image format not supported', 'ru').text)).toBe(
      '❌ <b>Nano Banana</b>: сервис не смог принять ваш файл или настройки. Попробуйте другой файл (обычный JPG, PNG или MP4) или другие настройки. 360 ₽ возвращено на баланс.',
    )
    expect(plain(failed('server overloaded', 'en').text)).toBe(
      '❌ <b>Nano Banana</b>: the service is overloaded right now. Try again in a few minutes. 360 ₽ returned to your balance.',
    )
    // Edit the prompt where the prompt is what to change
    expect(failed('server overloaded', 'en').keyboard.flat()).toHaveLength(2)
    expect(failed('Image format not supported', 'en').keyboard.flat()).toHaveLength(2)
    const keyboard = failed('sensitive content', 'en').keyboard
    expect(keyboard.flat().map((b) => b.callback_data)).toEqual([
      callbackData.repeat(row().id),
      callbackData.menu(),
      callbackData.failedEditPrompt(row().id),
    ])
    expect(keyboard[1]![0]!.text).toBe('✏️ Edit the prompt')
    // a cancel is the user's own: no prompt to fix
    expect(
      renderStatus(row({ status: 'cancelled', step: 'done', completedAt: created }), 'en').keyboard.flat(),
    ).toHaveLength(2)
  })
})
