import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

// The gateway's layout (README): features on top, the UI kit, bot context and state below.
// The ground floor imports no feature (only bot/create-bot.ts composes them), a feature
// reaches another only through its index, and no module imports itself in a circle.

const SRC = join(__dirname, '..', 'src')

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? modules(path) : name.endsWith('.ts') ? [path] : []
  })
}

function resolve(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec)
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // not this one
    }
  }
  return undefined
}

const graph = new Map(
  modules(SRC).map((file) => {
    const specs = [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)].map((m) => m[1]!)
    return [
      relative(SRC, file),
      specs
        .map((spec) => resolve(file, spec))
        .filter((p): p is string => p !== undefined)
        .map((p) => relative(SRC, p)),
    ]
  }),
)

const featureOf = (path: string) => (path.startsWith('features/') ? path.split('/')[1] : undefined)

describe('gateway layout', () => {
  it('resolves every relative import (the check reads them all)', () => {
    for (const file of modules(SRC)) {
      const specs = [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)].map((m) => m[1]!)
      for (const spec of specs)
        expect({ file: relative(SRC, file), spec, resolved: resolve(file, spec) !== undefined }).toEqual({
          file: relative(SRC, file),
          spec,
          resolved: true,
        })
    }
    expect(graph.size).toBeGreaterThan(30)
  })

  it('the ground floor imports no feature; only the bot composes them', () => {
    const offending = [...graph].filter(
      ([file, deps]) => !featureOf(file) && file !== 'bot/create-bot.ts' && deps.some((d) => featureOf(d)),
    )
    expect(offending).toEqual([])
  })

  it('a feature reaches another only through its index', () => {
    const offending = [...graph].flatMap(([file, deps]) =>
      deps
        .filter((d) => featureOf(file) && featureOf(d) && featureOf(d) !== featureOf(file) && !d.endsWith('/index.ts'))
        .map((d) => `${file} -> ${d}`),
    )
    expect(offending).toEqual([])
  })

  it('has no import cycles', () => {
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const stack: string[] = []
    const visit = (node: string) => {
      state.set(node, 'open')
      stack.push(node)
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '))
        else if (!state.has(next)) visit(next)
      }
      stack.pop()
      state.set(node, 'done')
    }
    for (const node of graph.keys()) if (!state.has(node)) visit(node)
    expect(cycles).toEqual([])
  })
})
