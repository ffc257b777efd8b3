import { t, type Lang } from '@kiebot/i18n'
import { COMMANDS } from './create-bot'

/** The command list for setMyCommands in one language. */
export function commandDescriptions(lang: Lang): { command: string; description: string }[] {
  return COMMANDS.map((command) => ({ command, description: t(lang, `cmd.${command}`) }))
}
