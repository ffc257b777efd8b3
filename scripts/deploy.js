#!/usr/bin/env node
// The runtime folder of one app's image, exactly what the Dockerfile copies:
//   node scripts/deploy.js <gateway|worker> <out>
// `pnpm deploy --prod` of the app (production dependencies only, workspace packages
// copied in), then everything the running process never reads is removed. The
// Dockerfiles call this script and scripts/image-size.js measures its output, so the
// size check and the images can never disagree. Run after `pnpm build`.
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const APPS = ['gateway', 'worker']

/** What stays at the top of the folder: the image runs `node dist/main.js` from it. */
const KEEP_AT_TOP = new Set(['package.json', 'dist', 'node_modules'])

/**
 * Packages that are tooling, never code a production process loads. pnpm links an
 * optional peer to any version the workspace has, so the root's dev tools leak in:
 * valibot (through @bull-board/api) declares `typescript` as an optional peer for its
 * types, and that alone shipped 23 MB of compiler. Type packages come in the same way
 * (@prisma/adapter-pg depends on @types/pg).
 */
const DEV_ONLY_PACKAGE = /^(typescript|@types\+[^@]+|prisma|@prisma\+engines|ts-node|tsx|esbuild|@esbuild\+[^@]+)@/

/** Files in node_modules nothing reads at run time (licences always stay). */
const DECLARATION = /\.d\.(ts|mts|cts)(\.map)?$/
const DOC = /\.(md|markdown)$/i
const LICENCE = /^(licen[cs]e|copying|notice|authors)/i

/** Folders at a third-party package's root that hold its tests, examples or docs (bintrees: 2.3 MB of test data). */
const PACKAGE_DEV_FOLDERS = new Set(['test', 'tests', '__tests__', 'example', 'examples', '.github'])

/** A workspace package ships its build output and data, not its sources or tests. */
const WORKSPACE_DEV_ENTRIES = /^(src|test|\.turbo|tsconfig(\..*)?\.json|jest\.config\.js|README\.md)$/

/**
 * The generated Prisma client: Node loads index.js, runtime/client.js and the query
 * compiler (query_compiler_fast_bg.js and its WebAssembly as base64 in
 * query_compiler_fast_bg.wasm-base64.js). The edge, browser, worker and React Native
 * entries, and the raw .wasm the edge loaders read, are for other platforms.
 */
const PRISMA_CLIENT_OTHER_PLATFORMS = [
  'query_compiler_fast_bg.wasm',
  'edge.js',
  'wasm.js',
  'index-browser.js',
  'react-native.js',
  'wasm-edge-light-loader.mjs',
  'wasm-worker-loader.mjs',
  'runtime/edge.js',
  'runtime/edge-esm.js',
  'runtime/react-native.js',
  'runtime/index-browser.js',
  'runtime/wasm-compiler-edge.js',
  'runtime/wasm-engine-edge.js',
]

/** Bytes of a file or a folder as the image's layer holds them (every path counted once). */
function bytesOf(target) {
  const stat = fs.lstatSync(target, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.size
  let total = 0
  for (const entry of fs.readdirSync(target)) total += bytesOf(path.join(target, entry))
  return total
}

function remove(target) {
  const bytes = bytesOf(target)
  fs.rmSync(target, { recursive: true, force: true })
  return bytes
}

/** Every regular file under dir (symlinks are not followed: each package is visited once, in .pnpm). */
function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* files(full)
    else if (entry.isFile()) yield full
  }
}

/** The package folders in node_modules/.pnpm/<key>/node_modules/<name>. */
function* storePackages(modules) {
  const store = path.join(modules, '.pnpm')
  if (!fs.existsSync(store)) return
  for (const key of fs.readdirSync(store)) {
    const inner = path.join(store, key, 'node_modules')
    if (!fs.existsSync(inner) || !fs.statSync(inner).isDirectory()) continue
    for (const name of fs.readdirSync(inner)) {
      if (name.startsWith('@')) {
        for (const scoped of fs.readdirSync(path.join(inner, name))) yield { key, dir: path.join(inner, name, scoped) }
      } else yield { key, dir: path.join(inner, name) }
    }
  }
}

/** Symlinks whose target was removed (left by the dev-only packages). */
function removeDanglingLinks(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isSymbolicLink()) {
      if (!fs.existsSync(full)) fs.unlinkSync(full)
    } else if (entry.isDirectory()) removeDanglingLinks(full)
  }
}

/**
 * The pruning steps, in order, each returning the bytes it removed. Exported so that
 * the size check reports them one by one.
 */
const STEPS = [
  {
    name: 'top-level files other than package.json, dist, node_modules',
    run(out) {
      let bytes = 0
      for (const entry of fs.readdirSync(out)) if (!KEEP_AT_TOP.has(entry)) bytes += remove(path.join(out, entry))
      return bytes
    },
  },
  {
    name: 'dev-only packages (typescript, @types/*, CLIs) linked as optional peers',
    run(out) {
      const store = path.join(out, 'node_modules', '.pnpm')
      let bytes = 0
      for (const key of fs.existsSync(store) ? fs.readdirSync(store) : []) {
        if (DEV_ONLY_PACKAGE.test(key)) bytes += remove(path.join(store, key))
      }
      removeDanglingLinks(path.join(out, 'node_modules'))
      return bytes
    },
  },
  {
    name: 'workspace packages: sources, tests, tsconfig, README',
    run(out) {
      let bytes = 0
      for (const { key, dir } of storePackages(path.join(out, 'node_modules'))) {
        if (!key.startsWith('@kiebot+')) continue
        for (const entry of fs.readdirSync(dir)) {
          if (WORKSPACE_DEV_ENTRIES.test(entry)) bytes += remove(path.join(dir, entry))
        }
      }
      return bytes
    },
  },
  {
    name: 'Prisma client entries for other platforms (edge, browser, React Native)',
    run(out) {
      let bytes = 0
      for (const { key, dir } of storePackages(path.join(out, 'node_modules'))) {
        if (!key.startsWith('@kiebot+db@')) continue
        for (const file of PRISMA_CLIENT_OTHER_PLATFORMS) bytes += remove(path.join(dir, 'prisma-client', file))
      }
      return bytes
    },
  },
  {
    name: "third-party packages' test, example and .github folders",
    run(out) {
      let bytes = 0
      for (const { key, dir } of storePackages(path.join(out, 'node_modules'))) {
        if (key.startsWith('@kiebot+')) continue
        for (const entry of fs.readdirSync(dir)) {
          if (PACKAGE_DEV_FOLDERS.has(entry)) bytes += remove(path.join(dir, entry))
        }
      }
      return bytes
    },
  },
  {
    name: "type declarations (*.d.ts), the app's own included",
    run(out) {
      let bytes = 0
      for (const file of files(out)) {
        if (DECLARATION.test(file)) bytes += remove(file)
      }
      return bytes
    },
  },
  {
    // our own packages keep theirs: NODE_OPTIONS=--enable-source-maps then maps stack traces to the sources
    name: "third-party source maps (*.map; our packages' maps stay)",
    run(out) {
      let bytes = 0
      for (const { key, dir } of storePackages(path.join(out, 'node_modules'))) {
        if (key.startsWith('@kiebot+')) continue
        for (const file of files(dir)) if (file.endsWith('.map')) bytes += remove(file)
      }
      return bytes
    },
  },
  {
    name: 'documentation (*.md) in node_modules, licences kept',
    run(out) {
      let bytes = 0
      for (const file of files(path.join(out, 'node_modules'))) {
        const base = path.basename(file)
        if (DOC.test(base) && !LICENCE.test(base)) bytes += remove(file)
      }
      return bytes
    },
  },
]

function pnpmDeploy(app, out) {
  const result = spawnSync('pnpm', ['deploy', `--filter=@kiebot/${app}`, '--prod', out], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.status !== 0) {
    throw new Error(`pnpm deploy of ${app} failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  }
}

/**
 * Deploys one app into `out` (which must not exist) and prunes it.
 * Returns the bytes before pruning and what each step removed.
 */
function deploy(app, out) {
  if (!APPS.includes(app)) throw new Error(`unknown app "${app}" (one of ${APPS.join(', ')})`)
  if (fs.existsSync(out)) throw new Error(`${out} exists: deploy into a new folder`)
  if (!fs.existsSync(path.join(root, 'apps', app, 'dist', 'main.js'))) {
    throw new Error(`apps/${app}/dist/main.js is missing: run pnpm build first`)
  }
  pnpmDeploy(app, out)
  const deployed = bytesOf(out)
  const steps = STEPS.map((step) => ({ name: step.name, bytes: step.run(out) }))
  return { deployed, steps, bytes: bytesOf(out) }
}

module.exports = { APPS, STEPS, bytesOf, deploy }

if (require.main === module) {
  const [app, out] = process.argv.slice(2)
  if (!app || !out) {
    console.error('usage: node scripts/deploy.js <gateway|worker> <out>')
    process.exit(2)
  }
  try {
    const report = deploy(app, path.resolve(out))
    const mb = (n) => `${(n / 1e6).toFixed(1)} MB`
    console.log(`deploy ${app}: ${mb(report.deployed)} from pnpm deploy --prod`)
    for (const step of report.steps) console.log(`  - ${mb(step.bytes).padStart(8)}  ${step.name}`)
    console.log(`deploy ${app}: ${mb(report.bytes)} in ${out}`)
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
