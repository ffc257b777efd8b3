// The sandbox's public surface for tests and benches: the emulators of the Telegram Bot API
// and Kie.ai, the whole sandbox, and the fixtures. Nothing outside this app imports its files
// by path (eslint.config.js enforces it).
import path from 'node:path'

export * from './telegram'
export * from './kie'
export {
  CATALOG_FIXTURE_CHANGES,
  defaultEmulatedCatalog,
  registryEmulatedCatalog,
  type EmulatedCatalog,
  type EmulatedCatalogModel,
} from './kie/models-catalog'
export {
  SANDBOX_ADMIN,
  SANDBOX_USER,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxUser,
} from './sandbox'

/** A file under apps/sandbox/fixtures (e.g. `fixturePath('kie', 'result.png')`); the same path from src/ and dist/. */
export function fixturePath(...parts: string[]): string {
  return path.resolve(__dirname, '..', 'fixtures', ...parts)
}
