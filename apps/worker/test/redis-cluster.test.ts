import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { connectRedis } from '@kiebot/jobs'
import { canListen, freePort, spawnApp } from '@kiebot/testing'
import { Coordination } from '../src/coordination'
import {
  BOT_TOKEN,
  CALLBACK_SECRET,
  createGeneration,
  createUser,
  ended,
  kieTasksOf,
  ledgerOf,
  sentTo,
  spawnWorker,
  startHarness,
  waitFor,
  type Harness,
  waitForGeneration,
} from './support/harness'

// A real Redis Cluster (three redis-server masters on spare ports, slots spread over them):
// with REDIS_CLUSTER=true and a hash-tagged QUEUE_PREFIX the worker runs whole generations and
// the gateway is ready; without the hash tag our multi-key script would cross slots.
let dir: string
const nodes: ChildProcess[] = []
const ports: number[] = []
let h: Harness

async function clusterReady(port: number): Promise<boolean> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  try {
    await client.connect()
    return /cluster_state:ok/.test(String(await client.call('CLUSTER', 'INFO')))
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiebot-cluster-'))
  // three distinct ports, each with its cluster bus port (the port + 10000) free too
  while (ports.length < 3) {
    const port = await freePort()
    if (!ports.includes(port) && (await canListen(port + 10_000))) ports.push(port)
  }
  for (const port of ports)
    nodes.push(
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '5000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      ),
    )
  await waitFor('the three nodes', async () => {
    for (const port of ports) {
      const client = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      })
      const up = await client.connect().then(
        () => true,
        () => false,
      )
      client.disconnect()
      if (!up) return false
    }
    return true
  })
  const created = spawnSync(
    'redis-cli',
    ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
    { encoding: 'utf8', timeout: 30_000 },
  )
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`)
  await waitFor(
    'cluster_state:ok on every node',
    async () => (await Promise.all(ports.map(clusterReady))).every(Boolean),
    30_000,
  )
  h = await startHarness({ redisUrl: `redis://127.0.0.1:${ports[0]}`, cluster: true })
  await spawnWorker(h)
}, 90_000)

afterAll(async () => {
  await h?.close()
  for (const node of nodes) node.kill('SIGKILL')
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('on a real Redis Cluster', () => {
  it('the worker runs generations with a hash-tagged prefix, and the gateway is ready', async () => {
    // the slots really are spread over the three masters
    const slots = (await h.redis.call('CLUSTER', 'SLOTS')) as unknown[]
    expect(slots.length).toBe(3)

    const user = await createUser(h)
    const ids = await Promise.all(Array.from({ length: 4 }, () => createGeneration(h, user, { slug: 'nano-banana' })))
    const done = await Promise.all(ids.map((id) => waitForGeneration(h, id, ended, 40_000)))
    expect(done.map((g) => g.status)).toEqual(ids.map(() => 'succeeded'))
    for (const g of done) {
      expect(kieTasksOf(h, g.id)).toHaveLength(1)
      expect(await ledgerOf(h, g.id)).toEqual({ charge: -g.priceKopecks, refund: 0, entries: 1 })
    }
    await waitFor('four photos', async () => sentTo(h, user.chatId).filter((m) => m.kind === 'photo').length === 4)

    const [port, opsPort] = [await freePort(), await freePort()]
    const gateway = spawnApp('apps/gateway/dist/main.js', {
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      DATABASE_URL: h.database.url,
      REDIS_URL: h.redisUrl,
      REDIS_CLUSTER: 'true',
      QUEUE_PREFIX: h.prefix,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: h.telegram.url,
      BOT_MODE: 'polling',
      KIE_API_KEY: 'kie-test-key',
      KIE_CALLBACK_SECRET: CALLBACK_SECRET,
      GATEWAY_PORT: String(port),
      GATEWAY_OPS_PORT: String(opsPort),
    })
    h.workers.push(gateway)
    const ready = await gateway.waitForHttp(`http://127.0.0.1:${opsPort}/readyz`, { timeoutMs: 30_000 })
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } })
  }, 90_000)

  it('our multi-key script needs the hash tag: with a plain prefix its keys cross slots', async () => {
    const cluster = connectRedis({ REDIS_URL: h.redisUrl, REDIS_CLUSTER: true }, { maxRetriesPerRequest: 1 })
    try {
      const tagged = new Coordination(cluster, h.prefix)
      expect(await tagged.takeKieCreateSlot(['a', 'b', 'c'], 2, 1000, 'probe')).toMatchObject({ waitMs: 0 })
      const plain = new Coordination(cluster, h.prefix.slice(1, -1))
      await expect(plain.takeKieCreateSlot(['a', 'b', 'c'], 2, 1000, 'probe')).rejects.toThrow(/CROSSSLOT/)
    } finally {
      cluster.disconnect()
    }
  })
})
