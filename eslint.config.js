// Lint rules for every package and app (`pnpm lint` runs `eslint src test` in each).
const js = require('@eslint/js')
const tseslint = require('typescript-eslint')

module.exports = tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/fixtures/**', 'packages/db/prisma-client/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'error',
    },
  },
  { files: ['**/test/**', 'scripts/**', 'bench/**'], rules: { 'no-console': 'off' } },
  // the chat page's browser modules: plain JavaScript, type-checked by apps/sandbox/client/tsconfig.json
  // (which knows the DOM, so undefined names are its errors, not this rule's)
  {
    files: ['apps/sandbox/client/**/*.js'],
    languageOptions: { sourceType: 'module' },
    rules: { 'no-undef': 'off', 'no-var': 'off' },
  },
  // Import boundaries: apps never import other apps, packages never import apps. Tests and
  // benches reach the emulators through the sandbox's own exports (`@kiebot/sandbox`), never
  // by a path into its files; the apps' sources do not import the sandbox at all.
  ...boundaries(),
)

function boundaries() {
  const APPS = ['gateway', 'worker', 'sandbox']
  const message =
    'apps never import other apps and packages never import apps (tests: use the exports of @kiebot/sandbox)'
  const regex = (source) => ({ regex: source, message })
  /** a path through the apps/ folder into an app (`../../../apps/sandbox/src/...`), not a local file named apps */
  const anyAppsPath = regex(`(^|/)apps/(${APPS.join('|')})(/|$)`)
  const siblingPath = (names) => regex(`(^|/)\\.\\./(${names.join('|')})(/|$)`)
  /** an app by its package name; a path inside the package (`@kiebot/sandbox/src/...`) is never allowed */
  const appPackage = (names) => regex(`^@kiebot/(${names.join('|')})(/.*)?$`)
  const deepSandbox = regex('^@kiebot/sandbox/')
  const rule = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
  const configs = []
  for (const app of APPS) {
    const others = APPS.filter((a) => a !== app)
    // its sources: no other app at all (the sandbox's emulators are test tools)
    configs.push({ files: [`apps/${app}/src/**`], rules: rule(anyAppsPath, siblingPath(others), appPackage(others)) })
    // its tests: the sandbox through its exports only, no other app
    const forbidden = others.filter((a) => a !== 'sandbox')
    configs.push({
      files: [`apps/${app}/test/**`],
      rules: rule(anyAppsPath, siblingPath(others), deepSandbox, ...(forbidden.length ? [appPackage(forbidden)] : [])),
    })
  }
  configs.push({ files: ['packages/**'], rules: rule(anyAppsPath, siblingPath(APPS), appPackage(APPS)) })
  // benches may use the apps' test support, but reach the emulators through @kiebot/sandbox
  configs.push({ files: ['bench/**'], rules: rule(regex('(^|/)apps/sandbox(/|$)'), deepSandbox) })
  return configs
}
