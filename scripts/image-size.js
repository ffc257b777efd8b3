#!/usr/bin/env node
// Each image's size without a Docker engine, and a budget it must stay under:
//   node scripts/image-size.js            (after `pnpm build`; CI runs it before the tests)
// For each image, the folder its Dockerfile copies is made the way the Dockerfile makes
// it (scripts/deploy.js) and summed byte by byte; the layers under it are added from
// their documented sizes. Exits 1 when an image is over the budget.
'use strict'
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { APPS, deploy } = require('./deploy')

const MB = 1e6

/** The predecessor's image was 218 MB: no image of ours may be larger. */
const BUDGET_BYTES = 218 * MB

/**
 * The layers under our files, uncompressed (what `docker image ls` shows), so that every figure
 * here is the size on disk and they add up:
 * - debian:bookworm-slim: 74.8 MB as `docker image ls` lists it for linux/amd64; 80 MB leaves
 *   room for the tag's monthly rebuilds. Check it with `docker image inspect` when the base changes.
 * - the node binary the Dockerfiles copy from node:20-bookworm-slim (/usr/local/bin/node): the
 *   official Node 20 build, the same file as this machine's Node 20, so it is measured here.
 * - tini and the node user (Debian bookworm, tini 0.19.0: `apt-cache show tini` says
 *   Installed-Size 731 kB; the apt lists are removed in the same RUN): 1 MB.
 */
function nodeBinaryBytes() {
  const major = Number(process.versions.node.split('.')[0])
  if (major !== 20) throw new Error(`image-size: run with Node 20 (the images' node), not ${process.version}`)
  return fs.statSync(fs.realpathSync(process.execPath)).size
}

const BASE_LAYERS = [
  { name: 'debian:bookworm-slim (docker image ls, linux/amd64, rounded up)', bytes: 80 * MB },
  { name: `node binary (Node ${process.versions.node}, measured)`, bytes: nodeBinaryBytes() },
  { name: 'tini and the node user (Debian bookworm, rounded up)', bytes: 1 * MB },
]

function measure(app) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiebot-image-${app}-`))
  const out = path.join(dir, 'app')
  try {
    const report = deploy(app, out)
    const base = BASE_LAYERS.reduce((sum, layer) => sum + layer.bytes, 0)
    return { app, ...report, total: base + report.bytes }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function main() {
  const started = Date.now()
  const mb = (n) => `${(n / MB).toFixed(1)} MB`.padStart(9)
  let over = false
  for (const app of APPS) {
    const result = measure(app)
    console.log(`image ${app}:`)
    for (const layer of BASE_LAYERS) console.log(`  ${mb(layer.bytes)}  ${layer.name}`)
    console.log(
      `  ${mb(result.bytes)}  /app: scripts/deploy.js ${app} (${mb(result.deployed).trim()} deployed, pruned:)`,
    )
    for (const step of result.steps) console.log(`    ${mb(-step.bytes)}  ${step.name}`)
    const verdict = result.total <= BUDGET_BYTES ? 'within' : 'OVER'
    console.log(`  ${mb(result.total)}  total, ${verdict} the budget of ${mb(BUDGET_BYTES).trim()}`)
    if (result.total > BUDGET_BYTES) over = true
  }
  console.log(`image-size: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (over) {
    console.error('image-size: an image is over its budget (see above): keep dev tooling out of the deploy')
    process.exit(1)
  }
}

module.exports = { BUDGET_BYTES, BASE_LAYERS, measure }

if (require.main === module) {
  try {
    main()
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
