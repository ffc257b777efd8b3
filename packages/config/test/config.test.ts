import { ConfigError, gatewayConfig, workerConfig } from '@kiebot/config'

const validGateway = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/kb',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TELEGRAM_BOT_TOKEN: '123456789:AAF-test-token-abcdefghijklmnop',
  BOT_MODE: 'webhook',
  TELEGRAM_WEBHOOK_SECRET: 'a-strong_secret-123',
  PUBLIC_URL: 'https://bot.example.com/',
  KIE_API_KEY: 'kie-key',
  KIE_CALLBACK_SECRET: 'callback-secret-0123456789',
  ADMIN_IDS: '42, 1000000000001',
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.problem}`)
  }
  throw new Error('expected a ConfigError')
}

describe('gateway config', () => {
  it('parses a valid environment with defaults and typed values', () => {
    const config = gatewayConfig.parse(validGateway)
    // typed outputs (checked by `pnpm typecheck`)
    const typed: { port: number; admins: bigint[]; markup: number; mode: 'webhook' | 'polling' } = {
      port: config.GATEWAY_PORT,
      admins: config.ADMIN_IDS,
      markup: config.PRICING_MARKUP,
      mode: config.BOT_MODE,
    }
    expect(typed.mode).toBe('webhook')
    expect(config.PUBLIC_URL).toBe('https://bot.example.com')
    expect(config.ADMIN_IDS).toEqual([42n, 1000000000001n])
    expect(config.PRICING_MARKUP).toBe(2)
    expect(config.FX_MIN).toBe(50)
    expect(config.FX_MAX).toBe(200)
    expect(config.GATEWAY_PORT).toBe(3000)
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org')
    expect(config.KIE_BASE_URL).toBe('https://api.kie.ai')
    expect(config.KIE_UPLOAD_BASE_URL).toBe('https://kieai.redpandaai.co')
    expect(config.FX_DEFAULT_RUB_PER_USD).toBeUndefined()
  })

  it('lists every missing or invalid variable in one error, without values', () => {
    const env = {
      ...validGateway,
      TELEGRAM_BOT_TOKEN: 'not-a-token',
      REDIS_URL: undefined,
      KIE_API_KEY: '',
      PRICING_MARKUP: 'abc',
      TELEGRAM_WEBHOOK_SECRET: 'short',
    }
    let message = ''
    try {
      gatewayConfig.parse(env)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^Invalid configuration for gateway \(5 problems\)/)
    for (const variable of [
      'TELEGRAM_BOT_TOKEN',
      'REDIS_URL',
      'KIE_API_KEY',
      'PRICING_MARKUP',
      'TELEGRAM_WEBHOOK_SECRET',
    ])
      expect(message).toContain(`  - ${variable}: `)
    expect(message).toContain('REDIS_URL: missing')
    expect(message).toContain('KIE_API_KEY: missing')
    expect(message).not.toContain('not-a-token')
    expect(message).not.toContain('short')
  })

  it('requires the webhook secret and public URL in webhook mode only', () => {
    const env = { ...validGateway, TELEGRAM_WEBHOOK_SECRET: undefined, PUBLIC_URL: undefined }
    expect(problemsOf(() => gatewayConfig.parse(env))).toEqual([
      'TELEGRAM_WEBHOOK_SECRET: missing (required when BOT_MODE=webhook)',
      'PUBLIC_URL: missing (required when BOT_MODE=webhook)',
    ])
    expect(gatewayConfig.parse({ ...env, BOT_MODE: 'polling' }).BOT_MODE).toBe('polling')
  })

  it('reports cross-field problems together with field problems', () => {
    const problems = problemsOf(() =>
      gatewayConfig.parse({
        ...validGateway,
        DATABASE_URL: undefined,
        FX_MIN: '150',
        FX_MAX: '100',
        FX_DEFAULT_RUB_PER_USD: '20',
      }),
    )
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL: missing',
        'FX_MIN: must be below FX_MAX',
        'FX_DEFAULT_RUB_PER_USD: must be within FX_MIN..FX_MAX (150..100)',
      ]),
    )
  })

  it('has no default for any secret', () => {
    const problems = problemsOf(() => gatewayConfig.parse({}))
    for (const secret of [
      'TELEGRAM_BOT_TOKEN',
      'KIE_API_KEY',
      'KIE_CALLBACK_SECRET',
      'DATABASE_URL',
      'REDIS_URL',
      'TELEGRAM_WEBHOOK_SECRET',
    ])
      expect(problems.some((p) => p.startsWith(`${secret}: missing`))).toBe(true)
  })

  it('rejects bad admin ids', () => {
    expect(problemsOf(() => gatewayConfig.parse({ ...validGateway, ADMIN_IDS: '42,abc' }))).toEqual([
      'ADMIN_IDS: must be comma-separated Telegram user ids',
    ])
  })
})

describe('worker config', () => {
  it('needs the public URL for Kie callbacks but no webhook secret', () => {
    const { TELEGRAM_WEBHOOK_SECRET: _secret, BOT_MODE: _mode, ...env } = validGateway
    const config = workerConfig.parse(env)
    expect(config.PUBLIC_URL).toBe('https://bot.example.com')
    expect(config.WORKER_PORT).toBe(3001)
    expect(problemsOf(() => workerConfig.parse({ ...env, PUBLIC_URL: undefined }))).toEqual(['PUBLIC_URL: missing'])
  })
})
