import { ConfigError, gatewayConfig, kieKeyPool, workerConfig } from '@kiebot/config'

// The Kie key pool (KIE_API_KEYS) and a hash-tagged QUEUE_PREFIX (Redis Cluster).
const base = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/kb',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TELEGRAM_BOT_TOKEN: '123456789:AAF-test-token-abcdefghijklmnop',
  PUBLIC_URL: 'https://bot.example.com/',
  KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    workerConfig.parse(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.problem}`)
  }
  throw new Error('expected a ConfigError')
}

describe('KIE_API_KEYS', () => {
  it('KIE_API_KEY alone is a pool of one, labelled k1', () => {
    expect(kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEY: 'secret-one' }))).toEqual([
      { label: 'k1', key: 'secret-one' },
    ])
  })

  it('takes labelled and unlabelled keys (labels default to their position)', () => {
    const config = workerConfig.parse({ ...base, KIE_API_KEYS: ' main=secret-a , secret-b,spare=secret-c ' })
    expect(kieKeyPool(config)).toEqual([
      { label: 'main', key: 'secret-a' },
      { label: 'k2', key: 'secret-b' },
      { label: 'spare', key: 'secret-c' },
    ])
    // the gateway reads the same variables (its logs redact every key)
    expect(
      kieKeyPool(
        gatewayConfig.parse({ ...base, TELEGRAM_WEBHOOK_SECRET: 'a-strong_secret-123', KIE_API_KEYS: 'secret-a' }),
      ),
    ).toEqual([{ label: 'k1', key: 'secret-a' }])
  })

  it('refuses a missing pool, bad or repeated labels, repeated keys, and a KIE_API_KEY outside the pool, never quoting a key', () => {
    expect(problemsOf(base)).toEqual(['KIE_API_KEY: missing (or list several in KIE_API_KEYS)'])
    const cases: [string, string][] = [
      ['bad label!=secret-a', 'labels'],
      ['a=secret-a,a=secret-b', 'labels must be unique'],
      ['a=secret-a,b=secret-a', 'keys must be unique'],
      ['a=,b=secret-b', 'non-empty'],
      [' , ', 'at least one key'],
    ]
    for (const [value, problem] of cases) {
      const problems = problemsOf({ ...base, KIE_API_KEYS: value })
      expect(problems.join('\n')).toContain(problem)
      expect(problems.join('\n')).not.toContain('secret-')
    }
    expect(problemsOf({ ...base, KIE_API_KEYS: 'a=secret-a', KIE_API_KEY: 'secret-z' })).toEqual([
      'KIE_API_KEY: must be one of KIE_API_KEYS when both are set',
    ])
    expect(
      kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEYS: 'a=secret-a', KIE_API_KEY: 'secret-a' })),
    ).toHaveLength(1)
  })
})

describe('QUEUE_PREFIX', () => {
  it('accepts a plain prefix and a Redis Cluster hash tag in braces', () => {
    expect(workerConfig.parse({ ...base, KIE_API_KEY: 'k' }).QUEUE_PREFIX).toBe('kb')
    expect(workerConfig.parse({ ...base, KIE_API_KEY: 'k', QUEUE_PREFIX: '{kb}' }).QUEUE_PREFIX).toBe('{kb}')
    expect(workerConfig.parse({ ...base, KIE_API_KEY: 'k', QUEUE_PREFIX: 'kb-prod_2' }).QUEUE_PREFIX).toBe('kb-prod_2')
  })

  it('refuses half a hash tag, an empty tag, a tag inside the prefix, and separators', () => {
    for (const prefix of ['{kb', 'kb}', '{}', 'a{kb}', '{kb}:x', 'kb:x', 'kb*', ' kb'])
      expect(problemsOf({ ...base, KIE_API_KEY: 'k', QUEUE_PREFIX: prefix })[0]).toMatch(/^QUEUE_PREFIX: /)
  })

  it('on a Redis Cluster (REDIS_CLUSTER=true) must be a hash tag', () => {
    expect(problemsOf({ ...base, KIE_API_KEY: 'k', REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'kb' })).toEqual([
      'QUEUE_PREFIX: must be a hash tag in braces (e.g. {kb}) when REDIS_CLUSTER=true',
    ])
    expect(problemsOf({ ...base, KIE_API_KEY: 'k', REDIS_CLUSTER: 'true' })[0]).toMatch(
      /^QUEUE_PREFIX: must be a hash tag/,
    )
    const config = workerConfig.parse({ ...base, KIE_API_KEY: 'k', REDIS_CLUSTER: 'true', QUEUE_PREFIX: '{kb}' })
    expect(config.REDIS_CLUSTER).toBe(true)
    expect(workerConfig.parse({ ...base, KIE_API_KEY: 'k' }).REDIS_CLUSTER).toBe(false)
  })
})
