import { ConfigError, gatewayConfig, kieKeyPool, kieWebhookHmacKeys, workerConfig } from '@kiebot/config'

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

  it('takes labelled keys; one key alone may go unlabelled (k1)', () => {
    const config = workerConfig.parse({ ...base, KIE_API_KEYS: ' main=secret-a , k2=secret-b,spare=secret-c ' })
    expect(kieKeyPool(config)).toEqual([
      { label: 'main', key: 'secret-a' },
      { label: 'k2', key: 'secret-b' },
      { label: 'spare', key: 'secret-c' },
    ])
    expect(kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEYS: 'secret-a' }))).toEqual([
      { label: 'k1', key: 'secret-a' },
    ])
    // the gateway reads the same variables (its logs redact every key)
    expect(
      kieKeyPool(
        gatewayConfig.parse({ ...base, TELEGRAM_WEBHOOK_SECRET: 'a-strong_secret-123', KIE_API_KEYS: 'secret-a' }),
      ),
    ).toEqual([{ label: 'k1', key: 'secret-a' }])
  })

  it('with several keys every key needs its label: a position would move with the list', () => {
    for (const value of ['secret-a,secret-b', 'a=secret-a,secret-b', 'secret-a, b=secret-b']) {
      const problems = problemsOf({ ...base, KIE_API_KEYS: value })
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^KIE_API_KEYS: with several keys every entry must be label=key/)
      expect(problems[0]).not.toContain('secret-')
    }
  })

  it('splits at the first "=" only after a label: a key with "=" keeps it, and no part of a key becomes a label', () => {
    // an unlabelled key that contains "=" (base64 padding, a "+" or "/" before it) stays whole
    expect(kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEYS: 'Xy+Z/secret==' }))).toEqual([
      { label: 'k1', key: 'Xy+Z/secret==' },
    ])
    expect(kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEYS: 'SECRET=abc' }))).toEqual([
      { label: 'k1', key: 'SECRET=abc' },
    ])
    // labelled: everything after the first "=" is the key
    expect(kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEYS: 'a=secret=x==,b=secret-b' }))).toEqual([
      { label: 'a', key: 'secret=x==' },
      { label: 'b', key: 'secret-b' },
    ])
    // two keys whose text before "=" is no label are two unlabelled keys: refused, never quoted
    const problems = problemsOf({ ...base, KIE_API_KEYS: 'Secret-A=1,secret.b=2' })
    expect(problems[0]).toMatch(/^KIE_API_KEYS: with several keys/)
    expect(problems.join('\n')).not.toMatch(/secret/i)
  })

  it('labels are 1-16 characters of a-z 0-9 _ -', () => {
    expect(kieKeyPool(workerConfig.parse({ ...base, KIE_API_KEYS: 'main_1=secret-a,spare-2=secret-b' }))).toEqual([
      { label: 'main_1', key: 'secret-a' },
      { label: 'spare-2', key: 'secret-b' },
    ])
    for (const label of ['Main', 'a'.repeat(17), 'a.b', 'a b', ''])
      expect(problemsOf({ ...base, KIE_API_KEYS: `${label}=secret-a,b=secret-b` })[0]).toMatch(
        /^KIE_API_KEYS: with several keys every entry must be label=key \(labels: 1-16 characters of a-z 0-9 _ -\)/,
      )
  })

  it('refuses a missing pool, repeated labels, repeated keys, and a KIE_API_KEY outside the pool, never quoting a key', () => {
    expect(problemsOf(base)).toEqual(['KIE_API_KEY: missing (or list several in KIE_API_KEYS)'])
    const cases: [string, string][] = [
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

describe('KIE_WEBHOOK_HMAC_KEYS', () => {
  const pool = { ...base, KIE_API_KEYS: 'a=secret-a,b=secret-b' }

  it('gives every account of the pool its own HMAC key, by label', () => {
    const config = gatewayConfig.parse({
      ...pool,
      TELEGRAM_WEBHOOK_SECRET: 'a-strong_secret-123',
      KIE_WEBHOOK_HMAC_KEYS: 'b=hmac-b==, a=hmac=a',
    })
    expect(kieWebhookHmacKeys(config)).toEqual([
      { label: 'b', key: 'hmac-b==' },
      { label: 'a', key: 'hmac=a' },
    ])
    expect(kieWebhookHmacKeys(workerConfig.parse(pool))).toEqual([])
  })

  it('KIE_WEBHOOK_HMAC_KEY is the one key of a pool of one, under its label', () => {
    expect(
      kieWebhookHmacKeys(workerConfig.parse({ ...base, KIE_API_KEY: 'k', KIE_WEBHOOK_HMAC_KEY: 'hmac-1' })),
    ).toEqual([{ label: 'k1', key: 'hmac-1' }])
    expect(
      kieWebhookHmacKeys(workerConfig.parse({ ...base, KIE_API_KEYS: 'main=k', KIE_WEBHOOK_HMAC_KEY: 'hmac-1' })),
    ).toEqual([{ label: 'main', key: 'hmac-1' }])
    expect(
      kieWebhookHmacKeys(workerConfig.parse({ ...base, KIE_API_KEY: 'k', KIE_WEBHOOK_HMAC_KEYS: 'k1=hmac-1' })),
    ).toEqual([{ label: 'k1', key: 'hmac-1' }])
  })

  it('refuses one HMAC key for several accounts, a label outside the pool, a missing label, both variables', () => {
    const cases: [Record<string, string>, string][] = [
      [{ KIE_WEBHOOK_HMAC_KEY: 'hmac-secret' }, 'KIE_WEBHOOK_HMAC_KEY: each Kie account signs with its own key'],
      [{ KIE_WEBHOOK_HMAC_KEYS: 'a=hmac-secret' }, 'KIE_WEBHOOK_HMAC_KEYS: must give a key for every label'],
      [
        { KIE_WEBHOOK_HMAC_KEYS: 'a=hmac-secret,b=hmac-secret2,c=hmac-secret3' },
        'KIE_WEBHOOK_HMAC_KEYS: names a label',
      ],
      [{ KIE_WEBHOOK_HMAC_KEYS: 'hmac-secret' }, 'KIE_WEBHOOK_HMAC_KEYS: every entry must be label=key'],
      [{ KIE_WEBHOOK_HMAC_KEYS: 'a=hmac-secret,a=hmac-secret2' }, 'KIE_WEBHOOK_HMAC_KEYS: labels must be unique'],
      [{ KIE_WEBHOOK_HMAC_KEYS: 'a=,b=hmac-secret' }, 'KIE_WEBHOOK_HMAC_KEYS: every key must be non-empty'],
      [
        { KIE_WEBHOOK_HMAC_KEY: 'hmac-secret', KIE_WEBHOOK_HMAC_KEYS: 'a=hmac-secret,b=hmac-secret2' },
        'KIE_WEBHOOK_HMAC_KEY: set KIE_WEBHOOK_HMAC_KEYS or KIE_WEBHOOK_HMAC_KEY, not both',
      ],
    ]
    for (const [env, problem] of cases) {
      const problems = problemsOf({ ...pool, ...env })
      expect(problems).toHaveLength(1)
      expect(problems[0]).toContain(problem)
      expect(problems[0]).not.toContain('hmac-secret')
    }
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
