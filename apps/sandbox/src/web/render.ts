import { classicScript, readClientFile } from './files'

/**
 * How the chat page shows a bot's text: Telegram's HTML subset (parse_mode "HTML") turned into
 * safe HTML for innerHTML. Only b, i, u, s, code, pre and a (http, https, mailto, tg links) come
 * out as tags (strong/em/ins/strike/del become b/i/u/s); Telegram's other tags (tg-spoiler, span,
 * blockquote, tg-emoji, tg-time) keep only their content; everything else, including unknown or
 * stray tags and all attributes but href, is escaped and shown as text. The output is always
 * balanced.
 *
 * The code is the browser module client/render.js, evaluated here too, so that the browser runs
 * exactly the code the unit tests run.
 */

/** The renderer's source (client/render.js) as a plain script: its `export` keywords dropped. */
export const RENDER_SOURCE = classicScript(readClientFile('render.js'))

interface Renderer {
  renderTelegramHtml(source: string): string
  escapeHtml(text: string): string
  linkifyText(text: string): string
}

// the same source the browser runs, evaluated once for the server side and the unit tests
const renderer = new Function(
  `${RENDER_SOURCE}\nreturn { renderTelegramHtml: renderTelegramHtml, escapeHtml: escapeHtml, linkifyText: linkifyText }`,
)() as Renderer

/** Telegram HTML (as the bot sent it) → safe HTML with only b, i, u, s, code, pre, a */
export const renderTelegramHtml: (source: string) => string = renderer.renderTelegramHtml
/** plain text → HTML text with URLs as links and /commands as command links (a.bot-command) */
export const linkifyText: (text: string) => string = renderer.linkifyText
/** text → HTML text (& < > " ' escaped) */
export const escapeHtml: (text: string) => string = renderer.escapeHtml
