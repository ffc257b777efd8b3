import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The chat page's browser modules: real JavaScript files under apps/sandbox/client (type-checked
 * with `// @ts-check` by client/tsconfig.json), the same path from src/ and dist/.
 */
export const CLIENT_DIR = path.resolve(__dirname, '../../client')

/** The modules the page loads, by the name it imports them with. */
export const CLIENT_MODULES = ['app.js', 'render.js'] as const
export type ClientModule = (typeof CLIENT_MODULES)[number]

export function readClientFile(name: ClientModule): string {
  return readFileSync(path.join(CLIENT_DIR, name), 'utf8')
}

/** A module's code as a classic script: its imports dropped and its exports made plain declarations. */
export function classicScript(source: string): string {
  return source.replace(/^import [^\n]*\n/gm, '').replace(/^export (?=function |const |var |let )/gm, '')
}
