import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from './prisma-cli'

/**
 * The node options an app's image runs with: the flags of `ENV NODE_OPTIONS=` in
 * Dockerfile.<app> at the repository's root (one flag, or several in double quotes), so a test
 * or a bench runs the process production runs.
 */
export function imageNodeOptions(app: 'gateway' | 'worker'): string[] {
  const text = fs.readFileSync(path.join(repoRoot, `Dockerfile.${app}`), 'utf8')
  const line = /^ENV NODE_OPTIONS=(?:"([^"]*)"|(\S+))$/m.exec(text)
  const flags = (line?.[1] ?? line?.[2] ?? '').split(' ').filter((flag) => flag !== '')
  if (flags.length === 0) throw new Error(`Dockerfile.${app} sets no NODE_OPTIONS`)
  return flags
}
