/** Escapes text for Telegram's HTML parse mode (the shared one, in @kiebot/telegram). */
export { escapeHtml } from '@kiebot/telegram'
