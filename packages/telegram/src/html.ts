/** Escapes text for Telegram's HTML parse mode (`&`, `<`, `>`: all that parse mode needs outside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
