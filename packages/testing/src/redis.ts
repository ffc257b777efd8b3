import { randomBytes } from 'node:crypto'

/** Redis used by tests: TEST_REDIS_URL, else the machine's local Redis. */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/** A key / BullMQ prefix no other test file uses. */
export function uniquePrefix(label = 'test'): string {
  return `kbt-${label}-${process.pid}-${randomBytes(4).toString('hex')}`
}
