#!/usr/bin/env node
/* global require, process, console */
// Summarises V8 CPU profiles (`node --cpu-prof`, .cpuprofile JSON): the top functions by
// self time and by inclusive time, and time by package (self: the package's own code;
// inclusive: samples with the package anywhere on the stack). Idle time is left out, so the
// shares are of the CPU the process used.
// Usage: node bench/profile-summary.js <file.cpuprofile|dir> [--top 25] [--focus functionName]
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const args = process.argv.slice(2)
const topIndex = args.indexOf('--top')
const top = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 25
// --focus NAME: for samples with a function named NAME on the stack, the nearest callers
// outside node's internals (who makes those calls)
const focusIndex = args.indexOf('--focus')
const focus = focusIndex >= 0 ? args.splice(focusIndex, 2)[1] : undefined
if (args.length === 0) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile|dir> [--top N]')
  process.exit(2)
}
const files = args.flatMap((arg) =>
  fs.statSync(arg).isDirectory()
    ? fs
        .readdirSync(arg)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => path.join(arg, f))
    : [arg],
)

/** where a frame's code lives: an npm package, one of ours, node itself, or V8 */
function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  // the only WebAssembly in these processes: Prisma's query compiler
  if (url.startsWith('wasm://')) return 'Prisma query compiler (wasm)'
  if (url.includes('/packages/db/prisma-client/')) return 'Prisma client (packages/db/prisma-client)'
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pnpm) return pnpm[1]
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (plain) return plain[1]
  const ours = /\/(packages|apps)\/([^/]+)\//.exec(url)
  if (ours) return `${ours[1]}/${ours[2]}`
  if (url.startsWith('node:')) return 'node (internals)'
  return url
}

function shortUrl(url) {
  if (!url) return ''
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/((packages|apps)\/)/, '$1')
}

function summarise(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'))
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map()
  const inclusive = new Map()
  const pkgSelf = new Map()
  const pkgInclusive = new Map()
  const callers = new Map()
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us)
  let total = 0
  let idle = 0
  const deltas = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) {
    // a sample's time is the delta to the next sample
    const us = deltas[i + 1] ?? 0
    const leaf = nodes.get(profile.samples[i])
    if (leaf.callFrame.functionName === '(idle)') {
      idle += us
      continue
    }
    total += us
    const frame = leaf.callFrame
    const key = (f) => `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`
    add(self, key(frame), us)
    add(pkgSelf, packageOf(frame.url, frame.functionName), us)
    const seen = new Set()
    const seenPkg = new Set()
    let focused = false
    let caller
    for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
      const f = nodes.get(id).callFrame
      if (f.functionName === '(root)') continue
      const k = key(f)
      if (focus && f.functionName === focus) focused = true
      else if (focused && !caller) {
        const p = packageOf(f.url, f.functionName)
        if (p !== 'node (internals)' && p !== '(native)') caller = `${p}: ${k}`
      }
      if (!seen.has(k)) {
        seen.add(k)
        add(inclusive, k, us)
      }
      const p = packageOf(f.url, f.functionName)
      if (!seenPkg.has(p)) {
        seenPkg.add(p)
        add(pkgInclusive, p, us)
      }
    }
    if (focused) add(callers, caller ?? '(node only)', us)
  }
  const rows = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
      )
  console.log(
    [
      `# ${file}`,
      `CPU ${(total / 1000).toFixed(0)} ms sampled (idle ${(idle / 1000).toFixed(0)} ms left out)`,
      '',
      `## top ${top} functions by self time`,
      ...rows(self, top),
      '',
      `## top ${top} functions by inclusive time`,
      ...rows(inclusive, top),
      '',
      '## by package, self time',
      ...rows(pkgSelf, 20),
      '',
      '## by package, inclusive (the package anywhere on the stack)',
      ...rows(pkgInclusive, 20),
      '',
      ...(focus ? [`## nearest callers (outside node) of ${focus}`, ...rows(callers, top), ''] : []),
    ].join('\n'),
  )
}

for (const file of files) summarise(file)
