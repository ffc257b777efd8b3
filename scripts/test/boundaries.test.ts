import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'

// The import boundaries of eslint.config.js (run by `pnpm lint`, so by CI): apps never import
// other apps, packages never import apps, tests reach the emulators through @kiebot/sandbox.
const root = path.resolve(__dirname, '..', '..')
// the config itself, loaded here (jest's module sandbox cannot run ESLint's own dynamic import of it)
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: require(path.join(root, 'eslint.config.js')) as ESLint.Options['overrideConfig'],
})

async function refused(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) })
  const fatal = result!.messages.filter((m) => m.fatal)
  if (fatal.length > 0) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join('; ')}`)
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports')
}

describe('import boundaries', () => {
  it('an app importing another app, by path or by name, is refused', async () => {
    expect(
      await refused(
        'apps/gateway/src/x.ts',
        "import { startWorker } from '../../worker/src/app'\nexport const a = startWorker\n",
      ),
    ).toBe(true)
    expect(await refused('apps/gateway/src/bot/x.ts', "export { startWorker } from '@kiebot/worker'\n")).toBe(true)
    expect(
      await refused(
        'apps/worker/src/x.ts',
        "import type { Gateway } from '../../gateway/src/server'\nexport type A = Gateway\n",
      ),
    ).toBe(true)
    expect(
      await refused(
        'apps/worker/src/x.ts',
        "import { startSandbox } from '@kiebot/sandbox'\nexport const a = startSandbox\n",
      ),
    ).toBe(true)
    expect(
      await refused(
        'apps/sandbox/src/x.ts',
        "import { createGateway } from '@kiebot/gateway'\nexport const a = createGateway\n",
      ),
    ).toBe(true)
  })

  it('a package importing an app is refused', async () => {
    expect(
      await refused(
        'packages/jobs/src/x.ts',
        "import { startKieEmulator } from '../../../apps/sandbox/src/kie'\nexport const a = startKieEmulator\n",
      ),
    ).toBe(true)
    expect(
      await refused(
        'packages/telegram/test/x.test.ts',
        "import { startTelegramEmulator } from '@kiebot/sandbox'\nexport const a = startTelegramEmulator\n",
      ),
    ).toBe(true)
  })

  it("tests reach the emulators through the sandbox's exports only", async () => {
    expect(
      await refused(
        'apps/worker/test/support/x.ts',
        "import { startKieEmulator } from '../../../sandbox/src/kie'\nexport const a = startKieEmulator\n",
      ),
    ).toBe(true)
    expect(
      await refused(
        'apps/gateway/test/x.test.ts',
        "import { startKieEmulator } from '@kiebot/sandbox/src/kie'\nexport const a = startKieEmulator\n",
      ),
    ).toBe(true)
    expect(
      await refused(
        'apps/gateway/test/x.test.ts',
        "import { startKieEmulator } from '@kiebot/sandbox'\nexport const a = startKieEmulator\n",
      ),
    ).toBe(false)
    expect(
      await refused(
        'bench/chaos/x.ts',
        "import { startKieEmulator } from '../../apps/sandbox/src/kie'\nexport const a = startKieEmulator\n",
      ),
    ).toBe(true)
  })

  it("a package importing a package, and an app's own modules, are fine", async () => {
    expect(
      await refused(
        'apps/gateway/src/bot/x.ts',
        "import { escapeHtml } from '@kiebot/telegram'\nimport { show } from './show'\nimport { Deps } from '../bot/context'\nexport const a = [escapeHtml, show, Deps]\n",
      ),
    ).toBe(false)
    expect(await refused('packages/telegram/src/x.ts', "import { t } from '@kiebot/i18n'\nexport const a = t\n")).toBe(
      false,
    )
  })
})

/** Every source file under `dir` (TypeScript and JavaScript, no builds). */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory())
      return ['node_modules', 'dist', 'prisma-client', 'fixtures', 'test'].includes(entry.name) ? [] : sources(full)
    return /\.(ts|js)$/.test(entry.name) ? [full] : []
  })
}

describe('Kie paths', () => {
  it('are written only in packages/kie (comments aside)', () => {
    const offenders = ['apps', 'packages']
      .flatMap((top) => sources(path.join(root, top)))
      .filter((file) => !file.startsWith(path.join(root, 'packages', 'kie') + path.sep))
      .filter((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line) => line.replace(/\/\/.*$/, '').trim())
          .some((line) => !line.startsWith('*') && !line.startsWith('/*') && /['"`]\/api\/(v1\/|file-)/.test(line)),
      )
      .map((file) => path.relative(root, file))
    expect(offenders).toEqual([])
  })
})

describe('import boundaries and local names', () => {
  it("a package's own module named apps is not an app (packages/config's ./apps)", async () => {
    expect(await refused('packages/config/src/x.ts', "export { gatewayConfig } from './apps'\n")).toBe(false)
    expect(
      await refused('packages/config/src/x.ts', "export { startWorker } from '../../../apps/worker/src/app'\n"),
    ).toBe(true)
  })
})
