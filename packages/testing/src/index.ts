export {
  createTestDatabase,
  createEmptyDatabase,
  migrateDatabase,
  adminDatabaseUrl,
  waitForBlockedBackend,
  type TestDatabase,
} from './database'
export { imageNodeOptions } from './dockerfile'
export { gate, rejectionOf } from './gate'
export { testRedisUrl, uniquePrefix } from './redis'
export { repoRoot, runPrismaCli } from './prisma-cli'
export { canListen, freePort, holdPort, spawnApp, type AppProcess } from './process'
export { startTcpProxy, type TcpProxy } from './tcp-proxy'
