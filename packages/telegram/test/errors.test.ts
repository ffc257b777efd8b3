import {
  isBotBlocked,
  isCannotEdit,
  isChargeAlreadyRefunded,
  isChatNotFound,
  isDefiniteRefusal,
  isNotModified,
  isRateLimited,
  isWrongFileType,
  refusalOf,
  retryAfterOf,
} from '@kiebot/telegram'

// Bot API error answers, worded as the Bot API (and the sandbox's emulator) words them. The same
// predicates are run against the emulator's real answers in apps/sandbox/test/telegram-refusals.test.ts.
const answer = (error_code: number, description: string, parameters?: { retry_after: number }) => ({
  ok: false,
  error_code,
  description,
  ...(parameters ? { parameters } : {}),
})
const NOT_MODIFIED = answer(
  400,
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
)
const CANNOT_EDIT = answer(400, "Bad Request: message can't be edited")
const EDIT_NOT_FOUND = answer(400, 'Bad Request: message to edit not found')
const NO_TEXT = answer(400, 'Bad Request: there is no text in the message to edit')
const WRONG_TYPE = answer(400, "Bad Request: can't use file of type Document as Photo")
const WRONG_ID = answer(400, 'Bad Request: wrong file identifier/HTTP URL specified')
const REFUNDED = answer(400, 'Bad Request: CHARGE_ALREADY_REFUNDED')
const BLOCKED = answer(403, 'Forbidden: bot was blocked by the user')
const DEACTIVATED = answer(403, 'Forbidden: user is deactivated')
const CHAT_NOT_FOUND = answer(400, 'Bad Request: chat not found')
const FLOOD = answer(429, 'Too Many Requests: retry after 7', { retry_after: 7 })

const ALL = {
  NOT_MODIFIED,
  CANNOT_EDIT,
  EDIT_NOT_FOUND,
  NO_TEXT,
  WRONG_TYPE,
  WRONG_ID,
  REFUNDED,
  BLOCKED,
  DEACTIVATED,
  CHAT_NOT_FOUND,
  FLOOD,
}

/** Which of the answers a predicate accepts. */
const accepted = (predicate: (error: unknown) => boolean) =>
  Object.entries(ALL)
    .filter(([, error]) => predicate(error))
    .map(([name]) => name)

describe('Telegram error predicates', () => {
  it('each recognises its refusals and no other', () => {
    expect(accepted(isNotModified)).toEqual(['NOT_MODIFIED'])
    expect(accepted(isCannotEdit)).toEqual(['CANNOT_EDIT', 'EDIT_NOT_FOUND', 'NO_TEXT'])
    expect(accepted(isWrongFileType)).toEqual(['WRONG_TYPE', 'WRONG_ID'])
    expect(accepted(isChargeAlreadyRefunded)).toEqual(['REFUNDED'])
    expect(accepted(isBotBlocked)).toEqual(['BLOCKED', 'DEACTIVATED'])
    expect(accepted(isChatNotFound)).toEqual(['CHAT_NOT_FOUND'])
    expect(accepted(isRateLimited)).toEqual(['FLOOD'])
    expect(accepted(isDefiniteRefusal)).toEqual(Object.keys(ALL).filter((name) => name !== 'FLOOD'))
  })

  it("reads telegraf's error, the worker's error and a raw answer alike", () => {
    // telegraf's TelegramError: code and description are getters over `response`
    const telegrafLike = Object.assign(new Error('400: Bad Request: message is not modified'), {
      response: { ok: false, error_code: 400, description: NOT_MODIFIED.description },
    })
    // the worker's TelegramApiError: code and description are fields, retryAfter in seconds
    const workerLike = Object.assign(new Error('Telegram sendMessage: 429 Too Many Requests'), {
      code: 429,
      description: FLOOD.description,
      retryAfter: 3,
    })
    expect(refusalOf(telegrafLike)).toEqual({ code: 400, description: NOT_MODIFIED.description })
    expect(isNotModified(telegrafLike)).toBe(true)
    expect(isRateLimited(workerLike)).toBe(true)
    expect(retryAfterOf(workerLike)).toBe(3)
    expect(retryAfterOf(FLOOD)).toBe(7)
    expect(retryAfterOf(NOT_MODIFIED)).toBeUndefined()
  })

  it('anything that is not an error answer matches nothing', () => {
    for (const value of [null, undefined, 'message is not modified', 42, {}]) {
      expect(refusalOf(value).code).toBeUndefined()
      expect(isBotBlocked(value) || isRateLimited(value) || isDefiniteRefusal(value)).toBe(false)
    }
    expect(isNotModified(new TypeError('fetch failed'))).toBe(false)
  })
})
