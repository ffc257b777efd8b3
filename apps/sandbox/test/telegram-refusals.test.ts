/**
 * The shared Telegram error predicates (@kiebot/telegram) against the emulator's real answers, as
 * telegraf (the gateway's client) raises them: each predicate recognises its refusal and no other.
 */
import { Telegram } from 'telegraf'
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
import { startTelegramEmulator, type RunningTelegramEmulator } from '../src/telegram'
import { telegramError } from './support/telegram-error'

let emu: RunningTelegramEmulator
let tg: Telegram
let userId: number

beforeAll(async () => {
  emu = await startTelegramEmulator({ flood: { enabled: false } })
  tg = new Telegram(emu.control.createBot().token, { apiRoot: emu.url })
  userId = emu.control.createUser({ first_name: 'Ann' }).id
})
afterAll(() => emu.close())

const PREDICATES = {
  isNotModified,
  isCannotEdit,
  isWrongFileType,
  isChargeAlreadyRefunded,
  isBotBlocked,
  isChatNotFound,
  isRateLimited,
}
/** the names of the predicates that accept this error */
const accepting = (error: unknown) =>
  Object.entries(PREDICATES)
    .filter(([, predicate]) => predicate(error))
    .map(([name]) => name)

describe('Telegram error predicates against the emulator', () => {
  it('an edit that changes nothing is "not modified"', async () => {
    const sent = await tg.sendMessage(userId, 'same')
    const error = await telegramError(tg.editMessageText(userId, sent.message_id, undefined, 'same'))
    expect(accepting(error)).toEqual(['isNotModified'])
    expect(isDefiniteRefusal(error)).toBe(true)
  })

  it('a message the bot cannot edit, or that is gone, is "cannot edit"', async () => {
    const own = emu.control.sendText(userId, 'typed by the user')
    expect(accepting(await telegramError(tg.editMessageText(userId, own.message_id, undefined, 'x')))).toEqual([
      'isCannotEdit',
    ])
    expect(accepting(await telegramError(tg.editMessageText(userId, 999_999, undefined, 'x')))).toEqual([
      'isCannotEdit',
    ])
    const photo = emu.control.sendMedia(userId, { kind: 'photo', bytes: Buffer.from('p'), width: 1, height: 1 }).fileId
    const withPhoto = await tg.sendPhoto(userId, photo)
    expect(accepting(await telegramError(tg.editMessageText(userId, withPhoto.message_id, undefined, 'x')))).toEqual([
      'isCannotEdit',
    ])
  })

  it('a file id of another media type, or an unknown one, is "wrong file type"', async () => {
    const document = emu.control.sendMedia(userId, {
      kind: 'document',
      bytes: Buffer.from('d'),
      fileName: 'a.pdf',
      mimeType: 'application/pdf',
    }).fileId
    expect(accepting(await telegramError(tg.sendPhoto(userId, document)))).toEqual(['isWrongFileType'])
    expect(accepting(await telegramError(tg.sendVideo(userId, 'no-such-file-id')))).toEqual(['isWrongFileType'])
  })

  it('a chat the bot does not know is "chat not found"; a blocked bot is "blocked" (403)', async () => {
    expect(accepting(await telegramError(tg.sendMessage(424_242_424, 'hi')))).toEqual(['isChatNotFound'])
    const blocker = emu.control.createUser({ first_name: 'Bob' }).id
    emu.control.blockBot(blocker)
    const blocked = await telegramError(tg.sendMessage(blocker, 'hi'))
    expect(accepting(blocked)).toEqual(['isBotBlocked'])
    expect(refusalOf(blocked).code).toBe(403)
  })

  it('a 429 is "rate limited", with its retry_after, and not a definite refusal', async () => {
    emu.control.rateLimitNext({ method: 'sendMessage', retryAfter: 3 })
    const error = await telegramError(tg.sendMessage(userId, 'hi'))
    expect(accepting(error)).toEqual(['isRateLimited'])
    expect(retryAfterOf(error)).toBe(3)
    expect(isDefiniteRefusal(error)).toBe(false)
  })
})
