import { Cluster, Redis, type RedisOptions } from 'ioredis'

// The Redis connection both apps open: one server (REDIS_URL), or a Redis Cluster
// (REDIS_CLUSTER=true: REDIS_URL is one node to discover the others from). On a cluster
// every key must share QUEUE_PREFIX's hash tag (`{kb}`), which the configuration checks.

export interface RedisConnectionConfig {
  REDIS_URL: string
  REDIS_CLUSTER: boolean
}

/**
 * A connection with these options. A cluster client has the same command interface as a
 * single-server one (ioredis' Cluster and Redis share their commands), so it is handed out
 * as `Redis` and every caller (BullMQ included, which accepts both) works on either.
 */
export function connectRedis(config: RedisConnectionConfig, options: RedisOptions = {}): Redis {
  if (!config.REDIS_CLUSTER) return new Redis(config.REDIS_URL, options)
  const url = new URL(config.REDIS_URL)
  // options the cluster client itself takes (auto-pipelining batches per node at that level)
  const { lazyConnect, enableOfflineQueue, enableAutoPipelining, ...perNode } = options
  const cluster = new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], {
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(enableAutoPipelining !== undefined ? { enableAutoPipelining } : {}),
    redisOptions: {
      ...perNode,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  })
  return cluster as unknown as Redis
}
