import { createHmac } from 'node:crypto'
import type { TgUser } from './types'

// Mini Apps: the initData Telegram gives an opened Mini App, signed the way Telegram signs it
// (core.telegram.org/bots/webapps: secret = HMAC_SHA256("WebAppData", bot token), hash =
// HMAC_SHA256(secret, the data-check string: every field but hash, sorted, key=value by "\n")).

/** initData of `fields` signed with the bot's token (`hash` added last). */
export function signWebAppInitData(fields: Record<string, string>, botToken: string): string {
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest()
  const check = Object.keys(fields)
    .filter((key) => key !== 'hash')
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n')
  const hash = createHmac('sha256', secret).update(check).digest('hex')
  const params = new URLSearchParams({ ...fields })
  params.delete('hash')
  params.set('hash', hash)
  return params.toString()
}

/** The initData a Mini App opened by this user from the bot's chat receives. */
export function webAppInitData(user: TgUser, botToken: string, authDate = Math.floor(Date.now() / 1000)): string {
  const userJson = JSON.stringify({
    id: user.id,
    first_name: user.first_name,
    ...(user.last_name !== undefined && { last_name: user.last_name }),
    ...(user.username !== undefined && { username: user.username }),
    ...(user.language_code !== undefined && { language_code: user.language_code }),
    allows_write_to_pm: true,
  })
  return signWebAppInitData(
    {
      user: userJson,
      chat_instance: String(user.id),
      chat_type: 'private',
      auth_date: String(authDate),
    },
    botToken,
  )
}
