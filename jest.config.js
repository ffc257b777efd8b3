// One jest run for the whole monorepo (`pnpm test`). Tests import workspace packages
// from their sources, so no build is needed to test; `pnpm typecheck` checks types.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/packages', '<rootDir>/scripts'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'], // a stray compiled .js never shadows its .ts
  // the sandbox app is reached by tests as a package too (its index is its public surface)
  moduleNameMapper: {
    '^@kiebot/sandbox$': '<rootDir>/apps/sandbox/src',
    '^@kiebot/([a-z0-9-]+)$': '<rootDir>/packages/$1/src',
  },
  testTimeout: 60_000,
  // Two cores here: more workers only add contention for Postgres and Redis.
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
}
