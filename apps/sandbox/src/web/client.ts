/**
 * The chat page's script: browser modules in apps/sandbox/client (app.js imports render.js and
 * texts.js), served as files under /chat/. texts.js is made from texts.ts, the one table of the
 * page's texts. It talks only to the emulators' control APIs (/_control/telegram, and /kie/_control
 * for its Kie panel) and to /chat/config.json; it never sees a bot token.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { CLIENT_DIR, classicScript, readClientFile, type ClientModule } from './files'
import { TEXTS } from './texts'

/** /chat/texts.js: the page's texts as a module (its types: client/texts.d.ts). */
export const TEXTS_MODULE = `export const TEXTS = ${JSON.stringify(TEXTS)}\n`

/** The source of a module the page loads (read once, at start). */
export const CLIENT_SOURCES: Readonly<Record<ClientModule | 'texts.js', string>> = {
  'app.js': readClientFile('app.js'),
  'render.js': readClientFile('render.js'),
  'texts.js': TEXTS_MODULE,
}

/**
 * The same modules joined into one classic script (the renderer, the texts, the app, in import
 * order), for a syntax check of the whole client in one piece.
 */
export const CLIENT_JS = `(function () {\n'use strict'\n${classicScript(CLIENT_SOURCES['render.js'])}\nvar TEXTS = ${JSON.stringify(TEXTS)}\n${classicScript(CLIENT_SOURCES['app.js'])}\n})()\n`

/** The Mini App panel's `window.Telegram.WebApp` stand-in (a classic script, client/telegram-web-app.js). */
export const WEB_APP_SCRIPT = readFileSync(path.join(CLIENT_DIR, 'telegram-web-app.js'), 'utf8')
