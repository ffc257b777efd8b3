import { kieKeyPool, type WorkerConfig } from '@kiebot/config'
import { KieClient } from '@kiebot/kie'
import type { Logger } from '@kiebot/logger'

// The Kie key pool (KIE_API_KEYS, or KIE_API_KEY as a pool of one): one client per key, each
// known by its non-secret label. A task is created with one key and always read with it (Kie
// scopes tasks per account); which key is in the generation row (`kie_key`).

export interface PooledKey {
  label: string
  client: KieClient
}

export class KiePool {
  readonly keys: readonly PooledKey[]
  readonly labels: readonly string[]

  constructor(keys: PooledKey[]) {
    if (keys.length === 0) throw new Error('KiePool: at least one key')
    this.keys = keys
    this.labels = keys.map((k) => k.label)
  }

  static fromConfig(config: WorkerConfig, logger: Logger): KiePool {
    return new KiePool(
      kieKeyPool(config).map(({ label, key }) => ({
        label,
        client: new KieClient({
          apiKey: key,
          baseUrl: config.KIE_BASE_URL,
          uploadBaseUrl: config.KIE_UPLOAD_BASE_URL,
          timeoutMs: config.KIE_TIMEOUT_MS,
          createTimeoutMs: config.KIE_CREATE_TIMEOUT_MS,
          logger,
        }),
      })),
    )
  }

  /** The first key: uploads, the catalog, rows from before the pool (no `kie_key`). */
  get first(): PooledKey {
    return this.keys[0]!
  }

  /** The key a row names (null: the first key); undefined when that label left the pool. */
  of(label: string | null): PooledKey | undefined {
    if (label === null) return this.first
    return this.keys.find((k) => k.label === label)
  }
}
