import fs from 'node:fs'
import path from 'node:path'
import { gatewayConfig, workerConfig } from '@kiebot/config'

// Operators configure from .env.example: every variable the apps read must be there.
describe('.env.example', () => {
  const documented = new Set(
    fs
      .readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  )

  it.each([gatewayConfig, workerConfig])('documents every variable the $app reads', (schema) => {
    expect(schema.variables.length).toBeGreaterThan(10)
    expect(schema.variables.filter((v) => !documented.has(v))).toEqual([])
  })
})
