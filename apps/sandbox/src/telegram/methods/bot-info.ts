/** getMe and the command menu: setMyCommands / getMyCommands / deleteMyCommands per scope and language. */
import { badRequest } from '../errors'
import type { BotRecord, MenuButton } from '../state'
import type { BotCommand } from '../types'
import { optionalText, type MethodHandler } from './context'

const SCOPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
])

export interface CommandScope {
  type: string
  chat_id?: number | string
  user_id?: number
}

/** key of a command list: scope + language ('' = every language) */
export function commandsKey(scope: CommandScope | undefined, languageCode: string | undefined): string {
  const type = scope?.type ?? 'default'
  return `${type}:${scope?.chat_id ?? ''}:${scope?.user_id ?? ''}|${languageCode ?? ''}`
}

function scopeAndLanguage(params: Record<string, unknown>): string {
  const scope = params.scope as CommandScope | undefined
  if (scope !== undefined && (typeof scope.type !== 'string' || !SCOPES.has(scope.type)))
    throw badRequest("can't parse BotCommandScope")
  if (
    (scope?.type === 'chat' || scope?.type === 'chat_administrators' || scope?.type === 'chat_member') &&
    scope.chat_id === undefined
  ) {
    throw badRequest('chat_id is empty')
  }
  const languageCode = optionalText(params, 'language_code')
  if (languageCode !== undefined && languageCode !== '' && !/^[a-z]{2}$/.test(languageCode))
    throw badRequest('invalid language code specified')
  return commandsKey(scope, languageCode)
}

function checkCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value) || value.length > 100) throw badRequest("can't parse commands JSON object")
  return value.map((item: unknown) => {
    const { command, description } = (item ?? {}) as Partial<BotCommand>
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID')
    if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
      throw badRequest('command description must be non-empty')
    }
    return { command, description }
  })
}

export function botInfo(bot: BotRecord): Record<string, unknown> {
  return {
    id: bot.id,
    is_bot: true,
    first_name: bot.firstName,
    username: bot.username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }
}

/** Reads a MenuButton: commands, default, or a web_app with its text and an http(s) URL. */
function checkMenuButton(value: unknown): MenuButton {
  const fields = (typeof value === 'string' ? safeJson(value) : value) as Record<string, unknown> | undefined
  if (typeof fields !== 'object' || fields === null) return { type: 'default' }
  if (fields.type === 'commands' || fields.type === 'default') return { type: fields.type }
  if (fields.type !== 'web_app') throw badRequest('unsupported menu button type')
  const webApp = fields.web_app as { url?: unknown } | undefined
  if (typeof fields.text !== 'string' || fields.text.trim() === '') throw badRequest('menu button text is empty')
  if (typeof webApp?.url !== 'string' || !/^https?:\/\/\S+$/i.test(webApp.url)) throw badRequest('WEB_APP_URL_INVALID')
  return { type: 'web_app', text: fields.text, web_app: { url: webApp.url } }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw badRequest("can't parse menu button JSON object")
  }
}

function menuChatKey(params: Record<string, unknown>): string {
  const chatId = params.chat_id
  if (chatId === undefined) return ''
  if (typeof chatId !== 'number' && !(typeof chatId === 'string' && /^-?\d+$/.test(chatId)))
    throw badRequest('chat not found')
  return String(chatId)
}

export const botInfoMethods: Record<string, MethodHandler> = {
  setChatMenuButton: ({ bot, params }) => {
    bot.menuButtons.set(menuChatKey(params), checkMenuButton(params.menu_button))
    return true
  },
  getChatMenuButton: ({ bot, params }) =>
    bot.menuButtons.get(menuChatKey(params)) ?? bot.menuButtons.get('') ?? { type: 'commands' },
  getMe: ({ bot }) => botInfo(bot),
  setMyCommands: ({ bot, params }) => {
    const commands = checkCommands(params.commands)
    const key = scopeAndLanguage(params)
    if (commands.length === 0) bot.commands.delete(key)
    else bot.commands.set(key, commands)
    return true
  },
  getMyCommands: ({ bot, params }) => bot.commands.get(scopeAndLanguage(params)) ?? [],
  deleteMyCommands: ({ bot, params }) => {
    bot.commands.delete(scopeAndLanguage(params))
    return true
  },
}
