import { buildCreateRequest } from '@kiebot/kie'
import { getModel, InvalidParamsError, validateParams } from '@kiebot/models'

// The gateway validates drafts whose media are Telegram file references; the wire
// request is only ever built from uploaded http(s) URLs.
describe('Telegram file references', () => {
  const model = getModel('nano-banana-edit')!
  const params = { prompt: 'make it blue', image_urls: ['tg:AgACAgIAAxkBAAIB', 'tg:AgACAgIAAxkBAAIC'] }

  it('are accepted only when asked for', () => {
    expect(validateParams(model, params, { telegramFiles: true }).ok).toBe(true)
    const strict = validateParams(model, params)
    expect(strict.ok).toBe(false)
    expect(!strict.ok && strict.errors[0]).toMatchObject({ field: 'image_urls', code: 'invalid_url' })
    expect(validateParams(model, { ...params, image_urls: ['tg:'] }, { telegramFiles: true }).ok).toBe(false)
  })

  it('never reach a create request', () => {
    expect(() => buildCreateRequest(model, params, { callBackUrl: 'https://x' })).toThrow(InvalidParamsError)
  })
})
