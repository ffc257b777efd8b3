import { callbackData } from '@kiebot/jobs'
import { queuedStatus, renderStatus, type StatusRow } from '@kiebot/telegram'

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
    expect(plain(failed.text)).toContain('NSFW &lt;prompt&gt;')
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
})
