import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** The monorepo root (this file lives in packages/testing/{src,dist}). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..')

/** Runs the Prisma CLI of the repo against `databaseUrl`; returns stdout. */
export async function runPrismaCli(args: string[], databaseUrl: string): Promise<string> {
  const cli = require.resolve('prisma/build/index.js', { paths: [repoRoot] })
  const { stdout } = await execFileAsync(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  })
  return stdout
}
