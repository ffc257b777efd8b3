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
 * The layers under our files, as documented (update them with the Dockerfiles' base):
 * - node:20-bookworm-slim: the size Docker Hub lists for the linux/amd64 image
 *   (hub.docker.com/_/node/tags?name=20-bookworm-slim) is about 66 MB; 70 MB leaves
 *   room for the monthly rebuilds of the tag.
 * - tini from Debian bookworm (0.19.0-1+b3): `apt-cache show tini` says Installed-Size
 *   731 kB; with dpkg's records of it and the apt lists removed in the same RUN, 1 MB.
 */
const BASE_LAYERS = [
  { name: 'node:20-bookworm-slim (Docker Hub, linux/amd64)', bytes: 70 * MB },
  { name: 'tini (Debian bookworm, apt-cache Installed-Size, rounded up)', bytes: 1 * MB },
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
