import { generationJob, QUEUE_NAMES, resendJobId, telegramJob } from '@kiebot/jobs'

describe('job contracts', () => {
  it('queue names are stable (they are persisted in Redis)', () => {
    expect(QUEUE_NAMES).toEqual({ generation: 'generation', telegram: 'telegram', scheduled: 'scheduled' })
  })

  it('a generation job carries a generation uuid and nothing else', () => {
    expect(generationJob.parse({ generationId: '7f3c2a8e-4b1d-4c7a-9e2f-0a1b2c3d4e5f' })).toEqual({
      generationId: '7f3c2a8e-4b1d-4c7a-9e2f-0a1b2c3d4e5f',
    })
    expect(generationJob.safeParse({ generationId: 'abc' }).success).toBe(false)
  })

  it('telegram jobs respect Telegram limits', () => {
    expect(telegramJob.safeParse({ kind: 'text', chatId: '123', text: 'hi' }).success).toBe(true)
    expect(telegramJob.safeParse({ kind: 'text', chatId: '123', text: 'x'.repeat(4097) }).success).toBe(false)
    expect(telegramJob.safeParse({ kind: 'text', chatId: '123', text: '' }).success).toBe(false)
    expect(telegramJob.safeParse({ kind: 'text', chatId: 123, text: 'hi' }).success).toBe(false)
    expect(
      telegramJob.safeParse({
        kind: 'edit',
        chatId: '-100123',
        messageId: 5,
        text: 'x',
        keyboard: [[{ text: 'b', callback_data: 'x'.repeat(65) }]],
      }).success,
    ).toBe(false)
  })

  it('a history re-send names its generation and chat; its job id is one per press', () => {
    const generationId = '7f3c2a8e-4b1d-4c7a-9e2f-0a1b2c3d4e5f'
    expect(telegramJob.safeParse({ kind: 'resend', generationId, chatId: '123' }).success).toBe(true)
    expect(telegramJob.safeParse({ kind: 'resend', generationId: 'abc', chatId: '123' }).success).toBe(false)
    expect(resendJobId(generationId, 77)).toBe(resendJobId(generationId, 77))
    expect(resendJobId(generationId, 77)).not.toBe(resendJobId(generationId, 78))
  })
})
